//! Badges and challenges are data that admins keep: each is stored under its own partition
//! (`GAMIFICATION#BADGES`, `GAMIFICATION#CHALLENGES`), created, changed (optimistic concurrency
//! on `version`) and deleted with an audit entry in the same table transaction.

use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::{Clock, new_id};
use ferrofin_platform::ports::table::{
    Condition, Key, Position, Query, SortKey, Table, TableError, Write, from_record, query_all,
    to_record,
};
use ferrofin_platform::records::{page_matching, page_under};

use crate::activity::Activity;
use crate::error::GamificationError;
use crate::ids::{BadgeId, ChallengeId};
use crate::keys;
use crate::rule::Rule;

/// Most definitions one filtered listing request reads.
const READ_BUDGET: u32 = 500;

/// A badge: its words, its points and the rule that earns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    pub id: BadgeId,
    #[serde(flatten)]
    pub spec: BadgeSpec,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

/// What an admin says of a badge (checked by the caller).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeSpec {
    pub name: String,
    pub description: String,
    /// Points for earning it (for each tier of a tiered badge).
    pub points: u64,
    pub rule: Rule,
}

impl Badge {
    /// The award a tier (or the badge itself) is held as: `<id>` or `<id>#<tier>`.
    pub fn award(&self, tier: Option<u64>) -> String {
        match tier {
            Some(tier) => format!("{}#{tier}", self.id),
            None => self.id.to_string(),
        }
    }
}

/// A challenge: between its start and end, doing the activity `target` times earns the reward,
/// once, to those who joined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub id: ChallengeId,
    #[serde(flatten)]
    pub spec: ChallengeSpec,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

/// What an admin says of a challenge (checked by the caller: `starts_at` before `ends_at`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeSpec {
    pub name: String,
    pub description: String,
    pub activity: Activity,
    pub target: u64,
    pub reward_points: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
}

impl Challenge {
    /// It can still be joined and progressed: it has not ended.
    pub fn is_open(&self, now: OffsetDateTime) -> bool {
        now < self.spec.ends_at
    }

    /// Whether something done at `at` counts towards it.
    pub fn counts_at(&self, at: OffsetDateTime) -> bool {
        self.spec.starts_at <= at && at < self.spec.ends_at
    }
}

/// What the store needs of a kind of definition.
pub trait Definition: Serialize + DeserializeOwned + Clone + Send + Sync {
    type Spec: Send;
    /// `badge` or `challenge`, as in "badge not found".
    const WHAT: &'static str;
    const PARTITION: &'static str;
    const PREFIX: &'static str;
    const CREATED: AuditAction;
    const CHANGED: AuditAction;
    const DELETED: AuditAction;

    fn key_of(id: &str) -> Key;
    fn create(id: String, spec: Self::Spec, now: OffsetDateTime) -> Self;
    fn id(&self) -> String;
    fn replace(&mut self, spec: Self::Spec, now: OffsetDateTime);
    fn version(&self) -> u64;
    fn set_version(&mut self, version: u64);
}

macro_rules! definition {
    ($type:ident, $spec:ident, $id:ident, $what:literal, $partition:path, $prefix:path, $key:path,
     $created:ident, $changed:ident, $deleted:ident) => {
        impl Definition for $type {
            type Spec = $spec;
            const WHAT: &'static str = $what;
            const PARTITION: &'static str = $partition;
            const PREFIX: &'static str = $prefix;
            const CREATED: AuditAction = AuditAction::$created;
            const CHANGED: AuditAction = AuditAction::$changed;
            const DELETED: AuditAction = AuditAction::$deleted;

            fn key_of(id: &str) -> Key {
                $key(&$id::from(id))
            }

            fn create(id: String, spec: $spec, now: OffsetDateTime) -> Self {
                Self {
                    id: $id::from(id),
                    spec,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                }
            }

            fn id(&self) -> String {
                self.id.to_string()
            }

            fn replace(&mut self, spec: $spec, now: OffsetDateTime) {
                self.spec = spec;
                self.updated_at = now;
            }

            fn version(&self) -> u64 {
                self.version
            }

            fn set_version(&mut self, version: u64) {
                self.version = version;
            }
        }
    };
}

definition!(
    Badge,
    BadgeSpec,
    BadgeId,
    "badge",
    keys::BADGES_PARTITION,
    keys::BADGE_PREFIX,
    keys::badge,
    BadgeCreated,
    BadgeChanged,
    BadgeDeleted
);

definition!(
    Challenge,
    ChallengeSpec,
    ChallengeId,
    "challenge",
    keys::CHALLENGES_PARTITION,
    keys::CHALLENGE_PREFIX,
    keys::challenge,
    ChallengeCreated,
    ChallengeChanged,
    ChallengeDeleted
);

