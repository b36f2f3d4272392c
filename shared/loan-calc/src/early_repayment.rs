//! Early repayment of a declining-balance loan: [`prepay`] takes the terms, an amount, a date
//! and a [`Strategy`], and returns the new schedule and the interest saved.
//!
//! * The installments due on or before the date are taken as paid as scheduled.
//! * The prepayment first settles the interest owed on its date: the current period's
//!   interest on the outstanding principal **pro rata by days** (`balance × period rate ×
//!   days elapsed / days in the period`, rounded), plus any interest deferred by interest grace
//!   so far. The rest of the amount repays principal. It must be more than that interest and
//!   at most the payoff (balance + interest owed), which closes the loan.
//! * The rest of the current period then bears the remaining share of its rate on the new
//!   balance; later periods keep their dates, rates and grace.
//! * `reduce_installment` keeps the number of installments and recomputes the level
//!   installment (or principal part) for the new balance; `reduce_term` keeps the installment
//!   (or principal part) and ends the schedule as soon as the balance is repaid.
//! * The interest saved is the interest of the original schedule after the date minus the
//!   interest of the new one from the date on (the prepayment's own interest included).
//!
//! Flat loans are refused: their interest is fixed on the original principal for the whole
//! term (Fineract recalculates only declining-balance loans, too).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::amortize;
use crate::dates::days_between;
use crate::rates::Period;
use crate::rounding::Rounder;
use crate::schedule::{self, Plan, Row, RowKind, Schedule};
use crate::ser::display;
use crate::terms::{InterestMethod, LoanTerms};
use crate::text::decimal_places;

/// What an early repayment shortens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Same installment, fewer installments.
    ReduceTerm,
    /// Same number of installments, smaller installments.
    ReduceInstallment,
}

/// The schedule after an early repayment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarlyRepayment {
    /// The paid installments, the prepayment (a row of kind `prepayment`) and the new
    /// installments, with totals and rates over all of them.
    pub schedule: Schedule,
    /// Interest of the original schedule after the date, less the new schedule's from it on.
    #[serde(serialize_with = "display")]
    pub interest_saved: Decimal,
}

/// Why an early repayment cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EarlyRepaymentError {
    #[error("only declining-balance loans are recalculated: flat interest is fixed for the term")]
    FlatInterest,
    #[error(
        "the date {date} must be after the disbursement {disbursement} and before the last due date {last_due}"
    )]
    DateOutsideLoan {
        date: Date,
        disbursement: Date,
        last_due: Date,
    },
    #[error("the amount must have at most {decimals} decimals")]
    TooManyDecimals { decimals: u32 },
    #[error("the amount {amount} must be more than the interest owed on the date, {interest}")]
    NotAboveInterest { amount: Decimal, interest: Decimal },
    #[error("the amount {amount} is more than the payoff on the date, {payoff}")]
    AbovePayoff { amount: Decimal, payoff: Decimal },
}

/// The schedule of `terms` after repaying `amount` early on `date`.
pub fn prepay(
    terms: &LoanTerms,
    amount: Decimal,
    date: Date,
    strategy: Strategy,
) -> Result<EarlyRepayment, EarlyRepaymentError> {
    if terms.interest_method == InterestMethod::Flat {
        return Err(EarlyRepaymentError::FlatInterest);
    }
    let rounder = Rounder::of(terms);
    let plan = Plan::of(terms);
    let last_due = plan.lines.last().map_or(terms.disbursement_date, |l| l.due);
    if date <= terms.disbursement_date || date >= last_due {
        return Err(EarlyRepaymentError::DateOutsideLoan {
            date,
            disbursement: terms.disbursement_date,
            last_due,
        });
    }
    if decimal_places(amount) > terms.decimals {
        return Err(EarlyRepaymentError::TooManyDecimals {
            decimals: terms.decimals,
        });
    }
    let amount = rounder.money(amount);

    let paid = plan
        .lines
        .iter()
        .take_while(|line| line.due <= date)
        .count();
    let (done, ahead) = plan.lines.split_at(paid);
    let repaid: Decimal = done.iter().map(|l| l.principal).sum();
    let balance = rounder.money(terms.principal - repaid);
    let deferred: Decimal = done.iter().map(|l| l.accrued - l.interest).sum();
    let current = plan.periods[paid];
    let share = Decimal::from(days_between(current.start, date))
        / Decimal::from(days_between(current.start, current.due));
    let interest = rounder.money(balance * current.rate * share) + deferred;
    if amount <= interest {
        return Err(EarlyRepaymentError::NotAboveInterest { amount, interest });
    }
    let payoff = balance + interest;
    if amount > payoff {
        return Err(EarlyRepaymentError::AbovePayoff { amount, payoff });
    }

    let principal = amount - interest;
    let remaining = balance - principal;
    let number = u32::try_from(paid).expect("at most 600 rows") + 1;
    let mut rows = schedule::rows(terms, done, 1, terms.principal);
    rows.push(Row {
        number,
        kind: RowKind::Prepayment,
        due_date: date,
        principal,
        interest,
        fees: rounder.zero(),
        penalties: rounder.zero(),
        total: amount,
        balance: remaining,
    });
    let mut new_interest = interest;
    if !remaining.is_zero() {
        let rest: Vec<Period> = std::iter::once(Period {
            start: date,
            rate: current.rate * (Decimal::ONE - share),
            ..current
        })
        .chain(plan.periods[paid + 1..].iter().copied())
        .collect();
        let payment = match (strategy, plan.payment) {
            (Strategy::ReduceTerm, Some(payment)) => payment,
            _ => schedule::payment(terms.amortization, remaining, &rest, &rounder),
        };
        let lines = amortize::lines(remaining, &rest, payment, &rounder);
        new_interest += lines.iter().map(|l| l.interest).sum::<Decimal>();
        rows.extend(schedule::rows(terms, &lines, number + 1, remaining));
    }
    let original_interest: Decimal = ahead.iter().map(|l| l.interest).sum();
    Ok(EarlyRepayment {
        schedule: schedule::assemble(terms, rows),
        interest_saved: rounder.money(original_interest - new_interest),
    })
}
