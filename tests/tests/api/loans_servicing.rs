//! A disbursed loan serviced through the API: repayments allocated to installments, a partial
//! payment left overdue with its delinquency, a reversal that re-allocates, the payoff quote
//! that closes the loan; who may record repayments, and bad input.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

use rust_decimal::Decimal;

use crate::budgets_crud::{get, invalid_fields, post};

fn decimal(text: &str) -> Decimal {
    text.parse().expect("a decimal string")
}
use crate::loans_lifecycle::{application, bank, step};

/// A 2,000 EUR loan of the test bank's product, disbursed on 2026-01-15 (12 months, 12 %).
async fn disbursed(app: &TestApp, bank: &crate::loans_lifecycle::Bank) -> (String, Vec<Value>) {
    let mut body = application(bank, "2000.00");
    body["disbursement_date"] = json!("2026-01-15");
    let loan = post(app, &bank.officer, "/v1/loans", &body).await.json();
    let id = loan["id"].as_str().expect("id").to_owned();
    step(app, &bank.officer, &id, "submit", &json!({})).await;
    step(
        app,
        &bank.approver,
        &id,
        "approve",
        &json!({"comment": "ok"}),
    )
    .await;
    step(app, &bank.officer, &id, "disburse", &json!({})).await;
    let schedule = get(app, &bank.officer, &format!("/v1/loans/{id}/schedule"))
        .await
        .json();
    let rows = schedule["schedule"].as_array().expect("rows").clone();
    (id, rows)
}

async fn repay(
    app: &TestApp,
    bank: &crate::loans_lifecycle::Bank,
    id: &str,
    amount: &str,
    date: &str,
) -> Value {
    let body = json!({"amount": amount, "date": date});
    let response = post(
        app,
        &bank.officer,
        &format!("/v1/loans/{id}/repayments"),
        &body,
    )
    .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()
}

#[tokio::test]
async fn repayments_are_allocated_reversed_and_the_payoff_closes_the_loan() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let (id, rows) = disbursed(&app, &bank).await;
    let first = rows[0]["total"].as_str().expect("total");
    let paid = repay(&app, &bank, &id, first, "2026-02-15").await;
    assert_eq!(paid["status"], "active");
    let installment = &paid["state"]["installments"][0];
    assert_eq!(installment["status"], "paid");
    assert_eq!(installment["interest"]["paid"], rows[0]["interest"]);
    assert_eq!(installment["principal"]["paid"], rows[0]["principal"]);
    let repayment_id = paid["repayment_id"].as_str().expect("id").to_owned();

    // A partial second payment: the second installment is overdue after its due date.
    let partial = repay(&app, &bank, &id, "50.00", "2026-03-15").await;
    let partial_id = partial["repayment_id"].as_str().expect("id").to_owned();
    let state = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/state?date=2026-03-25"),
    )
    .await
    .json();
    assert_eq!(
        state["installments"][1]["status"], "overdue",
        "{}",
        state["installments"][1]
    );
    assert_eq!(state["delinquency"]["days_overdue"], 10);
    assert_eq!(state["delinquency"]["bucket"], "1_30");
    // Interest first (the product's order: penalties, fees, interest, principal), then principal.
    let second = &state["installments"][1];
    assert_eq!(second["interest"]["paid"], rows[1]["interest"]);
    assert_eq!(second["interest"]["outstanding"], "0.00");
    assert_ne!(second["principal"]["paid"], "0.00");

    // Reversing the first repayment: the partial one now pays the first installment's interest.
    let reversal = json!({"date": "2026-03-26", "comment": "Bounced"});
    let reversed = post(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/repayments/{repayment_id}/reverse"),
        &reversal,
    )
    .await;
    assert_eq!(reversed.status, StatusCode::OK, "{:?}", reversed.json());
    let after = reversed.json();
    assert_eq!(
        after["state"]["installments"][0]["interest"]["paid"],
        "20.00"
    );
    assert_eq!(after["state"]["installments"][0]["status"], "overdue");
    let again = post(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/repayments/{repayment_id}/reverse"),
        &reversal,
    )
    .await;
    assert_eq!(invalid_fields(&again), ["repayment_id"]);
    let listed = get(&app, &bank.officer, &format!("/v1/loans/{id}/repayments"))
        .await
        .json();
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["repayment_id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [partial_id.as_str()],
        "the reversed repayment is left out"
    );

    // The payoff on a date settles the loan.
    let quote = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/payoff?date=2026-03-30"),
    )
    .await
    .json();
    let payoff = quote["amount"]["total"]
        .as_str()
        .expect("the payoff")
        .to_owned();
    assert_ne!(
        quote["waived"]["interest"], "0.00",
        "future interest is waived"
    );
    let settled = repay(&app, &bank, &id, &payoff, "2026-03-30").await;
    assert_eq!(
        settled["status"], "closed",
        "{}",
        settled["state"]["status"]
    );
    let loan = get(&app, &bank.officer, &format!("/v1/loans/{id}"))
        .await
        .json();
    assert_eq!(loan["status"], "closed");
    let history = get(&app, &bank.officer, &format!("/v1/loans/{id}/history"))
        .await
        .json();
    let actions: Vec<&str> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .collect();
    assert_eq!(
        actions[4..],
        ["repaid", "repaid", "repayment_reversed", "repaid"]
    );
}

