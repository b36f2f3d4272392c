//! The calculation engine of an investments feature: positions and lots from an activity
//! ledger, realised and unrealised gains, income and fees, the daily value history, the
//! time-weighted and money-weighted (XIRR) returns over 1d, mtd, ytd, 1y, max and custom
//! ranges, and the allocation, in each holding's currency and in the user's base currency.
//!
//! ```text
//! Portfolio (holdings + activities) ─┐
//! MarketData (closes, FX rates)     ─┼─ evaluate(.., valuation_date) ─> Evaluation
//!                                    │     .positions()                   Position per holding
//!                                    │     .returns(Range)                TWR + MWR, portfolio
//!                                    │     .value_history(Range)          ValuePoint per day
//!                                    │     .holding_returns(i, Range, Denomination)
//!                                    │     .holding_value_history(i, Range, Denomination)
//!                                    │     .allocation()                  by class, currency, account
//! xirr(&[CashFlow])                  └─ the XIRR of any dated flows
//! ```
//!
//! [`evaluate`] checks the whole input, replays each ledger day by day (FIFO lots, or one
//! pool at average cost), values every day at its close and FX rate (carried forward, and
//! then marked stale), and keeps every day exactly; the answers are computed from those days
//! and rounded as they are written: money half-even to the currency's minor units, returns
//! and shares to 8 decimals of a fraction, quantities, prices and rates never.
//!
//! Pure computation: no I/O, no clock, no floating point. Formulas, conventions and worked
//! examples are in `docs/investments.md`.

mod activity;
mod allocation;
mod error;
mod evaluation;
mod history;
mod holding;
mod ledger;
mod lots;
mod portfolio;
mod position;
mod prices;
mod range;
mod returns;
mod rounding;
mod series;
mod text;
mod twr;
mod valuation;
mod xirr;

pub use activity::{Activity, ActivityKind};
pub use allocation::{Allocation, Slice};
pub use error::{ActivityProblem, Error, SeriesError, XirrError};
pub use evaluation::{Denomination, Evaluation};
pub use history::ValuePoint;
pub use holding::{AssetClass, Currency, Holding, MAX_MINOR_UNITS};
pub use lots::LotMethod;
pub use portfolio::{HoldingActivities, Portfolio};
pub use position::{Figures, LotFigures, Position};
pub use prices::{DailySeries, MarketData, Point, Quote};
pub use range::{Period, Range};
pub use returns::{MoneyWeighted, Rate, Returns};
pub use rounding::{FRACTION_DECIMALS, UNIT_EXTRA_DECIMALS};
pub use valuation::evaluate;
pub use xirr::{CashFlow, MAX_STEPS, xirr};
