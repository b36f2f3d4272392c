//! The background work as an operator sees it: `GET /v1/admin/queues` (per queue the messages
//! waiting, in flight and dead-lettered), `GET /v1/admin/queues/{queue}/dead-letters` and
//! `POST /v1/admin/queues/{queue}/redrive` (send one, some or all dead letters back; audited),
//! through the platform's `QueueAdmin` port.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::fields::Invalid;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::ports::queue::QueueName;
use ferrofin_platform::ports::queue_admin::{DeadLetter, MAX_DEAD_LETTERS, QueueStats, Redrive};
use ferrofin_platform::routes;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Every queue's counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuesView {
    pub queues: Vec<QueueStats>,
}

/// How many dead letters to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeadLetterQuery {
    /// 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

/// Dead letters of one queue, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadLettersView {
    pub dead_letters: Vec<DeadLetter>,
}

/// Which dead letters to send back: `ids`, or `all: true`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ids": ["01KAD5R5T2X4M9Q8ZC3B7N6P0E"]}))]
pub struct RedriveRequest {
    /// Envelope ids of the dead letters (1 to 100).
    #[schema(value_type = Option<Vec<String>>, min_items = 1, max_items = 100)]
    pub ids: Option<Vec<EventId>>,
    /// Every dead letter (up to 100 a request).
    pub all: Option<bool>,
}

impl RedriveRequest {
    fn which(self) -> Result<Redrive, Invalid> {
        match (self.ids, self.all) {
            (Some(ids), None) if (1..=MAX_DEAD_LETTERS).contains(&ids.len()) => {
                Ok(Redrive::Only(ids))
            }
            (Some(_), None) => Err(Invalid::field("ids", "give 1 to 100 ids")),
            (None, Some(true)) => Ok(Redrive::All),
            _ => Err(Invalid::field("ids", "give either ids or all: true")),
        }
    }
}

/// How many dead letters went back to their queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct Redriven {
    pub moved: usize,
}

/// Per queue: messages waiting, in flight and dead-lettered (`queues:read`; approximate on SQS).
#[utoipa::path(get, path = "/v1/admin/queues", operation_id = "listQueueStats", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = QueuesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn stats(
    State(state): State<AppState>,
    admin: AuthUser,
) -> Result<Json<QueuesView>, ApiError> {
    admin.require(Permission::QueuesRead)?;
    let mut queues = Vec::new();
    for queue in QueueName::ALL {
        queues.push(state.queue_admin.stats(queue).await?);
    }
    Ok(Json(QueuesView { queues }))
}

/// A queue's dead letters, oldest first: envelope type and id, the last error when the queue
/// knows it (not on SQS: the worker's log has it under the id), receive count (`queues:read`).
#[utoipa::path(get, path = "/v1/admin/queues/{queue}/dead-letters", operation_id = "listDeadLetters", tag = "admin", security(("bearer" = [])),
    params(("queue" = QueueName, Path, description = "The queue"), DeadLetterQuery),
    responses((status = 200, body = DeadLettersView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn dead_letters(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiPath(queue): ApiPath<QueueName>,
    ApiQuery(query): ApiQuery<DeadLetterQuery>,
) -> Result<Json<DeadLettersView>, ApiError> {
    admin.require(Permission::QueuesRead)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_DEAD_LETTERS).contains(&limit) {
        return Err(Invalid::field("limit", "must be between 1 and 100").into());
    }
    let dead_letters = state.queue_admin.dead_letters(queue, limit).await?;
    Ok(Json(DeadLettersView { dead_letters }))
}

/// Sends dead letters back to their queue (`queues:redrive`; audited `dead_letters_redriven`):
/// those with the given envelope ids, or all of them (up to 100 a request).
#[utoipa::path(post, path = "/v1/admin/queues/{queue}/redrive", operation_id = "redriveDeadLetters", tag = "admin", security(("bearer" = [])),
    params(("queue" = QueueName, Path, description = "The queue")), request_body = RedriveRequest,
    responses((status = 200, body = Redriven), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn redrive(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(queue): ApiPath<QueueName>,
    ApiJson(request): ApiJson<RedriveRequest>,
) -> Result<Json<Redriven>, ApiError> {
    admin.require(Permission::QueuesRedrive)?;
    let which = request.which()?;
    let moved = state.queue_admin.redrive(queue, &which).await?;
    let ip = (!meta.ip.is_empty()).then_some(meta.ip.as_str());
    let metadata = serde_json::json!({"queue": queue, "moved": moved});
    AuditLog::new(state.table.clone(), state.clock.clone())
        .record(
            AuditAction::DeadLettersRedriven,
            Some(&admin.user_id),
            None,
            ip,
            metadata,
        )
        .await?;
    Ok(Json(Redriven { moved }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(stats))
        .routes(routes!(dead_letters))
        .routes(routes!(redrive))
}
