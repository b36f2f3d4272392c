//! The calculation engine of a lending product: the repayment schedule of a loan, its APR and
//! effective annual rate, early repayment and comparison, with Apache Fineract's arithmetic for
//! the same product settings.
//!
//! ```text
//! LoanRequest (JSON) --validate(request, decimals)--> LoanTerms --Schedule::calculate--> Schedule
//!                                                               --prepay--> EarlyRepayment
//!                                                               --compare--> Vec<Comparison>
//! ```
//!
//! [`validate`] checks a [`LoanRequest`] (decimals and dates as strings, parsed strictly) for a
//! currency of the given decimals and names every field at fault; [`Schedule::calculate`] is
//! then infallible and deterministic, so the preview and the booked loan are the same call.
//!
//! Pure computation: no I/O, no clock, no floating point. Money is `rust_decimal::Decimal`,
//! every amount is rounded explicitly to the currency's decimals, and the last installment
//! absorbs every rounding remainder. Formulas, conventions and worked examples are in
//! `docs/loan-calculation.md`.

mod amortize;
mod compare;
mod dates;
mod day_count;
mod early_repayment;
mod fees;
mod flat;
mod irr;
mod power;
mod rates;
mod request;
mod rounding;
mod schedule;
pub mod ser;
mod terms;
mod text;
#[cfg(feature = "openapi")]
pub mod text_schemas;
mod validate;

pub use compare::{CompareError, Comparison, MAX_COMPARED, compare};
pub use early_repayment::{EarlyRepayment, EarlyRepaymentError, Strategy, prepay};
pub use request::{FeeRequest, LoanRequest, RoundingRequest};
pub use schedule::{Disbursement, Row, RowKind, Schedule, Totals};
pub use terms::{
    Amortization, DaysInMonth, DaysInYear, Fee, FeeCharge, FeeWhen, Frequency,
    InterestCalculationPeriod, InterestMethod, LoanTerms, Rounding, RoundingMode,
};
pub use text::{parse_date, parse_decimal};
pub use validate::{
    FieldError, MAX_AMOUNT, MAX_DECIMALS, MAX_REPAYMENTS, ValidationError, validate,
};
