//! The SettingsStore port on the Table port (DynamoDB in AWS, the embedded store locally): one
//! item per setting in the `SETTINGS` partition, all read with one Query, all written in one
//! transaction.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::UserId;
use crate::keys;
use crate::ports::clock::Clock;
use crate::ports::settings::SettingsStore;
use crate::ports::table::{
    Condition, Query, Table, TableError, Write, from_record, query_all, to_record,
};

#[derive(Serialize, Deserialize)]
struct SettingRecord {
    key: String,
    value: serde_json::Value,
    updated_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

/// Settings as table items.
pub struct TableSettings {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl TableSettings {
    pub fn new(table: Arc<dyn Table>, clock: Arc<dyn Clock>) -> Self {
        Self { table, clock }
    }
}

#[async_trait]
impl SettingsStore for TableSettings {
    async fn load(&self) -> Result<Vec<(String, serde_json::Value)>, TableError> {
        let query = Query::partition(keys::SETTINGS_PARTITION, 100);
        query_all(self.table.as_ref(), query)
            .await?
            .into_iter()
            .map(|item| {
                let record: SettingRecord = from_record(item)?;
                Ok((record.key, record.value))
            })
            .collect()
    }

    async fn save(
        &self,
        values: &[(String, serde_json::Value)],
        by: &UserId,
    ) -> Result<(), TableError> {
        let now = self.clock.now();
        let writes = values
            .iter()
            .map(|(key, value)| {
                let record = SettingRecord {
                    key: key.clone(),
                    value: value.clone(),
                    updated_by: by.clone(),
                    updated_at: now,
                };
                Ok(Write::Put {
                    item: to_record(&record, &keys::setting(key), None)?,
                    condition: Condition::Always,
                })
            })
            .collect::<Result<Vec<_>, TableError>>()?;
        self.table.transact(writes).await
    }
}