/// The stored definitions of one kind.
pub struct Definitions<T> {
    table: Arc<dyn Table>,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
    kind: PhantomData<T>,
}

impl<T: Definition> Definitions<T> {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            audit: AuditLog::new(state.table.clone(), state.clock.clone()),
            clock: state.clock.clone(),
            kind: PhantomData,
        }
    }

    fn audit(&self, action: AuditAction, by: &UserId, id: &str) -> Result<Write, TableError> {
        self.audit.write(
            action,
            Some(by),
            Some(&format!("{}{id}", T::PREFIX)),
            None,
            json!({ T::WHAT: id }),
        )
    }

    pub async fn create(&self, by: &UserId, spec: T::Spec) -> Result<T, GamificationError> {
        let definition = T::create(new_id(self.clock.as_ref()), spec, self.clock.now());
        let id = definition.id();
        self.table
            .transact(vec![
                Write::Put {
                    item: to_record(&definition, &T::key_of(&id), None)?,
                    condition: Condition::NotExists,
                },
                self.audit(T::CREATED, by, &id)?,
            ])
            .await?;
        Ok(definition)
    }

    pub async fn get(&self, id: &str) -> Result<T, GamificationError> {
        self.table
            .get(&T::key_of(id))
            .await?
            .map(from_record)
            .transpose()?
            .ok_or(GamificationError::NotFound(T::WHAT))
    }

    /// Several at once, in the order of `ids`; `None` for one that is gone.
    pub async fn get_many(&self, ids: &[String]) -> Result<Vec<Option<T>>, TableError> {
        let keys: Vec<Key> = ids.iter().map(|id| T::key_of(id)).collect();
        let mut found = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(ferrofin_platform::ports::table::MAX_BATCH_GET_KEYS) {
            for item in self.table.get_many(chunk).await? {
                found.push(item.map(from_record).transpose()?);
            }
        }
        Ok(found)
    }

    /// Every definition, oldest first (admins keep a few dozen).
    pub async fn all(&self) -> Result<Vec<T>, TableError> {
        let query = Query {
            sort: SortKey::BeginsWith(T::PREFIX.to_owned()),
            ..Query::partition(T::PARTITION, 100)
        };
        query_all(self.table.as_ref(), query)
            .await?
            .into_iter()
            .map(from_record)
            .collect()
    }

    pub async fn page(
        &self,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<T>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            T::PARTITION.to_owned(),
            T::PREFIX,
            false,
            limit,
            start_after,
        )
        .await
    }

    /// One page of those `keep` accepts, oldest first.
    pub async fn page_matching(
        &self,
        limit: u32,
        start_after: Option<Position>,
        keep: impl Fn(&T) -> bool,
    ) -> Result<(Vec<T>, Option<Position>), TableError> {
        let query = Query {
            sort: SortKey::BeginsWith(T::PREFIX.to_owned()),
            start_after,
            ..Query::partition(T::PARTITION, limit)
        };
        page_matching(self.table.as_ref(), query, READ_BUDGET, keep).await
    }

    /// Replaces the definition's spec; earned badges and progress stay.
    pub async fn replace(
        &self,
        by: &UserId,
        id: &str,
        spec: T::Spec,
    ) -> Result<T, GamificationError> {
        let mut definition = self.get(id).await?;
        let read_at = definition.version();
        definition.replace(spec, self.clock.now());
        definition.set_version(read_at + 1);
        let written = self
            .table
            .transact(vec![
                Write::Put {
                    item: to_record(&definition, &T::key_of(id), None)?,
                    condition: Condition::version_is(read_at),
                },
                self.audit(T::CHANGED, by, id)?,
            ])
            .await;
        match written {
            Err(TableError::ConditionFailed { at: Some(0) }) => Err(GamificationError::Conflict(
                "changed concurrently; read it and try again",
            )),
            other => other.map(|()| definition).map_err(Into::into),
        }
    }

    /// Deletes the definition; what users earned from it stays theirs.
    pub async fn delete(&self, by: &UserId, id: &str) -> Result<(), GamificationError> {
        let written = self
            .table
            .transact(vec![
                Write::Delete {
                    key: T::key_of(id),
                    condition: Condition::Exists,
                },
                self.audit(T::DELETED, by, id)?,
            ])
            .await;
        match written {
            Err(TableError::ConditionFailed { at: Some(0) }) => {
                Err(GamificationError::NotFound(T::WHAT))
            }
            other => other.map_err(Into::into),
        }
    }
}
