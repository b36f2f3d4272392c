//! The interest periods of a loan and the rate each bears.
//!
//! Period `k` runs from the previous due date (the disbursement for the first) to due date `k`.
//!
//! * `same_as_repayment`: every period bears the periodic rate, the annual rate divided by the
//!   repayment periods in a year: 12 / `repayment_every` for months, 52 / `repayment_every` for
//!   weeks, and for days the days of the year (360, 364 or 365; **365 for "actual"**) divided by
//!   `repayment_every`. A first period made longer or shorter by `first_repayment_date` bears
//!   the same periodic rate (Fineract's behaviour without partial-period interest); choose
//!   `daily` to charge it by its days.
//! * `daily`: every period bears the annual rate times its year fraction by the day count
//!   ([`crate::day_count`]).
//!
//! Rates are fractions (0.01 for 1 %), exact to `Decimal`'s 28 digits, never rounded.

use rust_decimal::Decimal;
use time::Date;

use crate::dates::Grid;
use crate::day_count::DayCount;
use crate::terms::{Frequency, InterestCalculationPeriod, LoanTerms};

/// One repayment period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) start: Date,
    pub(crate) due: Date,
    /// The interest rate of the whole period, as a fraction.
    pub(crate) rate: Decimal,
    /// No principal is repaid in this period.
    pub(crate) principal_grace: bool,
    /// No interest is collected in this period; it is deferred to the next period that collects.
    pub(crate) interest_grace: bool,
}

/// The day count of `terms`.
pub(crate) fn day_count(terms: &LoanTerms) -> DayCount {
    DayCount {
        days_in_year: terms.days_in_year,
        days_in_month: terms.days_in_month,
        frequency: terms.repayment_frequency,
    }
}

/// Repayment periods in a year: 12, 52 or the days of the year, over `repayment_every`.
pub(crate) fn periods_per_year(terms: &LoanTerms) -> Decimal {
    let per_unit = match terms.repayment_frequency {
        Frequency::Months => 12,
        Frequency::Weeks => 52,
        Frequency::Days => day_count(terms).days_per_year(),
    };
    Decimal::from(per_unit) / Decimal::from(terms.repayment_every)
}

/// The annual rate as a fraction (12 % → 0.12).
pub(crate) fn annual_rate(terms: &LoanTerms) -> Decimal {
    terms.annual_interest_rate / Decimal::ONE_HUNDRED
}

/// The periods of `terms`, with their rates and grace.
pub(crate) fn periods(terms: &LoanTerms) -> Vec<Period> {
    let grid = Grid::of(terms);
    let count = day_count(terms);
    let annual = annual_rate(terms);
    let periodic = annual / periods_per_year(terms);
    let mut start = terms.disbursement_date;
    grid.due_dates(terms.number_of_repayments)
        .into_iter()
        .zip(0..)
        .map(|(due, index)| {
            let rate = match terms.interest_calculation_period {
                InterestCalculationPeriod::SameAsRepayment => periodic,
                InterestCalculationPeriod::Daily => annual * count.year_fraction(start, due),
            };
            let period = Period {
                start,
                due,
                rate,
                principal_grace: index < terms.grace_on_principal_periods,
                interest_grace: index < terms.grace_on_interest_periods,
            };
            start = due;
            period
        })
        .collect()
}
