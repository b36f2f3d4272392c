//! The probes: `GET /health` (liveness) and `GET /ready` (readiness), with their reports.

use axum::Json;
use axum::extract::State;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ErrorBody};
use ferrofin_platform::routes;
use serde::Serialize;
use utoipa::ToSchema;

use crate::memory::MemoryUsage;

/// Liveness report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the function answers.
    pub status: &'static str,
    pub version: &'static str,
    /// Seconds since this execution environment started.
    pub uptime_seconds: u64,
    pub memory: MemoryUsage,
}

/// Readiness report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    pub status: &'static str,
    pub checks: ReadinessChecks,
}

/// Result of each dependency check.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessChecks {
    pub table: &'static str,
    pub queue: &'static str,
    /// The uploads bucket.
    pub blobs: &'static str,
    /// The sender identity of outgoing email.
    pub mailer: &'static str,
}

/// Whether the function is alive.
#[utoipa::path(get, path = "/health", operation_id = "getHealth", tag = "health", responses((status = 200, body = Health)))]
async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: state.started.elapsed().as_secs(),
        memory: MemoryUsage::of_this_process(),
    })
}

/// Whether the functions can serve: the table, the queues, the uploads bucket and the mail
/// sender must answer.
#[utoipa::path(
    get,
    path = "/ready", operation_id = "getReadiness",
    tag = "health",
    responses(
        (status = 200, body = Readiness),
        (status = 503, description = "A dependency is unavailable", body = ErrorBody),
    )
)]
async fn ready(State(state): State<AppState>) -> Result<Json<Readiness>, ApiError> {
    state
        .table
        .ping()
        .await
        .map_err(|err| ApiError::dependency_unavailable("table", &err))?;
    state
        .queue
        .ping()
        .await
        .map_err(|err| ApiError::dependency_unavailable("queue", &err))?;
    state
        .blobs
        .ping()
        .await
        .map_err(|err| ApiError::dependency_unavailable("blobs", &err))?;
    state
        .mailer
        .ping()
        .await
        .map_err(|err| ApiError::dependency_unavailable("mailer", &err))?;
    Ok(Json(Readiness {
        status: "ready",
        checks: ReadinessChecks {
            table: "ok",
            queue: "ok",
            blobs: "ok",
            mailer: "ok",
        },
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
}
