//! Categorisation rules: "if the merchant or description contains / equals / starts with a
//! text (case-insensitive), and optionally the signed amount is within [min, max], then set a
//! category and/or add tags". Rules run by priority (lower first, then by id): the first
//! matching rule with a category sets it; the tags of every matching rule are added.

use ferrofin_platform::http::DecimalText;
use ferrofin_platform::http::text_schemas::{required_text, tag_list};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::ids::RuleId;
use crate::keys;
use ferrofin_platform::fields::MAX_TAGS;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    Key, Query, SortKey, Table, TableError, from_record, query_all,
};

/// Most rules one user may have.
pub const MAX_RULES: i64 = 100;

/// The transaction text a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    Merchant,
    Description,
}

/// How the text is compared (always case-insensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleOperator {
    Contains,
    Equals,
    StartsWith,
}

const DEFAULT_PRIORITY: u32 = 100;
/// The highest priority a rule can have.
pub const MAX_PRIORITY: u32 = 10_000;

fn default_priority() -> u32 {
    DEFAULT_PRIORITY
}

/// What a rule does, as the user writes it: if `field` `operator` `pattern` (case-insensitive)
/// and the signed amount is within [`min_amount`, `max_amount`], set `category` and/or add
/// `tags`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"priority": 10, "field": "merchant", "operator": "contains", "pattern": "lidl", "category": "groceries", "tags": ["food"]}))]
pub struct RuleSpec {
    /// 0 to 10,000; lower runs first (default 100).
    #[serde(default = "default_priority")]
    #[schema(maximum = 10_000)]
    pub priority: u32,
    pub field: RuleField,
    pub operator: RuleOperator,
    /// 1 to 100 characters.
    #[schema(schema_with = required_text::<100>)]
    pub pattern: String,
    /// Decimal string, inclusive, compared with the signed amount in major units.
    #[schema(value_type = Option<DecimalText>)]
    pub min_amount: Option<String>,
    #[schema(value_type = Option<DecimalText>)]
    pub max_amount: Option<String>,
    pub category: Option<String>,
    #[serde(default)]
    #[schema(schema_with = tag_list)]
    pub tags: Vec<String>,
}

/// A rule of one user. Amount bounds are decimal strings compared with the signed amount in
/// major units, whatever the currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: RuleId,
    pub user_id: UserId,
    pub spec: RuleSpec,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

/// What a rule looks at in a transaction.
pub struct Subject<'a> {
    pub merchant: Option<&'a str>,
    pub description: &'a str,
    pub amount: Decimal,
}

/// What the matching rules decided.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub category: Option<String>,
    pub tags: Vec<String>,
}

fn within(amount: Decimal, bound: Option<&str>, keep: fn(Decimal, Decimal) -> bool) -> bool {
    bound.is_none_or(|raw| raw.parse::<Decimal>().is_ok_and(|b| keep(amount, b)))
}

impl Rule {
    pub fn key(&self) -> Key {
        keys::rule(&self.user_id, &self.id)
    }

    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        self.spec.matches(subject)
    }
}

impl RuleSpec {
    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        let text = match self.field {
            RuleField::Merchant => subject.merchant.unwrap_or_default(),
            RuleField::Description => subject.description,
        };
        let text = text.to_lowercase();
        let pattern = self.pattern.to_lowercase();
        let text_matches = !text.is_empty()
            && match self.operator {
                RuleOperator::Contains => text.contains(&pattern),
                RuleOperator::Equals => text == pattern,
                RuleOperator::StartsWith => text.starts_with(&pattern),
            };
        text_matches
            && within(subject.amount, self.min_amount.as_deref(), |a, b| a >= b)
            && within(subject.amount, self.max_amount.as_deref(), |a, b| a <= b)
    }
}

/// Applies rules already in priority order (see [`user_rules`]).
pub fn apply(rules: &[Rule], subject: &Subject<'_>) -> Outcome {
    let mut outcome = Outcome::default();
    for rule in rules.iter().filter(|rule| rule.matches(subject)) {
        if outcome.category.is_none() {
            outcome.category.clone_from(&rule.spec.category);
        }
        outcome.tags = merge_tags(&outcome.tags, &rule.spec.tags);
    }
    outcome
}

