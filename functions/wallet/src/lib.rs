//! The wallet function: `/v1/wallet/summary`, `/cashflow` and `/networth` — analytics read from
//! the rollups kept on every transaction write, so their cost does not grow with the number of
//! transactions. Amounts are decimal strings per currency.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::wallet::{CategorySpend, CurrencySummary, FlowPoint, Interval, NetWorthPoint};
use ferrofin_ledger::{Ledger, LedgerError};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::http::{ApiError, ApiQuery, ErrorBody};
use ferrofin_platform::money::Currency;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The period of a report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (inclusive).
    pub to: String,
    /// `day`, `week` or `month` (cash flow; net worth is monthly).
    pub interval: Option<String>,
}

impl Period {
    fn dates(&self) -> Result<(Date, Date), LedgerError> {
        let mut errors = FieldErrors::default();
        let from = errors.take("from", iso_date(&self.from));
        let to = errors.take("to", iso_date(&self.to));
        errors.finish()?;
        from.zip(to)
            .ok_or_else(|| LedgerError::invalid("from", "invalid period"))
    }

    fn interval(&self, allowed: &[Interval]) -> Result<Interval, LedgerError> {
        let interval = match self.interval.as_deref().unwrap_or("month") {
            "day" => Interval::Day,
            "week" => Interval::Week,
            "month" => Interval::Month,
            _ => {
                return Err(LedgerError::invalid(
                    "interval",
                    "must be day, week or month",
                ));
            }
        };
        if allowed.contains(&interval) {
            Ok(interval)
        } else {
            Err(LedgerError::invalid(
                "interval",
                "is not available for this report",
            ))
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    pub category: String,
    pub spent: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlowView {
    pub period: String,
    pub income: String,
    pub expenses: String,
    pub net: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryView {
    pub currency: String,
    /// Sum of the balances of the currency's accounts now.
    pub balance: String,
    /// Income and expenses of the exact period (transfers excluded).
    pub income: String,
    pub expenses: String,
    pub net: String,
    /// Top spending categories of the whole months the period touches.
    pub top_categories: Vec<CategoryView>,
    /// One point per month the period touches.
    pub monthly_trend: Vec<FlowView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    pub from: String,
    pub to: String,
    pub currencies: Vec<SummaryView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencySeries<T: ToSchema> {
    pub currency: String,
    pub points: Vec<T>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CashFlow {
    pub interval: String,
    pub currencies: Vec<CurrencySeries<FlowView>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NetWorthView {
    pub month: String,
    pub assets: String,
    pub liabilities: String,
    pub net_worth: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NetWorth {
    pub currencies: Vec<CurrencySeries<NetWorthView>>,
}

fn flow_view(point: FlowPoint) -> FlowView {
    let net = ferrofin_platform::money::Money::from_minor(
        point.income.minor() - point.expenses.minor(),
        point.income.currency(),
    );
    FlowView {
        period: point.period,
        income: point.income.to_decimal_string(),
        expenses: point.expenses.to_decimal_string(),
        net: net.to_decimal_string(),
    }
}

fn summary_view(summary: CurrencySummary) -> SummaryView {
    let net = ferrofin_platform::money::Money::from_minor(
        summary.income.minor() - summary.expenses.minor(),
        summary.currency,
    );
    SummaryView {
        currency: summary.currency.code().to_owned(),
        balance: summary.balance.to_decimal_string(),
        income: summary.income.to_decimal_string(),
        expenses: summary.expenses.to_decimal_string(),
        net: net.to_decimal_string(),
        top_categories: summary
            .top_categories
            .into_iter()
            .map(|CategorySpend { category, spent }| CategoryView {
                category,
                spent: spent.to_decimal_string(),
            })
            .collect(),
        monthly_trend: summary.monthly_trend.into_iter().map(flow_view).collect(),
    }
}

fn series<P, T: ToSchema>(
    by_currency: BTreeMap<Currency, Vec<P>>,
    view: fn(P) -> T,
) -> Vec<CurrencySeries<T>> {
    by_currency
        .into_iter()
        .map(|(currency, points)| CurrencySeries {
            currency: currency.code().to_owned(),
            points: points.into_iter().map(view).collect(),
        })
        .collect()
}

/// Balances, income, spending, top categories and the monthly trend.
#[utoipa::path(get, path = "/v1/wallet/summary", tag = "wallet", security(("bearer" = [])), params(Period),
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
#[utoipa::path(get, path = "/v1/wallet/cashflow", tag = "wallet", security(("bearer" = [])), params(Period),
    responses((status = 200, body = CashFlow), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn cash_flow(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(period): ApiQuery<Period>,
) -> Result<Json<CashFlow>, ApiError> {
    let (from, to) = period.dates()?;
    let interval = period.interval(&[Interval::Day, Interval::Week, Interval::Month])?;
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

fn net_worth_view(point: NetWorthPoint) -> NetWorthView {
    let net = ferrofin_platform::money::Money::from_minor(
        point.assets.minor() - point.liabilities.minor(),
        point.assets.currency(),
    );
    NetWorthView {
        month: point.month,
        assets: point.assets.to_decimal_string(),
        liabilities: point.liabilities.to_decimal_string(),
        net_worth: net.to_decimal_string(),
    }
}

/// Assets, liabilities (loans and credit cards) and net worth at each month end.
#[utoipa::path(get, path = "/v1/wallet/networth", tag = "wallet", security(("bearer" = [])), params(Period),
    responses((status = 200, body = NetWorth), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn net_worth(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(period): ApiQuery<Period>,
) -> Result<Json<NetWorth>, ApiError> {
    let (from, to) = period.dates()?;
    period.interval(&[Interval::Month])?;
    let points = Ledger::new(&state)
        .net_worth(&user.user_id, from, to)
        .await?;
    Ok(Json(NetWorth {
        currencies: series(points, net_worth_view),
    }))
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(summary))
        .routes(routes!(cash_flow))
        .routes(routes!(net_worth))
}

ferrofin_platform::endpoint_group!(api);