#[tokio::test]
async fn only_staff_with_the_permission_record_repayments_and_bad_ones_are_refused() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let draft = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    let draft_id = draft["id"].as_str().expect("id");
    let body = json!({"amount": "10.00", "date": "2026-12-20"});
    post(
        &app,
        &bank.officer,
        &format!("/v1/loans/{draft_id}/repayments"),
        &body,
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
    get(&app, &bank.officer, &format!("/v1/loans/{draft_id}/state"))
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");

    let (id, _) = disbursed(&app, &bank).await;
    let path = format!("/v1/loans/{id}/repayments");
    post(&app, &bank.approver, &path, &body)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"amount": "10.001", "date": "2026-02-01"}),
            &["amount"],
        ),
        (json!({"amount": "0", "date": "2026-02-01"}), &["amount"]),
        (
            json!({"amount": "-5.00", "date": "2026-02-01"}),
            &["amount"],
        ),
        (json!({"amount": "10.00", "date": "2026-01-01"}), &["date"]),
        (json!({"amount": "10.00", "date": "+2026-02-01"}), &["date"]),
    ];
    for (body, fields) in cases {
        assert_eq!(
            invalid_fields(&post(&app, &bank.officer, &path, &body).await),
            fields,
            "{body}"
        );
    }
    let unknown = json!({"comment": "x"});
    let reverse = post(
        &app,
        &bank.officer,
        &format!("{path}/01JNOSUCHREPAYMENT0000000/reverse"),
        &unknown,
    )
    .await;
    assert_eq!(invalid_fields(&reverse), ["repayment_id"]);
    assert_eq!(
        invalid_fields(
            &get(
                &app,
                &bank.officer,
                &format!("/v1/loans/{id}/state?date=soon")
            )
            .await
        ),
        ["date"]
    );
    let user = app.signed_up("servicing-nosy@example.com").await;
    get(&app, &user, &format!("/v1/loans/{id}/state"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &user, &format!("/v1/loans/{id}/payoff"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

/// Queues the daily run for `date`, lets it finish and answers the loan.
async fn run_day(
    app: &TestApp,
    bank: &crate::loans_lifecycle::Bank,
    id: &str,
    date: &str,
) -> Value {
    let queued = post(
        app,
        &bank.admin,
        "/v1/loans/daily-run",
        &json!({"date": date}),
    )
    .await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{:?}", queued.json());
    app.settle().await;
    get(app, &bank.admin, &format!("/v1/loans/{id}"))
        .await
        .json()
}

/// How many penalties the loan's history shows.
async fn penalties_charged(app: &TestApp, bank: &crate::loans_lifecycle::Bank, id: &str) -> usize {
    get(app, &bank.officer, &format!("/v1/loans/{id}/history"))
        .await
        .json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|entry| entry["action"] == "penalty_charged")
        .count()
}

#[tokio::test]
async fn the_daily_run_charges_penalties_once_and_files_loans_by_delinquency() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let mut with_penalty = crate::loans_lifecycle::product();
    with_penalty["servicing"] =
        json!({"late_penalty": {"charge": {"percent": "2"}, "grace_days": 5}});
    let changed = app
        .call(
            axum::http::Method::PUT,
            &format!("/v1/loan-products/{}", bank.product_id),
            Some(&bank.admin.access_token),
            Some(&with_penalty),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    let (id, _) = disbursed(&app, &bank).await;
    // Due 2026-02-15, 5 grace days: on 2026-03-01 the first installment is 14 days overdue.
    let loan = run_day(&app, &bank, &id, "2026-03-01").await;
    let standing = &loan["standing"];
    assert_eq!(standing["days_overdue"], 14, "{loan}");
    assert_eq!(standing["bucket"], "1_30");
    assert_eq!(standing["non_performing"], false);
    assert_eq!(penalties_charged(&app, &bank, &id).await, 1);
    let state = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/state?date=2026-03-01"),
    )
    .await
    .json();
    assert_ne!(state["installments"][0]["penalties"]["due"], "0.00");
    let same_day = run_day(&app, &bank, &id, "2026-03-01").await;
    assert_eq!(same_day["standing"], loan["standing"]);
    assert_eq!(
        penalties_charged(&app, &bank, &id).await,
        1,
        "a day run twice charges nothing twice"
    );
    let listed = get(&app, &bank.officer, "/v1/loans?delinquency=1_30")
        .await
        .json();
    assert_eq!(listed["items"][0]["id"], id.as_str());

    // 94 days after the first due date: over 90, non-performing (the default 90 days).
    let later = run_day(&app, &bank, &id, "2026-05-20").await;
    assert_eq!(later["standing"]["bucket"], "over_90");
    assert_eq!(later["standing"]["non_performing"], true);
    assert!(
        penalties_charged(&app, &bank, &id).await > 1,
        "the later installments are penalised too"
    );
    assert_eq!(
        get(&app, &bank.officer, "/v1/loans?delinquency=1_30")
            .await
            .json()["items"],
        json!([]),
        "the loan moved buckets"
    );
    post(&app, &bank.officer, "/v1/loans/daily-run", &json!({}))
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    assert_eq!(
        invalid_fields(&get(&app, &bank.officer, "/v1/loans?delinquency=none").await),
        ["delinquency"]
    );
}

#[tokio::test]
async fn the_portfolio_counts_active_loans_arrears_and_disbursements() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let (first, rows) = disbursed(&app, &bank).await;
    let (second, _) = disbursed(&app, &bank).await;
    let portfolio = |month: &str| {
        let path = format!("/v1/loans/portfolio?month={month}");
        let approver = bank.approver.clone();
        let app = &app;
        async move { get(app, &approver, &path).await.json() }
    };
    let january = portfolio("2026-01").await;
    let eur = &january["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["active_loans"], 2);
    assert_eq!(eur["outstanding_principal"], "4000.00");
    assert_eq!(
        eur["disbursed"],
        json!({"loans": 2, "principal": "4000.00"})
    );
    assert_eq!(
        portfolio("2026-02").await["currencies"][0]["disbursed"]["loans"],
        0
    );

    // A repayment lowers the principal outstanding by its principal part.
    repay(
        &app,
        &bank,
        &first,
        rows[0]["total"].as_str().expect("total"),
        "2026-02-15",
    )
    .await;
    let after = portfolio("2026-01").await;
    let expected = decimal("4000.00") - decimal(rows[0]["principal"].as_str().expect("principal"));
    let outstanding = after["currencies"][0]["outstanding_principal"]
        .as_str()
        .expect("outstanding");
    assert_eq!(decimal(outstanding), expected);

    // The daily run files the unpaid loan as late; paying the other off takes it out.
    run_day(&app, &bank, &second, "2026-03-01").await;
    let late = portfolio("2026-03").await;
    let arrears = &late["currencies"][0]["arrears"];
    assert_eq!(arrears[0]["bucket"], "1_30");
    assert_eq!(arrears[0]["loans"], 1);
    assert_eq!(arrears[0]["outstanding_principal"], "2000.00");
    let quote = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{first}/payoff?date=2026-03-01"),
    )
    .await
    .json();
    repay(
        &app,
        &bank,
        &first,
        quote["amount"]["total"].as_str().expect("payoff"),
        "2026-03-01",
    )
    .await;
    let settled = portfolio("2026-03").await;
    assert_eq!(settled["currencies"][0]["active_loans"], 1);
    assert_eq!(settled["currencies"][0]["outstanding_principal"], "2000.00");

    get(&app, &bank.officer, "/v1/loans/portfolio?month=2026-13")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let user = app.signed_up("portfolio-nosy@example.com").await;
    get(&app, &user, "/v1/loans/portfolio")
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
}

