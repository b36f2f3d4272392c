//! The money of one loan: amounts rounded to the currency's decimals with the loan's rounding
//! mode (loan-calc's [`RoundingMode::round_money`], so servicing rounds as the schedule does),
//! and the check that an amount given to the loan has no more decimals than its currency.

use ferrofin_loan_calc::{LoanTerms, RoundingMode};
use rust_decimal::Decimal;

/// Rounds and checks the amounts of one loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Money {
    decimals: u32,
    mode: RoundingMode,
}

impl Money {
    pub(crate) fn of(terms: &LoanTerms) -> Self {
        Self {
            decimals: terms.decimals(),
            mode: terms.rounding().mode,
        }
    }

    pub(crate) fn decimals(self) -> u32 {
        self.decimals
    }

    /// `value` rounded to the currency's decimals, written with exactly that many.
    pub(crate) fn round(self, value: Decimal) -> Decimal {
        self.mode.round_money(value, self.decimals)
    }

    /// Zero, written with the currency's decimals.
    pub(crate) fn zero(self) -> Decimal {
        self.round(Decimal::ZERO)
    }

    /// Whether `value` is a whole number of the currency's smallest unit.
    pub(crate) fn is_exact(self, value: Decimal) -> bool {
        value.normalize().scale() <= self.decimals
    }
}
