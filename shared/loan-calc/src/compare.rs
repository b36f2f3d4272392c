//! Side-by-side figures of up to [`MAX_COMPARED`] loans: for each, the totals, the APR, the
//! effective annual rate and the first regular installment ("monthly payment").
//!
//! The first regular installment is the total of the first row after the grace periods, or of
//! the one after it when that row also collects the interest deferred by interest grace
//! (declining balance, and flat with equal principal); the last row when there is no such row.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::schedule::{Schedule, Totals};
use crate::ser::{display, optional_display};
use crate::terms::{Amortization, InterestMethod, LoanTerms};

/// The most loans compared at once.
pub const MAX_COMPARED: usize = 5;

/// The figures of one loan in a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub currency: String,
    /// The rows of its schedule.
    pub number_of_repayments: usize,
    #[serde(serialize_with = "display")]
    pub first_regular_installment: Decimal,
    pub totals: Totals,
    #[serde(serialize_with = "optional_display")]
    pub apr: Option<Decimal>,
    #[serde(serialize_with = "optional_display")]
    pub effective_annual_rate: Option<Decimal>,
}

/// Why loans cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error("no loans to compare")]
    Empty,
    #[error("at most {MAX_COMPARED} loans can be compared, {given} were given")]
    TooMany { given: usize },
}

/// The comparison of `loans`, in their order.
pub fn compare(loans: &[LoanTerms]) -> Result<Vec<Comparison>, CompareError> {
    if loans.is_empty() {
        return Err(CompareError::Empty);
    }
    if loans.len() > MAX_COMPARED {
        return Err(CompareError::TooMany { given: loans.len() });
    }
    Ok(loans
        .iter()
        .map(|terms| {
            let schedule = Schedule::calculate(terms);
            let first_regular_installment = first_regular_installment(terms, &schedule);
            Comparison {
                currency: schedule.currency,
                number_of_repayments: schedule.rows.len(),
                first_regular_installment,
                totals: schedule.totals,
                apr: schedule.apr,
                effective_annual_rate: schedule.effective_annual_rate,
            }
        })
        .collect())
}

fn first_regular_installment(terms: &LoanTerms, schedule: &Schedule) -> Decimal {
    let (principal_grace, interest_grace) = (
        terms.grace_on_principal_periods,
        terms.grace_on_interest_periods,
    );
    let averaged = terms.interest_method == InterestMethod::Flat
        && terms.amortization == Amortization::EqualInstallments;
    let collects_deferred = interest_grace > 0 && interest_grace >= principal_grace && !averaged;
    let index = usize::try_from(principal_grace.max(interest_grace)).expect("at most 600")
        + usize::from(collects_deferred);
    schedule
        .rows
        .get(index)
        .or(schedule.rows.last())
        .map_or(Decimal::ZERO, |row| row.total)
}
