//! The SettingsStore port: runtime settings (feature flags and limits) as stored values by
//! key. What the keys mean, their types and defaults is the catalog's (`crate::settings`).

use async_trait::async_trait;

use super::table::TableError;
use crate::ids::UserId;

/// Where the settings are kept.
#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// Every stored value, by key.
    async fn load(&self) -> Result<Vec<(String, serde_json::Value)>, TableError>;
    /// Stores the values, all or none, noting who changed them.
    async fn save(
        &self,
        values: &[(String, serde_json::Value)],
        by: &UserId,
    ) -> Result<(), TableError>;
}
