//! The serde shapes: settings and events as a store keeps them, a state as an API shows it.

use ferrofin_loan_servicing::{
    AllocationOrder, LatePenalty, LoanEvent, PenaltyCharge, ServicingSettings,
};
use serde_json::json;

use crate::common::{d, date, loan, repayment};

#[test]
fn settings_default_and_round_trip() {
    let defaults: ServicingSettings = serde_json::from_value(json!({})).unwrap();
    assert_eq!(defaults, ServicingSettings::default());
    assert_eq!(
        defaults.allocation_order,
        AllocationOrder::PenaltiesFeesInterestPrincipal
    );
    assert_eq!(defaults.days_until_non_performing, 90);

    let stored = json!({
        "allocation_order": "interest_principal_penalties_fees",
        "late_penalty": { "charge": { "percent": "2.5" }, "grace_days": 5 },
        "arrears_tolerance": "1.00",
        "days_until_non_performing": 60
    });
    let settings: ServicingSettings = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(
        settings.late_penalty,
        Some(LatePenalty {
            charge: PenaltyCharge::Percent(d("2.5")),
            grace_days: 5
        })
    );
    assert_eq!(serde_json::to_value(settings).unwrap(), stored);
}

#[test]
fn settings_refuse_unknown_fields_and_loose_decimals() {
    assert!(serde_json::from_value::<ServicingSettings>(json!({ "tolerance": "1" })).is_err());
    assert!(
        serde_json::from_value::<ServicingSettings>(json!({ "arrears_tolerance": 1 })).is_err()
    );
    assert!(
        serde_json::from_value::<ServicingSettings>(json!({ "arrears_tolerance": "1e2" })).is_err()
    );
}

#[test]
fn events_round_trip() {
    let stored = json!([
        { "type": "repayment", "id": "r1", "date": "2024-02-15", "amount": "1025.07" },
        { "type": "repayment_reversal", "repayment_id": "r1", "date": "2024-02-20" },
        { "type": "penalty", "installment": 1, "date": "2024-02-21", "amount": "20.50" },
        { "type": "refund", "id": "f1", "date": "2024-04-20", "amount": "5.00" }
    ]);
    let events: Vec<LoanEvent> = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(events[0], repayment("r1", "2024-02-15", "1025.07"));
    assert_eq!(serde_json::to_value(&events).unwrap(), stored);
    let bad_date = json!({ "type": "repayment", "id": "r1", "date": "15/02/2024", "amount": "1" });
    assert!(serde_json::from_value::<LoanEvent>(bad_date).is_err());
}

#[test]
fn a_state_serialises_with_decimals_as_strings() {
    let history = [repayment("r1", "2024-02-15", "1000")];
    let state = loan(json!({})).state(&history, date("2024-02-16")).unwrap();
    let value = serde_json::to_value(&state).unwrap();
    assert_eq!(value["as_of"], "2024-02-16");
    assert_eq!(value["status"], "active");
    assert_eq!(
        value["installments"][0],
        json!({
            "number": 1,
            "due_date": "2024-02-15",
            "status": "overdue",
            "principal": { "due": "990.07", "paid": "965.00", "waived": "0.00", "outstanding": "25.07" },
            "interest": { "due": "30.00", "paid": "30.00", "waived": "0.00", "outstanding": "0.00" },
            "fees": { "due": "5.00", "paid": "5.00", "waived": "0.00", "outstanding": "0.00" },
            "penalties": { "due": "0.00", "paid": "0.00", "waived": "0.00", "outstanding": "0.00" },
            "total": { "due": "1025.07", "paid": "1000.00", "waived": "0.00", "outstanding": "25.07" }
        })
    );
    assert_eq!(
        value["repayments"][0],
        json!({
            "repayment_id": "r1",
            "date": "2024-02-15",
            "amount": "1000.00",
            "installments": [{
                "installment": 1, "principal": "965.00", "interest": "30.00", "fees": "5.00",
                "penalties": "0.00", "total": "1000.00"
            }],
            "overpayment": "0.00"
        })
    );
    assert_eq!(
        value["delinquency"],
        json!({ "oldest_overdue_installment": 1, "days_overdue": 1, "bucket": "1_30", "non_performing": false })
    );
    assert_eq!(value["early_settlement"], json!(null));
}
