//! Figure handlers: positions, returns, value history and allocation of a portfolio, computed
//! by the engine today on the stored prices.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::AuthUser;
use ferrofin_investments::ids::PortfolioId;
use ferrofin_investments::{InvestmentError, Investments, input};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiPath, ApiQuery, ApiRouter, ErrorBody};
use ferrofin_platform::routes;

use crate::figures_dto::{
    AllocationView, HistoryView, PositionView, PositionsView, RangeQuery, ReturnsView, Valuation,
};

fn range(query: &RangeQuery) -> Result<ferrofin_investment_calc::Range, InvestmentError> {
    Ok(input::range(
        query.range.as_deref(),
        query.from.as_deref(),
        query.to.as_deref(),
    )?)
}

fn engine(err: ferrofin_investment_calc::Error) -> InvestmentError {
    InvestmentError::invalid("range", err.to_string())
}

/// Each holding's position today: quantity, price (and whether it is carried forward), market
/// value, cost basis, average cost, realised and unrealised gain, dividends, interest, fees,
/// lots — in the holding's currency and in the base.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/positions", tag = "investments", operation_id = "getPortfolioPositions",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")),
    responses((status = 200, description = "The positions", body = PositionsView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "A holding's currency has no rate in the base yet", body = ErrorBody)))]
async fn positions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
) -> Result<Json<PositionsView>, ApiError> {
    let valued = Investments::new(&state).valued(&user.user_id, &id).await?;
    let items = valued
        .book
        .holdings
        .iter()
        .zip(valued.evaluation.positions())
        .map(|(holding, position)| PositionView {
            holding_id: holding.id.as_str().to_owned(),
            position: position.clone(),
        })
        .collect();
    Ok(Json(PositionsView {
        valuation: Valuation::from(&valued),
        items,
    }))
}

/// The portfolio's time-weighted and money-weighted returns over `range`.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/returns", tag = "investments", operation_id = "getPortfolioReturns",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id"), RangeQuery),
    responses((status = 200, description = "The returns", body = ReturnsView),
        (status = 400, description = "An unknown query parameter", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "A holding's currency has no rate in the base yet", body = ErrorBody),
        (status = 422, description = "An unknown range, a bad date, or a custom range after today", body = ErrorBody)))]
async fn returns(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiQuery(query): ApiQuery<RangeQuery>,
) -> Result<Json<ReturnsView>, ApiError> {
    let range = range(&query)?;
    let valued = Investments::new(&state).valued(&user.user_id, &id).await?;
    let returns = valued.evaluation.returns(range).map_err(engine)?;
    Ok(Json(ReturnsView {
        valuation: Valuation::from(&valued),
        returns,
    }))
}

/// The portfolio's value at each day's close over `range`, with each day's flows and whether
/// a price or rate was carried forward (stale).
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/history", tag = "investments", operation_id = "getPortfolioHistory",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id"), RangeQuery),
    responses((status = 200, description = "One point per day", body = HistoryView),
        (status = 400, description = "An unknown query parameter", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "A holding's currency has no rate in the base yet", body = ErrorBody),
        (status = 422, description = "An unknown range, a bad date, or a custom range after today", body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
    ApiQuery(query): ApiQuery<RangeQuery>,
) -> Result<Json<HistoryView>, ApiError> {
    let range = range(&query)?;
    let valued = Investments::new(&state).valued(&user.user_id, &id).await?;
    let items = valued.evaluation.value_history(range).map_err(engine)?;
    Ok(Json(HistoryView {
        valuation: Valuation::from(&valued),
        items,
    }))
}

/// The market value today by asset class, currency and account.
#[utoipa::path(get, path = "/v1/investments/portfolios/{id}/allocation", tag = "investments", operation_id = "getPortfolioAllocation",
    security(("bearer" = [])), params(("id" = String, Path, description = "Portfolio id")),
    responses((status = 200, description = "The allocation", body = AllocationView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such portfolio of the caller", body = ErrorBody),
        (status = 409, description = "A holding's currency has no rate in the base yet", body = ErrorBody)))]
async fn allocation(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<PortfolioId>,
) -> Result<Json<AllocationView>, ApiError> {
    let valued = Investments::new(&state).valued(&user.user_id, &id).await?;
    let allocation = valued.evaluation.allocation();
    Ok(Json(AllocationView {
        valuation: Valuation::from(&valued),
        allocation,
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(positions))
        .routes(routes!(returns))
        .routes(routes!(history))
        .routes(routes!(allocation))
}
