//! The loans area's domain events, written by the daily run in the transaction that brings the
//! loan up to the day: an installment falls due soon, an installment became overdue. Each is
//! announced once per installment (the loan remembers the last one announced).

use serde::{Deserialize, Serialize};
use time::Date;

use ferrofin_platform::ports::queue::Message;

use crate::ids::LoanId;
use crate::loan::Applicant;

/// Days before its due date an installment is announced.
pub const DUE_NOTICE_DAYS: i64 = 3;

/// An installment of a loan and what is owed on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentOwed {
    pub loan_id: LoanId,
    pub borrower: Applicant,
    pub installment: u32,
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub due_date: Date,
    /// Still owed on the installment, decimal string in `currency`.
    pub outstanding: String,
    /// ISO 4217.
    pub currency: String,
}

/// `loan.repayment_due`: an installment falls due within [`DUE_NOTICE_DAYS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRepaymentDue {
    #[serde(flatten)]
    pub owed: InstallmentOwed,
}

impl Message for LoanRepaymentDue {
    const TYPE: &'static str = "loan.repayment_due";
    const VERSION: u32 = 1;
}

/// `loan.repayment_overdue`: an installment passed its due date unpaid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRepaymentOverdue {
    #[serde(flatten)]
    pub owed: InstallmentOwed,
    pub days_overdue: u32,
}

impl Message for LoanRepaymentOverdue {
    const TYPE: &'static str = "loan.repayment_overdue";
    const VERSION: u32 = 1;
}
