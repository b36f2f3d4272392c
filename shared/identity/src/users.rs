//! Users and their persistence: the profile item plus an email guard item that makes addresses
//! unique and the directory items admins search (see `directory`), written together; optimistic
//! concurrency on `version`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::directory::{UserSearch, UserSummary, index_keys};
use crate::keys;
use crate::roles::Role;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Index, Position, Query, Table, TableError, Write, attr, from_record,
    to_record,
};
use ferrofin_platform::records::page_matching;
use ferrofin_platform::time_zone::TimeZoneName;

/// Whether the account may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Banned,
}

/// TOTP second factor of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpFactor {
    /// Base32 secret (the table is encrypted at rest).
    pub secret: String,
    /// Last accepted time step, so a code is never accepted twice.
    pub last_step: Option<u64>,
    /// SHA-256 hashes of the unused recovery codes.
    pub recovery_code_hashes: Vec<String>,
}

/// A user account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub status: UserStatus,
    pub email_verified: bool,
    pub default_currency: String,
    pub locale: String,
    /// Where the user's days begin and end (per-user dates, quiet hours, digests).
    #[serde(default)]
    pub time_zone: TimeZoneName,
    pub totp: Option<TotpFactor>,
    /// A new address asked for and not yet confirmed; `email` stays the account's address
    /// until it is.
    #[serde(default)]
    pub pending_email: Option<PendingEmail>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

/// An address change waiting for its confirmation link to be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEmail {
    pub address: EmailAddress,
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
}

impl User {
    /// A new active account with default preferences (USD, English, UTC).
    pub fn new(
        id: UserId,
        email: EmailAddress,
        name: String,
        password_hash: String,
        role: Role,
        email_verified: bool,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            email,
            name,
            password_hash,
            role,
            status: UserStatus::Active,
            email_verified,
            default_currency: "USD".to_owned(),
            locale: "en".to_owned(),
            time_zone: TimeZoneName::utc(),
            totp: None,
            pending_email: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }
}

/// Why a user could not be created or changed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum UserStoreError {
    #[error("the email address is already registered")]
    EmailTaken,
    #[error("the user changed concurrently")]
    Stale,
    #[error(transparent)]
    Table(#[from] TableError),
}

/// Reads and writes users.
#[derive(Clone)]
pub struct UserStore {
    table: Arc<dyn Table>,
}

#[derive(Serialize, Deserialize)]
struct EmailGuard {
    user_id: UserId,
}

