//! The query and the answers of the wallet reports, and how the ledger's figures become them
//! (decimal strings per currency).

use ferrofin_platform::http::IsoDateText;
use std::collections::BTreeMap;

use ferrofin_ledger::LedgerError;
use ferrofin_ledger::wallet::{CategorySpend, CurrencySummary, FlowPoint, Interval, NetWorthPoint};
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::money::Currency;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

/// The period of the summary.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    #[param(value_type = IsoDateText, inline)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (inclusive).
    #[param(value_type = IsoDateText, inline)]
    pub to: String,
}

/// The period and the step of the cash flow.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CashFlowPeriod {
    /// First day, `YYYY-MM-DD`.
    #[param(value_type = IsoDateText, inline)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (inclusive).
    #[param(value_type = IsoDateText, inline)]
    pub to: String,
    /// `day`, `week` (from Monday) or `month` (the default).
    #[param(pattern = "^(day|week|month)$")]
    pub interval: Option<String>,
}

/// The period of the net worth, which is always monthly.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NetWorthPeriod {
    /// First day, `YYYY-MM-DD`.
    #[param(value_type = IsoDateText, inline)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (inclusive).
    #[param(value_type = IsoDateText, inline)]
    pub to: String,
    /// `month`, the only step of the net worth (accepted so a client can say so).
    #[param(pattern = "^month$")]
    pub interval: Option<String>,
}

impl Period {
    pub fn dates(&self) -> Result<(Date, Date), LedgerError> {
        report_dates(&self.from, &self.to)
    }
}

impl CashFlowPeriod {
    pub fn dates(&self) -> Result<(Date, Date), LedgerError> {
        report_dates(&self.from, &self.to)
    }

    pub fn interval(&self) -> Result<Interval, LedgerError> {
        report_interval(
            self.interval.as_deref(),
            &[Interval::Day, Interval::Week, Interval::Month],
        )
    }
}

impl NetWorthPeriod {
    pub fn dates(&self) -> Result<(Date, Date), LedgerError> {
        report_dates(&self.from, &self.to)
    }

    pub fn interval(&self) -> Result<Interval, LedgerError> {
        report_interval(self.interval.as_deref(), &[Interval::Month])
    }
}

fn report_dates(from: &str, to: &str) -> Result<(Date, Date), LedgerError> {
    let mut errors = FieldErrors::default();
    let from = errors.take("from", iso_date(from));
    let to = errors.take("to", iso_date(to));
    errors.finish()?;
    let (from, to) = from
        .zip(to)
        .ok_or_else(|| LedgerError::invalid("from", "invalid period"))?;
    if from > to {
        return Err(LedgerError::invalid("to", "must not be before from"));
    }
    Ok((from, to))
}

/// The step a report was asked for (`month` when none was), among those it offers.
fn report_interval(asked: Option<&str>, allowed: &[Interval]) -> Result<Interval, LedgerError> {
    let interval = match asked.unwrap_or("month") {
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
    /// The investment portfolios' values (see /v1/investments), at month ends on or after
    /// their latest valuation.
    pub investments: String,
    /// `assets + investments - liabilities`.
    pub net_worth: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NetWorth {
    pub currencies: Vec<CurrencySeries<NetWorthView>>,
}

pub fn flow_view(point: FlowPoint) -> FlowView {
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

pub fn summary_view(summary: CurrencySummary) -> SummaryView {
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

pub fn series<P, T: ToSchema>(
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

pub fn net_worth_view(point: NetWorthPoint) -> NetWorthView {
    let net = ferrofin_platform::money::Money::from_minor(
        point.assets.minor() + point.investments.minor() - point.liabilities.minor(),
        point.assets.currency(),
    );
    NetWorthView {
        month: point.month,
        assets: point.assets.to_decimal_string(),
        liabilities: point.liabilities.to_decimal_string(),
        investments: point.investments.to_decimal_string(),
        net_worth: net.to_decimal_string(),
    }
}
