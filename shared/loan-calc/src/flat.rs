//! Flat interest: the interest of the whole term is charged on the original principal,
//! `I = principal × Σ period rates`, rounded to the decimals. With `same_as_repayment` that is
//! `principal × annual rate × term in years`, the term being `number_of_repayments ×
//! repayment_every / 12` for months (`/ 52` for weeks, `/ days in year` for days); with `daily`
//! the term is the day-count year fraction from the disbursement to the last due date, so
//! `days_in_year` and leap years count for flat loans too.
//!
//! As in Fineract:
//! * equal installments: the interest is averaged over the periods that collect interest
//!   (`I / (n − interest grace)`), the principal over the periods that repay principal
//!   (`P / (n − principal grace)`), and a row that has both pays the level installment
//!   `P / n_p + I / n_i` rounded to the installment multiple (principal = installment −
//!   interest);
//! * equal principal: every period bears `I / n`; an interest grace period's share is brought
//!   forward to the next period that collects interest.
//!
//! The last row takes what is left of the principal and of the interest.

use rust_decimal::Decimal;

use crate::amortize::Line;
use crate::rates::Period;
use crate::rounding::Rounder;
use crate::terms::Amortization;

/// The flat interest of the whole term.
pub(crate) fn total_interest(principal: Decimal, periods: &[Period], rounder: &Rounder) -> Decimal {
    let rate: Decimal = periods.iter().map(|p| p.rate).sum();
    rounder.money(principal * rate)
}

/// The rows of a flat loan.
pub(crate) fn lines(
    principal: Decimal,
    periods: &[Period],
    amortization: Amortization,
    rounder: &Rounder,
) -> Vec<Line> {
    let total = total_interest(principal, periods, rounder);
    let count =
        |keep: fn(&Period) -> bool| Decimal::from(periods.iter().filter(|p| keep(p)).count());
    let repaying = count(|p| !p.principal_grace);
    let collecting = count(|p| !p.interest_grace);
    let principal_part = rounder.money(principal / repaying);
    let (interest_part, installment) = match amortization {
        Amortization::EqualInstallments => (
            rounder.money(total / collecting),
            Some(rounder.installment(principal / repaying + total / collecting)),
        ),
        Amortization::EqualPrincipal => (rounder.money(total / Decimal::from(periods.len())), None),
    };

    let mut balance = rounder.money(principal);
    let mut interest_left = total;
    let mut brought_forward = rounder.zero();
    let mut lines = Vec::with_capacity(periods.len());
    for (index, period) in periods.iter().enumerate() {
        let last = index + 1 == periods.len();
        let (accrued, due_interest) = match installment {
            Some(_) if period.interest_grace => (rounder.zero(), rounder.zero()),
            Some(_) => (interest_part, interest_part),
            None if period.interest_grace => {
                brought_forward += interest_part;
                (interest_part, rounder.zero())
            }
            None => (
                interest_part,
                std::mem::replace(&mut brought_forward, rounder.zero()) + interest_part,
            ),
        };
        let scheduled = match installment {
            _ if period.principal_grace => Decimal::ZERO,
            Some(level) if !period.interest_grace => level - due_interest,
            _ => principal_part,
        };
        let principal = rounder.money(if last {
            balance
        } else {
            scheduled.clamp(Decimal::ZERO, balance)
        });
        balance -= principal;
        let finished = last || balance.is_zero();
        let interest = if finished {
            interest_left
        } else {
            due_interest.min(interest_left)
        };
        interest_left -= interest;
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
    use crate::terms::Rounding;

    fn periods(count: usize, principal_grace: usize, interest_grace: usize) -> Vec<Period> {
        (0..count)
            .map(|i| Period {
                start: date!(2025 - 01 - 01),
                due: date!(2025 - 01 - 01),
                rate: Decimal::new(1, 2),
                principal_grace: i < principal_grace,
                interest_grace: i < interest_grace,
            })
            .collect()
    }

    fn strings(lines: &[Line], pick: fn(&Line) -> Decimal) -> Vec<String> {
        lines.iter().map(|l| pick(l).to_string()).collect()
    }

    #[test]
    fn interest_is_charged_on_the_original_principal() {
        // 1,000 at 1 % a month for 4 months: 40.00 of interest, 10.00 a month, 260.00 a month.
        let rounder = Rounder::for_tests(2, Rounding::default());
        let rows = lines(
            Decimal::from(1000),
            &periods(4, 0, 0),
            Amortization::EqualInstallments,
            &rounder,
        );
        assert_eq!(strings(&rows, |l| l.interest), ["10.00"; 4]);
        assert_eq!(strings(&rows, |l| l.principal), ["250.00"; 4]);
    }

    #[test]
    fn equal_installments_average_interest_over_the_periods_that_collect_it() {
        // 40.00 over the 3 periods after one interest grace period: 13.33, 13.33, 13.34.
        let rounder = Rounder::for_tests(2, Rounding::default());
        let rows = lines(
            Decimal::from(1000),
            &periods(4, 0, 1),
            Amortization::EqualInstallments,
            &rounder,
        );
        assert_eq!(
            strings(&rows, |l| l.interest),
            ["0.00", "13.33", "13.33", "13.34"]
        );
        assert_eq!(
            strings(&rows, |l| l.principal),
            ["250.00", "250.00", "250.00", "250.00"]
        );
    }

    #[test]
    fn equal_principal_brings_grace_interest_forward() {
        let rounder = Rounder::for_tests(2, Rounding::default());
        let rows = lines(
            Decimal::from(1000),
            &periods(4, 1, 2),
            Amortization::EqualPrincipal,
            &rounder,
        );
        assert_eq!(
            strings(&rows, |l| l.interest),
            ["0.00", "0.00", "30.00", "10.00"]
        );
        assert_eq!(
            strings(&rows, |l| l.principal),
            ["0.00", "333.33", "333.33", "333.34"]
        );
    }

    #[test]
    fn interest_never_goes_negative_when_shares_round_up() {
        // 0.10 of interest over 12 periods rounds to 0.01 a period: the last periods get
        // what is left, never less than nothing.
        let rounder = Rounder::for_tests(2, Rounding::default());
        let tiny: Vec<Period> = periods(12, 0, 0)
            .into_iter()
            .map(|p| Period {
                rate: Decimal::new(1, 5),
                ..p
            })
            .collect();
        let rows = lines(
            Decimal::from(833),
            &tiny,
            Amortization::EqualInstallments,
            &rounder,
        );
        let total: Decimal = rows.iter().map(|l| l.interest).sum();
        assert_eq!(total, Decimal::new(10, 2));
        assert!(rows.iter().all(|l| l.interest >= Decimal::ZERO));
    }
}
