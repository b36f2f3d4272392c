//! The wallet reports: `GET /v1/wallet/summary`, `/cashflow` and `/networth`.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiQuery, ErrorBody};
use ferrofin_platform::routes;

use crate::wallet_dto::{
    CashFlow, CashFlowPeriod, NetWorth, NetWorthPeriod, Period, Summary, flow_view, net_worth_view,
    series, summary_view,
};

/// Balances, income, spending, top categories and the monthly trend.
#[utoipa::path(get, path = "/v1/wallet/summary", operation_id = "getWalletSummary", tag = "wallet", security(("bearer" = [])), params(Period),
    responses((status = 200, body = Summary), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn summary(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(period): ApiQuery<Period>,
) -> Result<Json<Summary>, ApiError> {
    let (from, to) = period.dates()?;
    let summaries = Ledger::new(&state).summary(&user.user_id, from, to).await?;
    Ok(Json(Summary {
        from: period.from.clone(),
        to: period.to.clone(),
        currencies: summaries.into_iter().map(summary_view).collect(),
    }))
}

/// Income, expenses and net per day, week (from Monday) or month.
#[utoipa::path(get, path = "/v1/wallet/cashflow", operation_id = "getCashFlow", tag = "wallet", security(("bearer" = [])), params(CashFlowPeriod),
    responses((status = 200, body = CashFlow), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn cash_flow(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(period): ApiQuery<CashFlowPeriod>,
) -> Result<Json<CashFlow>, ApiError> {
    let (from, to) = period.dates()?;
    let interval = period.interval()?;
    let flows = Ledger::new(&state)
        .cash_flow(&user.user_id, from, to, interval)
        .await?;
    let name = period
        .interval
        .clone()
        .unwrap_or_else(|| "month".to_owned());
    Ok(Json(CashFlow {
        interval: name,
        currencies: series(flows, flow_view),
    }))
}

/// Assets, liabilities (loans and credit cards) and net worth at each month end.
#[utoipa::path(get, path = "/v1/wallet/networth", operation_id = "getNetWorth", tag = "wallet", security(("bearer" = [])), params(NetWorthPeriod),
    responses((status = 200, body = NetWorth), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn net_worth(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(period): ApiQuery<NetWorthPeriod>,
) -> Result<Json<NetWorth>, ApiError> {
    let (from, to) = period.dates()?;
    period.interval()?;
    let points = Ledger::new(&state)
        .net_worth(&user.user_id, from, to)
        .await?;
    Ok(Json(NetWorth {
        currencies: series(points, net_worth_view),
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(summary))
        .routes(routes!(cash_flow))
        .routes(routes!(net_worth))
}
