//! The user's inbox: notifications newest first (`USER#<uid>` / `NOTIFICATION#<id>`), their
//! read and archived state, and the unread count kept beside them (`NOTIFICATION_COUNTS`) in
//! the same transaction as every change, so counting is one read whatever the inbox holds.
//! A notification that no longer counts (read or archived) expires a year after that.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use crate::keys;
use crate::notification::Notification;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Position, Query, SortKey, Table, TableError, Write, from_record,
    to_record,
};
use ferrofin_platform::problem::{IntoProblem, Problem};
use ferrofin_platform::records::page_matching;

use crate::kind::NotificationKind;

/// How long a notification stays once it is read or archived.
pub const RETENTION: Duration = Duration::days(365);
/// Most notifications one listing request reads to fill a filtered page.
pub const READ_BUDGET: u32 = 1_000;
/// Notifications changed per table transaction by "mark all".
const CHANGES_PER_TRANSACTION: usize = 50;
/// The unread count's attribute.
const UNREAD: &str = "unread";

/// Which notifications a listing shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxFilter {
    /// Only unread ones.
    pub unread_only: bool,
    /// The archive instead of the inbox.
    pub archived: bool,
    pub kind: Option<NotificationKind>,
}

impl InboxFilter {
    pub fn accepts(&self, notification: &Notification) -> bool {
        notification.archived_at.is_some() == self.archived
            && (!self.unread_only || notification.read_at.is_none())
            && self.kind.is_none_or(|kind| notification.kind() == kind)
    }
}

/// A change to where a notification stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboxChange {
    Read,
    Unread,
    Archive,
    Unarchive,
}

impl InboxChange {
    /// `notification` after the change at `now`; `None` when it already was so.
    fn apply(self, notification: &Notification, now: OffsetDateTime) -> Option<Notification> {
        let mut after = notification.clone();
        match self {
            Self::Read => after.read_at = after.read_at.or(Some(now)),
            Self::Unread => after.read_at = None,
            Self::Archive => after.archived_at = after.archived_at.or(Some(now)),
            Self::Unarchive => after.archived_at = None,
        }
        (after != *notification).then_some(after)
    }

    /// The notifications "mark all" looks at: those the change would alter in the inbox.
    fn all_filter(self) -> InboxFilter {
        InboxFilter {
            unread_only: self == Self::Read,
            archived: self == Self::Unarchive,
            kind: None,
        }
    }
}

/// Why a notification could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("notification not found")]
    NotFound,
    #[error(transparent)]
    Table(#[from] TableError),
}

impl IntoProblem for InboxError {
    fn into_problem(self) -> Problem {
        match self {
            Self::NotFound => Problem::not_found("notification"),
            Self::Table(err) => err.into_problem(),
        }
    }
}

#[derive(Clone)]
pub struct NotificationStore {
    table: Arc<dyn Table>,
}

