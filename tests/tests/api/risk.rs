//! /v1/risk/assessments: an assessment of the caller's ledger (docs/risk.md's worked example 1,
//! entered through the API), of a CSV or OFX statement, of a customer's statement by staff;
//! idempotency, redelivery, ownership, permissions and bad input.

use axum::http::StatusCode;
use ferrofin_fn_risk_worker::RiskConsumer;
use ferrofin_identity::roles::Role;
use ferrofin_platform::worker::handle_sqs_batch;
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse, customers};
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::email_worker::{failed_ids, sqs_fixture};
use crate::files::uploaded;
use crate::ledger_transactions::open_account;

const ASSESSMENTS: &str = "/v1/risk/assessments";

/// Asks for an assessment, expecting 202, and answers it once the worker computed it.
async fn assessed(app: &TestApp, user: &SignedIn, body: &Value) -> Value {
    let asked = post(app, user, ASSESSMENTS, body).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.json());
    assert_eq!(asked.json()["status"], "queued");
    app.settle().await;
    let id = asked.json()["id"].as_str().expect("id").to_owned();
    let done = get(app, user, &format!("{ASSESSMENTS}/{id}")).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json());
    done.json()
}

async fn record(app: &TestApp, user: &SignedIn, body: Value) {
    let response = post(app, user, "/v1/transactions", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
}

/// docs/risk.md, worked example 1, as a user enters it: salary and groceries by category, rent
/// by hand, the car loan paid by transfers to the loan's account.
async fn salaried_with_a_car_loan(app: &TestApp, user: &SignedIn) -> String {
    let checking = open_account(app, user, "EUR", "2600.00").await;
    let loan = app.open_account(user, "loan", "EUR", "-20000.00").await;
    for month in ["01", "02", "03"] {
        let day = |d: &str| format!("2026-{month}-{d}");
        record(app, user, json!({"account_id": checking, "date": day("01"), "amount": "-1000.00", "currency": "EUR",
            "description": "Rent", "merchant": "Acme Properties", "category": "rent"})).await;
        record(
            app,
            user,
            json!({"account_id": checking, "date": day("05"), "amount": "750.00", "currency": "EUR",
            "description": "Car loan", "transfer_to_account_id": loan}),
        )
        .await;
        let groceries = match month {
            "01" => "-800.00",
            "02" => "-600.00",
            _ => "-700.00",
        };
        record(app, user, json!({"account_id": checking, "date": day("15"), "amount": groceries, "currency": "EUR",
            "description": "Groceries", "merchant": "Supermarket", "category": "groceries"})).await;
        record(app, user, json!({"account_id": checking, "date": day("25"), "amount": "3000.00", "currency": "EUR",
            "description": "Salary", "merchant": "Employer GmbH", "category": "salary"})).await;
    }
    checking
}

#[tokio::test]
async fn the_ledger_of_worked_example_one_scores_as_computed_by_hand() {
    let app = TestApp::new();
    let user = app.signed_up("risk-ledger@example.com").await;
    let checking = salaried_with_a_car_loan(&app, &user).await;
    let body = json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-03-31"});
    let done = assessed(&app, &user, &body).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["subject"]["kind"], "user");
    assert_eq!(
        done["read"],
        json!({"kind": "transactions", "account_ids": [checking], "transactions": 12}),
        "the loan account is not a cash account"
    );
    let assessment = &done["assessment"];
    assert_eq!(assessment["score"], 21);
    assert_eq!(assessment["band"], "low");
    assert_eq!(assessment["confidence"], "medium");
    let metrics = &assessment["metrics"];
    assert_eq!(metrics["mean_monthly_income"], "3000.00");
    assert_eq!(metrics["mean_monthly_expenses"], "2450.00");
    assert_eq!(
        metrics["mean_monthly_debt_payments"], "750.00",
        "a transfer to a loan account services debt"
    );
    assert_eq!(metrics["expense_ratio"], "0.8167");
    assert_eq!(metrics["debt_service_ratio"], "0.2500");
    assert_eq!(metrics["recurring_ratio"], "0.5833");
    assert_eq!(metrics["balance"]["negative_days"], 0);
    assert_eq!(
        metrics["balance"]["lowest_balance"], "50.00",
        "the opening balance is the account's before the window"
    );
    assert_eq!(metrics["balance"]["closing_balance"], "4250.00");
    assert_eq!(
        assessment["reasons"][0],
        "Recurring obligations take 58 % of monthly income (30 % or less is fine, 60 % or more is high)."
    );

    // A window that starts later opens with the balance the earlier months left.
    let later = json!({"source": "transactions", "currency": "EUR", "from": "2026-02-01", "to": "2026-03-31"});
    let done = assessed(&app, &user, &later).await;
    assert_eq!(
        done["assessment"]["metrics"]["balance"]["lowest_balance"],
        "700.00"
    );
    let list = get(&app, &user, ASSESSMENTS).await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(list["items"][0]["id"], done["id"], "newest first");
}

