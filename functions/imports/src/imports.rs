//! Import handlers: start, list, read, cancel.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ferrofin_identity::AuthUser;
use ferrofin_imports::{ImportId, Imports};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::import_dto::{ImportView, PreviewView, StartImport};

/// Starts importing a completed `import` file into one of the caller's accounts. The import is
/// queued (202) and runs in the background; follow it with `GET /v1/imports/{id}`. With
/// `dry_run: true`, answers the first 20 rows as they would be imported and imports nothing
/// (200).
#[utoipa::path(post, path = "/v1/imports", tag = "imports", security(("bearer" = [])), request_body = StartImport,
    responses((status = 202, description = "The import is queued", body = ImportView),
        (status = 200, description = "A dry run: the first rows, nothing imported", body = PreviewView),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<StartImport>,
) -> Result<Response, ApiError> {
    let (new, dry_run) = body.into_new()?;
    let imports = Imports::new(&state);
    if dry_run {
        let preview = imports.dry_run(&user.user_id, &new).await?;
        return Ok(Json(PreviewView::from(preview)).into_response());
    }
    let job = imports.start(&user.user_id, new).await?;
    Ok((StatusCode::ACCEPTED, Json(ImportView::from(job))).into_response())
}

/// The caller's imports, newest first.
#[utoipa::path(get, path = "/v1/imports", tag = "imports", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<ImportView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ImportView>>, ApiError> {
    let imports = Imports::new(&state);
    let load = |limit, start| imports.page(&user.user_id, limit, start);
    let scope = format!("imports:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |job| {
        Ok(ImportView::from(job))
    })
    .await
}

/// One of the caller's imports with its progress and row errors.
#[utoipa::path(get, path = "/v1/imports/{id}", tag = "imports", security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    responses((status = 200, body = ImportView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<ImportId>,
) -> Result<Json<ImportView>, ApiError> {
    let job = Imports::new(&state).get(&user.user_id, &id).await?;
    Ok(Json(job.into()))
}

/// Cancels an import that has not finished (what it imported so far stays); a finished import
/// is answered unchanged.
#[utoipa::path(post, path = "/v1/imports/{id}/cancel", tag = "imports", security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    responses((status = 200, body = ImportView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<ImportId>,
) -> Result<Json<ImportView>, ApiError> {
    let job = Imports::new(&state).cancel(&user.user_id, &id).await?;
    Ok(Json(job.into()))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(start, list))
        .routes(routes!(get_one))
        .routes(routes!(cancel))
}
