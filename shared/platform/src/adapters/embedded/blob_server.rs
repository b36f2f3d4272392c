//! The devserver's stand-in for S3's presigned URLs: `PUT` and `GET` on
//! [`LOCAL_BLOBS_PATH`], accepted only with a valid, unexpired signature and, for uploads, the
//! exact content type and length that were signed.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;

use super::blobs::{EmbeddedBlobs, LOCAL_BLOBS_PATH, SignatureProblem, SignedParams};
use crate::http::{ApiError, ApiQuery, ErrorCode};
use crate::ports::blobs::{Blobs, attachment_disposition};

/// Largest object the local blob server accepts.
pub const MAX_LOCAL_UPLOAD_BYTES: usize = 100 * 1024 * 1024;

/// Routes serving presigned URLs of `blobs`.
pub fn blob_routes(blobs: Arc<EmbeddedBlobs>) -> Router {
    Router::new()
        .route(LOCAL_BLOBS_PATH, put(upload).get(download))
        .layer(DefaultBodyLimit::max(MAX_LOCAL_UPLOAD_BYTES))
        .with_state(blobs)
}

fn refused(problem: SignatureProblem) -> ApiError {
    let message = match problem {
        SignatureProblem::Invalid => "the signature does not match this request",
        SignatureProblem::Expired => "the presigned URL has expired",
    };
    ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
}

async fn upload(
    State(blobs): State<Arc<EmbeddedBlobs>>,
    ApiQuery(params): ApiQuery<SignedParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    blobs.verify("PUT", &params).map_err(refused)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let length_matches = params.content_length == u64::try_from(body.len()).ok();
    if content_type != params.content_type.as_deref() || !length_matches {
        return Err(refused(SignatureProblem::Invalid));
    }
    blobs
        .put(
            &params.key,
            body,
            params.content_type.as_deref().unwrap_or_default(),
        )
        .await?;
    Ok(StatusCode::OK)
}

async fn download(
    State(blobs): State<Arc<EmbeddedBlobs>>,
    ApiQuery(params): ApiQuery<SignedParams>,
) -> Result<Response, ApiError> {
    blobs.verify("GET", &params).map_err(refused)?;
    let blob = blobs
        .get(&params.key)
        .await?
        .ok_or_else(|| ApiError::not_found("object"))?;
    let mut response = Body::from_stream(blob.body).into_response();
    let headers = response.headers_mut();
    if let Ok(content_type) = HeaderValue::from_str(&blob.meta.content_type) {
        headers.insert(header::CONTENT_TYPE, content_type);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(blob.meta.size));
    if let Some(disposition) = params
        .attachment
        .as_deref()
        .map(attachment_disposition)
        .and_then(|value| HeaderValue::from_str(&value).ok())
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}
