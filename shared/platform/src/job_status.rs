//! What background work is doing, for operators: a [`JobRun`] per run of a job that keeps no
//! record of its own (a user's erasure, a scheduled run), started, stepped and finished by the
//! job itself. Every job record is indexed with the others of its kind on `gsi1`
//! (`JOBS#<kind>`, sorted by the job's time-ordered id), so `GET /v1/admin/jobs` lists them
//! newest first without a Scan; an area whose jobs keep their own records (imports) puts the same
//! index attributes on them ([`index_attributes`]). Runs expire after [`RETENTION`].

use std::future::Future;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

use crate::ids::UserId;
use crate::ports::clock::Clock;
use crate::ports::queue::{ConsumeError, Message, Queue, QueueName, send_message};
use crate::ports::table::{
    AttributeValue, Condition, Item, Key, Table, TableError, attr, from_record, to_record,
};

crate::typed_id! {
    /// One run of a background job.
    pub struct JobId;
}

/// How long a finished or abandoned run stays listed.
pub const RETENTION: Duration = Duration::days(30);

/// The kinds of background work an operator can follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// A statement import (its own record, in the user's partition).
    Import,
    /// Erasing a deleted user's data.
    Erasure,
    /// A run of a scheduled job (`loans.daily`, `notifications.deliver`, `prices.refresh`, ...).
    Scheduled,
    /// Removing a deleted object's items in steps (`investments.purge_portfolio`).
    Deletion,
}

impl JobKind {
    pub const ALL: [JobKind; 4] = [Self::Import, Self::Erasure, Self::Scheduled, Self::Deletion];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Import => "import",
            Self::Erasure => "erasure",
            Self::Scheduled => "scheduled",
            Self::Deletion => "deletion",
        }
    }

    /// The `gsi1` partition that lists the jobs of this kind.
    pub fn index_partition(self) -> String {
        format!("JOBS#{}", self.as_str())
    }
}

/// The `gsi1` attributes that list a job record of `kind` with the others of its kind, by its
/// time-ordered `id`.
pub fn index_attributes(kind: JobKind, id: &str) -> [(String, AttributeValue); 2] {
    [
        (
            attr::GSI1_PK.to_owned(),
            AttributeValue::S(kind.index_partition()),
        ),
        (attr::GSI1_SK.to_owned(), AttributeValue::S(id.to_owned())),
    ]
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    /// Started; more steps may follow (a failed attempt is retried by its queue).
    Running,
    Completed,
    /// Gave up: the message went to the dead-letter queue.
    Failed,
}

/// One run of a job that keeps no record of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRun {
    pub id: JobId,
    pub kind: JobKind,
    /// The job's message type, e.g. `user.erase`, `loans.daily`.
    pub name: String,
    /// Whose data the job works on, when it is one user's.
    pub user_id: Option<UserId>,
    pub state: RunState,
    /// Steps finished (a long job does one step per message).
    pub steps: u64,
    /// What the last step did, in a few words.
    pub detail: Option<String>,
    /// The last failed attempt's error (the attempt is retried while the run is running).
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
}

/// Which run a message belongs to: its kind, name and user, and its id once begun (the first
/// message of a run, sent by a schedule or a request, has none).
pub struct RunOf<'a> {
    pub kind: JobKind,
    pub name: &'a str,
    pub user_id: Option<&'a UserId>,
    pub run: Option<JobId>,
}

/// What a step did, and the message of the next step (carrying the run's id) when more work
/// is left.
pub struct Step<M> {
    pub detail: String,
    pub next: Option<M>,
}

fn run_key(id: &JobId) -> Key {
    Key::new(format!("JOB#{id}"), "RUN")
}

/// Reads and writes runs.
#[derive(Clone)]
pub struct JobLog {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl JobLog {
    pub fn new(table: Arc<dyn Table>, clock: Arc<dyn Clock>) -> Self {
        Self { table, clock }
    }

    /// Records a new run of `name`, running; its id goes into the job's next messages.
    pub async fn begin(
        &self,
        kind: JobKind,
        name: &str,
        user_id: Option<&UserId>,
    ) -> Result<JobId, TableError> {
        let now = self.clock.now();
        let run = JobRun {
            id: JobId::generate(self.clock.as_ref()),
            kind,
            name: name.to_owned(),
            user_id: user_id.cloned(),
            state: RunState::Running,
            steps: 0,
            detail: None,
            last_error: None,
            started_at: now,
            updated_at: now,
            finished_at: None,
        };
        self.put(&run).await?;
        Ok(run.id)
    }

    /// Counts a finished step of the run with what it did; `done` completes the run. A run that
    /// is no longer recorded (expired) is left alone.
    pub async fn step(&self, id: &JobId, detail: String, done: bool) -> Result<(), TableError> {
        self.update(id, |run, now| {
            run.steps += 1;
            run.detail = Some(detail);
            if done {
                run.state = RunState::Completed;
                run.finished_at = Some(now);
            }
        })
        .await
    }

    /// Notes a failed attempt; `final_attempt` marks the run failed (no later step of it will
    /// come).
    pub async fn attempt_failed(
        &self,
        id: &JobId,
        error: String,
        final_attempt: bool,
    ) -> Result<(), TableError> {
        self.update(id, |run, now| {
            run.last_error = Some(error);
            if final_attempt {
                run.state = RunState::Failed;
                run.finished_at = Some(now);
            }
        })
        .await
    }

