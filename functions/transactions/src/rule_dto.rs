//! Request and response bodies of the rules and recategorize routes.

use ferrofin_ledger::ids::{AccountId, RuleId};
use ferrofin_ledger::recategorize::Recategorized;
use ferrofin_ledger::rules::{Rule, RuleField, RuleOperator, RuleSpec};
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::text_schemas::{required_text, tag_list_or_null};
use ferrofin_platform::http::{DecimalText, IsoDateText};
use ferrofin_platform::merge_patch::Patch;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Changes to a rule as a JSON Merge Patch: a field left out stays; `null` clears an amount
/// bound, the category or the tags; the priority, field, operator and pattern cannot be
/// cleared.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"pattern": "lidl", "max_amount": null}))]
pub struct ChangeRule {
    #[serde(default)]
    #[schema(value_type = u32, maximum = 10_000)]
    pub priority: Patch<u32>,
    #[serde(default)]
    #[schema(value_type = RuleField)]
    pub field: Patch<RuleField>,
    #[serde(default)]
    #[schema(value_type = RuleOperator)]
    pub operator: Patch<RuleOperator>,
    #[serde(default)]
    #[schema(schema_with = required_text::<100>)]
    pub pattern: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<DecimalText>)]
    pub min_amount: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<DecimalText>)]
    pub max_amount: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub category: Patch<String>,
    #[serde(default)]
    #[schema(schema_with = tag_list_or_null)]
    pub tags: Patch<Vec<String>>,
}

impl ChangeRule {
    /// The rule `current` with these changes; `null` on a field that cannot be cleared is
    /// refused (422).
    pub fn applied_to(self, current: RuleSpec) -> Result<RuleSpec, Invalid> {
        let mut errors = FieldErrors::default();
        let spec = RuleSpec {
            priority: self
                .priority
                .required("priority", &mut errors)
                .unwrap_or(current.priority),
            field: self
                .field
                .required("field", &mut errors)
                .unwrap_or(current.field),
            operator: self
                .operator
                .required("operator", &mut errors)
                .unwrap_or(current.operator),
            pattern: self
                .pattern
                .required("pattern", &mut errors)
                .unwrap_or(current.pattern),
            min_amount: self.min_amount.change().unwrap_or(current.min_amount),
            max_amount: self.max_amount.change().unwrap_or(current.max_amount),
            category: self.category.change().unwrap_or(current.category),
            tags: self
                .tags
                .change()
                .map_or(current.tags, Option::unwrap_or_default),
        };
        errors.finish().map(|()| spec)
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
#[schema(example = json!({"from": "2026-01-01", "to": "2026-11-30"}))]
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
