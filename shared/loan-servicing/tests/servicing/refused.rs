//! Histories and settings that are refused, with the typed error.

use ferrofin_loan_servicing::{EventKey, HistoryError, Loan, ServicingSettings, SettingsError};
use serde_json::json;

use crate::common::{base_request, d, date, loan, penalty, refund, repayment, reversal, terms_of};

fn refusal(history: &[ferrofin_loan_servicing::LoanEvent]) -> HistoryError {
    loan(json!({}))
        .state(history, date("2024-12-31"))
        .unwrap_err()
}

#[test]
fn a_repayment_before_the_disbursement() {
    assert_eq!(
        refusal(&[repayment("r1", "2024-01-14", "10.00")]),
        HistoryError::BeforeDisbursement {
            event: EventKey::Repayment("r1".into()),
            date: date("2024-01-14"),
            disbursement: date("2024-01-15"),
        }
    );
    // On the disbursement day it is accepted.
    assert!(
        loan(json!({}))
            .state(
                &[repayment("r1", "2024-01-15", "10.00")],
                date("2024-01-15")
            )
            .is_ok()
    );
}

#[test]
fn a_non_positive_or_too_precise_amount() {
    assert_eq!(
        refusal(&[repayment("r1", "2024-02-15", "0")]),
        HistoryError::NotPositive {
            event: EventKey::Repayment("r1".into()),
            amount: d("0"),
        }
    );
    assert_eq!(
        refusal(&[repayment("r1", "2024-02-15", "-5.00")]),
        HistoryError::NotPositive {
            event: EventKey::Repayment("r1".into()),
            amount: d("-5.00"),
        }
    );
    assert_eq!(
        refusal(&[repayment("r1", "2024-02-15", "10.001")]),
        HistoryError::TooManyDecimals {
            event: EventKey::Repayment("r1".into()),
            amount: d("10.001"),
            decimals: 2,
        }
    );
    // Trailing zeros are not decimals.
    assert!(
        loan(json!({}))
            .state(
                &[repayment("r1", "2024-02-15", "10.000")],
                date("2024-02-15")
            )
            .is_ok()
    );
}

#[test]
fn ids_and_reversals() {
    assert_eq!(
        refusal(&[
            repayment("r1", "2024-02-15", "1"),
            refund("r1", "2024-02-16", "1")
        ]),
        HistoryError::DuplicateId { id: "r1".into() }
    );
    assert_eq!(
        refusal(&[reversal("r9", "2024-02-15")]),
        HistoryError::UnknownRepayment { id: "r9".into() }
    );
    assert_eq!(
        refusal(&[
            repayment("r1", "2024-02-15", "1"),
            reversal("r1", "2024-02-16"),
            reversal("r1", "2024-02-17"),
        ]),
        HistoryError::ReversedTwice { id: "r1".into() }
    );
    assert_eq!(
        refusal(&[
            repayment("r1", "2024-02-15", "1"),
            reversal("r1", "2024-02-14")
        ]),
        HistoryError::ReversalBeforeRepayment {
            id: "r1".into(),
            reversal: date("2024-02-14"),
            repayment: date("2024-02-15"),
        }
    );
}

#[test]
fn penalties_and_refunds() {
    assert_eq!(
        refusal(&[penalty(4, "2024-05-01", "1")]),
        HistoryError::UnknownInstallment {
            installment: 4,
            installments: 3
        }
    );
    assert_eq!(
        refusal(&[penalty(1, "2024-02-21", "1"), penalty(1, "2024-02-22", "1")]),
        HistoryError::DuplicatePenalty { installment: 1 }
    );
    // Nothing was overpaid.
    assert_eq!(
        refusal(&[refund("f1", "2024-02-21", "1.00")]),
        HistoryError::RefundAboveOverpaid {
            id: "f1".into(),
            amount: d("1.00"),
            overpaid: d("0.00"),
        }
    );
}

#[test]
fn settings_that_do_not_fit() {
    let refused = |settings: serde_json::Value| {
        let settings: ServicingSettings = serde_json::from_value(settings).unwrap();
        Loan::new(&terms_of(base_request()), settings).unwrap_err()
    };
    assert_eq!(
        refused(json!({ "late_penalty": { "charge": { "percent": "100.5" } } })),
        SettingsError::PenaltyPercent(d("100.5"))
    );
    assert_eq!(
        refused(json!({ "arrears_tolerance": "0.001" })),
        SettingsError::Amount {
            field: "arrears_tolerance",
            amount: d("0.001"),
            decimals: 2
        }
    );
    assert_eq!(
        refused(json!({ "days_until_non_performing": 0 })),
        SettingsError::DaysUntilNonPerforming
    );
    assert_eq!(
        refused(json!({ "days_until_non_performing": 3651 })),
        SettingsError::DaysUntilNonPerforming
    );
    assert_eq!(
        refused(json!({ "late_penalty": { "charge": { "percent": "1" }, "grace_days": 3651 } })),
        SettingsError::GraceDays
    );
}
