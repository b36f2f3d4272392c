//! Declining balance: each period's interest is the outstanding principal times the period's
//! rate, rounded to the currency's decimals.
//!
//! * Equal installments: the level payment `A` that repays the balance `B` over the amortizing
//!   (non-principal-grace) periods at their rates `r_1..r_m`, exactly in decimal:
//!   `A = B / Σ_k Π_{j≤k} 1/(1+r_j)`; with one rate `r` this is the annuity
//!   `B·r / (1 − (1+r)^−m)`, and with zero rates `B / m`. `A` is rounded to the installment
//!   multiple (or the decimals) once; each row's principal is `A − interest`.
//! * Equal principal: `B / m` rounded to the decimals.
//! * Principal grace periods repay no principal (interest only).
//! * Interest grace periods collect no interest: their interest is still computed on the
//!   balance and is deferred, without interest on it, to the first period after the grace,
//!   which collects it on top of its own (Fineract's "grace on interest payment": "interest is
//!   still calculated taking into account the full loan term, the interest is simply offset to
//!   a later period"). The principal part does not change: the level installment amortises
//!   the balance as if the interest had been paid.
//! * The last row repays whatever principal is left and collects whatever interest is
//!   deferred, so the principal repaid is exactly the principal and the balance ends at 0. A
//!   row never repays more than the balance; when the balance reaches 0 early (a large
//!   installment multiple, or a prepayment with `reduce_term`) the schedule ends there.
//! * The level installment stays level even when a period's interest is larger than it (a
//!   long period of a long, high-rate loan counted by days, or a tiny loan whose installment
//!   rounds below its interest): that row's principal is negative, the shortfall is added to
//!   the balance, and the exact level payment still brings the balance to 0.

use rust_decimal::Decimal;
use time::Date;

use crate::power::{geometric_sum, powi};
use crate::rates::Period;
use crate::rounding::Rounder;

/// The principal and interest of one repayment row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) due: Date,
    pub(crate) principal: Decimal,
    /// The interest collected in this row (deferred grace interest included).
    pub(crate) interest: Decimal,
    /// The interest this period bore, whether collected now or deferred.
    pub(crate) accrued: Decimal,
}

/// How each row's principal is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Payment {
    /// A level installment; principal = installment − interest.
    Level(Decimal),
    /// A level principal part.
    Principal(Decimal),
}

/// The exact level payment repaying `balance` over the amortizing `periods`, unrounded. Runs
/// of periods with the same rate are summed in closed form.
pub(crate) fn level_payment(balance: Decimal, periods: &[Period]) -> Decimal {
    let mut discount = Decimal::ONE;
    let mut annuity = Decimal::ZERO;
    let mut amortizing = periods.iter().filter(|p| !p.principal_grace).peekable();
    while let Some(period) = amortizing.next() {
        let mut run = 1;
        while amortizing
            .next_if(|next| next.rate == period.rate)
            .is_some()
        {
            run += 1;
        }
        let growth = Decimal::ONE + period.rate;
        if run == 1 {
            discount /= growth;
            annuity += discount;
        } else {
            let factor = Decimal::ONE / growth;
            annuity += discount * factor * geometric_sum(factor, run);
            discount *= powi(factor, run);
        }
    }
    balance / annuity
}

/// The equal principal part of `balance` over the amortizing `periods`, rounded.
pub(crate) fn equal_principal(balance: Decimal, periods: &[Period], rounder: &Rounder) -> Decimal {
    let amortizing = periods.iter().filter(|p| !p.principal_grace).count();
    rounder.money(balance / Decimal::from(amortizing))
}

