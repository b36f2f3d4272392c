//! Request extractors that turn every malformed input into the standard error body:
//! wrong content type 415, oversized 413, malformed JSON 400, a body that is not a JSON object
//! 400 (serde would read an array field by field, in declaration order), wrong shape (unknown or
//! missing field, wrong type) 400 with the field's path, a value outside an enum's choices 422
//! with the field's path, bad query or path parameters 400.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{ApiError, ErrorCode, ErrorDetail};

/// A JSON body, parsed strictly (request structs use `deny_unknown_fields`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json_content_type(&request) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "expected a body with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ErrorCode::PayloadTooLarge,
                        "the request body is too large",
                    )
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ErrorCode::InvalidBody,
                        "could not read the request body",
                    )
                }
            })?;
        parse_json(&bytes).map(Self)
    }
}

fn is_json_content_type(request: &Request) -> bool {
    let Some(value) = request.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses a JSON object, naming the offending field on a shape error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|byte| !byte.is_ascii_whitespace());
    if first.is_some_and(|byte| *byte != b'{') {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidBody,
            "the body must be a JSON object",
        ));
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|err| malformed(&err))?;
    integral_numbers(&mut value);
    serde_path_to_error::deserialize(value).map_err(shape_error)
}

/// Largest magnitude up to which every integer is exact in an `f64` (2^53).
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// Writes every number with no fractional part as an integer: JSON does not tell `72` from
/// `72.0` (RFC 8259, and JSON Schema's `integer` admits both), but serde's integer fields would
/// refuse the second.
fn integral_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) => {
            let Some(float) = number.as_f64().filter(|_| number.is_f64()) else {
                return;
            };
            if float.fract() != 0.0 || float.abs() > EXACT_INTEGERS {
                return;
            }
            #[expect(
                clippy::cast_possible_truncation,
                reason = "integral and within 2^53: exact"
            )]
            let integer = float as i64;
            *number = serde_json::Number::from(integer);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

fn malformed(err: &serde_json::Error) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::MalformedJson,
        format!("the body is not valid JSON: {err}"),
    )
}

fn shape_error(err: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let field = err.path().to_string();
    let inner = err.into_inner();
    if !inner.is_data() {
        return malformed(&inner);
    }
    let message = strip_position(&inner.to_string());
    // A value outside an enum's choices is the right shape with a wrong value: a 422.
    if message.starts_with("unknown variant") {
        return ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            "some fields are invalid",
        )
        .with_details(vec![ErrorDetail { field, message }]);
    }
    let field = missing_field_path(&field, &message).unwrap_or(field);
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidBody,
        "the body does not have the expected shape",
    )
    .with_details(vec![ErrorDetail {
        field: if field == "." { String::new() } else { field },
        message,
    }])
}

/// The path of a missing field: serde names it in the message ("missing field `date`") and
/// the path ends at the object that lacks it, so the detail's field would be empty otherwise.
fn missing_field_path(object: &str, message: &str) -> Option<String> {
    let name = message.strip_prefix("missing field `")?.split('`').next()?;
    Some(if object == "." || object.is_empty() {
        name.to_owned()
    } else {
        format!("{object}.{name}")
    })
}

/// serde_json appends " at line L column C"; the field path already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Query-string parameters; an unknown parameter or a value that does not parse is a 400
/// `INVALID_QUERY` naming the parameter in `details` (never the parser's own wording of where).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Self)
    }
}

/// Reads `query` into `T`, naming the parameter at fault.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let field = if path == "." || path.is_empty() {
            named_in(&message).unwrap_or_default()
        } else {
            path
        };
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            "a query parameter is not valid",
        )
        .with_details(vec![ErrorDetail { field, message }])
    })
}

/// The parameter serde names in its message ("unknown field `x`", "missing field `x`").
fn named_in(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    rest.split('`').next().map(str::to_owned)
}

