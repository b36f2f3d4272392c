//! The base of the OpenAPI document: title, version, the error body schema and the bearer-token
//! security scheme. Each function adds its own paths; the `docs` function merges them.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::error::{ErrorBody, ErrorCode, ErrorDetail, ErrorObject};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ferrofin API",
        description = "Personal finance and small-business lending. Amounts are decimal strings with a currency; \
                       errors use one body: `{\"error\": {\"code\", \"message\", \"details\"}, \"request_id\"}`."
    ),
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
