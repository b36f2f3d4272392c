//! Early full settlement: the payoff quote and the repayment that covers it.
//!
//! Installment 1 paid on 2024-02-15. On 2024-03-01 the current period is installment 2's
//! (2024-02-15 → 2024-03-15, 29 days), 15 days elapsed: accrued interest `round(20.10 × 15 /
//! 29) = round(10.3966) = 10.40`. Outstanding principal 999.97 + 1009.96 = 2009.93, nothing
//! past due: **payoff 2020.33**. Waived: interest (20.10 − 10.40) + 10.10 = 19.80 and fees
//! 5.00 + 5.00 = 10.00, **29.80**; 2020.33 + 29.80 = 2050.13, everything outstanding.

use ferrofin_loan_servicing::{InstallmentStatus, LoanStatus};
use serde_json::json;

use crate::common::{d, date, loan, repayment};

fn first_paid() -> Vec<ferrofin_loan_servicing::LoanEvent> {
    vec![repayment("r1", "2024-02-15", "1025.07")]
}

#[test]
fn the_quote_charges_accrued_interest_only() {
    let quote = loan(json!({}))
        .payoff_quote(&first_paid(), date("2024-03-01"))
        .unwrap();
    assert_eq!(quote.amount.principal, d("2009.93"));
    assert_eq!(quote.amount.interest, d("10.40"));
    assert_eq!(quote.amount.fees.to_string(), "0.00");
    assert_eq!(quote.amount.total, d("2020.33"));
    assert_eq!(quote.waived.interest, d("19.80"));
    assert_eq!(quote.waived.fees, d("10.00"));
    assert_eq!(quote.waived.total, d("29.80"));
}

#[test]
fn the_quote_includes_everything_unpaid_of_past_due_installments() {
    // Nothing paid, 2024-03-20: installments 1 and 2 are past due (1025.07 each); installment
    // 3's period (2024-03-15 → 2024-04-15, 31 days) has run 5 days: round(10.10 × 5 / 31) =
    // round(1.629) = 1.63 interest, with its principal 1009.96: 2050.14 + 1011.59 = 3061.73.
    let quote = loan(json!({}))
        .payoff_quote(&[], date("2024-03-20"))
        .unwrap();
    assert_eq!(quote.amount.total, d("3061.73"));
    assert_eq!(quote.amount.interest, d("51.73")); // 30.00 + 20.10 + 1.63
    assert_eq!(quote.amount.fees, d("10.00"));
    assert_eq!(quote.waived.total, d("13.47")); // 10.10 − 1.63 + 5.00
}

#[test]
fn paying_the_quote_closes_the_loan_and_waives_future_interest() {
    // 2020.33 on 2024-03-01, default order: installment 2 interest 10.40 (its fees waived),
    // principal 999.97 (1010.37); installment 3 principal 1009.96.
    let loan = loan(json!({}));
    let mut history = first_paid();
    history.push(repayment("payoff", "2024-03-01", "2020.33"));
    let state = loan.state(&history, date("2024-03-01")).unwrap();
    assert_eq!(state.status, LoanStatus::Closed);
    let second = &state.installments[1].amounts;
    assert_eq!(
        [
            second.interest.due,
            second.interest.paid,
            second.interest.waived
        ]
        .map(|a| a.to_string()),
        ["20.10", "10.40", "9.70"]
    );
    assert_eq!(second.fees.waived, d("5.00"));
    let third = &state.installments[2].amounts;
    assert_eq!(
        [
            third.principal.paid,
            third.interest.waived,
            third.fees.waived
        ]
        .map(|a| a.to_string()),
        ["1009.96", "10.10", "5.00"]
    );
    assert!(
        state
            .installments
            .iter()
            .all(|i| i.status == InstallmentStatus::Paid)
    );
    let settlement = state.early_settlement.expect("settled early");
    assert_eq!(settlement.repayment_id, "payoff");
    assert_eq!(settlement.waived.total, d("29.80"));
    assert_eq!(state.totals.total.waived, d("29.80"));
    assert_eq!(state.repayments[1].installments[0].paid.total, d("1010.37"));
}

#[test]
fn one_cent_short_of_the_quote_waives_nothing() {
    // 2020.32 is allocated as a partial payment: installment 2 in full (1025.07), then
    // installment 3 fees 5.00, interest 10.10, principal 980.15: 29.81 of principal is left.
    let loan = loan(json!({}));
    let mut history = first_paid();
    history.push(repayment("short", "2024-03-01", "2020.32"));
    let state = loan.state(&history, date("2024-03-01")).unwrap();
    assert!(state.early_settlement.is_none());
    assert_eq!(state.totals.total.waived.to_string(), "0.00");
    assert_eq!(
        state.installments[2].amounts.principal.outstanding,
        d("29.81")
    );
}

#[test]
fn paying_more_than_the_quote_settles_and_leaves_the_rest_overpaid() {
    // 2100.00 − 2020.33 = 79.67 to refund.
    let loan = loan(json!({}));
    let mut history = first_paid();
    history.push(repayment("more", "2024-03-01", "2100.00"));
    let state = loan.state(&history, date("2024-03-01")).unwrap();
    assert_eq!(state.status, LoanStatus::Overpaid);
    assert_eq!(state.overpaid, d("79.67"));
    assert_eq!(state.totals.total.waived, d("29.80"));
}
