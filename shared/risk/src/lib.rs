//! Risk assessment of a user's (or a loan applicant's) cash flow: the ledger's transactions over
//! a window, or the rows of an uploaded bank statement.
//!
//! [`assess`] turns a [`Cashflow`] into an [`Assessment`]: income, expenses and net per calendar
//! month, seven metrics, the recurring obligations found, a 0–100 score (**higher is
//! riskier**) with its band, the top reasons in plain words and a confidence.
//!
//! Pure computation: no I/O, no clock, no floating point. Money is `rust_decimal::Decimal`
//! throughout, and every presented figure is rounded explicitly (HALF_EVEN). The definitions,
//! the score formula and worked examples are in `docs/risk.md`.

mod assess;
mod balance;
mod calendar;
pub mod classify;
mod confidence;
mod currency;
pub mod error;
pub mod factor;
pub mod input;
mod metrics;
mod months;
mod present;
mod reasons;
mod recurring;
mod score;
mod ser;
mod sqrt;
mod stats;
mod text;
mod validate;

pub use assess::{Assessment, assess};
pub use balance::BalanceDays;
pub use classify::DEBT_KEYWORDS;
pub use confidence::{Confidence, Flag};
pub use error::{MAX_AMOUNT, RiskError};
pub use factor::Factor;
pub use input::{Cashflow, Entry, EntryKind};
pub use metrics::Metrics;
pub use months::MonthFlow;
pub use recurring::{Cadence, Obligation};
pub use score::{Contribution, ReadingStatus, RiskBand};
pub use validate::validate;
