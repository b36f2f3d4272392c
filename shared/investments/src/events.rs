//! The investments area's domain events: a holding added (its series may be new to the prices
//! worker), and a portfolio's value in its base currency (the wallet's net worth keeps it).

use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::queue::Message;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{HoldingId, PortfolioId};
use crate::series::Series;

/// `investments.holding_added`: a portfolio holds a symbol; `series` are what valuing it needs
/// (its closes, and its currency's rate in the base when they differ).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldingAdded {
    pub user_id: UserId,
    pub portfolio_id: PortfolioId,
    pub holding_id: HoldingId,
    pub symbol: String,
    pub series: Vec<Series>,
}

impl Message for HoldingAdded {
    const TYPE: &'static str = "investments.holding_added";
    const VERSION: u32 = 1;
}

/// `investments.portfolio_valued`: what a portfolio is worth in its base currency on `as_of`,
/// and at each month end before it since its first activity (`month_ends`), after its
/// activities or its prices changed; a deleted portfolio is worth nothing (`removed`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioValued {
    pub user_id: UserId,
    pub portfolio_id: PortfolioId,
    pub name: String,
    pub currency: Currency,
    /// Market value in minor units of `currency`.
    pub value_minor: i64,
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub as_of: Date,
    /// The portfolio's version it was valued at: a later valuation has a higher one, or the
    /// same version on a later day (a price refresh).
    pub version: u64,
    /// The value at each month end before `as_of`, oldest first (none before the first
    /// activity; none in events written before month ends were kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub month_ends: Vec<MonthEndValue>,
    #[serde(default)]
    pub removed: bool,
}

/// A portfolio's value on the last day of a month, in minor units of its base currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEndValue {
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub date: Date,
    pub value_minor: i64,
}

impl Message for PortfolioValued {
    const TYPE: &'static str = "investments.portfolio_valued";
    const VERSION: u32 = 1;
}
