//! What can go wrong: [`Error`] for an evaluation (a ledger that contradicts itself, a day
//! that cannot be valued, a range outside the evaluation), [`SeriesError`] for a price or
//! FX series that is not a daily series, and [`XirrError`] for a money-weighted return that
//! has no rate. Every message names the holding, the date and the figures at fault.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Why an evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("currency {code}: {minor_units} minor units, at most {max}", max = crate::MAX_MINOR_UNITS)]
    MinorUnits { code: String, minor_units: u32 },
    #[error("{code} has {first} and {second} minor units in the same portfolio")]
    ConflictingMinorUnits {
        code: String,
        first: u32,
        second: u32,
    },
    #[error("{symbol} in {account} is listed twice")]
    DuplicateHolding { symbol: String, account: String },
    #[error("{symbol} in {account}, activity on {date}: {problem}")]
    InvalidActivity {
        symbol: String,
        account: String,
        date: Date,
        problem: ActivityProblem,
    },
    #[error("{symbol} in {account}: {requested} sold or transferred out on {date}, {held} held")]
    Oversold {
        symbol: String,
        account: String,
        date: Date,
        requested: Decimal,
        held: Decimal,
    },
    #[error("no price for {symbol} on or before {date}, when it is held")]
    NoPrice { symbol: String, date: Date },
    #[error("no {currency} to {base} rate on or before {date}")]
    NoFxRate {
        currency: String,
        base: String,
        date: Date,
    },
    #[error("range {from} to {to}: {problem} (valuation date {valuation_date})")]
    InvalidRange {
        from: Date,
        to: Date,
        valuation_date: Date,
        problem: &'static str,
    },
    #[error("no holding number {0}")]
    NoSuchHolding(usize),
    #[error("a figure exceeds what a decimal holds")]
    Overflow,
}

/// What is wrong with one activity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActivityProblem {
    #[error("the quantity must be greater than zero")]
    QuantityNotPositive,
    #[error("a unit price or unit cost cannot be negative")]
    NegativePrice,
    #[error("an amount or fees cannot be negative")]
    NegativeAmount,
    #[error("both sides of a split ratio must be greater than zero")]
    SplitRatioNotPositive,
    #[error("in {found}, but the holding is in {expected}")]
    WrongCurrency { expected: String, found: String },
}

/// Why a list of points is not a daily series.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    #[error("{date} follows {previous}: dates must rise strictly")]
    NotIncreasing { previous: Date, date: Date },
    #[error("{date}: the value {value} is not greater than zero")]
    NotPositive { date: Date, value: Decimal },
}

/// Why a money-weighted return has no rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum XirrError {
    /// Fewer than two flows, or all of one sign: no rate discounts them to zero.
    #[error("the cash flows do not change sign: no rate discounts them to zero")]
    NoSignChange,
    /// The solver ran out of steps (not seen in practice: bisection alone converges in ~60).
    #[error("the rate did not converge")]
    NotConverged,
    /// The rate, or the return it implies over the range, is beyond what a decimal holds.
    #[error("the rate is beyond what a decimal holds")]
    OutOfRange,
}
