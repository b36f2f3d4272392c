//! Runtime settings: feature flags and limits an admin changes without a deploy. The catalog
//! ([`CATALOG`]) names every setting with its type, bounds and default; values live behind the
//! `SettingsStore` port and are read through a cache of [`CACHE_TTL`], so a change reaches
//! every warm function within about 30 seconds (at once in the process that made it) and a
//! request reads the store at most once per 30 seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

use crate::fields::{FieldErrors, Invalid};
use crate::ids::UserId;
use crate::ports::clock::Clock;
use crate::ports::settings::SettingsStore;
use crate::ports::table::TableError;

/// How long read settings are trusted.
pub const CACHE_TTL: Duration = Duration::seconds(30);

/// What values a setting takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SettingKind {
    /// A feature flag.
    Boolean,
    /// A whole number within bounds.
    Integer { min: i64, max: i64 },
}

impl SettingKind {
    /// The JSON schema of a value of this kind, for the document.
    pub fn value_schema(self) -> utoipa::openapi::Schema {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        match self {
            Self::Boolean => ObjectBuilder::new().schema_type(Type::Boolean),
            Self::Integer { min, max } => ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max)),
        }
        .build()
        .into()
    }
}

/// One setting of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingDefinition {
    pub key: &'static str,
    pub description: &'static str,
    pub kind: SettingKind,
    default: Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Default {
    Boolean(bool),
    Integer(i64),
}

impl SettingDefinition {
    pub fn default_value(&self) -> Value {
        match self.default {
            Default::Boolean(value) => Value::from(value),
            Default::Integer(value) => Value::from(value),
        }
    }

    /// Checks a value against the setting's type and bounds.
    fn check(&self, value: &Value) -> Result<(), String> {
        match (self.kind, value) {
            (SettingKind::Boolean, Value::Bool(_)) => Ok(()),
            (SettingKind::Boolean, _) => Err("must be true or false".to_owned()),
            (SettingKind::Integer { min, max }, value) => match value.as_i64() {
                Some(n) if (min..=max).contains(&n) => Ok(()),
                _ => Err(format!("must be a whole number from {min} to {max}")),
            },
        }
    }
}

/// Whether new accounts may register (`POST /v1/auth/register`).
pub const REGISTRATION_OPEN: &str = "registration.open";
/// Messages a user may send the assistant per day.
pub const ASSISTANT_DAILY_MESSAGE_LIMIT: &str = "assistant.daily_message_limit";

/// Every setting there is.
pub const CATALOG: &[SettingDefinition] = &[
    SettingDefinition {
        key: REGISTRATION_OPEN,
        description: "New accounts may register; when false, registration answers 403 REGISTRATION_CLOSED.",
        kind: SettingKind::Boolean,
        default: Default::Boolean(true),
    },
    SettingDefinition {
        key: ASSISTANT_DAILY_MESSAGE_LIMIT,
        description: "Messages a user may send the assistant per day (0 turns it off).",
        kind: SettingKind::Integer {
            min: 0,
            max: 10_000,
        },
        default: Default::Integer(50),
    },
];

fn definition(key: &str) -> Option<&'static SettingDefinition> {
    CATALOG.iter().find(|definition| definition.key == key)
}

/// A setting's current value, with its definition.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Setting {
    pub key: String,
    pub description: String,
    pub kind: SettingKind,
    /// A value of `kind`.
    pub value: Value,
    pub default: Value,
}

/// Why settings could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Table(#[from] TableError),
}

impl crate::problem::IntoProblem for SettingsError {
    fn into_problem(self) -> crate::problem::Problem {
        match self {
            Self::Invalid(invalid) => invalid.into_problem(),
            Self::Table(err) => err.into_problem(),
        }
    }
}

/// The stored values and when they were read.
type Cached = Option<(OffsetDateTime, HashMap<String, Value>)>;

/// The settings with their cache; clones share it.
#[derive(Clone)]
pub struct RuntimeSettings {
    store: Arc<dyn SettingsStore>,
    clock: Arc<dyn Clock>,
    cache: Arc<Mutex<Cached>>,
}

impl RuntimeSettings {
    pub fn new(store: Arc<dyn SettingsStore>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            cache: Arc::new(Mutex::new(None)),
        }
    }

    /// The stored values, from the cache while it is fresh.
    async fn stored(&self) -> Result<HashMap<String, Value>, TableError> {
        let now = self.clock.now();
        if let Some((read_at, values)) = self.lock().as_ref()
            && now - *read_at < CACHE_TTL
        {
            return Ok(values.clone());
        }
        let values: HashMap<String, Value> = self.store.load().await?.into_iter().collect();
        *self.lock() = Some((now, values.clone()));
        Ok(values)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value of a catalog setting: the stored one when it is valid, else the default.
    async fn value(&self, definition: &SettingDefinition) -> Result<Value, TableError> {
        Ok(self
            .stored()
            .await?
            .remove(definition.key)
            .filter(|value| definition.check(value).is_ok())
            .unwrap_or_else(|| definition.default_value()))
    }

    /// A boolean setting of the catalog (its default when `key` is not a boolean one).
    pub async fn flag(&self, key: &str) -> Result<bool, TableError> {
        match definition(key) {
            Some(definition) => Ok(self.value(definition).await?.as_bool().unwrap_or_default()),
            None => Ok(false),
        }
    }

    /// A whole-number setting of the catalog (0 when `key` is not one).
    pub async fn integer(&self, key: &str) -> Result<i64, TableError> {
        match definition(key) {
            Some(definition) => Ok(self.value(definition).await?.as_i64().unwrap_or_default()),
            None => Ok(0),
        }
    }

    /// Every setting of the catalog with its current value.
    pub async fn all(&self) -> Result<Vec<Setting>, TableError> {
        let mut stored = self.stored().await?;
        Ok(CATALOG
            .iter()
            .map(|definition| Setting {
                key: definition.key.to_owned(),
                description: definition.description.to_owned(),
                kind: definition.kind,
                value: stored
                    .remove(definition.key)
                    .filter(|value| definition.check(value).is_ok())
                    .unwrap_or_else(|| definition.default_value()),
                default: definition.default_value(),
            })
            .collect())
    }

    /// Changes settings, all or none: an unknown key or a bad value is a 422 naming each.
    /// Answers the settings as they were before (for the audit).
    pub async fn set(
        &self,
        changes: &HashMap<String, Value>,
        by: &UserId,
    ) -> Result<Vec<Setting>, SettingsError> {
        let mut errors = FieldErrors::default();
        if changes.is_empty() {
            errors.push("settings", "name at least one setting");
        }
        for (key, value) in changes {
            match definition(key) {
                None => errors.push(key, "no such setting"),
                Some(definition) => {
                    errors.take(key, definition.check(value));
                }
            }
        }
        errors.finish()?;
        let before = self.all().await?;
        let values: Vec<(String, Value)> = changes
            .iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        self.store.save(&values, by).await?;
        *self.lock() = None;
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_their_setting() {
        let open = definition(REGISTRATION_OPEN).expect("registration.open");
        assert!(open.check(&Value::from(false)).is_ok());
        assert!(open.check(&Value::from("no")).is_err());
        let limit = definition(ASSISTANT_DAILY_MESSAGE_LIMIT).expect("limit");
        assert!(limit.check(&Value::from(0)).is_ok());
        assert!(limit.check(&Value::from(10_001)).is_err());
        assert!(limit.check(&Value::from(2.5)).is_err());
        assert!(definition("nope").is_none());
    }
}
