//! Import handlers: start (idempotently with `Idempotency-Key`), list, read, cancel, undo, and
//! the remembered CSV mappings.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ferrofin_identity::AuthUser;
use ferrofin_imports::{ImportId, Imports};
use ferrofin_platform::AppState;
use ferrofin_platform::http::IdempotencyKeyHeader;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse,
    idempotency_key, paged,
};
use ferrofin_platform::routes;

use crate::import_dto::{ImportView, MappingView, PreviewView, StartImport};

/// Starts importing a completed `import` file into one of the caller's accounts. The import is
/// queued (202) and runs in the background; follow it with `GET /v1/imports/{id}`. With
/// `Idempotency-Key`, repeating the same request answers the import the first one started; the
/// same key with another request is a 409. With `dry_run: true`, answers the first 20 rows as
/// they would be imported and imports nothing (200).
#[utoipa::path(post, path = "/v1/imports", operation_id = "startImport", tag = "imports", security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = StartImport,
    responses((status = 202, description = "The import is queued", body = ImportView),
        (status = 200, description = "A dry run: the first rows, nothing imported", body = PreviewView),
        (status = 401, body = ErrorBody), (status = 409, description = "The Idempotency-Key was used with another request", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<StartImport>,
) -> Result<Response, ApiError> {
    let (new, dry_run) = body.into_new()?;
    let imports = Imports::new(&state);
    if dry_run {
        let preview = imports.dry_run(&user.user_id, &new).await?;
        return Ok(Json(PreviewView::from(preview)).into_response());
    }
    let key = idempotency_key(&headers, &new)?;
    let job = imports.start(&user.user_id, new, key).await?;
    Ok((StatusCode::ACCEPTED, Json(ImportView::from(job))).into_response())
}

/// The caller's imports, newest first.
#[utoipa::path(get, path = "/v1/imports", operation_id = "listImports", tag = "imports", security(("bearer" = [])), params(PageQuery),
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
#[utoipa::path(get, path = "/v1/imports/{id}", operation_id = "getImport", tag = "imports", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/imports/{id}/cancel", operation_id = "cancelImport", tag = "imports", security(("bearer" = [])),
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

/// Undoes an import whose reading ended: every transaction it recorded is removed in the
/// background (status `undoing`, then `undone`, with `counts.removed`), balances and totals
/// with them. Transactions changed since stay changed but are removed too; ones deleted since
/// are gone already. An import still reading is a 409 (cancel it first); one undoing or undone
/// is answered unchanged.
#[utoipa::path(post, path = "/v1/imports/{id}/undo", operation_id = "undoImport", tag = "imports", security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    responses((status = 202, description = "Undoing is queued (or under way, or done)", body = ImportView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "The import is still reading its file", body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<ImportId>,
) -> Result<(StatusCode, Json<ImportView>), ApiError> {
    let job = Imports::new(&state).undo(&user.user_id, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(job.into())))
}

/// The CSV mapping remembered for each of the caller's accounts: a CSV import that leaves out
/// `mapping` uses its account's.
#[utoipa::path(get, path = "/v1/imports/mappings", operation_id = "listImportMappings", tag = "imports", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<MappingView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn mappings(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<MappingView>>, ApiError> {
    let imports = Imports::new(&state);
    let load = |limit, start| imports.mappings(&user.user_id, limit, start);
    let scope = format!("import-mappings:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |mapping| {
        Ok(MappingView::from(mapping))
    })
    .await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(start, list))
        .routes(routes!(mappings))
        .routes(routes!(get_one))
        .routes(routes!(cancel))
        .routes(routes!(undo))
}