/// Path parameters; a bad value is a 400 `INVALID_PATH`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Self(value))
            .map_err(|rejection| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidPath,
                    rejection.body_text(),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "the fields exist only to be deserialised")]
    struct Payee {
        name: String,
        limit: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "the fields exist only to be deserialised")]
    struct Page {
        limit: Option<u32>,
        from: Option<String>,
    }

    #[test]
    fn a_query_parameter_at_fault_is_named_without_the_parsers_wording() {
        for (query, field) in [("limit=many", "limit"), ("limit=5&colour=red", "colour")] {
            let err = parse_query::<Page>(query).expect_err(query);
            assert_eq!(err.error.code, ErrorCode::InvalidQuery, "{query}");
            assert_eq!(err.error.details[0].field, field, "{query}");
            assert!(!err.error.message.contains("deserialize"), "{query}");
        }
        assert!(parse_query::<Page>("limit=5&from=2026-01-01").is_ok());
    }

    #[test]
    fn an_unknown_field_is_named_in_the_details() {
        let err =
            parse_json::<Payee>(br#"{"name":"a","limit":1,"role":"admin"}"#).expect_err("unknown");
        assert_eq!(err.error.code, ErrorCode::InvalidBody);
        assert!(
            err.error.details[0]
                .message
                .contains("unknown field `role`")
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let err = parse_json::<Payee>(br#"{"name":"a"}"#).expect_err("missing");
        assert_eq!(err.error.code, ErrorCode::InvalidBody);
        assert_eq!(err.error.details[0].field, "limit");
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let err = parse_json::<Payee>(br#"{"name":"a","limit":"many"}"#).expect_err("type");
        assert_eq!(err.error.details[0].field, "limit");
    }

    #[test]
    fn only_an_object_is_a_body() {
        for body in [
            &br#"["a", 1]"#[..],
            b" \n [\"a\", 1]",
            b"\"a\"",
            b"1",
            b"null",
        ] {
            let err = parse_json::<Payee>(body).expect_err("not an object");
            assert_eq!(err.error.code, ErrorCode::InvalidBody, "{body:?}");
            assert_eq!(err.error.message, "the body must be a JSON object");
        }
        assert!(parse_json::<Payee>(b" {\"name\":\"a\",\"limit\":1}").is_ok());
    }

    #[test]
    fn a_value_outside_an_enums_choices_is_invalid_not_misshapen() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Checking,
        }
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "the field exists only to be deserialised")]
        struct Account {
            kind: Kind,
        }
        let err = parse_json::<Account>(br#"{"kind": "piggy_bank"}"#).expect_err("unknown");
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.error.code, ErrorCode::ValidationFailed);
        assert_eq!(err.error.details[0].field, "kind");
        assert!(parse_json::<Account>(br#"{"kind": "checking"}"#).is_ok());
    }

    #[test]
    fn an_integral_number_written_with_a_fraction_is_an_integer() {
        assert!(parse_json::<Payee>(br#"{"name":"a","limit":72.0}"#).is_ok());
        assert!(parse_json::<Payee>(br#"{"name":"a","limit":7.2e1}"#).is_ok());
        let err = parse_json::<Payee>(br#"{"name":"a","limit":72.5}"#).expect_err("fraction");
        assert_eq!(err.error.details[0].field, "limit");
        let err = parse_json::<Payee>(br#"{"name":"a","limit":-1.0}"#).expect_err("negative");
        assert_eq!(err.error.details[0].field, "limit");
    }

    #[test]
    fn broken_json_is_malformed() {
        let err = parse_json::<Payee>(br#"{"name": "#).expect_err("syntax");
        assert_eq!(err.error.code, ErrorCode::MalformedJson);
        let err = parse_json::<Payee>(br#"{"name":"a","limit":1} trailing"#).expect_err("trailing");
        assert_eq!(err.error.code, ErrorCode::MalformedJson);
    }
}
