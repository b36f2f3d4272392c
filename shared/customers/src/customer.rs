//! The customer entity and what the audit log records about a change: the fields that changed,
//! before and after, with sensitive values left out.

use crate::ids::CustomerId;
use ferrofin_platform::ids::UserId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::details::CustomerDetails;

/// Fields whose values never reach the audit log (only that they changed).
const SENSITIVE_FIELDS: &[&str] = &["national_id"];

/// A customer of the lender.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub details: CustomerDetails,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The staff member who created it.
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub updated_by: UserId,
    /// Starts at 1, grows by one with every change; `If-Match` carries it.
    pub version: u64,
    /// Set by a (soft) delete.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

impl Customer {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

fn as_object(details: Option<&CustomerDetails>) -> Map<String, Value> {
    match details.map(serde_json::to_value) {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    }
}

/// The fields that differ between `before` and `after` (either may be absent, for a create or
/// a delete): `{field: {before, after}}`, or `{field: {changed: true}}` for sensitive fields.
pub fn changed_fields(before: Option<&CustomerDetails>, after: Option<&CustomerDetails>) -> Value {
    let (before, after) = (as_object(before), as_object(after));
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    let mut changes = Map::new();
    for name in names {
        let old = before.get(name).unwrap_or(&Value::Null);
        let new = after.get(name).unwrap_or(&Value::Null);
        if old == new {
            continue;
        }
        let change = if SENSITIVE_FIELDS.contains(&name.as_str()) {
            json!({"changed": true})
        } else {
            json!({"before": old, "after": new})
        };
        changes.insert(name.clone(), change);
    }
    Value::Object(changes)
}

/// A customer with `details` (JSON), created at `created_at` by `01U`, for unit tests.
#[cfg(test)]
pub(crate) fn sample(details: Value, created_at: OffsetDateTime) -> Customer {
    Customer {
        id: "01C".into(),
        details: serde_json::from_value(details).expect("details"),
        created_at,
        created_by: "01U".into(),
        updated_at: created_at,
        updated_by: "01U".into(),
        version: 1,
        deleted_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(national_id: &str, city_tag: &str) -> CustomerDetails {
        serde_json::from_value(json!({
            "kind": "business", "legal_name": "Acme Ltd", "email": "ops@acme.example",
            "national_id": national_id, "tags": [city_tag]
        }))
        .expect("details")
    }

    #[test]
    fn only_changed_fields_are_recorded_and_sensitive_values_never() {
        let changes = changed_fields(
            Some(&details("GB123456789", "london")),
            Some(&details("GB987654321", "leeds")),
        );
        assert_eq!(
            changes["tags"],
            json!({"before": ["london"], "after": ["leeds"]})
        );
        assert_eq!(changes["national_id"], json!({"changed": true}));
        assert!(changes.get("legal_name").is_none());
        assert!(!changes.to_string().contains("6789"));
    }

    #[test]
    fn a_create_records_every_set_field_as_after() {
        let changes = changed_fields(None, Some(&details("GB123456789", "london")));
        assert_eq!(changes["legal_name"]["after"], "Acme Ltd");
        assert_eq!(changes["national_id"], json!({"changed": true}));
    }
}
