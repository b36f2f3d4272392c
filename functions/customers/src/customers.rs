//! One customer: create, read (masked unless `customers:read:sensitive`), replace and patch
//! (`If-Match` required), soft delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ferrofin_customers::ids::CustomerId;
use ferrofin_customers::{Change, CustomerDetails, CustomerPatch, Customers};
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, IfMatch, etag};
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::customer_dto::{CustomerView, actor};

/// Options of reading one customer.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReadOptions {
    /// Also return a soft-deleted customer.
    #[serde(default)]
    pub include_deleted: bool,
}

/// Answers a customer with its version as the `ETag`.
fn answer(status: StatusCode, view: CustomerView) -> impl IntoResponse {
    (status, etag(view.version), Json(view))
}

/// Creates a customer (`customers:create`); email and national id must be unused.
#[utoipa::path(post, path = "/v1/customers", operation_id = "createCustomer", tag = "customers", security(("bearer" = [])),
    request_body = CustomerDetails,
    responses((status = 201, body = CustomerView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(details): ApiJson<CustomerDetails>,
) -> Result<impl IntoResponse, ApiError> {
    user.require(Permission::CustomersCreate)?;
    let customer = Customers::new(&state)
        .create(&actor(&user, meta), details)
        .await?;
    let unmasked = user.require(Permission::CustomersReadSensitive).is_ok();
    Ok(answer(
        StatusCode::CREATED,
        CustomerView::of(customer, unmasked),
    ))
}

/// A customer (`customers:read`); the national id in full only with `customers:read:sensitive`
/// (and that read is audited).
#[utoipa::path(get, path = "/v1/customers/{id}", operation_id = "getCustomer", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ReadOptions),
    responses((status = 200, body = CustomerView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<CustomerId>,
    ApiQuery(options): ApiQuery<ReadOptions>,
) -> Result<impl IntoResponse, ApiError> {
    user.require(Permission::CustomersRead)?;
    let customers = Customers::new(&state);
    let customer = customers.get(&id, options.include_deleted).await?;
    let unmasked = user.require(Permission::CustomersReadSensitive).is_ok();
    if unmasked && customer.details.national_id.is_some() {
        customers
            .record_sensitive_read(&actor(&user, meta), &customer)
            .await?;
    }
    Ok(answer(StatusCode::OK, CustomerView::of(customer, unmasked)))
}

/// Applies a change to a customer, as `user`, and answers it.
async fn change(
    state: &AppState,
    user: &AuthUser,
    meta: ferrofin_identity::RequestMeta,
    id: &CustomerId,
    IfMatch(version): IfMatch,
    change: Change,
) -> Result<impl IntoResponse + use<>, ApiError> {
    user.require(Permission::CustomersUpdate)?;
    let customer = Customers::new(state)
        .update(&actor(user, meta), id, version, change)
        .await?;
    let unmasked = user.require(Permission::CustomersReadSensitive).is_ok();
    Ok(answer(StatusCode::OK, CustomerView::of(customer, unmasked)))
}

/// Replaces a customer's details (`customers:update`; `If-Match: <version>` required).
#[utoipa::path(put, path = "/v1/customers/{id}", operation_id = "replaceCustomer", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"),
        ("If-Match" = String, Header, description = "The version being replaced")),
    request_body = CustomerDetails,
    responses((status = 200, body = CustomerView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<CustomerId>,
    if_match: IfMatch,
    ApiJson(details): ApiJson<CustomerDetails>,
) -> Result<impl IntoResponse, ApiError> {
    change(
        &state,
        &user,
        meta,
        &id,
        if_match,
        Change::Replace(Box::new(details)),
    )
    .await
}

/// Changes some fields of a customer; `null` clears an optional field (`customers:update`;
/// `If-Match: <version>` required).
#[utoipa::path(patch, path = "/v1/customers/{id}", operation_id = "updateCustomer", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"),
        ("If-Match" = String, Header, description = "The version being changed")),
    request_body = CustomerPatch,
    responses((status = 200, body = CustomerView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn patch(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<CustomerId>,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<CustomerPatch>,
) -> Result<impl IntoResponse, ApiError> {
    change(
        &state,
        &user,
        meta,
        &id,
        if_match,
        Change::Patch(Box::new(patch)),
    )
    .await
}

/// Soft-deletes a customer (`customers:delete`): hidden from reads and lists unless
/// `include_deleted=true`. `If-Match` is checked when sent.
#[utoipa::path(delete, path = "/v1/customers/{id}", operation_id = "deleteCustomer", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"),
        ("If-Match" = Option<String>, Header, description = "The version being deleted")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<CustomerId>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    user.require(Permission::CustomersDelete)?;
    Customers::new(&state)
        .delete(&actor(&user, meta), &id, version)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(get, replace, patch, delete))
}
