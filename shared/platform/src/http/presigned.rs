//! The view of a presigned request (an upload or download the client makes straight against
//! the object store), as every route that hands one out answers it.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::ports::blobs::PresignedRequest;

/// A request the client sends straight to the object store.
#[derive(Debug, Serialize, ToSchema)]
pub struct PresignedView {
    pub method: String,
    pub url: String,
    /// Headers to send exactly as given (for uploads: `content-type` and `content-length`).
    pub headers: BTreeMap<String, String>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

impl From<PresignedRequest> for PresignedView {
    fn from(request: PresignedRequest) -> Self {
        Self {
            method: request.method,
            url: request.url,
            headers: request.headers.into_iter().collect(),
            expires_at: request.expires_at,
        }
    }
}
