//! Creating, listing, renaming, re-parenting and deleting a user's own categories, and resolving
//! a category id (default or the user's) for transactions and rules.

use crate::categories::{self, CategoryKind};
use crate::error::LedgerError;
use crate::ids::CategoryId;
use crate::keys;
use crate::limits::{Counter, Limit};
use crate::rules;
use crate::service::Ledger;
use crate::user_categories::{
    CategoryEntry, MAX_NAME_CHARS, MAX_USER_CATEGORIES, UserCategory, default_entries,
    parent_problem, user_categories,
};
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::text;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Position, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::page_in_order;

/// A category id that exists for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownCategory {
    pub id: String,
    pub kind: CategoryKind,
    pub parent: Option<String>,
}

fn limit(user_id: &UserId) -> Limit {
    Limit {
        counter: keys::owned_counter(user_id, "CATEGORIES"),
        max: MAX_USER_CATEGORIES,
        what: "categories",
    }
}

/// A write that makes a table transaction fail if the user category it uses was deleted
/// meanwhile (`None` for default categories).
pub(super) fn category_guard(user_id: &UserId, category: Option<&str>) -> Option<Write> {
    let id = category?;
    categories::find(id).is_none().then(|| Write::Check {
        key: keys::user_category(user_id, &CategoryId::from(id)),
        condition: Condition::Exists,
    })
}

impl Ledger {
    /// The default category or user category `id`, if the user has it.
    pub async fn known_category(
        &self,
        user_id: &UserId,
        id: &str,
    ) -> Result<Option<KnownCategory>, TableError> {
        if let Some(default) = categories::find(id) {
            return Ok(Some(KnownCategory {
                id: default.id.to_owned(),
                kind: default.kind,
                parent: None,
            }));
        }
        let key = keys::user_category(user_id, &CategoryId::from(id));
        let stored = self.table.get(&key).await?;
        Ok(stored
            .map(from_record::<UserCategory>)
            .transpose()?
            .map(|category| KnownCategory {
                id: category.id.into_string(),
                kind: category.kind,
                parent: category.parent,
            }))
    }

    /// The defaults, then the user's categories.
    /// One page of the categories the user can use: the built-in ones first (in their fixed
    /// order), then the user's own in the order they were made.
    pub async fn list_categories(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<CategoryEntry>, Option<Position>), LedgerError> {
        let own = user_categories(self.table.as_ref(), user_id).await?;
        let placed: Vec<(String, CategoryEntry)> = default_entries()
            .enumerate()
            .map(|(at, entry)| (format!("0#{at:04}"), entry))
            .chain(
                own.into_iter()
                    .map(|category| (format!("1#{}", category.id), category.into())),
            )
            .collect();
        let (page, next) = page_in_order(placed, |(place, _)| place.clone(), limit, start_after);
        Ok((page.into_iter().map(|(_, entry)| entry).collect(), next))
    }

    /// A category the user can use, built-in (by its id, e.g. `groceries`) or their own.
    pub async fn category_entry(
        &self,
        user_id: &UserId,
        id: &CategoryId,
    ) -> Result<CategoryEntry, LedgerError> {
        if let Some(entry) = default_entries().find(|entry| entry.id == id.as_str()) {
            return Ok(entry);
        }
        Ok(self.user_category(user_id, id).await?.into())
    }

    pub async fn user_category(
        &self,
        user_id: &UserId,
        id: &CategoryId,
    ) -> Result<UserCategory, LedgerError> {
        self.table
            .get(&keys::user_category(user_id, id))
            .await?
            .map(from_record)
            .transpose()?
            .ok_or(LedgerError::NotFound("category"))
    }

