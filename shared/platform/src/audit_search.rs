//! Searching the audit log for admins, newest first: by `target` in the target's own partition,
//! otherwise day by day through the day index (`gsi1`, `AUDIT#<yyyy-mm-dd>`). The time range is
//! a sort-key condition; `actor` and `action` filter the entries read, as a DynamoDB filter
//! expression would, and one request reads a bounded number of entries and days, so a page may
//! hold fewer than `limit` entries while a cursor follows. No Scan.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime};
use utoipa::IntoParams;

use crate::audit::{AuditAction, AuditEntry, AuditLog};
use crate::fields::Invalid;
use crate::ids::UserId;
use crate::keys;
use crate::ports::table::{Index, Key, Position, Query, SortKey};
use crate::problem::{ErrorCode, IntoProblem, Problem, ProblemKind};
use crate::records::page_matching;

/// The range searched by day when `from` is not given: the 30 days before `to`.
pub const DEFAULT_RANGE: Duration = Duration::days(30);
/// The longest range searched by day.
pub const MAX_RANGE: Duration = Duration::days(366);
/// Entries one request reads at most in one partition.
const READ_BUDGET: u32 = 500;
/// Day partitions one request reads at most.
const DAYS_PER_REQUEST: usize = 7;
/// The partition of the positions that resume at the start of a day (never a table key).
const NEXT_DAY: &str = "AUDIT_NEXT_DAY";

/// Filters of the audit log search, with paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    /// User id of who did it.
    #[param(value_type = Option<String>)]
    pub actor: Option<UserId>,
    /// Whom or what it was done to (a user, customer or group id).
    pub target: Option<String>,
    /// What happened, e.g. `login_failed`, `role_changed`.
    #[param(value_type = Option<AuditAction>, inline, example = "user_banned")]
    pub action: Option<AuditAction>,
    /// At or after this instant (RFC 3339); without a target, 30 days before `to` by default.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    pub from: Option<OffsetDateTime>,
    /// At or before this instant (RFC 3339); now by default.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<OffsetDateTime>,
    /// Page size, 1..=100 (default 50).
    #[serde(skip_serializing)]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing)]
    pub cursor: Option<String>,
}

/// A checked range: both ends, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    from: OffsetDateTime,
    to: OffsetDateTime,
}

impl Range {
    /// The sort-key condition covering the range, a second wider on each side (stored times
    /// carry fractions of a second, which sort after the whole second): entries are checked
    /// against the exact range when read.
    fn sort_key(self) -> SortKey {
        let text = |at: OffsetDateTime| at.format(&Rfc3339).unwrap_or_default();
        SortKey::Between(
            text(self.from - Duration::SECOND),
            format!("{}~", text(self.to + Duration::SECOND)),
        )
    }

    fn contains(self, at: OffsetDateTime) -> bool {
        self.from <= at && at <= self.to
    }
}

impl AuditFilter {
    /// The cursor scope: the list and every filter, so a cursor only resumes the same search.
    pub fn scope(&self) -> String {
        format!(
            "admin-audit-search:{}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }

    /// The range searched at `now`: `from` after `to`, or a range by day longer than
    /// [`MAX_RANGE`], is a 422.
    fn range(&self, now: OffsetDateTime) -> Result<Range, Invalid> {
        let to = self.to.unwrap_or(now);
        let from = match (self.from, &self.target) {
            (Some(from), _) => from,
            (None, Some(_)) => OffsetDateTime::UNIX_EPOCH,
            (None, None) => to - DEFAULT_RANGE,
        };
        if from > to {
            return Err(Invalid::field("from", "must not be after to"));
        }
        if self.target.is_none() && to - from > MAX_RANGE {
            return Err(Invalid::field(
                "from",
                "without a target, the range spans at most 366 days",
            ));
        }
        Ok(Range { from, to })
    }

    /// Whether an entry satisfies every filter.
    fn matches(&self, entry: &AuditEntry, range: Range) -> bool {
        range.contains(entry.at)
            && self
                .actor
                .as_ref()
                .is_none_or(|actor| entry.actor.as_ref() == Some(actor))
            && self
                .target
                .as_ref()
                .is_none_or(|target| entry.target.as_ref() == Some(target))
            && self.action.is_none_or(|action| entry.action == action)
    }
}

impl AuditLog {
    /// One page of the entries matching `filter`, newest first, and where the next page starts.
    pub async fn search(
        &self,
        filter: &AuditFilter,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<AuditEntry>, Option<Position>), Problem> {
        let range = filter
            .range(self.clock.now())
            .map_err(IntoProblem::into_problem)?;
        let keep = |entry: &AuditEntry| filter.matches(entry, range);
        if let Some(target) = &filter.target {
            let query = Query {
                sort: range.sort_key(),
                forward: false,
                start_after,
                ..Query::partition(keys::audit_partition(target), limit)
            };
            return page_matching(self.table.as_ref(), query, READ_BUDGET, keep)
                .await
                .map_err(IntoProblem::into_problem);
        }
        let (mut day, mut resume) = resume_point(start_after, range.to.date())?;
        let mut found = Vec::new();
        for _ in 0..DAYS_PER_REQUEST {
            let wanted = limit.saturating_sub(u32::try_from(found.len()).unwrap_or(u32::MAX));
            if day < range.from.date() || wanted == 0 {
                break;
            }
            let query = Query {
                index: Index::Gsi1,
                partition: keys::audit_day_partition(&day.to_string()),
                sort: range.sort_key(),
                forward: false,
                limit: wanted,
                start_after: resume.take(),
            };
            let (entries, next) = page_matching(self.table.as_ref(), query, READ_BUDGET, keep)
                .await
                .map_err(IntoProblem::into_problem)?;
            found.extend(entries);
            if next.is_some() {
                return Ok((found, next));
            }
            match day.previous_day() {
                Some(previous) => day = previous,
                None => return Ok((found, None)),
            }
        }
        let more = day >= range.from.date();
        Ok((found, more.then(|| start_of_day(day))))
    }
}

/// The day to read first and where in it: the day a cursor ended in (or the next one to
/// start), or the range's last day.
fn resume_point(
    start_after: Option<Position>,
    last_day: Date,
) -> Result<(Date, Option<Position>), Problem> {
    let Some(position) = start_after else {
        return Ok((last_day, None));
    };
    let day_of = |text: &str| {
        Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| invalid_cursor())
    };
    if position.key.pk == NEXT_DAY {
        return Ok((day_of(&position.key.sk)?, None));
    }
    let partition = position
        .index_key
        .as_ref()
        .map(|(partition, _)| partition.clone())
        .ok_or_else(invalid_cursor)?;
    let day = partition
        .strip_prefix(&keys::audit_day_partition(""))
        .ok_or_else(invalid_cursor)?;
    Ok((day_of(day)?, Some(position)))
}

/// The position that resumes at the start of `day`.
fn start_of_day(day: Date) -> Position {
    Position {
        key: Key::new(NEXT_DAY, day.to_string()),
        index_key: None,
    }
}

/// A cursor of this list that does not point into a day (never signed by this list).
fn invalid_cursor() -> Problem {
    Problem::new(
        ProblemKind::BadRequest,
        ErrorCode::InvalidCursor,
        "the cursor is invalid or belongs to another list",
    )
}
