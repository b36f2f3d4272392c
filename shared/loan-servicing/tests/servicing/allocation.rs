//! Allocation of repayments in each order, partial payments, over-payment and refund.
//!
//! The first three tests charge installment 1 a 10.00 penalty on 2024-02-17 and then pay
//! 1000.00 on 2024-02-20. Installment 1 owes principal 990.07, interest 30.00, fees 5.00,
//! penalties 10.00 (1035.07); only the order decides which component is left unpaid.

use ferrofin_loan_servicing::{InstallmentStatus, LoanEvent, LoanStatus};
use serde_json::json;

use crate::common::{d, date, loan, penalty, refund, repayment};

fn late_then_partial() -> Vec<LoanEvent> {
    vec![
        penalty(1, "2024-02-17", "10.00"),
        repayment("r1", "2024-02-20", "1000.00"),
    ]
}

/// `[principal, interest, fees, penalties]` outstanding of installment `number`.
fn outstanding(state: &ferrofin_loan_servicing::LoanState, number: usize) -> [String; 4] {
    let amounts = &state.installments[number - 1].amounts;
    [
        amounts.principal.outstanding,
        amounts.interest.outstanding,
        amounts.fees.outstanding,
        amounts.penalties.outstanding,
    ]
    .map(|amount| amount.to_string())
}

#[test]
fn penalties_fees_interest_principal_pays_principal_last() {
    // 1000.00 → penalties 10.00, fees 5.00, interest 30.00, principal 955.00;
    // principal left 990.07 − 955.00 = 35.07.
    let loan = loan(json!({}));
    let state = loan
        .state(&late_then_partial(), date("2024-02-20"))
        .unwrap();
    let paid = &state.repayments[0].installments[0].paid;
    assert_eq!(
        [paid.penalties, paid.fees, paid.interest, paid.principal].map(|a| a.to_string()),
        ["10.00", "5.00", "30.00", "955.00"]
    );
    assert_eq!(outstanding(&state, 1), ["35.07", "0.00", "0.00", "0.00"]);
    assert_eq!(state.installments[0].status, InstallmentStatus::Overdue);
    assert_eq!(state.installments[1].status, InstallmentStatus::Future);
}

#[test]
fn interest_principal_penalties_fees_leaves_the_charges() {
    // 1000.00 → interest 30.00, principal 970.00; principal left 20.07, penalties 10.00 and
    // fees 5.00 unpaid.
    let loan = loan(json!({ "allocation_order": "interest_principal_penalties_fees" }));
    let state = loan
        .state(&late_then_partial(), date("2024-02-20"))
        .unwrap();
    assert_eq!(outstanding(&state, 1), ["20.07", "0.00", "5.00", "10.00"]);
}

#[test]
fn principal_interest_penalties_fees_pays_principal_first() {
    // 1000.00 → principal 990.07, interest 9.93; interest left 20.07, penalties and fees
    // unpaid.
    let loan = loan(json!({ "allocation_order": "principal_interest_penalties_fees" }));
    let state = loan
        .state(&late_then_partial(), date("2024-02-20"))
        .unwrap();
    assert_eq!(outstanding(&state, 1), ["0.00", "20.07", "5.00", "10.00"]);
}

#[test]
fn installments_are_paid_oldest_first_each_in_the_order() {
    // After the 1000.00, installment 1 still owes 35.07 of principal. 45.07 on 2024-02-28
    // pays it, then installment 2 in the default order: penalties 0, fees 5.00, interest
    // 5.00 (of 20.10). Installment 2 is then partially paid, installment 1 paid.
    let loan = loan(json!({}));
    let mut history = late_then_partial();
    history.push(repayment("r2", "2024-02-28", "45.07"));
    let state = loan.state(&history, date("2024-02-28")).unwrap();
    let parts: Vec<(u32, String)> = state.repayments[1]
        .installments
        .iter()
        .map(|part| (part.installment, part.paid.total.to_string()))
        .collect();
    assert_eq!(parts, [(1, "35.07".to_owned()), (2, "10.00".to_owned())]);
    assert_eq!(outstanding(&state, 2), ["999.97", "15.10", "0.00", "0.00"]);
    assert_eq!(state.installments[0].status, InstallmentStatus::Paid);
    assert_eq!(
        state.installments[1].status,
        InstallmentStatus::PartiallyPaid
    );
    assert_eq!(state.status, LoanStatus::Active);
}

