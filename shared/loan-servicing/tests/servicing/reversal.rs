//! Reversal: the state is a replay of the history without the reversed repayment.
//!
//! r1 1025.07 on 2024-02-15, r2 500.00 on 2024-03-10, r3 600.00 on 2024-03-20 (default
//! order).
//!
//! * As recorded: r1 pays installment 1. r2 pays installment 2 fees 5.00, interest 20.10,
//!   principal 474.90 (525.07 of principal left). r3 pays that 525.07, then installment 3
//!   fees 5.00, interest 10.10, principal 59.83 (74.93).
//! * r1 reversed (bounced) on 2024-02-20: r2 now pays installment 1 fees 5.00, interest 30.00,
//!   principal 465.00 (525.07 left); r3 pays that 525.07 and installment 2 fees 5.00, interest
//!   20.10, principal 49.83 (74.93). Installment 2 owes 999.97 − 49.83 = 950.14 and is overdue
//!   since 2024-03-15: 5 days on 2024-03-20.

use ferrofin_loan_servicing::{DelinquencyBucket, InstallmentStatus, LoanEvent};
use serde_json::json;

use crate::common::{d, date, loan, repayment, reversal};

fn recorded() -> Vec<LoanEvent> {
    vec![
        repayment("r1", "2024-02-15", "1025.07"),
        repayment("r2", "2024-03-10", "500.00"),
        repayment("r3", "2024-03-20", "600.00"),
    ]
}

/// `(installment, total paid)` of each repayment's allocation.
fn allocations(state: &ferrofin_loan_servicing::LoanState) -> Vec<Vec<(u32, String)>> {
    state
        .repayments
        .iter()
        .map(|allocation| {
            allocation
                .installments
                .iter()
                .map(|part| (part.installment, part.paid.total.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn as_recorded() {
    let state = loan(json!({}))
        .state(&recorded(), date("2024-03-20"))
        .unwrap();
    assert_eq!(
        allocations(&state),
        [
            vec![(1, "1025.07".to_owned())],
            vec![(2, "500.00".to_owned())],
            vec![(2, "525.07".to_owned()), (3, "74.93".to_owned())],
        ]
    );
    assert_eq!(state.installments[2].amounts.principal.paid, d("59.83"));
}

#[test]
fn a_reversal_re_allocates_everything_after_it() {
    let mut history = recorded();
    history.push(reversal("r1", "2024-02-20"));
    let state = loan(json!({})).state(&history, date("2024-03-20")).unwrap();
    assert_eq!(
        allocations(&state),
        [
            vec![(1, "500.00".to_owned())],
            vec![(1, "525.07".to_owned()), (2, "74.93".to_owned())],
        ]
    );
    assert_eq!(state.installments[0].amounts.principal.paid, d("990.07"));
    assert_eq!(state.installments[1].amounts.principal.paid, d("49.83"));
    assert_eq!(state.installments[1].amounts.total.outstanding, d("950.14"));
    assert_eq!(state.installments[1].status, InstallmentStatus::Overdue);
    assert_eq!(state.installments[2].status, InstallmentStatus::Future);
    assert_eq!(state.delinquency.days_overdue, 5);
    assert_eq!(state.delinquency.bucket, DelinquencyBucket::Days1To30);
}

#[test]
fn a_reversal_applies_to_earlier_dates_too() {
    // The reversed repayment never happened: on 2024-02-16 installment 1 is overdue although
    // the reversal was recorded on 2024-02-20.
    let mut history = recorded();
    history.push(reversal("r1", "2024-02-20"));
    let state = loan(json!({})).state(&history, date("2024-02-16")).unwrap();
    assert_eq!(state.installments[0].status, InstallmentStatus::Overdue);
}
