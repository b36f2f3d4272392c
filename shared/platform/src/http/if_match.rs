//! Optimistic concurrency over HTTP: responses carry the version as an `ETag` (`"3"`), and
//! writes send it back in `If-Match`. [`IfMatch`] reads `3`, `"3"` or `W/"3"`; an `If-Match`
//! that is not a version cannot match anything, so it is a 412 `PRECONDITION_FAILED`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};

use super::error::{ApiError, ErrorCode};

/// The version named by `If-Match`, if the header was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IfMatch(pub Option<u64>);

fn parse_version(value: &str) -> Option<u64> {
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    let value = value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value);
    value.parse().ok()
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        value
            .to_str()
            .ok()
            .and_then(parse_version)
            .map(|version| Self(Some(version)))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    ErrorCode::PreconditionFailed,
                    "If-Match must be the version of the resource, e.g. \"3\"",
                )
            })
    }
}

/// The `ETag` header of a resource at `version`: the version in quotes.
pub fn etag(version: u64) -> [(HeaderName, HeaderValue); 1] {
    let quoted = HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from(version));
    [(header::ETAG, quoted)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_bare_quoted_or_weak() {
        assert_eq!(parse_version("3"), Some(3));
        assert_eq!(parse_version("\"12\""), Some(12));
        assert_eq!(parse_version("W/\"7\""), Some(7));
        assert_eq!(parse_version("*"), None);
        assert_eq!(etag(4)[0].1, "\"4\"");
    }
}