#[test]
fn an_over_payment_leaves_the_loan_overpaid_until_refunded() {
    // On time: 1025.07, 1025.07, then 1030.06 for the last 1025.06 → 5.00 overpaid. A
    // refund of 5.00 closes the loan; before it, 2.00 leaves 3.00 overpaid.
    let loan = loan(json!({}));
    let mut history = vec![
        repayment("r1", "2024-02-15", "1025.07"),
        repayment("r2", "2024-03-15", "1025.07"),
        repayment("r3", "2024-04-15", "1030.06"),
    ];
    let state = loan.state(&history, date("2024-04-15")).unwrap();
    assert_eq!(state.status, LoanStatus::Overpaid);
    assert_eq!(state.overpaid, d("5.00"));
    assert_eq!(state.repayments[2].overpayment, d("5.00"));
    assert_eq!(state.totals.total.outstanding.to_string(), "0.00");
    assert_eq!(state.totals.total.paid.to_string(), "3075.20");
    assert!(state.early_settlement.is_none(), "nothing was waived");

    history.push(refund("f1", "2024-04-18", "2"));
    let state = loan.state(&history, date("2024-04-18")).unwrap();
    assert_eq!(
        (state.status, state.overpaid.to_string()),
        (LoanStatus::Overpaid, "3.00".into())
    );

    history.push(refund("f2", "2024-04-20", "3.00"));
    let state = loan.state(&history, date("2024-04-20")).unwrap();
    assert_eq!(
        (state.status, state.overpaid.to_string()),
        (LoanStatus::Closed, "0.00".into())
    );
}

#[test]
fn a_repayment_after_the_date_asked_is_not_counted() {
    let loan = loan(json!({}));
    let history = [repayment("r1", "2024-02-15", "1025.07")];
    let before = loan.state(&history, date("2024-02-14")).unwrap();
    assert!(before.repayments.is_empty());
    assert_eq!(before.installments[0].status, InstallmentStatus::Future);
    let on = loan.state(&history, date("2024-02-15")).unwrap();
    assert_eq!(on.installments[0].status, InstallmentStatus::Paid);
}

#[test]
fn events_apply_in_date_order_then_in_list_order() {
    // Listed out of date order, r1 (2024-02-15) is still allocated before r2 (2024-03-15).
    let loan = loan(json!({}));
    let history = [
        repayment("r2", "2024-03-15", "1025.07"),
        repayment("r1", "2024-02-15", "1025.07"),
    ];
    let state = loan.state(&history, date("2024-03-15")).unwrap();
    let ids: Vec<&str> = state
        .repayments
        .iter()
        .map(|a| a.repayment_id.as_str())
        .collect();
    assert_eq!(ids, ["r1", "r2"]);

    // On one date, the list decides. Repayment then penalty: 1025.07 pays installment 1, the
    // 20.50 penalty comes after and is owed. Penalty then repayment: the penalty is paid first
    // (default order), so 20.50 of principal is owed instead.
    let paid_then_charged = [
        repayment("r1", "2024-02-21", "1025.07"),
        penalty(1, "2024-02-21", "20.50"),
    ];
    let state = loan.state(&paid_then_charged, date("2024-02-21")).unwrap();
    assert_eq!(outstanding(&state, 1), ["0.00", "0.00", "0.00", "20.50"]);
    let charged_then_paid = [
        penalty(1, "2024-02-21", "20.50"),
        repayment("r1", "2024-02-21", "1025.07"),
    ];
    let state = loan.state(&charged_then_paid, date("2024-02-21")).unwrap();
    assert_eq!(outstanding(&state, 1), ["20.50", "0.00", "0.00", "0.00"]);
}
