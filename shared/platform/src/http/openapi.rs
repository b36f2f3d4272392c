//! The base of the OpenAPI document: title, version, the error body schema and the bearer-token
//! security scheme. Each function adds its own paths; the `docs` function merges them.
//!
//! It also documents [`ErrorBody`]: every operation names it in several responses, and utoipa
//! collects a type's schemas again at each mention, so its `ToSchema` keeps that cheap.

use std::borrow::Cow;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use super::error::{ErrorBody, ErrorCode, ErrorDetail, ErrorObject};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ferrofin API",
        description = "Personal finance and small-business lending. Amounts are decimal strings with a currency; \
                       errors use one body: `{\"error\": {\"code\", \"message\", \"details\"}, \"request_id\"}`."
    ),
    servers((
        url = "/",
        description = "The API that serves this document (at /v1/openapi.json): the stack's ApiUrl in AWS, \
                       http://127.0.0.1:3000 from the devserver"
    )),
    components(schemas(ErrorBody, ErrorObject, ErrorDetail, ErrorCode)),
    modifiers(&BearerAuth)
)]
struct BaseApi;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document every function's paths are merged into.
pub fn base_document() -> utoipa::openapi::OpenApi {
    BaseApi::openapi()
}

// The schema of `ErrorBody`, derived on this twin (same fields, same docs: a test below checks
// the fields) so that `ErrorBody` can collect the schemas it refers to once per list.
/// The error body every endpoint returns.
#[derive(ToSchema)]
#[expect(dead_code, reason = "only its schema is used, never a value")]
struct ErrorBodySchema {
    error: ErrorObject,
    /// The id of the request, also in the `x-request-id` header; quote it to support.
    request_id: Option<String>,
}

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        ErrorBodySchema::schema()
    }
}

impl ToSchema for ErrorBody {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorBody")
    }

    /// Adds the schemas the error body refers to (`ErrorObject`, `ErrorCode`, `ErrorDetail`),
    /// unless `schemas` already holds them. Every `#[utoipa::path]` response with
    /// `body = ErrorBody` collects them, so one route group collects them dozens of times, and
    /// the router of every Lambda is built through this collection; the copies are identical and
    /// end up as one entry of the document's components, so the later ones are skipped.
    /// `ErrorObject` marks the set: it is only ever added together with the schemas it refers to.
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        let object = ErrorObject::name();
        if !schemas.iter().any(|(name, _)| *name == object) {
            <ErrorBodySchema as ToSchema>::schemas(schemas);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(schemas: &[(String, RefOr<Schema>)]) -> Vec<&str> {
        schemas.iter().map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn the_error_body_references_are_collected_once_per_list() {
        let mut schemas = Vec::new();
        ErrorBody::schemas(&mut schemas);
        let once = names(&schemas);
        for name in ["ErrorObject", "ErrorCode", "ErrorDetail"] {
            assert!(once.contains(&name), "{name} is missing from {once:?}");
        }
        let count = once.len();
        ErrorBody::schemas(&mut schemas);
        assert_eq!(schemas.len(), count);
    }

    #[test]
    fn the_error_body_schema_matches_the_type() {
        let body = ErrorBody {
            error: ErrorObject {
                code: ErrorCode::NotFound,
                message: "no such thing".to_owned(),
                details: Vec::new(),
            },
            request_id: Some("req-1".to_owned()),
        };
        let serde_json::Value::Object(fields) = serde_json::to_value(&body).expect("json") else {
            panic!("the error body is an object");
        };
        let RefOr::T(Schema::Object(schema)) = ErrorBody::schema() else {
            panic!("the error body schema is an object");
        };
        let documented: Vec<&String> = schema.properties.keys().collect();
        let serialised: Vec<&String> = fields.keys().collect();
        assert_eq!(documented, serialised);
        assert_eq!(schema.required, ["error"]);
        assert_eq!(
            schema.description.as_deref(),
            Some("The error body every endpoint returns.")
        );
    }
}
