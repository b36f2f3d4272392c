//! Response bodies and query of the figure routes: positions, returns, value history and
//! allocation, each with the day it was valued on and the series whose source is failing.

use ferrofin_investment_calc::{Allocation, Position, Returns, ValuePoint};
use ferrofin_investments::service::Valued;
use ferrofin_platform::http::IsoDateText;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `?range=` `1d`, `mtd`, `ytd`, `1y`, `max` (default) or `custom` with `from` and `to`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    #[param(pattern = "^(1d|mtd|ytd|1y|max|custom)$")]
    pub range: Option<String>,
    /// `YYYY-MM-DD`, with `range=custom`.
    #[param(value_type = Option<IsoDateText>, inline)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, with `range=custom`, not after today.
    #[param(value_type = Option<IsoDateText>, inline)]
    pub to: Option<String>,
}

/// When and on what the figures were computed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Valuation {
    pub portfolio_id: String,
    /// Today (UTC): the day valued.
    pub valuation_date: String,
    pub base_currency: String,
    /// Series (`ACME`, `USD/EUR`) whose source failed at its last refresh: their latest values
    /// may be old.
    pub stale_sources: Vec<String>,
}

impl From<&Valued> for Valuation {
    fn from(valued: &Valued) -> Self {
        Self {
            portfolio_id: valued.book.portfolio.id.as_str().to_owned(),
            valuation_date: ferrofin_platform::fields::format_date(
                valued.evaluation.valuation_date(),
            ),
            base_currency: valued.book.portfolio.base_currency.code().to_owned(),
            stale_sources: valued
                .stale_sources
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }
}

/// Every holding's position, in the holding's currency (`local`) and the base (`base`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionsView {
    #[serde(flatten)]
    pub valuation: Valuation,
    pub items: Vec<PositionView>,
}

/// One holding's position.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionView {
    pub holding_id: String,
    #[serde(flatten)]
    pub position: Position,
}

/// The portfolio's returns over a range, in the base currency: time-weighted (daily
/// chain-linked) and money-weighted (XIRR), dividends included, fees netted, annualised when
/// the range is over a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnsView {
    #[serde(flatten)]
    pub valuation: Valuation,
    pub returns: Returns,
}

/// The portfolio's value at each day's close over a range, in the base currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    #[serde(flatten)]
    pub valuation: Valuation,
    pub items: Vec<ValuePoint>,
}

/// The market value today by asset class, currency and account, in the base currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationView {
    #[serde(flatten)]
    pub valuation: Valuation,
    pub allocation: Allocation,
}
