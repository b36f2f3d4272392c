//! Servicing of a booked loan: its state derived from its repayment schedule (computed by
//! `ferrofin-loan-calc` from the booked terms) and the history of its events.
//!
//! ```text
//! LoanTerms + ServicingSettings --Loan::new--> Loan
//! Loan + [LoanEvent] + date --state--> LoanState (installments, totals, status, delinquency)
//!                          --payoff_quote--> PayoffQuote
//!                          --accrued_interest / accrual_delta--> Decimal
//!                          --penalties_to_apply--> Vec<Penalty>
//! Loan + LoanRequest + [LoanEvent] + Rescheduling --reschedule--> Rescheduled (new terms)
//! ```
//!
//! Every answer is a deterministic fold over the history ([`LoanEvent`]: repayments,
//! reversals, penalties, refunds) in date order, events of a date in list order, so a reversal
//! re-allocates everything after it simply by being replayed. Pure computation: no I/O, no
//! clock (dates are passed in), no floating point; money is `rust_decimal::Decimal` rounded to
//! the currency's decimals with the loan's rounding mode. Definitions, formulas and worked
//! examples are in `docs/loan-servicing.md`.

mod accrual;
mod allocation;
mod components;
mod delinquency;
mod events;
mod history;
mod ledger;
mod loan;
mod money;
mod payoff;
mod penalty;
mod reschedule;
mod settings;
mod state;
mod status;
mod text;

pub use allocation::{Allocation, InstallmentAllocation};
pub use components::{Balance, Breakdown};
pub use delinquency::{Delinquency, DelinquencyBucket};
pub use events::{EventKey, LoanEvent, Penalty, Refund, Repayment, Reversal};
pub use history::HistoryError;
pub use loan::Loan;
pub use payoff::{EarlySettlement, PayoffQuote};
pub use reschedule::{NewTerm, RescheduleError, Rescheduled, Rescheduling};
pub use settings::{AllocationOrder, LatePenalty, PenaltyCharge, ServicingSettings, SettingsError};
pub use state::{Amounts, Installment, LoanState};
pub use status::{InstallmentStatus, LoanStatus};
