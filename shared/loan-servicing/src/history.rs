//! Checking a history and putting it in the order it is replayed in.
//!
//! [`replayed`] refuses a history that no state can come from ([`HistoryError`]) and returns
//! the events that change the loan — the repayments not reversed, the penalties, the refunds —
//! in date order, events of the same date in the order of the list (their sequence). A
//! reversal takes its repayment out of the history altogether, so everything after it is
//! allocated again. Whether a refund fits the overpaid amount depends on the state, and is
//! checked by the replay that reaches it.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use time::Date;

use crate::events::{EventKey, LoanEvent, Penalty};
use crate::loan::Loan;

/// Why a history cannot be replayed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("{event} on {date} is before the disbursement on {disbursement}")]
    BeforeDisbursement {
        event: EventKey,
        date: Date,
        disbursement: Date,
    },
    #[error("the amount {amount} of {event} must be more than 0")]
    NotPositive { event: EventKey, amount: Decimal },
    #[error("the amount {amount} of {event} has more than {decimals} decimals")]
    TooManyDecimals {
        event: EventKey,
        amount: Decimal,
        decimals: u32,
    },
    #[error("the id {id:?} is used by more than one repayment or refund")]
    DuplicateId { id: String },
    #[error("a reversal names repayment {id:?}, which is not in the history")]
    UnknownRepayment { id: String },
    #[error("repayment {id:?} is reversed more than once")]
    ReversedTwice { id: String },
    #[error(
        "the reversal of repayment {id:?} on {reversal} is before the repayment, on {repayment}"
    )]
    ReversalBeforeRepayment {
        id: String,
        reversal: Date,
        repayment: Date,
    },
    #[error("a penalty names installment {installment}; the loan has {installments}")]
    UnknownInstallment {
        installment: u32,
        installments: usize,
    },
    #[error("installment {installment} has more than one penalty")]
    DuplicatePenalty { installment: u32 },
    #[error("refund {id:?} of {amount} is more than the overpaid amount on its date, {overpaid}")]
    RefundAboveOverpaid {
        id: String,
        amount: Decimal,
        overpaid: Decimal,
    },
}

/// The events of `history` that change `loan`, checked, in the order they apply.
pub(crate) fn replayed<'a>(
    loan: &Loan,
    history: &'a [LoanEvent],
) -> Result<Vec<&'a LoanEvent>, HistoryError> {
    let mut ids = HashSet::new();
    let mut repayment_dates = HashMap::new();
    let mut penalised = HashSet::new();
    for event in history {
        check_event(loan, event)?;
        match event {
            LoanEvent::Repayment(repayment) => {
                repayment_dates.insert(repayment.id.as_str(), repayment.date);
                unique_id(&mut ids, &repayment.id)?;
            }
            LoanEvent::Refund(refund) => unique_id(&mut ids, &refund.id)?,
            LoanEvent::Penalty(penalty) => check_penalty(loan, penalty, &mut penalised)?,
            LoanEvent::RepaymentReversal(_) => {}
        }
    }
    let reversed = reversed_repayments(history, &repayment_dates)?;
    let mut effective: Vec<&LoanEvent> = history
        .iter()
        .filter(|event| match event {
            LoanEvent::Repayment(repayment) => !reversed.contains(repayment.id.as_str()),
            LoanEvent::RepaymentReversal(_) => false,
            LoanEvent::Penalty(_) | LoanEvent::Refund(_) => true,
        })
        .collect();
    // Stable: events of the same date keep the order of the list.
    effective.sort_by_key(|event| event.date());
    Ok(effective)
}

/// The ids of the repayments reversed, each reversal checked against its repayment (by id,
/// with its date).
fn reversed_repayments<'a>(
    history: &'a [LoanEvent],
    repayment_dates: &HashMap<&str, Date>,
) -> Result<HashSet<&'a str>, HistoryError> {
    let mut reversed = HashSet::new();
    for event in history {
        let LoanEvent::RepaymentReversal(reversal) = event else {
            continue;
        };
        let id = reversal.repayment_id.as_str();
        let repayment = *repayment_dates
            .get(id)
            .ok_or_else(|| HistoryError::UnknownRepayment { id: id.to_owned() })?;
        if reversal.date < repayment {
            return Err(HistoryError::ReversalBeforeRepayment {
                id: id.to_owned(),
                reversal: reversal.date,
                repayment,
            });
        }
        if !reversed.insert(id) {
            return Err(HistoryError::ReversedTwice { id: id.to_owned() });
        }
    }
    Ok(reversed)
}

/// A penalty names an installment of the loan that has no other penalty.
fn check_penalty(
    loan: &Loan,
    penalty: &Penalty,
    penalised: &mut HashSet<u32>,
) -> Result<(), HistoryError> {
    let installments = loan.schedule().rows.len();
    if penalty.installment == 0 || penalty.installment as usize > installments {
        return Err(HistoryError::UnknownInstallment {
            installment: penalty.installment,
            installments,
        });
    }
    if !penalised.insert(penalty.installment) {
        return Err(HistoryError::DuplicatePenalty {
            installment: penalty.installment,
        });
    }
    Ok(())
}

/// The checks of one event on its own: its date and its amount.
fn check_event(loan: &Loan, event: &LoanEvent) -> Result<(), HistoryError> {
    let disbursement = loan.schedule().disbursement.date;
    if event.date() < disbursement {
        return Err(HistoryError::BeforeDisbursement {
            event: event.key(),
            date: event.date(),
            disbursement,
        });
    }
    if let Some(amount) = event.amount() {
        if amount <= Decimal::ZERO {
            return Err(HistoryError::NotPositive {
                event: event.key(),
                amount,
            });
        }
        if !loan.money().is_exact(amount) {
            return Err(HistoryError::TooManyDecimals {
                event: event.key(),
                amount,
                decimals: loan.money().decimals(),
            });
        }
    }
    Ok(())
}

fn unique_id<'a>(ids: &mut HashSet<&'a str>, id: &'a str) -> Result<(), HistoryError> {
    if ids.insert(id) {
        Ok(())
    } else {
        Err(HistoryError::DuplicateId { id: id.to_owned() })
    }
}
