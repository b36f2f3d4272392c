//! The HTTP kit: error body, extractors, pagination, the middleware stack and the OpenAPI base.
//! Every function's axum `Router` is built from these pieces.

pub mod closed_schemas;
pub mod edge_responses;
pub mod endpoints;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod flattened_schemas;
pub mod idempotency_header;
pub mod if_match;
pub mod openapi;
pub mod pagination;
pub mod presigned;
pub mod request_id;
pub mod request_metrics;
pub mod stack;
pub mod text_schemas;

pub use endpoints::ApiRouter;
pub use error::{ApiError, ErrorBody, ErrorCode, ErrorDetail};
pub use extract::{ApiJson, ApiPath, ApiQuery};
pub use idempotency_header::{IDEMPOTENCY_HEADER, IdempotencyKeyHeader, idempotency_key};
pub use if_match::{IfMatch, etag};
pub use pagination::{CursorCodec, PageQuery, PageRequest, PageResponse, paged};
pub use presigned::PresignedView;
pub use stack::{HttpSettings, with_standard_layers};
pub use text_schemas::{
    AmountText, AnyDateText, CurrencyText, DecimalText, EmailText, IsoDateText, MonthText,
    NewPasswordText, PositiveAmountText, TimeZoneText, UnsignedAmountText,
};
