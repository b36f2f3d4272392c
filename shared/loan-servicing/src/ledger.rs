//! The replay: the loan's installments after the events of a history up to a date, as a
//! deterministic fold — the booked schedule, then each event in date order (sequence order
//! within a date): a repayment is allocated (after settling the loan early when it covers the
//! payoff), a penalty is charged to its installment, a refund takes from the overpaid amount.

use rust_decimal::Decimal;
use time::Date;

use crate::allocation::{Allocation, allocate};
use crate::components::{Balance, Component};
use crate::events::{LoanEvent, Refund, Repayment};
use crate::history::{HistoryError, replayed};
use crate::loan::Loan;
use crate::payoff::{EarlySettlement, quote, waive_unearned};

/// One installment being serviced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LedgerRow {
    pub(crate) number: u32,
    /// The previous due date (the disbursement for the first installment): interest accrues
    /// from here to `due_date`.
    pub(crate) period_start: Date,
    pub(crate) due_date: Date,
    pub(crate) principal: Balance,
    pub(crate) interest: Balance,
    pub(crate) fees: Balance,
    pub(crate) penalties: Balance,
}

impl LedgerRow {
    pub(crate) fn component(&self, component: Component) -> &Balance {
        match component {
            Component::Principal => &self.principal,
            Component::Interest => &self.interest,
            Component::Fees => &self.fees,
            Component::Penalties => &self.penalties,
        }
    }

    pub(crate) fn component_mut(&mut self, component: Component) -> &mut Balance {
        match component {
            Component::Principal => &mut self.principal,
            Component::Interest => &mut self.interest,
            Component::Fees => &mut self.fees,
            Component::Penalties => &mut self.penalties,
        }
    }

    /// The four components added up.
    pub(crate) fn total(&self) -> Balance {
        self.principal + self.interest + self.fees + self.penalties
    }
}

/// The state of the loan's money after a replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ledger {
    pub(crate) rows: Vec<LedgerRow>,
    /// The repayments replayed, in the order they were allocated.
    pub(crate) repayments: Vec<Allocation>,
    /// Paid beyond everything owed and not refunded yet.
    pub(crate) overpaid: Decimal,
    pub(crate) early_settlement: Option<EarlySettlement>,
}

impl Ledger {
    /// `loan` after the events of `history` dated up to `until` (reversals apply whatever
    /// their date: a reversed repayment never happened).
    pub(crate) fn replay(
        loan: &Loan,
        history: &[LoanEvent],
        until: Date,
    ) -> Result<Self, HistoryError> {
        let mut ledger = Self::booked(loan);
        for event in replayed(loan, history)? {
            if event.date() > until {
                break;
            }
            match event {
                LoanEvent::Repayment(repayment) => ledger.repay(loan, repayment),
                LoanEvent::Penalty(penalty) => {
                    // `replayed` checked that the installment exists.
                    let row = &mut ledger.rows[penalty.installment as usize - 1];
                    row.penalties.charge(loan.money().round(penalty.amount));
                }
                LoanEvent::Refund(refund) => ledger.refund(refund)?,
                LoanEvent::RepaymentReversal(_) => {}
            }
        }
        Ok(ledger)
    }

    /// The booked schedule, nothing paid.
    fn booked(loan: &Loan) -> Self {
        let money = loan.money();
        let schedule = loan.schedule();
        let starts = std::iter::once(schedule.disbursement.date)
            .chain(schedule.rows.iter().map(|row| row.due_date));
        let rows = schedule
            .rows
            .iter()
            .zip(starts)
            .map(|(row, period_start)| LedgerRow {
                number: row.number,
                period_start,
                due_date: row.due_date,
                principal: Balance::owed(row.principal, money),
                interest: Balance::owed(row.interest, money),
                fees: Balance::owed(row.fees, money),
                penalties: Balance::owed(row.penalties, money),
            })
            .collect();
        Self {
            rows,
            repayments: Vec::new(),
            overpaid: money.zero(),
            early_settlement: None,
        }
    }

    /// Allocates `repayment`. When it covers the payoff on its date and the payoff waives
    /// something, the loan is settled early first: the interest not accrued yet and the fees
    /// not due yet are waived.
    fn repay(&mut self, loan: &Loan, repayment: &Repayment) {
        let money = loan.money();
        let amount = money.round(repayment.amount);
        let payoff = quote(&self.rows, repayment.date, money);
        if amount >= payoff.amount.total && !payoff.waived.total.is_zero() {
            waive_unearned(&mut self.rows, repayment.date, money);
            self.early_settlement = Some(EarlySettlement {
                repayment_id: repayment.id.clone(),
                date: repayment.date,
                waived: payoff.waived,
            });
        }
        let order = loan.settings().allocation_order;
        let (installments, overpayment) = allocate(&mut self.rows, order, amount, money);
        self.overpaid += overpayment;
        self.repayments.push(Allocation {
            repayment_id: repayment.id.clone(),
            date: repayment.date,
            amount,
            installments,
            overpayment,
        });
    }

    fn refund(&mut self, refund: &Refund) -> Result<(), HistoryError> {
        if refund.amount > self.overpaid {
            return Err(HistoryError::RefundAboveOverpaid {
                id: refund.id.clone(),
                amount: refund.amount,
                overpaid: self.overpaid,
            });
        }
        self.overpaid -= refund.amount;
        Ok(())
    }
}
