//! Cursor pagination: `?limit=&cursor=` in, `{items, next_cursor}` out.
//!
//! A cursor is the position where the previous page ended, signed with HMAC-SHA256 over the
//! list's scope (owner and list name), so it cannot be forged, altered, or replayed against
//! another user's list. It is opaque to clients, not secret.

use std::future::Future;

use axum::Json;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorCode, ErrorDetail};
use crate::ports::table::Position;
use crate::security::Signer;

pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 100;

/// The paging parameters of a list request.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Paging parameters after checking: a size and where to resume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub start_after: Option<Position>,
}

/// One page of a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PageResponse<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Signs and checks cursors.
#[derive(Clone)]
pub struct CursorCodec {
    signer: Signer,
}

impl CursorCodec {
    pub fn new(secret: &[u8]) -> Self {
        Self::signed_by(Signer::new(secret))
    }

    /// Cursors signed by `signer` (which may also accept a previous secret's).
    pub fn signed_by(signer: Signer) -> Self {
        Self { signer }
    }

    fn scope(list: &str) -> String {
        format!("cursor:{list}")
    }

    pub fn encode(&self, position: &Position, scope: &str) -> String {
        let payload = serde_json::to_vec(position).unwrap_or_default();
        self.signer.sign(&Self::scope(scope), &payload)
    }

    pub fn decode(&self, cursor: &str, scope: &str) -> Result<Position, ApiError> {
        let invalid = || {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidCursor,
                "the cursor is invalid or belongs to another list",
            )
        };
        let json = self
            .signer
            .verify(&Self::scope(scope), cursor)
            .ok_or_else(invalid)?;
        serde_json::from_slice(&json).map_err(|_| invalid())
    }

    /// Checks a list request's paging parameters for the list `scope`.
    pub fn page_request(&self, query: &PageQuery, scope: &str) -> Result<PageRequest, ApiError> {
        let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidQuery,
                "limit is out of range",
            )
            .with_details(vec![ErrorDetail {
                field: "limit".to_owned(),
                message: format!("must be between 1 and {MAX_PAGE_SIZE}"),
            }]));
        }
        let start_after = query
            .cursor
            .as_deref()
            .map(|cursor| self.decode(cursor, scope))
            .transpose()?;
        Ok(PageRequest { limit, start_after })
    }

    /// Builds the response page, signing where the page ended.
    pub fn page_response<T>(
        &self,
        items: Vec<T>,
        next: Option<&Position>,
        scope: &str,
    ) -> PageResponse<T> {
        PageResponse {
            items,
            next_cursor: next.map(|position| self.encode(position, scope)),
        }
    }
}

/// One page of a list bound to `scope` (its owner and name), as a response: checks the paging
/// parameters, loads the page, turns each item into its view and signs where the page ended.
pub async fn paged<T, V, E, Load, Loading>(
    cursors: &CursorCodec,
    query: &PageQuery,
    scope: &str,
    load: Load,
    view: impl FnMut(T) -> Result<V, ApiError>,
) -> Result<Json<PageResponse<V>>, ApiError>
where
    E: Into<ApiError>,
    Load: FnOnce(u32, Option<Position>) -> Loading,
    Loading: Future<Output = Result<(Vec<T>, Option<Position>), E>>,
{
    let page = cursors.page_request(query, scope)?;
    let (items, next) = load(page.limit, page.start_after)
        .await
        .map_err(Into::into)?;
    let items = items
        .into_iter()
        .map(view)
        .collect::<Result<Vec<V>, ApiError>>()?;
    Ok(Json(cursors.page_response(items, next.as_ref(), scope)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::table::Key;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn position() -> Position {
        Position {
            key: Key::new("USER#1", "TX#2026-01-02#01H"),
            index_key: None,
        }
    }

    #[test]
    fn a_cursor_round_trips_within_its_scope() {
        let codec = CursorCodec::new(b"secret");
        let cursor = codec.encode(&position(), "user-1:transactions");
        assert_eq!(
            codec
                .decode(&cursor, "user-1:transactions")
                .expect("decode"),
            position()
        );
    }

    #[test]
    fn a_cursor_from_another_scope_or_tampered_is_refused() {
        let codec = CursorCodec::new(b"secret");
        let cursor = codec.encode(&position(), "user-1:transactions");
        assert!(codec.decode(&cursor, "user-2:transactions").is_err());
        let (payload, signature) = cursor.split_once('.').expect("dot");
        let forged = URL_SAFE_NO_PAD.encode(br#"{"key":{"pk":"USER#2","sk":"x"}}"#);
        assert!(
            codec
                .decode(&format!("{forged}.{signature}"), "user-1:transactions")
                .is_err()
        );
        assert!(codec.decode(payload, "user-1:transactions").is_err());
        assert!(
            CursorCodec::new(b"other")
                .decode(&cursor, "user-1:transactions")
                .is_err()
        );
    }

    #[test]
    fn limits_outside_one_to_a_hundred_are_refused() {
        let codec = CursorCodec::new(b"secret");
        for limit in [0, 101] {
            let query = PageQuery {
                limit: Some(limit),
                cursor: None,
            };
            assert!(codec.page_request(&query, "s").is_err());
        }
        let page = codec
            .page_request(&PageQuery::default(), "s")
            .expect("default");
        assert_eq!(page.limit, DEFAULT_PAGE_SIZE);
    }
}
