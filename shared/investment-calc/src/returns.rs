//! The returns of a value series over a period: the time-weighted return ([`crate::twr`]),
//! the money-weighted return ([`crate::xirr`]) and the money behind them.
//!
//! The money-weighted return solves the period's flows with the timing of the time-weighted
//! one, in days from the opening close: the opening value is paid in at 0, a day's inflows at
//! the start of that day (day `k` of the period, counted from 1, at `k − 1`), its outflows and
//! income less charges at its end (at `k`), and the closing value is taken out at `n`, the
//! period's days. The cumulative return is `G^n − 1` for the solved daily growth `G`.
//!
//! Both are cumulative over the period and, when it is over a year, also annualised:
//! `(1 + TWR)^(365/n) − 1` and `G^365 − 1` (the XIRR).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::XirrError;
use crate::holding::Currency;
use crate::range::Period;
use crate::rounding;
use crate::series::Series;
use crate::twr::{annualise, time_weighted};
use crate::xirr::{daily_growth, over_days};

/// A return as a fraction (`0.1` = 10 %), rounded half-even to
/// [`rounding::FRACTION_DECIMALS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    /// Over the whole period.
    #[serde(with = "crate::text::decimal")]
    pub cumulative: Decimal,
    /// A year's worth, when the period is over a year; otherwise `None`.
    #[serde(with = "crate::text::decimal::option")]
    pub annualised: Option<Decimal>,
}

/// The money-weighted return, or why it has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MoneyWeighted {
    Solved(Rate),
    Unsolved { reason: XirrError },
}

/// What a value series did over a period. Money in the series' currency, rounded to its
/// minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Returns {
    pub period: Period,
    /// `to − from + 1`.
    pub days: u32,
    /// The returns are annualised too.
    pub over_a_year: bool,
    pub currency: String,
    /// At the close before `from`.
    #[serde(with = "crate::text::decimal")]
    pub opening_value: Decimal,
    /// At the close of `to`.
    #[serde(with = "crate::text::decimal")]
    pub closing_value: Decimal,
    /// Purchases (fees included) and transfers in.
    #[serde(with = "crate::text::decimal")]
    pub inflows: Decimal,
    /// Sale proceeds (fees deducted) and transfers out.
    #[serde(with = "crate::text::decimal")]
    pub outflows: Decimal,
    /// Dividends and interest, net of their fees; counted in both returns.
    #[serde(with = "crate::text::decimal")]
    pub income: Decimal,
    /// Standalone fees; they reduce both returns.
    #[serde(with = "crate::text::decimal")]
    pub charges: Decimal,
    /// `closing − opening − inflows + outflows + income − charges`.
    #[serde(with = "crate::text::decimal")]
    pub gain: Decimal,
    pub time_weighted: Rate,
    pub money_weighted: MoneyWeighted,
}

/// The returns of `series` (in `currency`) over `period`.
pub(crate) fn returns(series: &Series, period: Period, currency: &Currency) -> Returns {
    let window = series.window(period);
    let days = period.days();
    let over_a_year = period.is_over_a_year();
    let (mut inflows, mut outflows, mut income, mut charges) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut flows = Vec::with_capacity(window.days.len() + 2);
    flows.push((0, -window.opening));
    for (k, day) in (window.offset..).zip(window.days) {
        inflows += day.inflow;
        outflows += day.outflow;
        income += day.income;
        charges += day.charges;
        flows.push((k - 1, -day.inflow));
        flows.push((k, day.outflow + day.income - day.charges));
    }
    flows.push((days, window.closing));
    let twr = time_weighted(window.opening, window.days);
    let time_weighted = Rate {
        cumulative: rounding::fraction(twr),
        annualised: over_a_year
            .then(|| annualise(twr, days))
            .flatten()
            .map(rounding::fraction),
    };
    let money_weighted = match money_weighted(&flows, days, over_a_year) {
        Ok(rate) => MoneyWeighted::Solved(rate),
        Err(reason) => MoneyWeighted::Unsolved { reason },
    };
    let money = |amount| rounding::money(amount, currency.minor_units);
    Returns {
        period,
        days,
        over_a_year,
        currency: currency.code.clone(),
        opening_value: money(window.opening),
        closing_value: money(window.closing),
        inflows: money(inflows),
        outflows: money(outflows),
        income: money(income),
        charges: money(charges),
        gain: money(window.closing - window.opening - inflows + outflows + income - charges),
        time_weighted,
        money_weighted,
    }
}

fn money_weighted(
    flows: &[(u32, Decimal)],
    days: u32,
    over_a_year: bool,
) -> Result<Rate, XirrError> {
    let growth = daily_growth(flows)?;
    let annualised = if over_a_year {
        Some(rounding::fraction(over_days(growth, 365)?))
    } else {
        None
    };
    Ok(Rate {
        cumulative: rounding::fraction(over_days(growth, days)?),
        annualised,
    })
}
