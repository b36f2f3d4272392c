//! The value history of a series over a period: one [`ValuePoint`] a day, in the series'
//! currency, rounded to its minor units. A day before the first activity is not listed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::holding::Currency;
use crate::range::Period;
use crate::rounding;
use crate::series::Series;

/// A day's closing value and flows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValuePoint {
    #[serde(with = "crate::text::date")]
    pub date: Date,
    #[serde(with = "crate::text::decimal")]
    pub value: Decimal,
    /// Purchases (fees included) and transfers in.
    #[serde(with = "crate::text::decimal")]
    pub inflow: Decimal,
    /// Sale proceeds (fees deducted) and transfers out.
    #[serde(with = "crate::text::decimal")]
    pub outflow: Decimal,
    /// Dividends and interest, net of their fees.
    #[serde(with = "crate::text::decimal")]
    pub income: Decimal,
    /// Standalone fees.
    #[serde(with = "crate::text::decimal")]
    pub charges: Decimal,
    /// A price or FX rate of the day was carried forward from an earlier one.
    pub stale: bool,
}

/// Every day of `period` that `series` (in `currency`) has.
pub(crate) fn history(series: &Series, period: Period, currency: &Currency) -> Vec<ValuePoint> {
    let window = series.window(period);
    let money = |amount| rounding::money(amount, currency.minor_units);
    (0_i64..)
        .zip(window.days)
        .map(|(at, day)| ValuePoint {
            date: window.first + Duration::days(at),
            value: money(day.value),
            inflow: money(day.inflow),
            outflow: money(day.outflow),
            income: money(day.income),
            charges: money(day.charges),
            stale: day.stale,
        })
        .collect()
}
