//! Categories a user adds to the defaults: a name, a kind (income or expense) and optionally a
//! parent — a default category or another of the user's top-level categories, of the same kind,
//! so the tree is at most two levels deep and has no cycles.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::categories::{self, CategoryKind};
use crate::ids::CategoryId;
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Key, Query, SortKey, Table, TableError, from_record, query_all,
};

/// Most categories one user may add.
pub const MAX_USER_CATEGORIES: i64 = 200;
pub const MAX_NAME_CHARS: usize = 60;

/// A category of one user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserCategory {
    pub id: CategoryId,
    pub user_id: UserId,
    pub name: String,
    pub kind: CategoryKind,
    pub parent: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl UserCategory {
    pub fn key(&self) -> Key {
        keys::user_category(&self.user_id, &self.id)
    }
}

/// A category as listed: a default one or one of the user's.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CategoryEntry {
    pub id: String,
    pub name: String,
    pub kind: CategoryKind,
    pub parent: Option<String>,
    /// `true` for the default categories every user has.
    pub default: bool,
}

impl From<UserCategory> for CategoryEntry {
    fn from(category: UserCategory) -> Self {
        Self {
            id: category.id.into_string(),
            name: category.name,
            kind: category.kind,
            parent: category.parent,
            default: false,
        }
    }
}

/// The default categories, as entries.
pub fn default_entries() -> impl Iterator<Item = CategoryEntry> {
    categories::DEFAULT_CATEGORIES
        .iter()
        .map(|category| CategoryEntry {
            id: category.id.to_owned(),
            name: category.name.to_owned(),
            kind: category.kind,
            parent: None,
            default: true,
        })
}

/// Every category of the user (at most [`MAX_USER_CATEGORIES`]), in id (creation) order.
pub async fn user_categories(
    table: &dyn Table,
    user_id: &UserId,
) -> Result<Vec<UserCategory>, TableError> {
    let query = Query {
        sort: SortKey::BeginsWith(keys::USER_CATEGORY_PREFIX.to_owned()),
        ..Query::partition(keys::user_partition(user_id), 100)
    };
    query_all(table, query)
        .await?
        .into_iter()
        .map(from_record)
        .collect()
}

/// Why a parent is refused, given the category (`id`, `kind`), the parent's kind and parent,
/// and whether the category has children of its own.
pub fn parent_problem(
    id: Option<&str>,
    kind: CategoryKind,
    parent_id: &str,
    parent: Option<(CategoryKind, Option<&str>)>,
    has_children: bool,
) -> Option<&'static str> {
    let Some((parent_kind, grandparent)) = parent else {
        return Some("no such category");
    };
    if id == Some(parent_id) {
        Some("a category cannot be its own parent")
    } else if grandparent.is_some() {
        Some("the parent already has a parent (at most two levels)")
    } else if has_children {
        Some("a category with subcategories cannot have a parent (at most two levels)")
    } else if parent_kind != kind {
        Some("the parent must be of the same kind")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CategoryKind::{Expense, Income};

    #[test]
    fn a_top_level_parent_of_the_same_kind_is_accepted() {
        assert_eq!(
            parent_problem(
                Some("C1"),
                Expense,
                "groceries",
                Some((Expense, None)),
                false
            ),
            None
        );
    }

    #[test]
    fn parents_that_break_the_two_level_tree_are_refused() {
        let cases = [
            (Some("C1"), "C1", Some((Expense, None)), false),
            (Some("C1"), "C2", Some((Expense, Some("groceries"))), false),
            (Some("C1"), "C2", Some((Expense, None)), true),
            (None, "salary", Some((Income, None)), false),
            (None, "missing", None, false),
        ];
        for (id, parent_id, parent, has_children) in cases {
            assert!(
                parent_problem(id, Expense, parent_id, parent, has_children).is_some(),
                "{id:?} -> {parent_id}"
            );
        }
    }
}
