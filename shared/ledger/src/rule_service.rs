//! Creating, listing, changing and deleting a user's categorisation rules. A change is checked
//! like a creation, on the rule as it would become.

use ferrofin_platform::fields::Invalid;
use rust_decimal::Decimal;

use crate::category_service::category_guard;
use crate::error::LedgerError;
use crate::ids::RuleId;
use crate::keys;
use crate::limits::Limit;
use crate::rules::{MAX_PRIORITY, MAX_RULES, Rule, RuleSpec, user_rules};
use crate::service::Ledger;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::{tags, text};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{MAX_DECIMALS, parse_decimal};
use ferrofin_platform::ports::table::{
    Condition, Position, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::page_in_order;

const MAX_PATTERN_CHARS: usize = 100;

fn limit(user_id: &UserId) -> Limit {
    Limit {
        counter: keys::owned_counter(user_id, "RULES"),
        max: MAX_RULES,
        what: "rules",
    }
}

fn bound(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<Decimal> {
    let raw = raw?;
    errors.take(field, parse_decimal(raw, MAX_DECIMALS))
}

impl Ledger {
    /// The input checked and normalised: trimmed pattern, normalised bounds and tags, a known
    /// category, and something to do.
    async fn checked_rule(
        &self,
        user_id: &UserId,
        input: RuleSpec,
    ) -> Result<RuleSpec, LedgerError> {
        let mut errors = FieldErrors::default();
        let pattern = errors.take("pattern", text(&input.pattern, MAX_PATTERN_CHARS, true));
        if input.priority > MAX_PRIORITY {
            errors.push("priority", format!("must be at most {MAX_PRIORITY}"));
        }
        let min = bound(&mut errors, "min_amount", input.min_amount.as_deref());
        let max = bound(&mut errors, "max_amount", input.max_amount.as_deref());
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            errors.push("min_amount", "must not be above max_amount");
        }
        let category = input
            .category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let Some(id) = category
            && self.known_category(user_id, id).await?.is_none()
        {
            errors.push("category", format!("unknown category {id:?}"));
        }
        let tags = errors.take("tags", tags(&input.tags));
        if category.is_none() && input.tags.is_empty() {
            errors.push("", "a rule sets a category, adds tags, or both");
        }
        errors.finish()?;
        Ok(RuleSpec {
            pattern: pattern.unwrap_or_default(),
            min_amount: min.map(|m| m.normalize().to_string()),
            max_amount: max.map(|m| m.normalize().to_string()),
            category: category.map(str::to_owned),
            tags: tags.unwrap_or_default(),
            ..input
        })
    }

    fn rule_from(&self, user_id: &UserId, id: RuleId, input: RuleSpec) -> Rule {
        let now = self.clock.now();
        Rule {
            id,
            user_id: user_id.clone(),
            spec: input,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// Adds a rule (at most [`MAX_RULES`] per user).
    pub async fn create_rule(
        &self,
        user_id: &UserId,
        input: RuleSpec,
    ) -> Result<Rule, LedgerError> {
        let input = self.checked_rule(user_id, input).await?;
        let rule = self.rule_from(user_id, RuleId::generate(self.clock.as_ref()), input);
        let mut writes = vec![Write::Put {
            item: to_record(&rule, &rule.key(), None)?,
            condition: Condition::NotExists,
        }];
        writes.extend(category_guard(user_id, rule.spec.category.as_deref()));
        match limit(user_id).create(self.table.as_ref(), writes).await {
            Err(LedgerError::Table(TableError::ConditionFailed { .. })) => {
                Err(LedgerError::Conflict("the category was deleted meanwhile"))
            }
            other => other.map(|()| rule),
        }
    }

    /// The user's rules in the order they apply.
    /// One page of the user's rules in the order they run (priority, then id).
    pub async fn list_rules(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Rule>, Option<Position>), LedgerError> {
        let rules = user_rules(self.table.as_ref(), user_id).await?;
        let place = |rule: &Rule| format!("{:010}#{}", rule.spec.priority, rule.id);
        Ok(page_in_order(rules, place, limit, start_after))
    }

    pub async fn rule_of(&self, user_id: &UserId, id: &RuleId) -> Result<Rule, LedgerError> {
        self.table
            .get(&keys::rule(user_id, id))
            .await?
            .map(from_record)
            .transpose()?
            .ok_or(LedgerError::NotFound("rule"))
    }

    /// Replaces a rule by `change(current)`, checked like a new rule.
    pub async fn change_rule(
        &self,
        user_id: &UserId,
        id: &RuleId,
        change: impl FnOnce(RuleSpec) -> Result<RuleSpec, Invalid>,
    ) -> Result<Rule, LedgerError> {
        let old = self.rule_of(user_id, id).await?;
        let input = self
            .checked_rule(user_id, change(old.spec.clone())?)
            .await?;
        let new = Rule {
            created_at: old.created_at,
            version: old.version + 1,
            ..self.rule_from(user_id, old.id.clone(), input)
        };
        let mut writes = vec![Write::Put {
            item: to_record(&new, &new.key(), None)?,
            condition: Condition::version_is(old.version),
        }];
        writes.extend(category_guard(user_id, new.spec.category.as_deref()));
        match self.table.transact(writes).await {
            Ok(()) => Ok(new),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the rule or its category changed meanwhile; read it again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    pub async fn delete_rule(&self, user_id: &UserId, id: &RuleId) -> Result<(), LedgerError> {
        let rule = self.rule_of(user_id, id).await?;
        let writes = vec![
            Write::Delete {
                key: rule.key(),
                condition: Condition::version_is(rule.version),
            },
            limit(user_id).release(),
        ];
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(LedgerError::Conflict(
                "the rule changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }
}