/// The rows repaying `balance` over `periods`.
pub(crate) fn lines(
    balance: Decimal,
    periods: &[Period],
    payment: Payment,
    rounder: &Rounder,
) -> Vec<Line> {
    let mut balance = rounder.money(balance);
    let mut deferred = rounder.zero();
    let mut lines = Vec::with_capacity(periods.len());
    for (index, period) in periods.iter().enumerate() {
        let accrued = rounder.money(balance * period.rate);
        let last = index + 1 == periods.len();
        let scheduled = match payment {
            _ if period.principal_grace => Decimal::ZERO,
            Payment::Level(installment) => installment - accrued,
            Payment::Principal(part) => part,
        };
        let principal = if last {
            balance
        } else {
            scheduled.min(balance)
        };
        let principal = rounder.money(principal);
        balance -= principal;
        let finished = last || balance.is_zero();
        let interest = if period.interest_grace && !finished {
            deferred += accrued;
            rounder.zero()
        } else {
            std::mem::replace(&mut deferred, rounder.zero()) + accrued
        };
        lines.push(Line {
            due: period.due,
            principal,
            interest,
            accrued,
        });
        if finished {
            break;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::terms::{Rounding, RoundingMode};

    fn rounder() -> Rounder {
        Rounder::for_tests(2, Rounding::default())
    }

    fn monthly(
        rate: Decimal,
        count: usize,
        principal_grace: usize,
        interest_grace: usize,
    ) -> Vec<Period> {
        (0..count)
            .map(|i| Period {
                start: date!(2025 - 01 - 01),
                due: date!(2025 - 01 - 01),
                rate,
                principal_grace: i < principal_grace,
                interest_grace: i < interest_grace,
            })
            .collect()
    }

    #[test]
    fn the_level_payment_is_the_annuity() {
        // 10,000 at 1 % a month over 12 months: 10000 × 0.01 / (1 − 1.01^−12) = 888.4878867…
        let periods = monthly(Decimal::new(1, 2), 12, 0, 0);
        let payment = level_payment(Decimal::from(10_000), &periods);
        assert_eq!(payment.round_dp(7), Decimal::new(8_884_878_868, 7));
        // Rates that change from period to period are discounted one by one:
        // 1000 = A/1.1 + A/(1.1 × 1.2) → A = 1000 / (0.909… + 0.757…) = 600.
        let mut changing = monthly(Decimal::new(1, 1), 2, 0, 0);
        changing[1].rate = Decimal::new(2, 1);
        let payment = level_payment(Decimal::from(1000), &changing);
        assert_eq!(payment.round_dp(20), Decimal::from(600));
        // With zero interest it is the principal over the periods.
        let free = monthly(Decimal::ZERO, 4, 0, 0);
        assert_eq!(
            level_payment(Decimal::from(1000), &free),
            Decimal::from(250)
        );
    }

    #[test]
    fn grace_interest_is_collected_by_the_first_row_after_the_grace() {
        // 1,200 at 1 % a month, equal principal 300 over 4 months, 2 of interest grace:
        // accrued 12.00, 9.00, 6.00, 3.00; rows 1 and 2 collect nothing, row 3 collects
        // 12 + 9 + 6 = 27.00, row 4 collects 3.00.
        let periods = monthly(Decimal::new(1, 2), 4, 0, 2);
        let rows = lines(
            Decimal::from(1200),
            &periods,
            Payment::Principal(Decimal::from(300)),
            &rounder(),
        );
        let interest: Vec<String> = rows.iter().map(|l| l.interest.to_string()).collect();
        assert_eq!(interest, ["0.00", "0.00", "27.00", "3.00"]);
        let accrued: Vec<String> = rows.iter().map(|l| l.accrued.to_string()).collect();
        assert_eq!(accrued, ["12.00", "9.00", "6.00", "3.00"]);
    }

    #[test]
    fn principal_grace_rows_pay_interest_only() {
        let periods = monthly(Decimal::new(1, 2), 3, 1, 0);
        let rows = lines(
            Decimal::from(1000),
            &periods,
            Payment::Principal(Decimal::from(500)),
            &rounder(),
        );
        assert_eq!(rows[0].principal, Decimal::ZERO);
        assert_eq!(rows[0].interest, Decimal::from(10));
        assert_eq!(rows[2].principal, Decimal::from(500));
    }

    #[test]
    fn an_oversized_installment_ends_the_schedule_early() {
        let periods = monthly(Decimal::ZERO, 5, 0, 0);
        let rows = lines(
            Decimal::from(1000),
            &periods,
            Payment::Level(Decimal::from(400)),
            &Rounder::for_tests(
                2,
                Rounding {
                    mode: RoundingMode::HalfEven,
                    installment_multiple: None,
                },
            ),
        );
        let principal: Vec<String> = rows.iter().map(|l| l.principal.to_string()).collect();
        assert_eq!(principal, ["400.00", "400.00", "200.00"]);
    }
}
