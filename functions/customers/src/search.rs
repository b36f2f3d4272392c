//! Listing customers with search filters (no Scan: see `ferrofin_customers::search`) and the
//! statistics read from counters.

use axum::Json;
use axum::extract::State;
use ferrofin_customers::{CustomerFilter, CustomerStatistics, Customers};
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::Permission;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiQuery, ErrorBody, PageQuery, PageResponse, paged};
use ferrofin_platform::routes;

use crate::customer_dto::CustomerView;

/// Customers matching the filters, newest first (by name when searching by name), with the
/// national id masked (`customers:read`). Exact: email, phone, status, segment, officer, tag;
/// prefix: name; range: created_from/created_to.
#[utoipa::path(get, path = "/v1/customers", operation_id = "listCustomers", tag = "customers", security(("bearer" = [])),
    params(CustomerFilter),
    responses((status = 200, body = PageResponse<CustomerView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(filter): ApiQuery<CustomerFilter>,
) -> Result<Json<PageResponse<CustomerView>>, ApiError> {
    user.require(Permission::CustomersRead)?;
    let scope = filter.scope();
    let paging = PageQuery {
        limit: filter.limit,
        cursor: filter.cursor.clone(),
    };
    let customers = Customers::new(&state);
    let load = |limit, start| customers.search(&filter, limit, start);
    paged(&state.cursors, &paging, &scope, load, |customer| {
        Ok(CustomerView::of(customer, false))
    })
    .await
}

/// Counts by status, KYC status, risk band and segment, and new customers per month over the
/// last 12 months (`customers:statistics`); kept on write, so this is one read.
#[utoipa::path(get, path = "/v1/customers/statistics", operation_id = "getCustomerStatistics", tag = "customers", security(("bearer" = [])),
    responses((status = 200, body = CustomerStatistics), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn statistics(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<CustomerStatistics>, ApiError> {
    user.require(Permission::CustomersStatistics)?;
    Ok(Json(Customers::new(&state).statistics().await?))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(statistics))
}
