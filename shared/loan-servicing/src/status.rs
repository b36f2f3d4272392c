//! The status of an installment and of the loan as of a date.
//!
//! | installment | when |
//! |---|---|
//! | `paid` | nothing outstanding |
//! | `overdue` | due before the date, outstanding above the arrears tolerance |
//! | `due` | due by the date (today, or earlier but within the tolerance), something outstanding |
//! | `partially_paid` | due after the date, partly paid |
//! | `future` | due after the date, nothing paid |
//!
//! The loan is `active` while anything is outstanding, then `overpaid` while an overpayment
//! is left to refund, then `closed`.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::ledger::LedgerRow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentStatus {
    Paid,
    PartiallyPaid,
    Due,
    Overdue,
    Future,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    Active,
    Overpaid,
    Closed,
}

/// The status of `row` on `date`.
pub(crate) fn installment_status(
    row: &LedgerRow,
    date: Date,
    arrears_tolerance: Decimal,
) -> InstallmentStatus {
    let total = row.total();
    if total.outstanding.is_zero() {
        InstallmentStatus::Paid
    } else if row.due_date < date && total.outstanding > arrears_tolerance {
        InstallmentStatus::Overdue
    } else if row.due_date <= date {
        InstallmentStatus::Due
    } else if total.paid.is_zero() {
        InstallmentStatus::Future
    } else {
        InstallmentStatus::PartiallyPaid
    }
}

/// The status of a loan with `outstanding` owed and `overpaid` to refund.
pub(crate) fn loan_status(outstanding: Decimal, overpaid: Decimal) -> LoanStatus {
    if !outstanding.is_zero() {
        LoanStatus::Active
    } else if !overpaid.is_zero() {
        LoanStatus::Overpaid
    } else {
        LoanStatus::Closed
    }
}
