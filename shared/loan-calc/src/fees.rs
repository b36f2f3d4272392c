//! Fees. A fee is a fixed amount or a percent, charged at disbursement or with each
//! installment; every fee is rounded to the currency's decimals on its own, then added up.
//!
//! * A disbursement fee's percent is of the principal (Fineract's "% Amount"). Disbursement
//!   fees are deducted from the amount paid out: the borrower receives the principal less
//!   these fees, which is the amount the APR's cash flows start from.
//! * An installment fee's percent is of that installment's principal + interest (Fineract's
//!   "% Loan Amount + Interest" for installment fees); it is added to the row's `fees`.

use rust_decimal::Decimal;

use crate::rounding::Rounder;
use crate::terms::{Fee, FeeCharge, FeeWhen};

/// The fees charged at disbursement on `principal`.
pub(crate) fn at_disbursement(fees: &[Fee], principal: Decimal, rounder: &Rounder) -> Decimal {
    sum(fees, FeeWhen::Disbursement, principal, rounder)
}

/// The fees of one installment whose principal + interest is `base`.
pub(crate) fn per_installment(fees: &[Fee], base: Decimal, rounder: &Rounder) -> Decimal {
    sum(fees, FeeWhen::EachInstallment, base, rounder)
}

fn sum(fees: &[Fee], when: FeeWhen, base: Decimal, rounder: &Rounder) -> Decimal {
    fees.iter()
        .filter(|fee| fee.when == when)
        .map(|fee| match fee.charge {
            FeeCharge::Amount(amount) => rounder.money(amount),
            FeeCharge::Percent(percent) => rounder.money(base * percent / Decimal::ONE_HUNDRED),
        })
        .fold(rounder.zero(), |total, fee| total + fee)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Rounding;

    fn fee(charge: FeeCharge, when: FeeWhen) -> Fee {
        Fee {
            name: "fee".to_owned(),
            charge,
            when,
        }
    }

    #[test]
    fn fees_are_split_by_when_and_rounded_each() {
        let rounder = Rounder::for_tests(2, Rounding::default());
        let fees = [
            fee(
                FeeCharge::Percent(Decimal::new(15, 1)),
                FeeWhen::Disbursement,
            ),
            fee(FeeCharge::Amount(Decimal::from(25)), FeeWhen::Disbursement),
            fee(
                FeeCharge::Percent(Decimal::new(5, 1)),
                FeeWhen::EachInstallment,
            ),
            fee(
                FeeCharge::Amount(Decimal::from(2)),
                FeeWhen::EachInstallment,
            ),
        ];
        // 1.5 % of 10,000 = 150.00, + 25.00.
        assert_eq!(
            at_disbursement(&fees, Decimal::from(10_000), &rounder).to_string(),
            "175.00"
        );
        // 0.5 % of 888.49 = 4.44245 → 4.44, + 2.00.
        assert_eq!(
            per_installment(&fees, Decimal::new(88_849, 2), &rounder).to_string(),
            "6.44"
        );
        assert_eq!(
            per_installment(&[], Decimal::ONE, &rounder).to_string(),
            "0.00"
        );
    }
}