impl UserStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    fn record(user: &User) -> Result<ferrofin_platform::ports::table::Item, TableError> {
        let mut item = to_record(user, &keys::user(&user.id), None)?;
        item.insert(
            attr::GSI1_PK.to_owned(),
            AttributeValue::S(keys::USERS_INDEX_PARTITION.to_owned()),
        );
        let created = user.created_at.unix_timestamp().to_string();
        item.insert(
            attr::GSI1_SK.to_owned(),
            AttributeValue::S(keys::users_index_sort(&created, &user.id)),
        );
        Ok(item)
    }

    fn guard(
        email: &EmailAddress,
        user_id: &UserId,
    ) -> Result<ferrofin_platform::ports::table::Item, TableError> {
        to_record(
            &EmailGuard {
                user_id: user_id.clone(),
            },
            &keys::email_guard(email.as_str()),
            None,
        )
    }

    pub async fn get(&self, user_id: &UserId) -> Result<Option<User>, TableError> {
        self.table
            .get(&keys::user(user_id))
            .await?
            .map(from_record)
            .transpose()
    }

    pub async fn find_by_email(&self, email: &EmailAddress) -> Result<Option<User>, TableError> {
        let Some(guard) = self.table.get(&keys::email_guard(email.as_str())).await? else {
            return Ok(None);
        };
        let guard: EmailGuard = from_record(guard)?;
        self.get(&guard.user_id).await
    }

    /// Stores a new user, its email guard, its directory items and the announcement of its
    /// registration, all or nothing.
    pub async fn create(&self, user: &User, announcement: Write) -> Result<(), UserStoreError> {
        let mut writes = vec![
            Write::Put {
                item: Self::record(user)?,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: Self::guard(&user.email, &user.id)?,
                condition: Condition::NotExists,
            },
            announcement,
        ];
        writes.extend(directory_writes(None, Some(user))?);
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { .. }) => Err(UserStoreError::EmailTaken),
            other => Ok(other?),
        }
    }

    /// Saves changes made to `user` (loaded at `user.version`), bumping the version.
    pub async fn save(&self, user: &mut User, now: OffsetDateTime) -> Result<(), UserStoreError> {
        self.save_announcing(user, now, Vec::new()).await
    }

    /// Saves `user` as [`save`](Self::save) does, in one transaction with `announcements`
    /// (outbox writes of the change's events).
    pub async fn save_announcing(
        &self,
        user: &mut User,
        now: OffsetDateTime,
        announcements: Vec<Write>,
    ) -> Result<(), UserStoreError> {
        let before = self.stored_at_version(user).await?;
        let mut writes = self.versioned_writes(&before, user, now)?;
        writes.extend(announcements);
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { .. }) => Err(UserStoreError::Stale),
            other => Ok(other?),
        }
    }

    /// Saves `user` with a new address: moves the email guard in the same transaction.
    pub async fn save_with_new_email(
        &self,
        user: &mut User,
        old_email: &EmailAddress,
        now: OffsetDateTime,
        announcements: Vec<Write>,
    ) -> Result<(), UserStoreError> {
        let before = self.stored_at_version(user).await?;
        let mut writes = self.versioned_writes(&before, user, now)?;
        writes.insert(
            1,
            Write::Put {
                item: Self::guard(&user.email, &user.id)?,
                condition: Condition::NotExists,
            },
        );
        writes.push(Write::Delete {
            key: keys::email_guard(old_email.as_str()),
            condition: Condition::Always,
        });
        writes.extend(announcements);
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { at: Some(1) }) => Err(UserStoreError::EmailTaken),
            Err(TableError::ConditionFailed { .. }) => Err(UserStoreError::Stale),
            other => Ok(other?),
        }
    }

    /// Deletes the user's profile and directory items and releases the address.
    pub async fn delete(&self, user: &User) -> Result<(), UserStoreError> {
        let mut writes = vec![
            Write::Delete {
                key: keys::user(&user.id),
                condition: Condition::version_is(user.version),
            },
            Write::Delete {
                key: keys::email_guard(user.email.as_str()),
                condition: Condition::Always,
            },
        ];
        writes.extend(directory_writes(Some(user), None)?);
        match self.table.transact(writes).await {
            Err(TableError::ConditionFailed { .. }) => Err(UserStoreError::Stale),
            other => Ok(other?),
        }
    }

    /// One page of a directory search, and where the next page starts; items the filters drop
    /// make a page shorter than `limit` (see `directory`).
    pub async fn search(
        &self,
        search: &UserSearch,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<UserSummary>, Option<Position>), TableError> {
        let query = Query {
            start_after,
            ..search.query(limit)
        };
        page_matching(self.table.as_ref(), query, SEARCH_READ_BUDGET, |user| {
            search.matches(user)
        })
        .await
    }

    /// Writes the directory items of one page of users (read through the users index, oldest
    /// first), for users stored before the directory existed; answers how many and where the
    /// next page starts.
    pub async fn reindex_page(
        &self,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(usize, Option<Position>), TableError> {
        let query = Query {
            index: Index::Gsi1,
            start_after,
            ..Query::partition(keys::USERS_INDEX_PARTITION, limit)
        };
        let page = self.table.query(query).await?;
        let count = page.items.len();
        for item in page.items {
            let user: User = from_record(item)?;
            self.table
                .transact(directory_writes(None, Some(&user))?)
                .await?;
        }
        Ok((count, page.next))
    }

    /// The stored user as `user` was loaded (its version), to tell which directory items a
    /// save replaces; `Stale` when it changed or went meanwhile.
    async fn stored_at_version(&self, user: &User) -> Result<User, UserStoreError> {
        self.get(&user.id)
            .await?
            .filter(|stored| stored.version == user.version)
            .ok_or(UserStoreError::Stale)
    }

    /// The profile put (on the version `before` has) and the directory writes of a save,
    /// bumping `user`'s version.
    fn versioned_writes(
        &self,
        before: &User,
        user: &mut User,
        now: OffsetDateTime,
    ) -> Result<Vec<Write>, UserStoreError> {
        user.version += 1;
        user.updated_at = now;
        let mut writes = vec![Write::Put {
            item: Self::record(user)?,
            condition: Condition::version_is(before.version),
        }];
        writes.extend(directory_writes(Some(before), Some(user))?);
        Ok(writes)
    }
}

/// Records a directory search reads at most per request.
const SEARCH_READ_BUDGET: u32 = 500;

/// The writes that move a user's directory items from `before` to `after` (`None`: no user):
/// stale items deleted, the current ones written with the new summary.
fn directory_writes(before: Option<&User>, after: Option<&User>) -> Result<Vec<Write>, TableError> {
    let wanted = after.map(index_keys).unwrap_or_default();
    let mut writes: Vec<Write> = before
        .map(index_keys)
        .unwrap_or_default()
        .into_iter()
        .filter(|key| !wanted.contains(key))
        .map(|key| Write::Delete {
            key,
            condition: Condition::Always,
        })
        .collect();
    if let Some(after) = after {
        let summary = UserSummary::of(after);
        for key in &wanted {
            writes.push(Write::Put {
                item: to_record(&summary, key, None)?,
                condition: Condition::Always,
            });
        }
    }
    Ok(writes)
}