impl NotificationStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// The writes that add a new notification (once: ids are event ids) and count it unread.
    pub fn create(notification: &Notification) -> Result<Vec<Write>, TableError> {
        let mut stored = notification.clone();
        stored.version = 1;
        Ok(vec![
            Write::Put {
                item: record(&stored)?,
                condition: Condition::NotExists,
            },
            count_change(&notification.user_id, 1),
        ])
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        id: &EventId,
    ) -> Result<Option<Notification>, TableError> {
        self.table
            .get(&keys::notification(user_id, id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// One page of the user's notifications that `filter` accepts, newest first.
    pub async fn page(
        &self,
        user_id: &UserId,
        filter: InboxFilter,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Notification>, Option<Position>), TableError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::NOTIFICATION_PREFIX.to_owned()),
            forward: false,
            start_after,
            ..Query::partition(keys::user_partition(user_id), limit)
        };
        page_matching(self.table.as_ref(), query, READ_BUDGET, |notification| {
            filter.accepts(notification)
        })
        .await
    }

    /// Unread notifications in the inbox: one read.
    pub async fn unread_count(&self, user_id: &UserId) -> Result<u64, TableError> {
        let item = self.table.get(&keys::counts(user_id)).await?;
        let unread = item
            .as_ref()
            .and_then(|item| match item.get(UNREAD) {
                Some(AttributeValue::N(number)) => number.parse::<i64>().ok(),
                _ => None,
            })
            .unwrap_or(0);
        Ok(u64::try_from(unread).unwrap_or(0))
    }

    /// Applies `change` to one notification (nothing to do is not an error).
    pub async fn change(
        &self,
        user_id: &UserId,
        id: &EventId,
        change: InboxChange,
        now: OffsetDateTime,
    ) -> Result<Notification, InboxError> {
        loop {
            let before = self.get(user_id, id).await?.ok_or(InboxError::NotFound)?;
            let Some(after) = change.apply(&before, now) else {
                return Ok(before);
            };
            match self.table.transact(change_writes(&before, &after)?).await {
                Err(TableError::ConditionFailed { .. }) => continue,
                Err(err) => return Err(err.into()),
                Ok(()) => return Ok(after),
            }
        }
    }

    /// Applies `change` to every notification it would alter; answers how many changed.
    pub async fn change_all(
        &self,
        user_id: &UserId,
        change: InboxChange,
        now: OffsetDateTime,
    ) -> Result<u64, TableError> {
        let filter = change.all_filter();
        let mut changed = 0;
        let mut start_after = None;
        loop {
            let (page, next) = self
                .page(
                    user_id,
                    filter,
                    CHANGES_PER_TRANSACTION as u32,
                    start_after.clone(),
                )
                .await?;
            let pairs: Vec<(Notification, Notification)> = page
                .into_iter()
                .filter_map(|before| change.apply(&before, now).map(|after| (before, after)))
                .collect();
            if !pairs.is_empty() {
                let mut writes = Vec::with_capacity(pairs.len() + 1);
                let mut delta = 0;
                for (before, after) in &pairs {
                    writes.push(versioned_put(before, after)?);
                    delta += unread_delta(before, Some(after));
                }
                if delta != 0 {
                    writes.push(count_change(user_id, delta));
                }
                match self.table.transact(writes).await {
                    // One changed meanwhile: read the page again.
                    Err(TableError::ConditionFailed { .. }) => continue,
                    other => other?,
                }
                changed += pairs.len() as u64;
            }
            match next {
                Some(next) => start_after = Some(next),
                None => return Ok(changed),
            }
        }
    }

    /// Deletes one notification and uncounts it.
    pub async fn delete(&self, user_id: &UserId, id: &EventId) -> Result<(), InboxError> {
        loop {
            let before = self.get(user_id, id).await?.ok_or(InboxError::NotFound)?;
            let mut writes = vec![Write::Delete {
                key: keys::notification(user_id, id),
                condition: version_condition(&before),
            }];
            if before.counts_as_unread() {
                writes.push(count_change(user_id, -1));
            }
            match self.table.transact(writes).await {
                Err(TableError::ConditionFailed { .. }) => continue,
                other => return Ok(other?),
            }
        }
    }
}

/// The stored item: it expires once it no longer counts.
fn record(
    notification: &Notification,
) -> Result<ferrofin_platform::ports::table::Item, TableError> {
    let settled = notification.archived_at.or(notification.read_at);
    let expires = (!notification.counts_as_unread())
        .then_some(settled)
        .flatten()
        .map(|at| at + RETENTION);
    to_record(
        notification,
        &keys::notification(&notification.user_id, &notification.id),
        expires,
    )
}

/// Notifications stored before they carried a version are matched by existence.
fn version_condition(before: &Notification) -> Condition {
    if before.version == 0 {
        Condition::Exists
    } else {
        Condition::version_is(before.version)
    }
}

fn versioned_put(before: &Notification, after: &Notification) -> Result<Write, TableError> {
    let mut stored = after.clone();
    stored.version = before.version + 1;
    Ok(Write::Put {
        item: record(&stored)?,
        condition: version_condition(before),
    })
}

/// How the unread count moves when `before` becomes `after` (`None`: deleted).
fn unread_delta(before: &Notification, after: Option<&Notification>) -> i64 {
    let counts = |notification: &Notification| i64::from(notification.counts_as_unread());
    after.map_or(0, counts) - counts(before)
}

fn change_writes(before: &Notification, after: &Notification) -> Result<Vec<Write>, TableError> {
    let mut writes = vec![versioned_put(before, after)?];
    let delta = unread_delta(before, Some(after));
    if delta != 0 {
        writes.push(count_change(&before.user_id, delta));
    }
    Ok(writes)
}

fn count_change(user_id: &UserId, delta: i64) -> Write {
    Write::Add {
        key: keys::counts(user_id),
        deltas: vec![(UNREAD.to_owned(), delta)],
        condition: Condition::Always,
    }
}
