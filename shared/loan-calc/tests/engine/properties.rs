//! Properties over random loans: the principal is repaid exactly, the balance never goes
//! negative and ends at 0, the totals are the rows added up, level installments are equal,
//! the APR of a fee-free declining-balance loan is its nominal rate, and ties round by mode.

use crate::common;

use ferrofin_loan_calc::{LoanRequest, RowKind, Schedule, validate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn loan() -> impl Strategy<Value = Value> {
    (
        (1_u64..=100_000_000, 0_u32..=3000, 1_u32..=120, 1_u32..=3),
        (
            prop::sample::select(vec!["days", "weeks", "months"]),
            prop::sample::select(vec!["declining_balance", "flat"]),
            prop::sample::select(vec!["equal_installments", "equal_principal"]),
            prop::sample::select(vec!["same_as_repayment", "daily"]),
            prop::sample::select(vec!["actual", "360", "364", "365"]),
            prop::sample::select(vec!["actual", "30"]),
            prop::sample::select(vec!["half_even", "half_up", "down"]),
        ),
        (0_u32..=4, 0_u32..=4, 0_i64..=4000, any::<bool>(), 0_u32..=300),
    )
        .prop_map(
            |(
                (cents, basis_points, repayments, every),
                (frequency, method, amortization, period, year, month, mode),
                (principal_grace, interest_grace, day_offset, fees, fee_basis_points),
            )| {
                let disbursed = time::Date::from_calendar_date(2020, time::Month::January, 1)
                    .expect("date")
                    + time::Duration::days(day_offset);
                let mut value = json!({
                    "principal": Decimal::new(i64::try_from(cents).expect("fits"), 2).to_string(),
                    "currency": "EUR",
                    "annual_interest_rate": Decimal::new(i64::from(basis_points), 2).to_string(),
                    "number_of_repayments": repayments,
                    "repayment_every": every,
                    "repayment_frequency": frequency,
                    "interest_method": method,
                    "amortization": amortization,
                    "interest_calculation_period": period,
                    "days_in_year": year,
                    "days_in_month": month,
                    "disbursement_date": disbursed.to_string(),
                    "grace_on_principal_periods": principal_grace.min(repayments - 1),
                    "grace_on_interest_periods": interest_grace.min(repayments - 1),
                    "rounding": { "mode": mode },
                });
                if fees {
                    value["fees"] = json!([
                        { "name": "a", "percent": Decimal::new(i64::from(fee_basis_points), 2).to_string(), "when": "each_installment" },
                        { "name": "b", "amount": "0.50", "when": "disbursement" },
                    ]);
                }
                value
            },
        )
}

fn calculate(value: Value) -> Option<Schedule> {
    let request: LoanRequest = serde_json::from_value(value).expect("request");
    // A principal below the disbursement fee is refused: nothing to check then.
    validate(&request, 2)
        .ok()
        .map(|terms| Schedule::calculate(&terms))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_principal_is_repaid_exactly_and_the_balance_ends_at_zero(value in loan()) {
        let principal: Decimal = value["principal"].as_str().expect("text").parse().expect("decimal");
        let level = value["interest_method"] == "declining_balance"
            && value["amortization"] == "equal_installments";
        let Some(s) = calculate(value) else { return Ok(()) };
        let repaid: Decimal = s.rows.iter().map(|r| r.principal).sum();
        prop_assert_eq!(repaid, principal);
        // Only a level installment smaller than its period's interest repays negative principal.
        prop_assert!(s.rows.iter().all(|r| r.balance >= Decimal::ZERO && r.interest >= Decimal::ZERO
            && (r.principal >= Decimal::ZERO || level)));
        prop_assert_eq!(s.rows.last().map(|r| r.balance), Some(Decimal::ZERO));
        let mut balance = principal;
        for row in &s.rows {
            balance -= row.principal;
            prop_assert_eq!(row.balance, balance);
        }
    }

    #[test]
    fn totals_are_the_rows_added_up(value in loan()) {
        let Some(s) = calculate(value) else { return Ok(()) };
        let sum = |pick: fn(&ferrofin_loan_calc::Row) -> Decimal| s.rows.iter().map(pick).sum::<Decimal>();
        prop_assert_eq!(s.totals.principal, sum(|r| r.principal));
        prop_assert_eq!(s.totals.interest, sum(|r| r.interest));
        prop_assert_eq!(s.totals.fees, sum(|r| r.fees) + s.disbursement.fees);
        prop_assert_eq!(s.totals.penalties, Decimal::ZERO);
        prop_assert_eq!(s.totals.total, sum(|r| r.total) + s.disbursement.fees);
        for row in &s.rows {
            prop_assert_eq!(row.kind, RowKind::Installment);
            prop_assert_eq!(row.total, row.principal + row.interest + row.fees + row.penalties);
            prop_assert_eq!(row.principal.scale(), 2);
            prop_assert_eq!(row.interest.scale(), 2);
        }
        prop_assert!(s.rows.windows(2).all(|w| w[0].due_date < w[1].due_date));
    }

    #[test]
    fn level_installments_are_equal_but_for_the_last(
        value in loan().prop_map(|mut v| {
            v["amortization"] = json!("equal_installments");
            v["interest_method"] = json!("declining_balance");
            v["grace_on_principal_periods"] = json!(0);
            v["grace_on_interest_periods"] = json!(0);
            v
        })
    ) {
        let Some(s) = calculate(value) else { return Ok(()) };
        let Some((_, regular)) = s.rows.split_last() else { return Ok(()) };
        // Unless the balance ran out early (installment larger than the loan needs).
        if regular.len() + 1 == s.rows.len() && s.rows.len() > 1 {
            let first = regular[0].principal + regular[0].interest;
            prop_assert!(regular.iter().all(|r| r.principal + r.interest == first));
        }
    }

    #[test]
    fn the_apr_of_a_fee_free_declining_balance_loan_is_its_rate(
        cents in 1_000_000_u64..=1_000_000_000,
        basis_points in 0_u32..=3600,
        repayments in 1_u32..=200,
        (frequency, every) in prop::sample::select(vec![("months", 1_u32), ("months", 3), ("weeks", 1), ("weeks", 2), ("days", 7), ("days", 30)]),
        amortization in prop::sample::select(vec!["equal_installments", "equal_principal"]),
        year in prop::sample::select(vec!["actual", "360", "365"]),
    ) {
        let rate = Decimal::new(i64::from(basis_points), 2);
        let s = common::schedule(json!({
            "principal": Decimal::new(i64::try_from(cents).expect("fits"), 2).to_string(),
            "annual_interest_rate": rate.to_string(),
            "number_of_repayments": repayments,
            "repayment_every": every,
            "repayment_frequency": frequency,
            "amortization": amortization,
            "days_in_year": year,
        }));
        prop_assert_eq!(s.apr, Some(rate.round_dp(3)));
    }

    #[test]
    fn ties_round_by_the_mode(whole in 0_i64..1_000_000) {
        // A principal ending in .50 at 1 % a month bears interest ending in a half cent.
        let principal = Decimal::new(whole * 100 + 50, 2);
        let exact = principal / Decimal::ONE_HUNDRED;
        let cents = exact.trunc_with_scale(2);
        let up = cents + Decimal::new(1, 2);
        let last_cent_even = (cents * Decimal::ONE_HUNDRED) % Decimal::TWO == Decimal::ZERO;
        for (mode, expected) in [
            ("half_even", if last_cent_even { cents } else { up }),
            ("half_up", up),
            ("down", cents),
        ] {
            let s = common::schedule(json!({
                "principal": principal.to_string(),
                "number_of_repayments": 1,
                "rounding": { "mode": mode },
            }));
            prop_assert_eq!(s.rows[0].interest, expected, "{} {}", mode, principal);
        }
    }
}

#[test]
fn the_documented_ties() {
    // 12.50 at 1 % a month: 0.125 of interest.
    for (mode, interest) in [("half_even", "0.12"), ("half_up", "0.13"), ("down", "0.12")] {
        let s = common::schedule(json!({
            "principal": "12.50",
            "number_of_repayments": 1,
            "rounding": { "mode": mode },
        }));
        assert_eq!(s.rows[0].interest.to_string(), interest, "{mode}");
    }
}
