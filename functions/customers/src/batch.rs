//! `PATCH /v1/customers/batch`: one change set for up to 100 customers, each changed on its own.

use axum::Json;
use axum::extract::State;
use ferrofin_customers::ids::CustomerId;
use ferrofin_customers::{CustomerPatch, Customers};
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody};
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::customer_dto::{BulkResponse, ItemResult, actor};

/// Which customers to change and how.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ids": ["01KAD5R5T2X4M9Q8ZC3B7N6P0E"], "changes": {"risk_band": "high"}}))]
pub struct BatchRequest {
    /// 1 to 100 distinct customer ids.
    #[schema(value_type = std::collections::BTreeSet<String>, min_items = 1, max_items = 100)]
    pub ids: Vec<CustomerId>,
    /// The change applied to each (no email or national id: those are unique).
    pub changes: CustomerPatch,
}

/// Applies one change set to each customer (`customers:batch-update`). Each customer is
/// changed entirely or not at all; `results` says, per id, what happened.
#[utoipa::path(patch, path = "/v1/customers/batch", operation_id = "updateCustomersInBatch", tag = "customers", security(("bearer" = [])),
    request_body = BatchRequest,
    responses((status = 200, body = BulkResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn batch_update(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<BatchRequest>,
) -> Result<Json<BulkResponse>, ApiError> {
    user.require(Permission::CustomersBatchUpdate)?;
    let outcomes = Customers::new(&state)
        .batch_update(&actor(&user, meta), &request.ids, request.changes)
        .await?;
    let results = outcomes
        .into_iter()
        .map(|(id, result)| ItemResult::of(id, result.map(|customer| Some(customer.version))))
        .collect();
    Ok(Json(BulkResponse { results }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(batch_update))
}