#[tokio::test]
async fn a_loan_is_rescheduled_from_a_paid_due_date_and_keeps_its_old_schedule() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let (id, rows) = disbursed(&app, &bank).await;
    let path = format!("/v1/loans/{id}/reschedule");
    let change = json!({"from": "2026-02-15", "annual_interest_rate": "6", "strategy": "reduce_installment",
        "extra_installments": 6, "comment": "Hardship"});
    post(&app, &bank.approver, &path, &change)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    repay(
        &app,
        &bank,
        &id,
        rows[0]["total"].as_str().expect("total"),
        "2026-02-15",
    )
    .await;
    post(&app, &bank.officer, &path, &change)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let rescheduled = post(&app, &bank.approver, &path, &change).await;
    assert_eq!(
        rescheduled.status,
        StatusCode::OK,
        "{:?}",
        rescheduled.json()
    );
    let loan = rescheduled.json();
    assert_eq!(loan["request"]["disbursement_date"], "2026-02-15");
    assert_eq!(loan["request"]["annual_interest_rate"], "6");
    assert_eq!(
        loan["request"]["number_of_repayments"], 17,
        "11 left and 6 more"
    );
    assert_eq!(
        loan["request"]["principal"], rows[0]["balance"],
        "what was still owed"
    );

    // The new schedule is the calculator's for the new request, and the old one is kept.
    let booked = get(&app, &bank.officer, &format!("/v1/loans/{id}/schedule")).await;
    let preview = post(&app, &bank.officer, "/v1/loans/calculate", &loan["request"]).await;
    assert_eq!(booked.body, preview.body);
    let schedules = get(&app, &bank.officer, &format!("/v1/loans/{id}/schedules"))
        .await
        .json();
    let items = schedules["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["until"], "2026-02-15");
    assert_eq!(
        items[0]["schedule"]["schedule"].as_array().map(Vec::len),
        Some(12)
    );
    assert_eq!(items[1]["until"], Value::Null);
    let history = get(&app, &bank.officer, &format!("/v1/loans/{id}/history"))
        .await
        .json();
    let last = history["items"]
        .as_array()
        .and_then(|items| items.last())
        .cloned()
        .expect("an entry");
    assert_eq!(last["action"], "rescheduled");
    assert_eq!(last["comment"], "Hardship");

    let bad: Vec<(Value, &[&str])> = vec![
        (
            json!({"from": "2026-02-20", "strategy": "reduce_term", "comment": "x"}),
            &["from"],
        ),
        (
            json!({"from": "2026-02-15", "strategy": "reduce_term", "extra_installments": 2, "comment": "x"}),
            &["extra_installments"],
        ),
        (
            json!({"from": "2026-02-15", "strategy": "reduce_term", "comment": " "}),
            &["comment"],
        ),
        (
            json!({"from": "2026-02-15", "annual_interest_rate": "101", "strategy": "reduce_term", "comment": "x"}),
            &["annual_interest_rate"],
        ),
    ];
    for (body, fields) in bad {
        assert_eq!(
            invalid_fields(&post(&app, &bank.approver, &path, &body).await),
            fields,
            "{body}"
        );
    }
}

