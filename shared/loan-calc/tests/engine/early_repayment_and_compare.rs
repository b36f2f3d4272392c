//! Early repayment with both strategies, and comparison of loans.

use crate::common;

use common::{d, terms};
use ferrofin_loan_calc::{
    CompareError, EarlyRepaymentError, RowKind, Schedule, Strategy, compare, prepay,
};
use serde_json::json;
use time::macros::date;

#[test]
fn reduce_installment_keeps_the_term() {
    // The 888.49 annuity; after 6 installments (2024-07-15) the balance is 5149.20.
    // 2,000 prepaid that day (no interest owed yet) leaves 3149.20 over the 6 months left:
    // A = 3149.20 × 0.01 / (1 − 1.01^−6) = 543.39.
    let t = terms(json!({}));
    let result = prepay(
        &t,
        d("2000"),
        date!(2024 - 07 - 15),
        Strategy::ReduceInstallment,
    )
    .expect("prepayment");
    let rows = &result.schedule.rows;
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[5].balance, d("5149.20"));
    assert_eq!(rows[6].kind, RowKind::Prepayment);
    assert_eq!(rows[6].interest, d("0.00"));
    assert_eq!(rows[6].principal, d("2000.00"));
    assert_eq!(rows[6].balance, d("3149.20"));
    assert!(rows[7..12].iter().all(|r| r.total == d("543.39")));
    assert_eq!(result.schedule.totals.principal, d("10000.00"));
    assert_eq!(rows[12].balance, d("0.00"));
    // Original interest after the date: 51.49 + 43.12 + 34.67 + 26.13 + 17.51 + 8.80 = 181.72.
    let new_interest: rust_decimal::Decimal = rows[7..].iter().map(|r| r.interest).sum();
    assert_eq!(result.interest_saved, d("181.72") - new_interest);
    assert!(result.interest_saved > d("0"));
}

#[test]
fn reduce_term_keeps_the_installment() {
    let t = terms(json!({}));
    let result =
        prepay(&t, d("2000"), date!(2024 - 07 - 15), Strategy::ReduceTerm).expect("prepayment");
    let rows = &result.schedule.rows;
    // 3149.20 at 888.49 a month takes 4 installments (the 4th smaller) instead of 6.
    assert_eq!(rows.len(), 11);
    assert!(rows[7..10].iter().all(|r| r.total == d("888.49")));
    assert!(rows[10].total < d("888.49"));
    assert_eq!(rows[10].balance, d("0.00"));
    assert_eq!(result.schedule.totals.principal, d("10000.00"));
    // Shortening the term saves more interest than lowering the installment.
    let lower = prepay(
        &t,
        d("2000"),
        date!(2024 - 07 - 15),
        Strategy::ReduceInstallment,
    )
    .expect("prepayment");
    assert!(result.interest_saved > lower.interest_saved);
}

#[test]
fn interest_up_to_a_mid_period_date_is_charged_pro_rata_by_days() {
    // 2024-03-01 is 15 of the 29 days from 2024-02-15 to 2024-03-15; the balance is 9211.51:
    // 9211.51 × 0.01 × 15 / 29 = 47.645… → 47.65 of the 1,000 goes to interest.
    let t = terms(json!({}));
    let result = prepay(
        &t,
        d("1000"),
        date!(2024 - 03 - 01),
        Strategy::ReduceInstallment,
    )
    .expect("ok");
    let prepayment = &result.schedule.rows[1];
    assert_eq!(prepayment.kind, RowKind::Prepayment);
    assert_eq!(prepayment.interest, d("47.65"));
    assert_eq!(prepayment.principal, d("952.35"));
    assert_eq!(prepayment.balance, d("8259.16"));
    // The rest of that period bears the other 14/29 of its rate on the new balance:
    // 8259.16 × 0.01 × 14 / 29 = 39.87.
    assert_eq!(result.schedule.rows[2].interest, d("39.87"));
    assert_eq!(result.schedule.rows[2].due_date, date!(2024 - 03 - 15));
}

