//! The `Idempotency-Key` request header, read together with the body it protects: a client
//! that retries a create with the same key and body gets the original result (see
//! [`crate::idempotency`]).

use axum::http::HeaderMap;
use serde::Serialize;
use utoipa::IntoParams;

use super::error::ApiError;
use crate::fields::Invalid;
use crate::idempotency::IdempotencyKey;

/// The header's name, as axum sees it.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// The header as a route documents it: `params(IdempotencyKeyHeader)`.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKeyHeader {
    /// Makes retries safe: 1 to 128 visible ASCII characters, remembered 24 hours; the same
    /// key with another body is a 409.
    #[param(rename = "Idempotency-Key", pattern = "^[!-~]{1,128}$")]
    pub key: Option<String>,
}

/// The request's key, if the client sent one, fingerprinted with the parsed `body` (so the
/// same request formatted differently is still the same); a value that is not a key is a 422
/// naming the header.
pub fn idempotency_key(
    headers: &HeaderMap,
    body: &impl Serialize,
) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let fingerprint = serde_json::to_vec(body).map_err(|err| ApiError::internal(&err))?;
    let key = value.to_str().unwrap_or_default();
    IdempotencyKey::parse(key, &fingerprint)
        .map(Some)
        .map_err(|message| Invalid::field("Idempotency-Key", message).into())
}
