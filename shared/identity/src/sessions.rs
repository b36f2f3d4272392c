//! Sessions and their rotating refresh tokens.
//!
//! A session lives at `USER#<id>/SESSION#<sid>`; each refresh token has a lookup item by its
//! SHA-256 hash. Rotation marks the old token `rotated` and issues a new one in one
//! transaction; presenting a rotated token again is reuse, which revokes the whole session.
//! A session's `last_used_at` follows its use: a refresh sets it, and an authenticated request
//! moves it when it is more than [`LAST_USED_GRANULARITY`] old (at most one write per session
//! per interval, not one per request).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::ids::SessionId;
use crate::keys;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Position, Query, SortKey, Table, TableError, Write, from_record,
    query_all, to_record,
};
use ferrofin_platform::records::page_under;

/// Absolute lifetime of a session and its refresh tokens.
pub const SESSION_LIFETIME: Duration = Duration::days(7);
/// How stale a session's `last_used_at` may be before a request writes it again.
pub const LAST_USED_GRANULARITY: Duration = Duration::minutes(5);

/// A signed-in device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    pub user_agent: String,
    pub ip: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_used_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
    /// Hash of the refresh token currently valid for this session.
    pub refresh_hash: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct RefreshRecord {
    user_id: UserId,
    session_id: SessionId,
    rotated: bool,
}

/// The outcome of presenting a refresh token.
#[derive(Debug, PartialEq)]
pub enum Rotation {
    /// The session continues with the new token.
    Rotated(Session),
    /// Unknown, expired, or its session was revoked.
    Invalid,
    /// An already-rotated token: the session has been revoked.
    Reused {
        user_id: UserId,
        session_id: SessionId,
    },
}

/// Reads and writes sessions.
#[derive(Clone)]
pub struct SessionStore {
    table: Arc<dyn Table>,
}

fn refresh_write(
    session: &Session,
    token_hash: &str,
    rotated: bool,
    condition: Condition,
) -> Result<Write, TableError> {
    let record = RefreshRecord {
        user_id: session.user_id.clone(),
        session_id: session.id.clone(),
        rotated,
    };
    Ok(Write::Put {
        item: to_record(
            &record,
            &keys::refresh_token(token_hash),
            Some(session.expires),
        )?,
        condition,
    })
}

fn session_write(session: &Session, condition: Condition) -> Result<Write, TableError> {
    Ok(Write::Put {
        item: to_record(
            session,
            &keys::session(&session.user_id, &session.id),
            Some(session.expires),
        )?,
        condition,
    })
}

impl SessionStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Stores a new session with its first refresh token and the announcement of the sign-in.
    pub async fn create(&self, session: &Session, announcement: Write) -> Result<(), TableError> {
        self.table
            .transact(vec![
                session_write(session, Condition::NotExists)?,
                refresh_write(session, &session.refresh_hash, false, Condition::NotExists)?,
                announcement,
            ])
            .await
    }

    /// A live session of the user.
    pub async fn get(
        &self,
        user_id: &UserId,
        session_id: &SessionId,
    ) -> Result<Option<Session>, TableError> {
        self.table
            .get(&keys::session(user_id, session_id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Records that `session` was used at `now`, when its `last_used_at` is more than
    /// [`LAST_USED_GRANULARITY`] old. Only a session whose refresh token is still the one read
    /// is written: a rotation or a revocation in the meantime wins, and nothing is written.
    pub async fn touch(&self, session: &Session, now: OffsetDateTime) -> Result<(), TableError> {
        if now - session.last_used_at < LAST_USED_GRANULARITY {
            return Ok(());
        }
        let mut used = session.clone();
        used.last_used_at = now;
        let item = to_record(
            &used,
            &keys::session(&used.user_id, &used.id),
            Some(used.expires),
        )?;
        let same_refresh_token = Condition::Equals {
            name: "refresh_hash".to_owned(),
            value: AttributeValue::S(session.refresh_hash.clone()),
        };
        match self.table.put(item, same_refresh_token).await {
            Err(TableError::ConditionFailed { .. }) => Ok(()),
            other => other,
        }
    }

    /// One page of the user's live sessions, newest first (session ids are ULIDs: their keys
    /// sort by creation).
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Session>, Option<Position>), TableError> {
        let partition = keys::user_partition(user_id);
        page_under(
            self.table.as_ref(),
            partition,
            keys::SESSION_PREFIX,
            true,
            limit,
            start_after,
        )
        .await
    }

    /// Every live session of the user, newest first.
    pub async fn list(&self, user_id: &UserId) -> Result<Vec<Session>, TableError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::SESSION_PREFIX.to_owned()),
            ..Query::partition(keys::user_partition(user_id), 100)
        };
        let mut sessions: Vec<Session> = query_all(self.table.as_ref(), query)
            .await?
            .into_iter()
            .map(from_record)
            .collect::<Result<_, _>>()?;
        sessions.sort_by_key(|session| std::cmp::Reverse(session.created_at));
        Ok(sessions)
    }

    /// Ends a session; its refresh tokens stop working with it. Returns whether it existed.
    pub async fn revoke(
        &self,
        user_id: &UserId,
        session_id: &SessionId,
    ) -> Result<bool, TableError> {
        match self
            .table
            .delete(&keys::session(user_id, session_id), Condition::Exists)
            .await
        {
            Ok(()) => Ok(true),
            Err(TableError::ConditionFailed { .. }) => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// Ends every session of the user except `keep`; returns how many ended.
    pub async fn revoke_all(
        &self,
        user_id: &UserId,
        keep: Option<&SessionId>,
    ) -> Result<usize, TableError> {
        let mut revoked = 0;
        for session in self.list(user_id).await? {
            if Some(&session.id) != keep && self.revoke(user_id, &session.id).await? {
                revoked += 1;
            }
        }
        Ok(revoked)
    }

    /// Exchanges a refresh token (by hash) for a new one (`new_hash`).
    pub async fn rotate(
        &self,
        token_hash: &str,
        new_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Rotation, TableError> {
        let Some(record) = self.table.get(&keys::refresh_token(token_hash)).await? else {
            return Ok(Rotation::Invalid);
        };
        let record: RefreshRecord = from_record(record)?;
        if record.rotated {
            return self.reused(record).await;
        }
        let Some(mut session) = self.get(&record.user_id, &record.session_id).await? else {
            return Ok(Rotation::Invalid);
        };
        if session.expires <= now || session.refresh_hash != token_hash {
            return Ok(Rotation::Invalid);
        }
        session.refresh_hash = new_hash.to_owned();
        session.last_used_at = now;
        let not_rotated = Condition::Equals {
            name: "rotated".to_owned(),
            value: AttributeValue::Bool(false),
        };
        let writes = vec![
            refresh_write(&session, token_hash, true, not_rotated)?,
            refresh_write(&session, new_hash, false, Condition::NotExists)?,
            session_write(&session, Condition::Exists)?,
        ];
        match self.table.transact(writes).await {
            Ok(()) => Ok(Rotation::Rotated(session)),
            // Another request rotated this token first: that is reuse too.
            Err(TableError::ConditionFailed { at: Some(0) }) => self.reused(record).await,
            Err(TableError::ConditionFailed { .. }) => Ok(Rotation::Invalid),
            Err(err) => Err(err),
        }
    }

    async fn reused(&self, record: RefreshRecord) -> Result<Rotation, TableError> {
        self.revoke(&record.user_id, &record.session_id).await?;
        Ok(Rotation::Reused {
            user_id: record.user_id,
            session_id: record.session_id,
        })
    }
}
