//! Listing customers with search filters (no Scan: see `ferrofin_customers::search`) and the
//! statistics read from counters.

use axum::Json;
use axum::extract::State;
use ferrofin_customers::{CustomerFilter, CustomerStatistics, Customers};
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::Permission;
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiQuery, ErrorBody, PageQuery, PageResponse};

use crate::views::CustomerView;

/// Customers matching the filters, newest first (by name when searching by name), with the
/// national id masked (`customers:read`). Exact: email, phone, status, segment, officer, tag;
/// prefix: name; range: created_from/created_to.
#[utoipa::path(get, path = "/v1/customers", tag = "customers", security(("bearer" = [])),
    params(CustomerFilter),
    responses((status = 200, body = PageResponse<CustomerView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
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
    let request = state.cursors.page_request(&paging, &scope)?;
    let (found, next) = Customers::new(&state)
        .search(&filter, request.limit, request.start_after)
        .await?;
    let items = found
        .into_iter()
        .map(|customer| CustomerView::of(customer, false))
        .collect();
    Ok(Json(state.cursors.page_response(
        items,
        next.as_ref(),
        &scope,
    )))
}

/// Counts by status, KYC status, risk band and segment, and new customers per month over the
/// last 12 months (`customers:statistics`); kept on write, so this is one read.
#[utoipa::path(get, path = "/v1/customers/statistics", tag = "customers", security(("bearer" = [])),
    responses((status = 200, body = CustomerStatistics), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn statistics(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<CustomerStatistics>, ApiError> {
    user.require(Permission::CustomersStatistics)?;
    Ok(Json(Customers::new(&state).statistics().await?))
}
