//! Rescheduling from a due date: the principal still owed after it is lent again on new terms
//! — a new rate, added principal grace, and a term set by [`NewTerm`] — and loan-calc computes
//! the new schedule. The old schedule and the loan's state on that date are kept as history
//! ([`Rescheduled::previous`]); the new terms are booked as a new [`Loan`] whose history starts
//! on the rescheduling date.
//!
//! * `from` is the disbursement date or a due date with installments after it, so no interest
//!   is accrued and unpaid on it; the installments due by then must be paid.
//! * The principal rescheduled is the principal of the later installments less everything paid
//!   on them in advance (an advance payment repays principal, as a prepayment would).
//! * The new loan is the booked request with that principal, disbursed on `from`, its first
//!   installment one period later, the installment fees kept and the disbursement fees dropped
//!   (they were charged when the money was paid out).

use ferrofin_loan_calc::{
    Amortization, FeeWhen, LoanRequest, LoanTerms, MAX_REPAYMENTS, Row, Schedule, ValidationError,
    validate,
};
use rust_decimal::Decimal;
use time::Date;

use crate::events::LoanEvent;
use crate::history::HistoryError;
use crate::loan::Loan;
use crate::state::LoanState;
use crate::status::InstallmentStatus;

/// How many installments the new schedule has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewTerm {
    /// The installments left, plus `extra_installments`: the installment is recomputed.
    ReduceInstallment { extra_installments: u32 },
    /// The fewest installments whose regular installment (principal + interest, or the
    /// principal part for equal principal) is at most the current one.
    ReduceTerm,
}

/// What changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rescheduling {
    /// The disbursement date or a due date of the loan, with installments after it.
    pub from: Date,
    /// Percent per year; `None` keeps the loan's rate.
    pub annual_interest_rate: Option<Decimal>,
    /// Periods at the start of the new schedule that repay no principal.
    pub grace_on_principal_periods: u32,
    pub term: NewTerm,
}

/// The loan rescheduled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rescheduled {
    /// The loan on `from` under the old schedule.
    pub previous: LoanState,
    /// The principal lent again.
    pub principal: Decimal,
    /// The new loan's request (to store), its terms (to book) and its schedule.
    pub request: LoanRequest,
    pub terms: LoanTerms,
    pub schedule: Schedule,
}

/// Why a loan cannot be rescheduled so.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RescheduleError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("the request does not validate to the booked loan's terms")]
    NotTheBookedLoan,
    #[error("{from} is neither the disbursement nor a due date with installments after it")]
    NotADueDate { from: Date },
    #[error("installment {installment}, due by {from}, is not paid")]
    Unpaid { installment: u32, from: Date },
    #[error("no principal is left to reschedule on {from}")]
    NothingToReschedule { from: Date },
    #[error(
        "no term of at most {MAX_REPAYMENTS} installments keeps the installment at {installment}"
    )]
    NoTermKeepsTheInstallment { installment: Decimal },
    /// The new terms are out of range (a rate above 100 %, too long a term).
    #[error(transparent)]
    NewTerms(#[from] ValidationError),
}

impl Loan {
    /// Reschedules the loan booked from `booked` (the request its terms were validated from),
    /// after the events of `history` up to `change.from`.
    pub fn reschedule(
        &self,
        booked: &LoanRequest,
        history: &[LoanEvent],
        change: &Rescheduling,
    ) -> Result<Rescheduled, RescheduleError> {
        let decimals = self.terms().decimals();
        if validate(booked, decimals)? != *self.terms() {
            return Err(RescheduleError::NotTheBookedLoan);
        }
        let from = change.from;
        let rows = &self.schedule().rows;
        let kept = if from == self.schedule().disbursement.date {
            0
        } else {
            rows.iter()
                .position(|row| row.due_date == from)
                .map_or(rows.len(), |index| index + 1)
        };
        if kept == rows.len() {
            return Err(RescheduleError::NotADueDate { from });
        }
        let previous = self.state(history, from)?;
        let (due, later) = previous.installments.split_at(kept);
        if let Some(unpaid) = due.iter().find(|i| i.status != InstallmentStatus::Paid) {
            return Err(RescheduleError::Unpaid {
                installment: unpaid.number,
                from,
            });
        }
        let principal: Decimal = later
            .iter()
            .map(|i| i.amounts.principal.due - i.amounts.total.paid)
            .sum();
        if principal <= Decimal::ZERO {
            return Err(RescheduleError::NothingToReschedule { from });
        }
        let request_for = |number_of_repayments| LoanRequest {
            principal: principal.to_string(),
            disbursement_date: from.to_string(),
            first_repayment_date: None,
            annual_interest_rate: change.annual_interest_rate.map_or_else(
                || booked.annual_interest_rate.clone(),
                |rate| rate.to_string(),
            ),
            number_of_repayments,
            grace_on_principal_periods: change.grace_on_principal_periods,
            grace_on_interest_periods: 0,
            fees: booked
                .fees
                .iter()
                .filter(|fee| fee.when != FeeWhen::Disbursement)
                .cloned()
                .collect(),
            ..booked.clone()
        };
        let number_of_repayments = match change.term {
            NewTerm::ReduceInstallment { extra_installments } => {
                // At most 600 rows (loan-calc validates the number of repayments).
                u32::try_from(later.len())
                    .unwrap_or(u32::MAX)
                    .saturating_add(extra_installments)
            }
            NewTerm::ReduceTerm => {
                // `kept` is before the last row (checked above).
                let current = regular_installment(&rows[kept], booked.amortization);
                let grace = change.grace_on_principal_periods;
                fewest_installments(current, booked.amortization, grace, |number| {
                    validate(&request_for(number), decimals)
                        .ok()
                        .map(|terms| Schedule::calculate(&terms))
                })
                .ok_or(RescheduleError::NoTermKeepsTheInstallment {
                    installment: current,
                })?
            }
        };
        let request = request_for(number_of_repayments);
        let terms = validate(&request, decimals)?;
        Ok(Rescheduled {
            previous,
            principal,
            schedule: Schedule::calculate(&terms),
            request,
            terms,
        })
    }
}

/// What `reduce_term` keeps of a row: principal + interest, or the principal part.
fn regular_installment(row: &Row, amortization: Amortization) -> Decimal {
    match amortization {
        Amortization::EqualInstallments => row.principal + row.interest,
        Amortization::EqualPrincipal => row.principal,
    }
}

/// The fewest installments (more than the `grace` periods) whose first regular installment is
/// at most `current`, by bisection: the installment falls as the term grows. A number whose
/// terms are refused (`schedule` gives `None`: too long a term) ends the search too, so that
/// validating it reports why.
fn fewest_installments(
    current: Decimal,
    amortization: Amortization,
    grace: u32,
    schedule: impl Fn(u32) -> Option<Schedule>,
) -> Option<u32> {
    let keeps = |number: u32| {
        schedule(number).is_none_or(|schedule| {
            schedule
                .rows
                .get(grace as usize)
                .is_none_or(|row| regular_installment(row, amortization) <= current)
        })
    };
    let candidates: Vec<u32> = (grace.saturating_add(1)..=MAX_REPAYMENTS).collect();
    candidates
        .get(candidates.partition_point(|&number| !keeps(number)))
        .copied()
}