#[tokio::test]
async fn an_overpayment_is_refunded_and_a_loan_written_off_leaves_the_portfolio() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let (id, _) = disbursed(&app, &bank).await;
    let quote = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{id}/payoff?date=2026-02-01"),
    )
    .await
    .json();
    let payoff = decimal(quote["amount"]["total"].as_str().expect("payoff"));
    let paid = repay(
        &app,
        &bank,
        &id,
        &(payoff + decimal("25.00")).to_string(),
        "2026-02-01",
    )
    .await;
    assert_eq!(paid["status"], "closed");
    assert_eq!(paid["state"]["overpaid"], "25.00");
    let refunds = format!("/v1/loans/{id}/refunds");
    let too_much = post(
        &app,
        &bank.officer,
        &refunds,
        &json!({"amount": "25.01", "date": "2026-02-02"}),
    )
    .await;
    assert_eq!(invalid_fields(&too_much), ["amount"]);
    let refunded = post(
        &app,
        &bank.officer,
        &refunds,
        &json!({"amount": "25.00", "date": "2026-02-02"}),
    )
    .await;
    assert_eq!(
        refunded.status,
        StatusCode::CREATED,
        "{:?}",
        refunded.json()
    );
    assert_eq!(refunded.json()["state"]["overpaid"], "0.00");
    assert_eq!(refunded.json()["state"]["status"], "closed");

    let (other, _) = disbursed(&app, &bank).await;
    let write_off = format!("/v1/loans/{other}/write-off");
    post(
        &app,
        &bank.officer,
        &write_off,
        &json!({"comment": "Insolvent"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let written = post(
        &app,
        &bank.approver,
        &write_off,
        &json!({"comment": "Insolvent"}),
    )
    .await;
    assert_eq!(written.status, StatusCode::OK, "{:?}", written.json());
    assert_eq!(written.json()["status"], "written_off");
    post(
        &app,
        &bank.approver,
        &write_off,
        &json!({"comment": "Again"}),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let portfolio = get(&app, &bank.approver, "/v1/loans/portfolio?month=2026-01")
        .await
        .json();
    assert_eq!(
        portfolio["currencies"][0]["active_loans"], 0,
        "closed and written off"
    );
    assert_eq!(portfolio["currencies"][0]["outstanding_principal"], "0.00");
    let listed = get(&app, &bank.approver, "/v1/loans?status=written_off")
        .await
        .json();
    assert_eq!(listed["items"][0]["id"], other.as_str());
}
