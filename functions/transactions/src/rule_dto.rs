//! Request and response bodies of the rules and recategorize routes.

use ferrofin_ledger::ids::{AccountId, RuleId};
use ferrofin_ledger::recategorize::Recategorized;
use ferrofin_ledger::rules::{Rule, RuleField, RuleOperator, RuleSpec};
use ferrofin_platform::http::text_schemas::{required_text_or_null, tag_list_or_null};
use ferrofin_platform::http::{DecimalText, IsoDateText};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::transaction_dto::present;

/// Changes to a rule; absent fields stay, `null` clears an amount bound or the category.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRule {
    pub priority: Option<u32>,
    pub field: Option<RuleField>,
    pub operator: Option<RuleOperator>,
    #[schema(schema_with = required_text_or_null::<100>)]
    pub pattern: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<DecimalText>)]
    pub min_amount: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<DecimalText>)]
    pub max_amount: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    #[schema(schema_with = tag_list_or_null)]
    pub tags: Option<Vec<String>>,
}

impl ChangeRule {
    /// The rule `current` with these changes.
    pub fn applied_to(self, current: RuleSpec) -> RuleSpec {
        RuleSpec {
            priority: self.priority.unwrap_or(current.priority),
            field: self.field.unwrap_or(current.field),
            operator: self.operator.unwrap_or(current.operator),
            pattern: self.pattern.unwrap_or(current.pattern),
            min_amount: self.min_amount.unwrap_or(current.min_amount),
            max_amount: self.max_amount.unwrap_or(current.max_amount),
            category: self.category.unwrap_or(current.category),
            tags: self.tags.unwrap_or(current.tags),
        }
    }
}

/// A rule as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleView {
    #[schema(value_type = String)]
    pub id: RuleId,
    #[serde(flatten)]
    pub spec: RuleSpec,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Rule> for RuleView {
    fn from(rule: Rule) -> Self {
        Self {
            id: rule.id,
            spec: rule.spec,
            created_at: rule.created_at,
            updated_at: rule.updated_at,
        }
    }
}

/// Reapplies the rules to the transactions dated `from`..=`to` (optionally of one account).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Recategorize {
    /// `YYYY-MM-DD`, inclusive.
    #[schema(value_type = IsoDateText)]
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    #[schema(value_type = IsoDateText)]
    pub to: String,
    #[schema(value_type = Option<String>)]
    pub account_id: Option<AccountId>,
    /// `next_cursor` of the previous answer, to continue the same range.
    pub cursor: Option<String>,
}

/// What one call did; with `next_cursor`, call again with it to continue.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecategorizeResult {
    pub examined: usize,
    pub changed: usize,
    pub next_cursor: Option<String>,
}

impl RecategorizeResult {
    pub fn new(done: &Recategorized, next_cursor: Option<String>) -> Self {
        Self {
            examined: done.examined,
            changed: done.changed,
            next_cursor,
        }
    }
}
