//! Late penalties, once per installment, and the arrears tolerance.
//!
//! Product: 2 % of the overdue installment's outstanding amount, 5 grace days. Installment 1
//! (due 2024-02-15) is penalised on 2024-02-21, the first day after 2024-02-15 + 5; unpaid it
//! owes 1025.07: round(1025.07 × 2 % = 20.5014) = 20.50. Installment 2 (due 2024-03-15) on
//! 2024-03-21, the same 20.50.

use ferrofin_loan_servicing::{InstallmentStatus, LoanEvent, Penalty};
use serde_json::{Value, json};

use crate::common::{d, date, loan, repayment};

fn two_percent() -> Value {
    json!({ "late_penalty": { "charge": { "percent": "2" }, "grace_days": 5 } })
}

fn penalties(found: &[Penalty]) -> Vec<(u32, String, String)> {
    found
        .iter()
        .map(|p| (p.installment, p.date.to_string(), p.amount.to_string()))
        .collect()
}

#[test]
fn a_penalty_after_the_grace_days() {
    let loan = loan(two_percent());
    assert!(
        loan.penalties_to_apply(&[], date("2024-02-20"))
            .unwrap()
            .is_empty()
    );
    let found = loan.penalties_to_apply(&[], date("2024-02-21")).unwrap();
    assert_eq!(
        penalties(&found),
        [(1, "2024-02-21".into(), "20.50".into())]
    );
}

#[test]
fn a_penalty_is_applied_once() {
    let loan = loan(two_percent());
    let found = loan.penalties_to_apply(&[], date("2024-02-21")).unwrap();
    let history: Vec<LoanEvent> = found.into_iter().map(LoanEvent::Penalty).collect();
    assert!(
        loan.penalties_to_apply(&history, date("2024-02-21"))
            .unwrap()
            .is_empty()
    );
    assert!(
        loan.penalties_to_apply(&history, date("2024-03-20"))
            .unwrap()
            .is_empty()
    );
    // The penalty is in installment 1's penalties component.
    let state = loan.state(&history, date("2024-02-21")).unwrap();
    let first = &state.installments[0].amounts;
    assert_eq!(
        (first.penalties.due, first.total.outstanding),
        (d("20.50"), d("1045.57"))
    );
    // Installment 2 gets its own on 2024-03-21.
    let found = loan
        .penalties_to_apply(&history, date("2024-03-21"))
        .unwrap();
    assert_eq!(
        penalties(&found),
        [(2, "2024-03-21".into(), "20.50".into())]
    );
}

#[test]
fn a_job_that_missed_days_catches_up_with_the_same_penalties() {
    let loan = loan(two_percent());
    let found = loan.penalties_to_apply(&[], date("2024-03-25")).unwrap();
    assert_eq!(
        penalties(&found),
        [
            (1, "2024-02-21".into(), "20.50".into()),
            (2, "2024-03-21".into(), "20.50".into())
        ]
    );
}

#[test]
fn the_percent_is_of_what_is_outstanding() {
    // 1000.00 paid on 2024-02-16: 25.07 of principal left; round(25.07 × 2 %) = 0.50.
    let loan = loan(two_percent());
    let history = [repayment("r1", "2024-02-16", "1000.00")];
    let found = loan
        .penalties_to_apply(&history, date("2024-02-21"))
        .unwrap();
    assert_eq!(penalties(&found), [(1, "2024-02-21".into(), "0.50".into())]);
}

#[test]
fn paying_by_the_penalty_date_avoids_it() {
    let loan = loan(two_percent());
    let history = [repayment("r1", "2024-02-21", "1025.07")];
    assert!(
        loan.penalties_to_apply(&history, date("2024-03-01"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_flat_penalty() {
    let loan = loan(json!({ "late_penalty": { "charge": { "amount": "15" } } }));
    // No grace days: the day after the due date.
    let found = loan.penalties_to_apply(&[], date("2024-02-16")).unwrap();
    assert_eq!(
        penalties(&found),
        [(1, "2024-02-16".into(), "15.00".into())]
    );
}

#[test]
fn no_late_penalty_no_penalties() {
    assert!(
        loan(json!({}))
            .penalties_to_apply(&[], date("2025-01-01"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_arrears_tolerance() {
    // Tolerance 5.00. 1020.07 paid on 2024-02-15 leaves 5.00 of principal: at the tolerance,
    // not overdue (status `due`), no penalty. 1020.06 leaves 5.01: overdue, penalised
    // round(5.01 × 2 % = 0.1002) = 0.10.
    let mut settings = two_percent();
    settings["arrears_tolerance"] = json!("5.00");
    let loan = loan(settings);
    let within = [repayment("r1", "2024-02-15", "1020.07")];
    let state = loan.state(&within, date("2024-02-25")).unwrap();
    assert_eq!(state.installments[0].status, InstallmentStatus::Due);
    assert_eq!(state.delinquency.days_overdue, 0);
    assert!(
        loan.penalties_to_apply(&within, date("2024-02-25"))
            .unwrap()
            .is_empty()
    );

    let above = [repayment("r1", "2024-02-15", "1020.06")];
    let state = loan.state(&above, date("2024-02-25")).unwrap();
    assert_eq!(state.installments[0].status, InstallmentStatus::Overdue);
    let found = loan.penalties_to_apply(&above, date("2024-02-25")).unwrap();
    assert_eq!(penalties(&found), [(1, "2024-02-21".into(), "0.10".into())]);
}
