//! Rescheduling (the engine's worked example 9, as a reschedule).
//!
//! 10,000.00 EUR at 12 % over 12 monthly installments of 888.49 from 2024-01-15. Installments
//! 1–6 are paid on their due dates (balance 5149.20 after 2024-07-15) and 2000.00 more on
//! 2024-07-15 pays installments 7 and 8 in advance: 3149.20 of principal is rescheduled from
//! 2024-07-15.
//!
//! * `reduce_installment`, same rate, 6 installments: `3149.20 × 0.01 / (1 − 1.01^−6) =
//!   543.389 → 543.39` (the engine's early repayment gives the same).
//! * 6 % and 2 more installments: `3149.20 × 0.005 / (1 − 1.005^−8) = 402.559 → 402.56`.
//! * `reduce_term`: 3 installments would be `1070.80` > 888.49, 4 are `807.08`: 4.
//! * 1 period of principal grace: 31.49 of interest, then `3149.20 × 0.01 / (1 − 1.01^−5) =
//!   648.86`.

use ferrofin_loan_calc::{FeeWhen, LoanRequest};
use ferrofin_loan_servicing::{
    InstallmentStatus, Loan, LoanEvent, NewTerm, RescheduleError, Rescheduling,
};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{base_request, d, date, loan_of, repayment};

fn ten_thousand() -> Value {
    let mut request = base_request();
    request["principal"] = json!("10000");
    request["number_of_repayments"] = json!(12);
    request["fees"] = json!([]);
    request
}

fn booked() -> (LoanRequest, Loan) {
    let request = ten_thousand();
    (
        serde_json::from_value(request.clone()).unwrap(),
        loan_of(request, json!({})),
    )
}

/// Installments 1–6 paid on their due dates, `extra` more on 2024-07-15.
fn six_paid_and(extra: Option<&str>) -> Vec<LoanEvent> {
    let mut history: Vec<LoanEvent> = (1..=6)
        .map(|month| {
            repayment(
                &format!("r{month}"),
                &format!("2024-{:02}-15", month + 1),
                "888.49",
            )
        })
        .collect();
    history.extend(extra.map(|amount| repayment("extra", "2024-07-15", amount)));
    history
}

fn change(term: NewTerm) -> Rescheduling {
    Rescheduling {
        from: date("2024-07-15"),
        annual_interest_rate: None,
        grace_on_principal_periods: 0,
        term,
    }
}

fn totals(rows: &[ferrofin_loan_calc::Row]) -> Vec<String> {
    rows.iter().map(|row| row.total.to_string()).collect()
}

#[test]
fn reduce_installment_keeps_the_number_of_installments() {
    let (request, loan) = booked();
    let done = loan
        .reschedule(
            &request,
            &six_paid_and(Some("2000.00")),
            &change(NewTerm::ReduceInstallment {
                extra_installments: 0,
            }),
        )
        .unwrap();
    assert_eq!(done.principal, d("3149.20"));
    assert_eq!(done.schedule.disbursement.date, date("2024-07-15"));
    assert_eq!(done.schedule.rows[0].due_date, date("2024-08-15"));
    assert_eq!(done.schedule.rows.len(), 6);
    assert_eq!(&totals(&done.schedule.rows)[..5], ["543.39"; 5]);
    assert_eq!(done.schedule.rows[0].interest, d("31.49"));
    // The old schedule is kept: the state on 2024-07-15, installments 7 and 8 paid ahead.
    let previous = &done.previous;
    assert_eq!(previous.as_of, date("2024-07-15"));
    // 2000.00 = 888.49 (installment 7) + 888.49 (installment 8) + 223.02 (of installment 9).
    assert!(
        previous.installments[..8]
            .iter()
            .all(|i| i.status == InstallmentStatus::Paid)
    );
    assert_eq!(
        previous.installments[8].status,
        InstallmentStatus::PartiallyPaid
    );
    assert_eq!(previous.installments[8].amounts.total.paid, d("223.02"));
    assert_eq!(previous.installments.len(), 12);
    // The new terms book a new loan.
    let rebooked = Loan::new(&done.terms, *loan.settings()).unwrap();
    assert_eq!(rebooked.schedule(), &done.schedule);
}

#[test]
fn a_new_rate_and_an_extended_term() {
    let (request, loan) = booked();
    let mut lower = change(NewTerm::ReduceInstallment {
        extra_installments: 2,
    });
    lower.annual_interest_rate = Some(d("6"));
    let done = loan
        .reschedule(&request, &six_paid_and(Some("2000.00")), &lower)
        .unwrap();
    assert_eq!(done.request.annual_interest_rate, "6");
    assert_eq!(done.schedule.rows.len(), 8);
    assert_eq!(&totals(&done.schedule.rows)[..7], ["402.56"; 7]);
    assert_eq!(done.schedule.rows[0].interest, d("15.75")); // 3149.20 × 0.005 = 15.746
}