#[test]
fn the_payoff_closes_the_loan() {
    let t = terms(json!({}));
    // On 2024-03-15 (row 2 paid) the balance is 8415.14 and no interest is owed yet.
    let result = prepay(
        &t,
        d("8415.14"),
        date!(2024 - 03 - 15),
        Strategy::ReduceTerm,
    )
    .expect("payoff");
    assert_eq!(result.schedule.rows.len(), 3);
    assert_eq!(result.schedule.rows[2].balance, d("0.00"));
    let original = Schedule::calculate(&t);
    let after: rust_decimal::Decimal = original.rows[2..].iter().map(|r| r.interest).sum();
    assert_eq!(result.interest_saved, after);
}

#[test]
fn impossible_prepayments_are_refused() {
    let t = terms(json!({}));
    let on = |amount: &str, date| prepay(&t, d(amount), date, Strategy::ReduceTerm);
    assert!(matches!(
        on("100", date!(2024 - 01 - 15)),
        Err(EarlyRepaymentError::DateOutsideLoan { .. })
    ));
    assert!(matches!(
        on("100", date!(2025 - 01 - 15)),
        Err(EarlyRepaymentError::DateOutsideLoan { .. })
    ));
    assert_eq!(
        on("10.001", date!(2024 - 03 - 01)),
        Err(EarlyRepaymentError::TooManyDecimals { decimals: 2 })
    );
    assert_eq!(
        on("47.65", date!(2024 - 03 - 01)),
        Err(EarlyRepaymentError::NotAboveInterest {
            amount: d("47.65"),
            interest: d("47.65"),
        })
    );
    assert_eq!(
        on("9259.17", date!(2024 - 03 - 01)),
        Err(EarlyRepaymentError::AbovePayoff {
            amount: d("9259.17"),
            payoff: d("9259.16"),
        })
    );
    let flat = terms(json!({ "interest_method": "flat" }));
    assert_eq!(
        prepay(&flat, d("100"), date!(2024 - 03 - 01), Strategy::ReduceTerm),
        Err(EarlyRepaymentError::FlatInterest)
    );
}

#[test]
fn deferred_grace_interest_is_settled_by_a_prepayment() {
    // Two periods of interest grace: on 2024-03-15 the 100.00 + 92.12 deferred are owed.
    let t = terms(json!({ "grace_on_interest_periods": 2 }));
    let result = prepay(
        &t,
        d("1000"),
        date!(2024 - 03 - 15),
        Strategy::ReduceInstallment,
    )
    .expect("prepayment");
    assert_eq!(result.schedule.rows[2].interest, d("192.12"));
    assert_eq!(result.schedule.totals.principal, d("10000.00"));
}

#[test]
fn compare_lists_totals_rates_and_the_regular_installment() {
    let loans = [
        terms(json!({})),
        terms(json!({ "interest_method": "flat" })),
        terms(json!({ "grace_on_interest_periods": 1 })),
    ];
    let compared = compare(&loans).expect("comparison");
    assert_eq!(compared.len(), 3);
    assert_eq!(compared[0].first_regular_installment, d("888.49"));
    assert_eq!(compared[0].totals.interest, d("661.86"));
    assert_eq!(compared[0].apr, Some(d("12.000")));
    assert_eq!(compared[1].first_regular_installment, d("933.33"));
    assert_eq!(compared[1].apr, Some(d("21.457")));
    // Row 2 collects the deferred interest; row 3 is the regular one.
    assert_eq!(compared[2].first_regular_installment, d("888.49"));
    assert_eq!(compared[2].number_of_repayments, 12);
}

#[test]
fn compare_takes_one_to_five_loans() {
    assert_eq!(compare(&[]), Err(CompareError::Empty));
    let six = vec![terms(json!({})); 6];
    assert_eq!(compare(&six), Err(CompareError::TooMany { given: 6 }));
    assert_eq!(compare(&six[..5]).map(|c| c.len()), Ok(5));
}
