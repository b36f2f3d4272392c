//! Stored preferences (`USER#<uid>` / `NOTIFICATION_PREFERENCES`): defaults until the user
//! sets them; optimistic concurrency on `version`.

use std::sync::Arc;

use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, Table, TableError, from_record, to_record};

use crate::keys;
use crate::kind::NotificationKind;
use crate::preferences::{KindChannels, Preferences};

#[derive(Clone)]
pub struct PreferenceStore {
    table: Arc<dyn Table>,
}

impl PreferenceStore {
    pub fn new(state: &AppState) -> Self {
        Self::of(state.table.clone())
    }

    pub fn of(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The user's preferences, or the defaults.
    pub async fn get(&self, user_id: &UserId) -> Result<Preferences, TableError> {
        Ok(match self.table.get(&keys::preferences(user_id)).await? {
            Some(item) => from_record(item)?,
            None => Preferences::defaults(user_id.clone()),
        })
    }

    /// Stores `preferences` if nobody changed them since they were read; a lost race is
    /// [`TableError::ConditionFailed`].
    pub async fn save(&self, preferences: &mut Preferences) -> Result<(), TableError> {
        let condition = match preferences.version {
            0 => Condition::NotExists,
            version => Condition::version_is(version),
        };
        preferences.version += 1;
        let item = to_record(
            &*preferences,
            &keys::preferences(&preferences.user_id),
            None,
        )?;
        self.table.put(item, condition).await
    }

    /// Turns `kind`'s email off (an unsubscribe link); critical kinds stay on.
    pub async fn turn_off_email(
        &self,
        user_id: &UserId,
        kind: NotificationKind,
    ) -> Result<Preferences, TableError> {
        loop {
            let mut preferences = self.get(user_id).await?;
            if kind.is_critical() || !preferences.channels_of(kind).email {
                return Ok(preferences);
            }
            let in_app = preferences.channels_of(kind).in_app;
            preferences
                .channels
                .retain(|channels| channels.kind != kind);
            preferences.channels.push(KindChannels {
                kind,
                in_app,
                email: false,
            });
            match self.save(&mut preferences).await {
                Err(TableError::ConditionFailed { .. }) => continue,
                other => return other.map(|()| preferences),
            }
        }
    }
}
