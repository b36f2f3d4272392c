//! Builds DynamoDB expressions (conditions, key conditions, ADD updates) with placeholder names
//! and values, from the port's condition types. Expiry is folded into every condition so that an
//! expired item counts as absent, as the port promises.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::ports::table::{Condition, SortKey, attr};

/// An expression with its placeholder maps.
#[derive(Debug, Default)]
pub struct Expression {
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

impl Expression {
    fn name(&mut self, placeholder: &str, name: &str) -> String {
        self.names.insert(placeholder.to_owned(), name.to_owned());
        placeholder.to_owned()
    }

    fn value(&mut self, placeholder: &str, value: AttributeValue) -> String {
        self.values.insert(placeholder.to_owned(), value);
        placeholder.to_owned()
    }

    fn now(&mut self, now: i64) -> (String, String) {
        (
            self.name("#exp", attr::EXPIRES_AT),
            self.value(":now", AttributeValue::N(now.to_string())),
        )
    }

    /// The condition text, or `None` for [`Condition::Always`].
    pub fn condition(&mut self, condition: &Condition, now: i64) -> Option<String> {
        Some(match condition {
            Condition::Always => return None,
            Condition::NotExists => {
                let pk = self.name("#pk", attr::PK);
                let (exp, now) = self.now(now);
                format!("attribute_not_exists({pk}) OR {exp} <= {now}")
            }
            Condition::Exists => {
                let pk = self.name("#pk", attr::PK);
                let (exp, now) = self.now(now);
                format!("attribute_exists({pk}) AND (attribute_not_exists({exp}) OR {exp} > {now})")
            }
            Condition::Equals { name, value } => {
                let (exp, now) = self.now(now);
                let field = self.name("#cond", name);
                let expected = self.value(":cond", value.clone().into());
                format!("{field} = {expected} AND (attribute_not_exists({exp}) OR {exp} > {now})")
            }
        })
    }

    /// A condition that always holds, for `ConditionCheck`s that need some expression.
    pub fn condition_or_true(&mut self, condition: &Condition, now: i64) -> String {
        self.condition(condition, now).unwrap_or_else(|| {
            let pk = self.name("#pk", attr::PK);
            format!("attribute_exists({pk}) OR attribute_not_exists({pk})")
        })
    }

    /// `ADD #a0 :a0, #a1 :a1, ...`
    pub fn add(&mut self, deltas: &[(String, i64)]) -> String {
        let parts: Vec<String> = deltas
            .iter()
            .enumerate()
            .map(|(i, (name, delta))| {
                let field = self.name(&format!("#add{i}"), name);
                let value = self.value(&format!(":add{i}"), AttributeValue::N(delta.to_string()));
                format!("{field} {value}")
            })
            .collect();
        format!("ADD {}", parts.join(", "))
    }

    /// The key condition of a query on `(partition_attr, sort_attr)`.
    pub fn key_condition(
        &mut self,
        (partition_attr, sort_attr): (&str, &str),
        partition: &str,
        sort: &SortKey,
    ) -> String {
        let p = self.name("#p", partition_attr);
        let pv = self.value(":p", AttributeValue::S(partition.to_owned()));
        let mut s = |value: &str, placeholder: &str| {
            (
                self.name("#s", sort_attr),
                self.value(placeholder, AttributeValue::S(value.to_owned())),
            )
        };
        let sort_text = match sort {
            SortKey::Any => None,
            SortKey::Equals(v) => Some({
                let (n, v) = s(v, ":s");
                format!("{n} = {v}")
            }),
            SortKey::BeginsWith(v) => Some({
                let (n, v) = s(v, ":s");
                format!("begins_with({n}, {v})")
            }),
            SortKey::AtLeast(v) => Some({
                let (n, v) = s(v, ":s");
                format!("{n} >= {v}")
            }),
            SortKey::AtMost(v) => Some({
                let (n, v) = s(v, ":s");
                format!("{n} <= {v}")
            }),
            SortKey::Between(low, high) => Some({
                let (n, low) = s(low, ":s1");
                let (_, high) = s(high, ":s2");
                format!("{n} BETWEEN {low} AND {high}")
            }),
        };
        match sort_text {
            Some(sort_text) => format!("{p} = {pv} AND {sort_text}"),
            None => format!("{p} = {pv}"),
        }
    }

    /// A filter that drops expired items.
    pub fn live_filter(&mut self, now: i64) -> String {
        let (exp, now) = self.now(now);
        format!("attribute_not_exists({exp}) OR {exp} > {now}")
    }

    pub fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    pub fn values(&self) -> Option<HashMap<String, AttributeValue>> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_exists_treats_expired_items_as_absent() {
        let mut expr = Expression::default();
        let text = expr.condition(&Condition::NotExists, 100).expect("text");
        assert_eq!(text, "attribute_not_exists(#pk) OR #exp <= :now");
        assert_eq!(expr.names["#exp"], "expires_at");
        assert_eq!(expr.values[":now"], AttributeValue::N("100".into()));
    }

    #[test]
    fn between_uses_two_values_on_one_name() {
        let mut expr = Expression::default();
        let text = expr.key_condition(("pk", "sk"), "P", &SortKey::Between("a".into(), "b".into()));
        assert_eq!(text, "#p = :p AND #s BETWEEN :s1 AND :s2");
    }
}
