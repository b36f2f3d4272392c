//! Loan product handlers: any signed-in user reads products (to apply); `loans:products`
//! creates, changes (a new version) and retires them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::Permission;
use ferrofin_loans::{ProductId, ProductInput, Products};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::product_dto::ProductView;

/// Creates a loan product (version 1). Needs `loans:products`.
#[utoipa::path(post, path = "/v1/loan-products", operation_id = "createLoanProduct", tag = "loan-products", security(("bearer" = [])),
    request_body = ProductInput,
    responses((status = 201, description = "The product", body = ProductView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<ProductView>), ApiError> {
    user.require(Permission::LoansProducts)?;
    let product = Products::new(&state)
        .create(&user.user_id, input.check()?)
        .await?;
    Ok((StatusCode::CREATED, Json(product.into())))
}

/// The loan products, oldest first, retired ones included.
#[utoipa::path(get, path = "/v1/loan-products", operation_id = "listLoanProducts", tag = "loan-products", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PageResponse<ProductView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    _user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ProductView>>, ApiError> {
    let products = Products::new(&state);
    let load = |limit, start| products.page(limit, start);
    paged(&state.cursors, &query, "loan-products", load, |product| {
        Ok(ProductView::from(product))
    })
    .await
}

/// A loan product as it is now.
#[utoipa::path(get, path = "/v1/loan-products/{id}", operation_id = "getLoanProduct", tag = "loan-products", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, body = ProductView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    _user: AuthUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<Json<ProductView>, ApiError> {
    Ok(Json(Products::new(&state).get(&id).await?.into()))
}

/// A version of a loan product, as loans applied for it see it.
#[utoipa::path(get, path = "/v1/loan-products/{id}/versions/{version}", operation_id = "getLoanProductVersion", tag = "loan-products", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product id"), ("version" = u32, Path, description = "Product version")),
    responses((status = 200, body = ProductView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn version(
    State(state): State<AppState>,
    _user: AuthUser,
    ApiPath((id, version)): ApiPath<(ProductId, u32)>,
) -> Result<Json<ProductView>, ApiError> {
    Ok(Json(
        Products::new(&state).version(&id, version).await?.into(),
    ))
}

/// Replaces the product's settings: they become its next version; loans applied for an
/// earlier version keep it. Needs `loans:products`.
#[utoipa::path(put, path = "/v1/loan-products/{id}", operation_id = "updateLoanProduct", tag = "loan-products", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product id")),
    request_body = ProductInput,
    responses((status = 200, description = "The product's new version", body = ProductView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<ProductId>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<ProductView>, ApiError> {
    user.require(Permission::LoansProducts)?;
    let spec = input.check()?;
    let product = Products::new(&state)
        .change(&user.user_id, &id, spec)
        .await?;
    Ok(Json(product.into()))
}

/// Closes the product to new applications; its loans go on. Needs `loans:products`.
#[utoipa::path(post, path = "/v1/loan-products/{id}/retire", operation_id = "retireLoanProduct", tag = "loan-products", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product id")),
    responses((status = 200, body = ProductView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn retire(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<ProductId>,
) -> Result<Json<ProductView>, ApiError> {
    user.require(Permission::LoansProducts)?;
    Ok(Json(
        Products::new(&state)
            .retire(&user.user_id, &id)
            .await?
            .into(),
    ))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one, change))
        .routes(routes!(version))
        .routes(routes!(retire))
}
