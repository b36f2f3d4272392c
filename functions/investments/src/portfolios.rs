//! Portfolio handlers (create, list, read, change, delete) and holding handlers (add, list).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_investments::Investments;
use ferrofin_investments::ids::PortfolioId;
use ferrofin_investments::service::{NewHolding, NewPortfolio};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::portfolio_dto::{
    ChangePortfolio, CreateHolding, CreatePortfolio, HoldingView, HoldingsView, PortfolioView,
};

/// Creates a portfolio in a base currency, with FIFO or average-cost lots.
#[utoipa::path(post, path = "/v1/investments/portfolios", tag = "investments", operation_id = "createPortfolio",
    security(("bearer" = [])), request_body = CreatePortfolio,
    responses((status = 201, description = "The portfolio", body = PortfolioView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A bad name, currency or lot method", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<CreatePortfolio>,
) -> Result<(StatusCode, Json<PortfolioView>), ApiError> {
    let new = NewPortfolio {
        name: body.name,
        base_currency: body.base_currency,
        lot_method: body.lot_method,
    };
    let portfolio = Investments::new(&state)
        .create_portfolio(&user.user_id, new)
        .await?;
    Ok((StatusCode::CREATED, Json(portfolio.into())))
}

/// The caller's portfolios, in creation order.
#[utoipa::path(get, path = "/v1/investments/portfolios", tag = "investments", operation_id = "listPortfolios",
    security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "One page of portfolios", body = PageResponse<PortfolioView>),
        (status = 400, description = "An unknown or malformed query parameter, or an invalid cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<PortfolioView>>, ApiError> {
    let investments = Investments::new(&state);
    let load = |limit, start| investments.list_portfolios(&user.user_id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("portfolios:{}", user.user_id),
        load,
        |portfolio| Ok(PortfolioView::from(portfolio)),
    )
    .await
}

/// One of the caller's portfolios.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}", tag = "investments", operation_id = "getPortfolio",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")),
    responses((status = 200, description = "The portfolio", body = PortfolioView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
) -> Result<Json<PortfolioView>, ApiError> {
    let portfolio = Investments::new(&state)
        .portfolio(&user.user_id, &id)
        .await?;
    Ok(Json(portfolio.into()))
}

/// Renames a portfolio or changes its lot method (its base currency is fixed).
#[utoipa::path(patch, path = "/v1/investments/portfolios/{id}", tag = "investments", operation_id = "changePortfolio",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")), request_body = ChangePortfolio,
    responses((status = 200, description = "The portfolio after the change", body = PortfolioView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read and try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A bad name or lot method", body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiJson(body): ApiJson<ChangePortfolio>,
) -> Result<Json<PortfolioView>, ApiError> {
    let changes = body.into_changes()?;
    let portfolio = Investments::new(&state)
        .change_portfolio(&user.user_id, &id, changes)
        .await?;
    Ok(Json(portfolio.into()))
}

/// Deletes a portfolio with its holdings and activities; its value leaves the net worth.
#[utoipa::path(delete, path = "/v1/investments/portfolios/{id}", tag = "investments", operation_id = "deletePortfolio",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")),
    responses((status = 204, description = "Deleted: gone at once; its holdings and activities are removed in the background"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "Changed concurrently; try again", body = ErrorBody),
        (status = 503, description = "The background removal could not be queued; deleting again retries it", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
) -> Result<StatusCode, ApiError> {
    Investments::new(&state)
        .delete_portfolio(state.queue.as_ref(), &user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a holding (one per symbol and account); its prices are fetched if the symbol is new.
#[utoipa::path(post, path = "/v1/investments/portfolios/{id}/holdings", tag = "investments", operation_id = "createHolding",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")), request_body = CreateHolding,
    responses((status = 201, description = "The holding", body = HoldingView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "The portfolio already holds the symbol in the account", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A bad symbol, account, currency or asset class", body = ErrorBody)))]
async fn create_holding(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiJson(body): ApiJson<CreateHolding>,
) -> Result<(StatusCode, Json<HoldingView>), ApiError> {
    let new = NewHolding {
        symbol: body.symbol,
        account: body.account,
        currency: body.currency,
        asset_class: body.asset_class,
    };
    let holding = Investments::new(&state)
        .add_holding(&user.user_id, &id, new)
        .await?;
    Ok((StatusCode::CREATED, Json(holding.into())))
}

/// The portfolio's holdings, in creation order.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/holdings", tag = "investments", operation_id = "listHoldings",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")),
    responses((status = 200, description = "Every holding", body = HoldingsView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody)))]
async fn list_holdings(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
) -> Result<Json<HoldingsView>, ApiError> {
    let holdings = Investments::new(&state)
        .holdings(&user.user_id, &id)
        .await?;
    Ok(Json(HoldingsView {
        items: holdings.into_iter().map(HoldingView::from).collect(),
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one, change, delete))
        .routes(routes!(create_holding, list_holdings))
}
