//! File handlers: declare, complete, list, read, download, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_files::{FileId, Files, Upload};
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::file_dto::{DeclareFile, FileView, UploadView};
use ferrofin_platform::http::PresignedView;

/// Declares a file and answers the presigned upload (valid 15 minutes) that S3 accepts only
/// with the declared type and exact size. The file is `pending` until completed; one never
/// completed is removed after a day.
#[utoipa::path(post, path = "/v1/files", operation_id = "declareFile", tag = "files", security(("bearer" = [])), request_body = DeclareFile,
    responses((status = 201, body = UploadView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn declare(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<DeclareFile>,
) -> Result<(StatusCode, Json<UploadView>), ApiError> {
    let upload = Upload::checked(&body.filename, &body.content_type, body.size, body.purpose)?;
    let declared = Files::new(&state).declare(&user.user_id, upload).await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadView {
            file: declared.file.into(),
            upload: declared.upload.into(),
        }),
    ))
}

/// Confirms the upload: the stored object must have the declared size and type and start
/// like a file of that type; then the file is `ready`. A mismatching object is removed (422).
/// Completing a ready file answers it again.
#[utoipa::path(post, path = "/v1/files/{id}/complete", operation_id = "completeFile", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses((status = 200, body = FileView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Nothing has been uploaded yet", body = ErrorBody),
        (status = 422, description = "The upload does not match the declaration", body = ErrorBody)))]
async fn complete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<FileId>,
) -> Result<Json<FileView>, ApiError> {
    let file = Files::new(&state).complete(&user.user_id, &id).await?;
    Ok(Json(file.into()))
}

/// The caller's files, newest first.
#[utoipa::path(get, path = "/v1/files", operation_id = "listFiles", tag = "files", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<FileView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<FileView>>, ApiError> {
    let files = Files::new(&state);
    let load = |limit, start| files.page(&user.user_id, limit, start);
    let scope = format!("files:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |file| {
        Ok(FileView::from(file))
    })
    .await
}

/// One of the caller's files.
#[utoipa::path(get, path = "/v1/files/{id}", operation_id = "getFile", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses((status = 200, body = FileView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<FileId>,
) -> Result<Json<FileView>, ApiError> {
    let file = Files::new(&state).get(&user.user_id, &id).await?;
    Ok(Json(file.into()))
}

/// A presigned download of a ready file (valid 1 hour), served as an attachment with the
/// file's name.
#[utoipa::path(get, path = "/v1/files/{id}/download", operation_id = "downloadFile", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses((status = 200, body = PresignedView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The file has not been completed", body = ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<FileId>,
) -> Result<Json<PresignedView>, ApiError> {
    let request = Files::new(&state).download(&user.user_id, &id).await?;
    Ok(Json(request.into()))
}

/// Deletes a file: its object, then its record.
#[utoipa::path(delete, path = "/v1/files/{id}", operation_id = "deleteFile", tag = "files", security(("bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<FileId>,
) -> Result<StatusCode, ApiError> {
    Files::new(&state).delete(&user.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(declare, list))
        .routes(routes!(get_one, delete))
        .routes(routes!(complete))
        .routes(routes!(download))
}
