//! `GET /v1/openapi.json`: the whole API's document, merged from every function's `openapi()`
//! into the shared base, and served once serialised.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::routes;
use utoipa::openapi::OpenApi;

/// The OpenAPI documents of the function crates.
const FUNCTION_DOCUMENTS: &[fn() -> OpenApi] = &[
    ferrofin_fn_health::openapi,
    ferrofin_fn_auth::openapi,
    ferrofin_fn_users::openapi,
    ferrofin_fn_admin::openapi,
    ferrofin_fn_customers::openapi,
    ferrofin_fn_accounts::openapi,
    ferrofin_fn_transactions::openapi,
    ferrofin_fn_budgets::openapi,
    ferrofin_fn_wallet::openapi,
    ferrofin_fn_files::openapi,
    ferrofin_fn_imports::openapi,
    ferrofin_fn_risk::openapi,
    ferrofin_fn_notifications::openapi,
    ferrofin_fn_gamification::openapi,
    ferrofin_fn_investments::openapi,
    ferrofin_fn_loans::openapi,
    ferrofin_fn_assistant::openapi,
    own_document,
];

/// The OpenAPI document of the API, in JSON.
#[utoipa::path(
    get,
    path = "/v1/openapi.json", operation_id = "getOpenApiDocument",
    tag = "docs",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
async fn openapi_json() -> impl IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let json = DOCUMENT.get_or_init(|| {
        openapi_document()
            .to_pretty_json()
            .unwrap_or_else(|err| unreachable!("the OpenAPI document always serialises: {err}"))
    });
    ([(header::CONTENT_TYPE, "application/json")], json.as_str())
}

fn own_document() -> OpenApi {
    routes().openapi()
}

/// The whole API's document: the shared base plus every function's paths.
pub fn openapi_document() -> OpenApi {
    FUNCTION_DOCUMENTS.iter().fold(
        ferrofin_platform::http::openapi::base_document(),
        |mut document, function| {
            document.merge(function());
            document
        },
    )
}

pub fn routes() -> ApiRouter<()> {
    ApiRouter::new().routes(routes!(openapi_json))
}
