//! The audit log for admins, newest first: `GET /v1/admin/users/{id}/audit` (a user's),
//! `GET /v1/admin/audit` (search by actor, target, action and time range; index-backed, see
//! `ferrofin_platform::audit_search`) and `POST /v1/admin/audit/exports` (a search as CSV in
//! the object store, with a presigned download valid 15 minutes).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta, Identity};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditEntry, AuditLog};
use ferrofin_platform::audit_export::{AuditExport, AuditExportRequest};
use ferrofin_platform::audit_search::AuditFilter;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, PresignedView, paged,
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

/// Audit entries matching the filters, newest first (`audit:read`): by target in its own
/// partition, otherwise day by day over at most 366 days (30 by default); actor and action
/// filter what is read, so a page may be short while `next_cursor` is set.
#[utoipa::path(get, path = "/v1/admin/audit", operation_id = "searchAuditLog", tag = "admin", security(("bearer" = [])),
    params(AuditFilter),
    responses((status = 200, body = PageResponse<AuditEntryView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    admin: AuthUser,
    ApiQuery(filter): ApiQuery<AuditFilter>,
) -> Result<Json<PageResponse<AuditEntryView>>, ApiError> {
    admin.require(Permission::AuditRead)?;
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    };
    let audit = AuditLog::new(state.table.clone(), state.clock.clone());
    let load = |limit, start| audit.search(&filter, limit, start);
    paged(&state.cursors, &paging, &filter.scope(), load, |entry| {
        Ok(AuditEntryView::from(entry))
    })
    .await
}

/// A finished export of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditExportView {
    pub id: String,
    /// How many entries the file holds.
    pub entries: usize,
    /// GET it within 15 minutes; the file itself is deleted after a day.
    pub download: PresignedView,
}

impl From<AuditExport> for AuditExportView {
    fn from(export: AuditExport) -> Self {
        Self {
            id: export.id,
            entries: export.entries,
            download: export.download.into(),
        }
    }
}

/// Writes the entries matching the filters (at most 10,000; more is a 422) as CSV to the
/// object store and answers a presigned download valid 15 minutes (`audit:read`; audited
/// `audit_exported`).
#[utoipa::path(post, path = "/v1/admin/audit/exports", operation_id = "exportAuditLog", tag = "admin", security(("bearer" = [])),
    request_body = AuditExportRequest,
    responses((status = 201, body = AuditExportView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<AuditExportRequest>,
) -> Result<(StatusCode, Json<AuditExportView>), ApiError> {
    admin.require(Permission::AuditRead)?;
    let audit = AuditLog::new(state.table.clone(), state.clock.clone());
    let ip = (!meta.ip.is_empty()).then_some(meta.ip.as_str());
    let export = audit
        .export_csv(state.blobs.as_ref(), &request.into(), &admin.user_id, ip)
        .await?;
    Ok((StatusCode::CREATED, Json(export.into())))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(audit_log))
        .routes(routes!(search))
        .routes(routes!(export))
}
