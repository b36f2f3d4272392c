//! Background jobs as an operator follows them: `GET /v1/admin/jobs?kind=` lists the imports,
//! the erasures of deleted users or the scheduled runs (each day's loans run, held-email
//! deliveries, price refreshes), newest first, from the job index (`gsi1`, `JOBS#<kind>`; see
//! `ferrofin_platform::job_status`), optionally only those running, completed or failed.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::Permission;
use ferrofin_imports::{ImportJob, ImportStatus};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiQuery, ErrorBody, PageQuery, PageResponse, paged};
use ferrofin_platform::job_status::{JobKind, JobRun, RunState};
use ferrofin_platform::ports::table::{Index, Position, Query, TableError};
use ferrofin_platform::records::page_matching;
use ferrofin_platform::routes;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Job records one request reads at most while filtering by state.
const READ_BUDGET: u32 = 500;

/// Which jobs to list, with paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JobsQuery {
    /// `import`, `erasure`, `scheduled` or `deletion`.
    pub kind: JobKind,
    /// Only jobs in this state: `running` (an import queued, running or undoing), `completed`
    /// (an import completed, with errors or not, cancelled or undone) or `failed`.
    pub state: Option<RunState>,
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: String,
    pub kind: JobKind,
    /// The job: `import`, or the message type of the run (`user.erase`, `loans.daily`, ...).
    pub name: String,
    /// Whose data it works on, when it is one user's.
    pub user_id: Option<String>,
    pub state: RunState,
    /// The job's own status when it has one (an import's `completed_with_errors`, `undone`, ...).
    pub status: Option<String>,
    /// Steps done (one step per message), for runs.
    pub steps: Option<u64>,
    /// What it did last, in a few words.
    pub detail: Option<String>,
    /// Why it failed, or the last failed attempt of a run still running.
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
}

fn import_state(status: ImportStatus) -> RunState {
    match status {
        ImportStatus::Queued | ImportStatus::Running | ImportStatus::Undoing => RunState::Running,
        ImportStatus::Completed
        | ImportStatus::CompletedWithErrors
        | ImportStatus::Cancelled
        | ImportStatus::Undone => RunState::Completed,
        ImportStatus::Failed => RunState::Failed,
    }
}

impl From<ImportJob> for JobView {
    fn from(job: ImportJob) -> Self {
        let counts = &job.counts;
        Self {
            id: job.id.to_string(),
            kind: JobKind::Import,
            name: "import".to_owned(),
            user_id: Some(job.user_id.to_string()),
            state: import_state(job.status),
            status: serde_json::to_value(job.status)
                .ok()
                .and_then(|status| status.as_str().map(str::to_owned)),
            steps: None,
            detail: Some(format!(
                "{} rows read: {} imported, {} duplicates, {} failed",
                counts.processed, counts.imported, counts.duplicates, counts.failed
            )),
            error: job.failure,
            started_at: job.created_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
        }
    }
}

impl From<JobRun> for JobView {
    fn from(run: JobRun) -> Self {
        Self {
            id: run.id.to_string(),
            kind: run.kind,
            name: run.name,
            user_id: run.user_id.map(|user| user.to_string()),
            state: run.state,
            status: None,
            steps: Some(run.steps),
            detail: run.detail,
            error: run.last_error,
            started_at: run.started_at,
            updated_at: run.updated_at,
            finished_at: run.finished_at,
        }
    }
}

/// A record in the job index.
trait JobRecord: DeserializeOwned + Into<JobView> {
    fn state(&self) -> RunState;
}

impl JobRecord for ImportJob {
    fn state(&self) -> RunState {
        import_state(self.status)
    }
}

impl JobRecord for JobRun {
    fn state(&self) -> RunState {
        self.state
    }
}

/// One page of the jobs of `kind` in the job index, newest first, only those in `wanted` when
/// given (a page may then be short while a cursor follows).
async fn page_of<T: JobRecord>(
    state: &AppState,
    kind: JobKind,
    wanted: Option<RunState>,
    limit: u32,
    start_after: Option<Position>,
) -> Result<(Vec<JobView>, Option<Position>), TableError> {
    let query = Query {
        index: Index::Gsi1,
        forward: false,
        start_after,
        ..Query::partition(kind.index_partition(), limit)
    };
    let keep = |record: &T| wanted.is_none_or(|wanted| record.state() == wanted);
    let (records, next) = page_matching(state.table.as_ref(), query, READ_BUDGET, keep).await?;
    Ok((records.into_iter().map(Into::into).collect(), next))
}

/// Jobs of one kind, newest first (`queues:read`): imports (every user's), erasures of deleted
/// users' data, scheduled runs, or deletions done in steps (a deleted portfolio's items), each
/// with its state, steps, last detail and error.
#[utoipa::path(get, path = "/v1/admin/jobs", operation_id = "listJobs", tag = "admin", security(("bearer" = [])),
    params(JobsQuery),
    responses((status = 200, body = PageResponse<JobView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiQuery(query): ApiQuery<JobsQuery>,
) -> Result<Json<PageResponse<JobView>>, ApiError> {
    admin.require(Permission::QueuesRead)?;
    let paging = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let (kind, wanted) = (query.kind, query.state);
    let scope = format!("admin-jobs:{}:{wanted:?}", kind.as_str());
    let reading = state.clone();
    let load = |limit, start| async move {
        let state = &reading;
        match kind {
            JobKind::Import => page_of::<ImportJob>(state, kind, wanted, limit, start).await,
            JobKind::Erasure | JobKind::Scheduled | JobKind::Deletion => {
                page_of::<JobRun>(state, kind, wanted, limit, start).await
            }
        }
    };
    paged(&state.cursors, &paging, &scope, load, Ok).await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(list))
}