const STATEMENT_CSV: &[u8] = b"Date,Amount,Text,Currency\n\
2026-03-02,2500.00,Salary ACME,EUR\n\
2026-03-05,-900.00,Rent,EUR\n\
2026-03-09,-45.00,Card payment,USD\n\
not a date,-1.00,Broken,EUR\n\
2026-04-02,2500.00,Salary ACME,EUR\n\
2026-04-05,-900.00,Rent,EUR\n\
2026-04-20,-300.00,Credit card repayment,EUR\n\
2026-05-02,2500.00,Salary ACME,EUR\n";

fn csv_statement(file: &str) -> Value {
    json!({"source": "statement", "currency": "EUR", "file_id": file, "format": "csv", "to": "2026-04-30",
        "mapping": {"date": "Date", "amount": {"kind": "single", "column": "Amount"}, "description": "Text", "currency": "Currency"}})
}

#[tokio::test]
async fn a_csv_statement_is_assessed_without_touching_the_ledger() {
    let app = TestApp::new();
    let user = app.signed_up("risk-csv@example.com").await;
    let file = uploaded(&app, &user, STATEMENT_CSV, "text/csv", "statement").await;
    let done = assessed(&app, &user, &csv_statement(&file)).await;
    assert_eq!(done["status"], "completed", "{done}");
    let read = &done["read"];
    assert_eq!(read["kind"], "statement");
    assert_eq!(read["rows"], 7);
    assert_eq!(read["used"], 5);
    assert_eq!(read["other_currency"], 1);
    assert_eq!(read["outside_window"], 1, "May is after `to`");
    assert_eq!(read["failed"], 1);
    assert_eq!(read["errors"][0]["row"], 5);
    let assessment = &done["assessment"];
    assert_eq!(
        assessment["from"], "2026-03-02",
        "the first row's date when `from` is left out"
    );
    assert_eq!(assessment["to"], "2026-04-30");
    assert_eq!(assessment["metrics"]["balance"]["status"], "unknown");
    assert_eq!(
        assessment["months"][1]["debt_payments"], "300.00",
        "an unclassified row with a debt keyword"
    );
    assert_eq!(
        get(&app, &user, "/v1/transactions").await.json()["items"],
        json!([])
    );
}

#[tokio::test]
async fn an_ofx_statement_opens_with_its_ledger_balance() {
    let app = TestApp::new();
    let user = app.signed_up("risk-ofx@example.com").await;
    let ofx = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>EUR\
<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>\
<BANKTRANLIST><DTSTART>20260301<DTEND>20260331\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260305<TRNAMT>-520.00<FITID>A1<NAME>Bakery</STMTTRN>\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260306<TRNAMT>100.00<FITID>A2<NAME>Refund</STMTTRN>\
</BANKTRANLIST><LEDGERBAL><BALAMT>80.00<DTASOF>20260331</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n";
    let file = uploaded(
        &app,
        &user,
        ofx.as_bytes(),
        "application/x-ofx",
        "statement",
    )
    .await;
    let body = json!({"source": "statement", "currency": "EUR", "file_id": file, "format": "ofx"});
    let done = assessed(&app, &user, &body).await;
    assert_eq!(done["status"], "completed", "{done}");
    let balance = &done["assessment"]["metrics"]["balance"];
    // Opening: 80.00 − (−520.00 + 100.00) = 500.00; lowest: 500 − 520 = −20.00 on 5 March.
    assert_eq!(balance["lowest_balance"], "-20.00");
    assert_eq!(balance["negative_days"], 1);
    assert_eq!(balance["closing_balance"], "80.00");
    assert_eq!(done["assessment"]["flags"][0], "short_window");
}

