//! `GET /v1/admin/users/{id}/audit`: a user's audit log, newest first.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, Identity};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditEntry};
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[schema(value_type = Option<String>)]
    pub actor: Option<UserId>,
    /// What happened, e.g. `login_failed`, `role_changed`.
    #[schema(value_type = String)]
    pub action: AuditAction,
    pub target: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub metadata: serde_json::Value,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> Self {
        Self {
            id: entry.id,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            ip: entry.ip,
            metadata: entry.metadata,
        }
    }
}

/// A user's audit log, newest first (`audit:read`).
#[utoipa::path(get, path = "/v1/admin/users/{id}/audit", operation_id = "getUserAuditLog", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "User id"), PageQuery),
    responses((status = 200, body = PageResponse<AuditEntryView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiPath(user_id): ApiPath<UserId>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<AuditEntryView>>, ApiError> {
    admin.require(Permission::AuditRead)?;
    let identity = Identity::new(&state);
    let load = |limit, start| identity.audit.page_for_user(user_id.as_str(), limit, start);
    paged(
        &state.cursors,
        &page,
        &format!("admin-audit:{user_id}"),
        load,
        |entry| Ok(AuditEntryView::from(entry)),
    )
    .await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(audit_log))
}