    /// Runs one step of a job as a queue consumer does: begins the run on its first step, runs
    /// `step` with the run's id, records what it did (the run completes when no next step is
    /// left), then queues the next step on `queue`. A failed step is noted on the run and
    /// returned for the queue to retry or dead-letter; a permanent failure fails the run, and so
    /// does a failed first step, whose retry begins a run of its own.
    pub async fn run_step<M, F, Fut>(
        &self,
        queue: &dyn Queue,
        name: QueueName,
        of: RunOf<'_>,
        step: F,
    ) -> Result<(), ConsumeError>
    where
        M: Message,
        F: FnOnce(JobId) -> Fut,
        Fut: Future<Output = Result<Step<M>, ConsumeError>>,
    {
        let transient = |err: TableError| ConsumeError::Transient(err.to_string());
        let first_step = of.run.is_none();
        let run = match of.run {
            Some(run) => run,
            None => self
                .begin(of.kind, of.name, of.user_id)
                .await
                .map_err(transient)?,
        };
        let done = match step(run.clone()).await {
            Ok(done) => done,
            Err(err) => {
                // A retried first step begins a new run (its message names none): this one ends.
                let ends = first_step || matches!(err, ConsumeError::Permanent(_));
                if let Err(note) = self.attempt_failed(&run, err.to_string(), ends).await {
                    tracing::warn!(error = %note, run = %run, "the failed attempt was not recorded");
                }
                return Err(err);
            }
        };
        self.step(&run, done.detail, done.next.is_none())
            .await
            .map_err(transient)?;
        match done.next {
            Some(next) => send_message(queue, name, &next, self.clock.as_ref())
                .await
                .map_err(|err| ConsumeError::Transient(err.to_string())),
            None => Ok(()),
        }
    }

    pub async fn get(&self, id: &JobId) -> Result<Option<JobRun>, TableError> {
        self.table
            .get(&run_key(id))
            .await?
            .map(from_record)
            .transpose()
    }

    async fn update(
        &self,
        id: &JobId,
        change: impl FnOnce(&mut JobRun, OffsetDateTime),
    ) -> Result<(), TableError> {
        let Some(mut run) = self.get(id).await? else {
            return Ok(());
        };
        let now = self.clock.now();
        change(&mut run, now);
        run.updated_at = now;
        self.put(&run).await
    }

    async fn put(&self, run: &JobRun) -> Result<(), TableError> {
        let mut item: Item = to_record(run, &run_key(&run.id), Some(run.updated_at + RETENTION))?;
        item.extend(index_attributes(run.kind, run.id.as_str()));
        self.table.put(item, Condition::Always).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::embedded::EmbeddedTable;
    use crate::ports::clock::ManualClock;
    use crate::ports::table::{Index, Query};
    use time::macros::datetime;

    #[tokio::test]
    async fn a_run_is_begun_stepped_and_completed_and_listed_under_its_kind() {
        let clock = Arc::new(ManualClock::at(datetime!(2026-11-21 00:30 UTC)));
        let table: Arc<dyn Table> = Arc::new(EmbeddedTable::new(clock.clone()));
        let log = JobLog::new(table.clone(), clock.clone());
        let id = log
            .begin(JobKind::Scheduled, "loans.daily", None)
            .await
            .expect("begin");
        log.attempt_failed(&id, "table busy".to_owned(), false)
            .await
            .expect("attempt");
        clock.advance(Duration::seconds(5));
        log.step(&id, "seen 100".to_owned(), false)
            .await
            .expect("step");
        log.step(&id, "seen 40".to_owned(), true)
            .await
            .expect("step");
        let run = log.get(&id).await.expect("get").expect("run");
        assert_eq!(
            (run.state, run.steps, run.detail.as_deref()),
            (RunState::Completed, 2, Some("seen 40"))
        );
        assert_eq!(run.last_error.as_deref(), Some("table busy"));
        assert_eq!(run.finished_at, Some(datetime!(2026-11-21 00:30:05 UTC)));

        let listed = table
            .query(Query {
                index: Index::Gsi1,
                ..Query::partition(JobKind::Scheduled.index_partition(), 10)
            })
            .await
            .expect("query");
        assert_eq!(listed.items.len(), 1);
    }

    #[tokio::test]
    async fn a_final_failed_attempt_fails_the_run() {
        let clock = Arc::new(ManualClock::at(datetime!(2026-11-21 00:30 UTC)));
        let log = JobLog::new(Arc::new(EmbeddedTable::new(clock.clone())), clock);
        let user = UserId::from("01USER");
        let id = log
            .begin(JobKind::Erasure, "user.erase", Some(&user))
            .await
            .expect("begin");
        log.attempt_failed(&id, "blobs down".to_owned(), true)
            .await
            .expect("attempt");
        let run = log.get(&id).await.expect("get").expect("run");
        assert_eq!((run.state, run.user_id), (RunState::Failed, Some(user)));
        // An unknown run is left alone.
        log.step(&JobId::from("01NONE"), "x".to_owned(), true)
            .await
            .expect("no-op");
    }
}