#[tokio::test]
async fn a_statement_without_rows_to_assess_fails_with_its_reason() {
    let app = TestApp::new();
    let user = app.signed_up("risk-fail@example.com").await;
    let file = uploaded(&app, &user, STATEMENT_CSV, "text/csv", "statement").await;
    let mut body = csv_statement(&file);
    body["currency"] = json!("GBP");
    let done = assessed(&app, &user, &body).await;
    assert_eq!(done["status"], "failed");
    assert_eq!(
        done["failure"],
        "the statement has no rows in GBP to assess"
    );
    assert_eq!(done["read"]["other_currency"], 7);
    assert_eq!(done["assessment"], Value::Null);
}

#[tokio::test]
async fn staff_assess_a_customers_statement_and_only_staff_see_it() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let customer = app
        .create_customer(
            &manager.access_token,
            &customers::individual("borrower@example.com", "AB123456C"),
        )
        .await;
    let customer_id = customer["id"].as_str().expect("id").to_owned();
    let officer = app
        .signed_up_as("risk-officer@example.com", Role::LoanOfficer)
        .await;
    let file = uploaded(&app, &officer, STATEMENT_CSV, "text/csv", "statement").await;
    let mut body = csv_statement(&file);
    body["customer_id"] = json!(customer_id);
    let done = assessed(&app, &officer, &body).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["subject"],
        json!({"kind": "customer", "id": customer_id})
    );
    let id = done["id"].as_str().expect("id");

    let approver = app
        .signed_up_as("risk-approver@example.com", Role::Approver)
        .await;
    let path = format!("{ASSESSMENTS}/{id}");
    assert_eq!(get(&app, &approver, &path).await.status, StatusCode::OK);
    let of_customer = format!("{ASSESSMENTS}?customer_id={customer_id}");
    let listed = get(&app, &approver, &of_customer).await.json();
    assert_eq!(listed["items"][0]["id"], id);
    assert_eq!(
        get(&app, &officer, ASSESSMENTS).await.json()["items"],
        json!([]),
        "the officer's own list holds their own assessments"
    );

    let user = app.signed_up("risk-nosy@example.com").await;
    get(&app, &user, &path)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &user, &of_customer)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let own_file = uploaded(&app, &user, STATEMENT_CSV, "text/csv", "statement").await;
    let mut theirs = csv_statement(&own_file);
    theirs["customer_id"] = json!(customer_id);
    post(&app, &user, ASSESSMENTS, &theirs)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");

    let mut unknown = body.clone();
    unknown["customer_id"] = json!("01JNOSUCHCUSTOMER00000000");
    assert_eq!(
        invalid_fields(&post(&app, &officer, ASSESSMENTS, &unknown).await),
        ["customer_id"]
    );
}

async fn post_with_key(app: &TestApp, user: &SignedIn, key: &str, body: &Value) -> TestResponse {
    app.post_with_idempotency_key(ASSESSMENTS, &user.access_token, key, body)
        .await
}

