//! [`Loan::state`]: the whole state of the loan as of a date — every installment's components
//! (due, paid, waived, outstanding) and status, the loan's totals and status, the overpaid
//! amount, the interest accrued, the delinquency, how each repayment was allocated and the
//! early settlement, if any — from a replay of the history up to that date.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::accrual::accrued;
use crate::allocation::Allocation;
use crate::components::Balance;
use crate::delinquency::{Delinquency, delinquency};
use crate::events::LoanEvent;
use crate::history::HistoryError;
use crate::ledger::{Ledger, LedgerRow};
use crate::loan::Loan;
use crate::payoff::EarlySettlement;
use crate::status::{InstallmentStatus, LoanStatus, installment_status, loan_status};
use crate::text;

/// One installment of the schedule as serviced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Installment {
    pub number: u32,
    #[serde(with = "text::date")]
    pub due_date: Date,
    pub status: InstallmentStatus,
    #[serde(flatten)]
    pub amounts: Amounts,
}

/// Each component's balance and their sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Amounts {
    pub principal: Balance,
    pub interest: Balance,
    pub fees: Balance,
    pub penalties: Balance,
    pub total: Balance,
}

impl Amounts {
    fn of(row: &LedgerRow) -> Self {
        Self {
            principal: row.principal,
            interest: row.interest,
            fees: row.fees,
            penalties: row.penalties,
            total: row.total(),
        }
    }
}

impl std::ops::Add for Amounts {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            principal: self.principal + other.principal,
            interest: self.interest + other.interest,
            fees: self.fees + other.fees,
            penalties: self.penalties + other.penalties,
            total: self.total + other.total,
        }
    }
}

/// The loan as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanState {
    #[serde(with = "text::date")]
    pub as_of: Date,
    pub status: LoanStatus,
    pub installments: Vec<Installment>,
    /// The installments added up.
    pub totals: Amounts,
    /// Paid beyond everything owed and not refunded yet.
    #[serde(with = "text::decimal")]
    pub overpaid: Decimal,
    /// Interest accrued from the disbursement up to `as_of`.
    #[serde(with = "text::decimal")]
    pub accrued_interest: Decimal,
    pub delinquency: Delinquency,
    /// The repayments up to `as_of` (reversed ones left out), in the order allocated.
    pub repayments: Vec<Allocation>,
    pub early_settlement: Option<EarlySettlement>,
}

impl Loan {
    /// The state after the events of `history` dated up to `as_of`.
    pub fn state(&self, history: &[LoanEvent], as_of: Date) -> Result<LoanState, HistoryError> {
        let ledger = Ledger::replay(self, history, as_of)?;
        let tolerance = self.settings().arrears_tolerance;
        let installments: Vec<Installment> = ledger
            .rows
            .iter()
            .map(|row| Installment {
                number: row.number,
                due_date: row.due_date,
                status: installment_status(row, as_of, tolerance),
                amounts: Amounts::of(row),
            })
            .collect();
        let nothing = Balance::owed(self.money().zero(), self.money());
        let totals = installments.iter().fold(
            Amounts {
                principal: nothing,
                interest: nothing,
                fees: nothing,
                penalties: nothing,
                total: nothing,
            },
            |sum, installment| sum + installment.amounts,
        );
        Ok(LoanState {
            as_of,
            status: loan_status(totals.total.outstanding, ledger.overpaid),
            accrued_interest: accrued(&ledger.rows, as_of, self.money()),
            delinquency: delinquency(
                &installments,
                as_of,
                self.settings().days_until_non_performing,
            ),
            installments,
            totals,
            overpaid: ledger.overpaid,
            repayments: ledger.repayments,
            early_settlement: ledger.early_settlement,
        })
    }
}