#[test]
fn reduce_term_keeps_the_installment() {
    let (request, loan) = booked();
    let done = loan
        .reschedule(
            &request,
            &six_paid_and(Some("2000.00")),
            &change(NewTerm::ReduceTerm),
        )
        .unwrap();
    assert_eq!(done.request.number_of_repayments, 4);
    assert_eq!(&totals(&done.schedule.rows)[..3], ["807.08"; 3]);
}

#[test]
fn added_principal_grace() {
    let (request, loan) = booked();
    let mut grace = change(NewTerm::ReduceInstallment {
        extra_installments: 0,
    });
    grace.grace_on_principal_periods = 1;
    let done = loan
        .reschedule(&request, &six_paid_and(Some("2000.00")), &grace)
        .unwrap();
    let first = &done.schedule.rows[0];
    assert_eq!(
        (first.principal.to_string(), first.interest.to_string()),
        ("0.00".into(), "31.49".into())
    );
    assert_eq!(&totals(&done.schedule.rows)[1..5], ["648.86"; 4]);
}

#[test]
fn from_the_disbursement_the_disbursement_fees_are_not_charged_again() {
    let mut request = base_request();
    request["fees"] = json!([
        { "name": "arrangement", "percent": "1", "when": "disbursement" },
        { "name": "service", "amount": "5", "when": "each_installment" }
    ]);
    let loan = loan_of(request.clone(), json!({}));
    let booked: LoanRequest = serde_json::from_value(request).unwrap();
    let mut change = change(NewTerm::ReduceInstallment {
        extra_installments: 3,
    });
    change.from = date("2024-01-15");
    let done = loan.reschedule(&booked, &[], &change).unwrap();
    assert_eq!(done.principal, d("3000.00"));
    assert_eq!(done.schedule.rows.len(), 6);
    assert_eq!(done.request.fees.len(), 1);
    assert_eq!(done.request.fees[0].when, FeeWhen::EachInstallment);
    assert_eq!(done.schedule.disbursement.fees, Decimal::ZERO);
}

#[test]
fn refusals() {
    let (request, loan) = booked();
    let reduce = change(NewTerm::ReduceInstallment {
        extra_installments: 0,
    });
    let refused = |history: &[LoanEvent], change: &Rescheduling| {
        loan.reschedule(&request, history, change).unwrap_err()
    };
    let mut mid_period = reduce;
    mid_period.from = date("2024-07-20");
    assert_eq!(
        refused(&six_paid_and(None), &mid_period),
        RescheduleError::NotADueDate {
            from: date("2024-07-20")
        }
    );
    let mut last = reduce;
    last.from = date("2025-01-15");
    assert_eq!(
        refused(&six_paid_and(None), &last),
        RescheduleError::NotADueDate {
            from: date("2025-01-15")
        }
    );
    assert_eq!(
        refused(&six_paid_and(None)[..5], &reduce),
        RescheduleError::Unpaid {
            installment: 6,
            from: date("2024-07-15")
        }
    );
    let mut too_high = reduce;
    too_high.annual_interest_rate = Some(d("150"));
    assert!(matches!(
        refused(&six_paid_and(None), &too_high),
        RescheduleError::NewTerms(_)
    ));
    let other: LoanRequest = serde_json::from_value(base_request()).unwrap();
    assert_eq!(
        loan.reschedule(&other, &six_paid_and(None), &reduce)
            .unwrap_err(),
        RescheduleError::NotTheBookedLoan
    );
}

#[test]
fn reduce_term_needs_an_installment_to_keep() {
    // Equal principal with 8 periods of principal grace: installment 7 repays no principal
    // (it collects 100.00 of interest), so no term keeps a principal part of 0.00.
    let mut request = ten_thousand();
    request["amortization"] = json!("equal_principal");
    request["grace_on_principal_periods"] = json!(8);
    let loan = loan_of(request.clone(), json!({}));
    let booked: LoanRequest = serde_json::from_value(request).unwrap();
    let interest_only: Vec<LoanEvent> = (1..=6)
        .map(|month| {
            repayment(
                &format!("r{month}"),
                &format!("2024-{:02}-15", month + 1),
                "100.00",
            )
        })
        .collect();
    assert_eq!(
        loan.reschedule(&booked, &interest_only, &change(NewTerm::ReduceTerm))
            .unwrap_err(),
        RescheduleError::NoTermKeepsTheInstallment {
            installment: d("0.00")
        }
    );
}