    /// Checks name and parent of a category being created (`existing` = None) or changed.
    async fn checked_category(
        &self,
        user_id: &UserId,
        existing: Option<&UserCategory>,
        name: &str,
        kind: CategoryKind,
        parent: Option<&str>,
    ) -> Result<(String, Option<String>), LedgerError> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text(name, MAX_NAME_CHARS, true));
        let parent = parent.map(str::trim).filter(|p| !p.is_empty());
        if let Some(parent_id) = parent {
            let found = self.known_category(user_id, parent_id).await?;
            let has_children = match existing {
                None => false,
                Some(category) => user_categories(self.table.as_ref(), user_id)
                    .await?
                    .iter()
                    .any(|other| other.parent.as_deref() == Some(category.id.as_str())),
            };
            let found = found.as_ref().map(|p| (p.kind, p.parent.as_deref()));
            let id = existing.map(|category| category.id.as_str());
            if let Some(problem) = parent_problem(id, kind, parent_id, found, has_children) {
                errors.push("parent", problem);
            }
        }
        errors.finish()?;
        let name = name.ok_or_else(|| LedgerError::invalid("name", "invalid"))?;
        Ok((name, parent.map(str::to_owned)))
    }

    /// Adds a category (at most [`MAX_USER_CATEGORIES`] per user).
    pub async fn create_category(
        &self,
        user_id: &UserId,
        name: &str,
        kind: CategoryKind,
        parent: Option<&str>,
    ) -> Result<UserCategory, LedgerError> {
        let (name, parent) = self
            .checked_category(user_id, None, name, kind, parent)
            .await?;
        let now = self.clock.now();
        let category = UserCategory {
            id: CategoryId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            name,
            kind,
            parent,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let mut writes = vec![Write::Put {
            item: to_record(&category, &category.key(), None)?,
            condition: Condition::NotExists,
        }];
        writes.extend(category_guard(user_id, category.parent.as_deref()));
        match limit(user_id).create(self.table.as_ref(), writes).await {
            Err(LedgerError::Table(TableError::ConditionFailed { .. })) => {
                Err(LedgerError::Conflict("the parent was deleted meanwhile"))
            }
            other => other.map(|()| category),
        }
    }

    /// Renames a category or moves it (`Some(None)` makes it top-level); the kind is fixed.
    pub async fn change_category(
        &self,
        user_id: &UserId,
        id: &CategoryId,
        name: Option<&str>,
        parent: Option<Option<&str>>,
    ) -> Result<UserCategory, LedgerError> {
        let old = self.user_category(user_id, id).await?;
        let parent = parent.unwrap_or(old.parent.as_deref());
        let (name, parent) = self
            .checked_category(
                user_id,
                Some(&old),
                name.unwrap_or(&old.name),
                old.kind,
                parent,
            )
            .await?;
        let new = UserCategory {
            name,
            parent,
            updated_at: self.clock.now(),
            version: old.version + 1,
            ..old.clone()
        };
        let mut writes = vec![Write::Put {
            item: to_record(&new, &new.key(), None)?,
            condition: Condition::version_is(old.version),
        }];
        writes.extend(category_guard(user_id, new.parent.as_deref()));
        match self.table.transact(writes).await {
            Ok(()) => Ok(new),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the category changed meanwhile; read it again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Deletes a category nothing uses: no transaction, rule or subcategory (409 otherwise).
    pub async fn delete_category(
        &self,
        user_id: &UserId,
        id: &CategoryId,
    ) -> Result<(), LedgerError> {
        let category = self.user_category(user_id, id).await?;
        let children = user_categories(self.table.as_ref(), user_id).await?;
        if children
            .iter()
            .any(|c| c.parent.as_deref() == Some(id.as_str()))
        {
            return Err(LedgerError::Conflict("the category has subcategories"));
        }
        let rules = rules::user_rules(self.table.as_ref(), user_id).await?;
        if rules
            .iter()
            .any(|rule| rule.spec.category.as_deref() == Some(id.as_str()))
        {
            return Err(LedgerError::Conflict("a rule sets this category"));
        }
        let usage_key = keys::category_usage(user_id, id.as_str());
        let usage = match self.table.get(&usage_key).await? {
            None => Condition::NotExists,
            Some(item) => {
                let used: Counter = from_record(item)?;
                if used.count != 0 {
                    return Err(LedgerError::Conflict(
                        "transactions use this category; recategorise them first",
                    ));
                }
                Condition::Equals {
                    name: "count".to_owned(),
                    value: AttributeValue::N("0".to_owned()),
                }
            }
        };
        let writes = vec![
            Write::Delete {
                key: category.key(),
                condition: Condition::version_is(category.version),
            },
            Write::Check {
                key: usage_key,
                condition: usage,
            },
            limit(user_id).release(),
        ];
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the category changed or was used meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }
}