#[tokio::test]
async fn a_retried_request_asks_once_and_a_redelivered_message_computes_once() {
    let app = TestApp::new();
    let user = app.signed_up("risk-idem@example.com").await;
    salaried_with_a_car_loan(&app, &user).await;
    let body = json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-03-31"});
    let first = post_with_key(&app, &user, "risk-1", &body).await;
    assert_eq!(first.status, StatusCode::ACCEPTED);
    let again = post_with_key(&app, &user, "risk-1", &body).await;
    assert_eq!(again.json()["id"], first.json()["id"]);
    let mut other = body.clone();
    other["to"] = json!("2026-02-28");
    post_with_key(&app, &user, "risk-1", &other)
        .await
        .assert_error(StatusCode::CONFLICT, "IDEMPOTENCY_KEY_REUSED");
    app.settle().await;
    let path = format!("{ASSESSMENTS}/{}", first.json()["id"].as_str().expect("id"));
    let computed = get(&app, &user, &path).await.json();
    assert_eq!(computed["status"], "completed");
    assert_eq!(
        get(&app, &user, ASSESSMENTS).await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // The worker's fixture names an assessment that does not exist: nothing to do, no failure.
    let worker = RiskConsumer::new(&app.embedded.state());
    let response = handle_sqs_batch(&worker, sqs_fixture("risk-worker/sqs-batch.json")).await;
    assert!(failed_ids(&response).is_empty(), "{response:?}");
    // The same message again, for the computed assessment: it is left as it is.
    let mut redelivered = sqs_fixture("risk-worker/sqs-batch.json");
    let payload = json!({"type": "risk.assess", "version": 1, "id": "01KAKJ3V02C8D0E2F4G6H8J0KQ",
        "occurred_at": "2026-11-21T12:00:02Z",
        "payload": {"subject": computed["subject"], "assessment_id": computed["id"]}});
    redelivered.records[0].body = Some(payload.to_string());
    let response = handle_sqs_batch(&worker, redelivered).await;
    assert!(failed_ids(&response).is_empty(), "{response:?}");
    assert_eq!(get(&app, &user, &path).await.json(), computed);
}

#[tokio::test]
async fn assessments_need_a_session_and_are_their_owners() {
    let app = TestApp::new();
    assert_eq!(app.get(ASSESSMENTS).await.status, StatusCode::UNAUTHORIZED);
    let unauthenticated = app
        .post_json(ASSESSMENTS, &json!({"source": "transactions"}))
        .await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    let owner = app.signed_up("risk-owner@example.com").await;
    let body = json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-03-31"});
    let done = assessed(&app, &owner, &body).await;
    let other = app.signed_up("risk-other@example.com").await;
    get(
        &app,
        &other,
        &format!("{ASSESSMENTS}/{}", done["id"].as_str().expect("id")),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, ASSESSMENTS).await.json()["items"],
        json!([])
    );
    // Another user's account or file is no account or file of the caller's.
    let account = open_account(&app, &owner, "EUR", "0").await;
    let with_account = json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-03-31", "account_ids": [account]});
    assert_eq!(
        invalid_fields(&post(&app, &other, ASSESSMENTS, &with_account).await),
        ["account_ids"]
    );
    let file = uploaded(&app, &owner, STATEMENT_CSV, "text/csv", "statement").await;
    assert_eq!(
        invalid_fields(&post(&app, &other, ASSESSMENTS, &csv_statement(&file)).await),
        ["file_id"]
    );
}

#[tokio::test]
async fn bad_requests_are_refused_naming_the_field() {
    let app = TestApp::new();
    let user = app.signed_up("risk-bad@example.com").await;
    let usd = open_account(&app, &user, "USD", "0").await;
    let import_file = uploaded(&app, &user, STATEMENT_CSV, "text/csv", "import").await;
    let window = |from: &str, to: &str| json!({"source": "transactions", "currency": "EUR", "from": from, "to": to});
    let cases: Vec<(Value, &[&str])> = vec![
        (window("2026-03-01", "2026-02-01"), &["from"]),
        (window("2026-01-01", "2026-12-01"), &["to"]),
        (window("2024-01-01", "2026-01-01"), &["to"]),
        (window("2026-1-01", "2026-02-01"), &["from"]),
        (
            json!({"source": "transactions", "currency": "EUR", "to": "2026-02-01"}),
            &["from"],
        ),
        (
            json!({"source": "transactions", "currency": "XYZ", "from": "2026-01-01", "to": "2026-02-01"}),
            &["currency"],
        ),
        (
            json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-02-01", "account_ids": [usd]}),
            &["account_ids"],
        ),
        (
            json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-02-01", "account_ids": []}),
            &["account_ids"],
        ),
        (
            json!({"source": "transactions", "currency": "EUR", "from": "2026-01-01", "to": "2026-02-01", "format": "ofx"}),
            &["format"],
        ),
        (
            json!({"source": "statement", "currency": "EUR", "format": "ofx"}),
            &["file_id"],
        ),
        (
            json!({"source": "statement", "currency": "EUR", "file_id": import_file, "format": "csv"}),
            &["mapping"],
        ),
        (
            json!({"source": "statement", "currency": "EUR", "file_id": import_file, "format": "ofx"}),
            &["file_id"],
        ),
        (
            json!({"source": "statement", "currency": "EUR", "file_id": import_file, "format": "ofx", "opening_balance": "1.001"}),
            &["opening_balance"],
        ),
    ];
    for (body, fields) in cases {
        let response = post(&app, &user, ASSESSMENTS, &body).await;
        assert_eq!(invalid_fields(&response), fields, "{body}");
    }
    let unknown = post(
        &app,
        &user,
        ASSESSMENTS,
        &json!({"source": "everything", "currency": "EUR"}),
    )
    .await;
    assert_eq!(invalid_fields(&unknown), ["source"]);
    get(&app, &user, &format!("{ASSESSMENTS}?colour=red"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
}
