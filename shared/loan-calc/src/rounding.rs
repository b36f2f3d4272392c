//! Explicit rounding of money. Every amount of a schedule is rounded to the currency's
//! decimals with the loan's [`RoundingMode`] (`half_even` unless the product says otherwise)
//! and carries exactly that many decimals (`"0.00"`, not `"0"`). A level installment is rounded
//! to `installment_multiple` when the product sets one (Fineract's "installment amount in
//! multiples of"), else to the decimals.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::terms::{LoanTerms, Rounding, RoundingMode};

/// Rounds the amounts of one loan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rounder {
    decimals: u32,
    rounding: Rounding,
}

impl Rounder {
    pub(crate) fn of(terms: &LoanTerms) -> Self {
        Self {
            decimals: terms.decimals,
            rounding: terms.rounding,
        }
    }

    /// A rounder for `decimals` and `rounding` alone, for the unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(decimals: u32, rounding: Rounding) -> Self {
        Self { decimals, rounding }
    }

    /// `value` rounded to the currency's decimals, written with exactly that many.
    pub(crate) fn money(&self, value: Decimal) -> Decimal {
        self.rounding.mode.round_money(value, self.decimals)
    }

    /// A level installment: to the installment multiple when there is one, else as money.
    pub(crate) fn installment(&self, value: Decimal) -> Decimal {
        match self.rounding.installment_multiple {
            Some(multiple) => {
                let units =
                    (value / multiple).round_dp_with_strategy(0, self.rounding.mode.strategy());
                self.money(units * multiple)
            }
            None => self.money(value),
        }
    }

    /// Zero, written with the currency's decimals.
    pub(crate) fn zero(&self) -> Decimal {
        self.money(Decimal::ZERO)
    }
}

impl RoundingMode {
    /// `value` rounded to `decimals` with this mode, written with exactly that many decimals.
    /// Public so that the crates built on the engine (loan servicing) round money the same way.
    pub fn round_money(self, value: Decimal, decimals: u32) -> Decimal {
        let mut rounded = value.round_dp_with_strategy(decimals, self.strategy());
        rounded.rescale(decimals);
        rounded
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            Self::HalfEven => RoundingStrategy::MidpointNearestEven,
            Self::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Self::Down => RoundingStrategy::ToZero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounder(mode: RoundingMode, multiple: Option<Decimal>) -> Rounder {
        Rounder::for_tests(
            2,
            Rounding {
                mode,
                installment_multiple: multiple,
            },
        )
    }

    #[test]
    fn ties_follow_the_mode() {
        let tie = Decimal::new(125, 3); // 0.125
        assert_eq!(
            rounder(RoundingMode::HalfEven, None).money(tie).to_string(),
            "0.12"
        );
        assert_eq!(
            rounder(RoundingMode::HalfUp, None).money(tie).to_string(),
            "0.13"
        );
        assert_eq!(
            rounder(RoundingMode::Down, None).money(tie).to_string(),
            "0.12"
        );
        let odd_tie = Decimal::new(135, 3); // 0.135
        assert_eq!(
            rounder(RoundingMode::HalfEven, None)
                .money(odd_tie)
                .to_string(),
            "0.14"
        );
        assert_eq!(
            rounder(RoundingMode::Down, None)
                .money(Decimal::new(129, 3))
                .to_string(),
            "0.12"
        );
    }

    #[test]
    fn amounts_carry_the_currency_decimals() {
        let r = rounder(RoundingMode::HalfEven, None);
        assert_eq!(r.money(Decimal::from(5)).to_string(), "5.00");
        assert_eq!(r.zero().to_string(), "0.00");
    }

    #[test]
    fn installments_round_to_the_multiple() {
        let tens = rounder(RoundingMode::HalfEven, Some(Decimal::from(10)));
        assert_eq!(
            tens.installment(Decimal::new(88_849, 2)).to_string(),
            "890.00"
        );
        let down = rounder(RoundingMode::Down, Some(Decimal::new(5, 2)));
        assert_eq!(
            down.installment(Decimal::new(88_849, 2)).to_string(),
            "888.45"
        );
    }
}