/// `existing` then the `added` tags not already there, at most [`MAX_TAGS`] in all (added tags
/// beyond that are dropped).
pub fn merge_tags(existing: &[String], added: &[String]) -> Vec<String> {
    let mut tags = existing.to_vec();
    for tag in added {
        if tags.len() < MAX_TAGS && !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// Every rule of the user (at most [`MAX_RULES`]), lower priority first, then by id.
pub async fn user_rules(table: &dyn Table, user_id: &UserId) -> Result<Vec<Rule>, TableError> {
    let query = Query {
        sort: SortKey::BeginsWith(keys::RULE_PREFIX.to_owned()),
        ..Query::partition(keys::user_partition(user_id), 100)
    };
    let mut rules = query_all(table, query)
        .await?
        .into_iter()
        .map(from_record)
        .collect::<Result<Vec<Rule>, _>>()?;
    rules.sort_by(|a, b| (a.spec.priority, &a.id).cmp(&(b.spec.priority, &b.id)));
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn rule(id: &str, priority: u32, operator: RuleOperator, pattern: &str) -> Rule {
        Rule {
            id: id.into(),
            user_id: "U1".into(),
            spec: RuleSpec {
                priority,
                field: RuleField::Merchant,
                operator,
                pattern: pattern.into(),
                min_amount: None,
                max_amount: None,
                category: None,
                tags: vec![],
            },
            created_at: datetime!(2026-03-14 08:00 UTC),
            updated_at: datetime!(2026-03-14 08:00 UTC),
            version: 1,
        }
    }

    fn subject<'a>(merchant: &'a str, amount: &str) -> Subject<'a> {
        Subject {
            merchant: Some(merchant),
            description: "Card payment",
            amount: amount.parse().expect("decimal"),
        }
    }

    #[test]
    fn operators_compare_case_insensitively() {
        let cases = [
            (RuleOperator::Contains, "mart", "SuperMart Berlin", true),
            (RuleOperator::Contains, "mart", "Bakery", false),
            (RuleOperator::Equals, "netflix", "NETFLIX", true),
            (RuleOperator::Equals, "netflix", "Netflix Inc", false),
            (RuleOperator::StartsWith, "uber", "Uber Eats", true),
            (RuleOperator::StartsWith, "eats", "Uber Eats", false),
        ];
        for (operator, pattern, merchant, expected) in cases {
            let matched = rule("R", 1, operator, pattern).matches(&subject(merchant, "-5"));
            assert_eq!(matched, expected, "{operator:?} {pattern} {merchant}");
        }
    }

    #[test]
    fn amount_bounds_are_inclusive() {
        let mut bounded = rule("R", 1, RuleOperator::Contains, "shop");
        bounded.spec.min_amount = Some("-50".into());
        bounded.spec.max_amount = Some("-10.00".into());
        assert!(bounded.matches(&subject("Shop", "-50.00")));
        assert!(bounded.matches(&subject("Shop", "-10")));
        assert!(!bounded.matches(&subject("Shop", "-9.99")));
        assert!(!bounded.matches(&subject("Shop", "-50.01")));
    }

    #[test]
    fn the_first_category_wins_and_tags_of_all_matches_are_merged() {
        let mut first = rule("B", 1, RuleOperator::Contains, "market");
        first.spec.category = Some("groceries".into());
        first.spec.tags = vec!["food".into()];
        let mut second = rule("A", 2, RuleOperator::Contains, "mark");
        second.spec.category = Some("shopping".into());
        second.spec.tags = vec!["food".into(), "weekly".into()];
        let unrelated = rule("C", 0, RuleOperator::Equals, "bank");
        let outcome = apply(&[unrelated, first, second], &subject("Market", "-3"));
        assert_eq!(outcome.category.as_deref(), Some("groceries"));
        assert_eq!(outcome.tags, vec!["food".to_owned(), "weekly".to_owned()]);
    }

    #[test]
    fn merged_tags_keep_the_existing_ones_and_stop_at_the_limit() {
        let existing: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
        let merged = merge_tags(&existing, &["t1".into(), "new".into(), "extra".into()]);
        assert_eq!(merged.len(), MAX_TAGS);
        assert_eq!(merged.last().map(String::as_str), Some("new"));
    }
}
