//! Loan products and loans through the API: products versioned and retired, a customer's loan
//! applied for by an officer, approved at two levels by two approvers, disbursed with a booked
//! schedule byte for byte the calculator's preview; a user's own application; who may decide,
//! illegal transitions, lists, ownership and bad input.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::Role;
use ferrofin_platform::audit::{AuditAction, AuditEntry, AuditLog};
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, customers};
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::files::uploaded;

pub(crate) fn product() -> Value {
    json!({"name": "Personal loan", "currency": "EUR",
        "principal": {"min": "1000.00", "max": "50000.00"},
        "number_of_repayments": {"min": 6, "max": 60},
        "annual_interest_rate": {"min": "5", "max": "20", "default": "12"},
        "terms": {"repayment_every": 1, "repayment_frequency": "months", "interest_method": "declining_balance",
            "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
            "days_in_year": "actual", "days_in_month": "actual",
            "fees": [{"name": "Arrangement", "percent": "1", "when": "disbursement"}]},
        "approval_levels": [{"level": 1}, {"level": 2, "above": "10000.00"}]})
}

pub(crate) struct Bank {
    pub(crate) admin: SignedIn,
    pub(crate) officer: SignedIn,
    pub(crate) approver: SignedIn,
    pub(crate) second_approver: SignedIn,
    pub(crate) product_id: String,
    pub(crate) customer_id: String,
}

pub(crate) async fn bank(app: &TestApp) -> Bank {
    let admin = app
        .signed_up_as("loans-admin@example.com", Role::Admin)
        .await;
    let created = post(app, &admin, "/v1/loan-products", &product()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    let manager = app.customer_manager().await;
    let customer = app
        .create_customer(
            &manager.access_token,
            &customers::individual("loan-borrower@example.com", "CD123456E"),
        )
        .await;
    Bank {
        officer: app
            .signed_up_as("loans-officer@example.com", Role::LoanOfficer)
            .await,
        approver: app
            .signed_up_as("loans-approver@example.com", Role::Approver)
            .await,
        second_approver: app
            .signed_up_as("loans-approver2@example.com", Role::Approver)
            .await,
        product_id: created.json()["id"].as_str().expect("id").to_owned(),
        customer_id: customer["id"].as_str().expect("id").to_owned(),
        admin,
    }
}

pub(crate) fn application(bank: &Bank, principal: &str) -> Value {
    json!({"product_id": bank.product_id, "customer_id": bank.customer_id, "principal": principal,
        "number_of_repayments": 12, "disbursement_date": "2026-12-15", "purpose": "Van"})
}

pub(crate) async fn step(
    app: &TestApp,
    user: &SignedIn,
    loan: &str,
    action: &str,
    body: &Value,
) -> Value {
    let response = post(app, user, &format!("/v1/loans/{loan}/{action}"), body).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{action}: {:?}",
        response.json()
    );
    response.json()
}

async fn step_fails(app: &TestApp, user: &SignedIn, loan: &str, action: &str, status: StatusCode) {
    let body = match action {
        "approve" | "reject" | "withdraw" => json!({"comment": "why"}),
        _ => json!({}),
    };
    let response = post(app, user, &format!("/v1/loans/{loan}/{action}"), &body).await;
    assert_eq!(response.status, status, "{action}: {:?}", response.json());
}

#[tokio::test]
async fn a_customers_loan_is_approved_at_two_levels_and_books_the_previewed_schedule() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let applied = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "20000.00"),
    )
    .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{:?}", applied.json());
    let loan = applied.json();
    let id = loan["id"].as_str().expect("id").to_owned();
    assert_eq!(loan["status"], "draft");
    assert_eq!(
        loan["required_levels"],
        json!([1, 2]),
        "above 10,000: two levels"
    );
    assert_eq!(
        loan["request"]["annual_interest_rate"], "12",
        "the product's default"
    );
    assert_eq!(loan["request"]["fees"][0]["name"], "Arrangement");

    step_fails(&app, &bank.approver, &id, "approve", StatusCode::CONFLICT).await;
    step(&app, &bank.officer, &id, "submit", &json!({})).await;
    step_fails(&app, &bank.officer, &id, "approve", StatusCode::FORBIDDEN).await;
    let once = step(
        &app,
        &bank.approver,
        &id,
        "approve",
        &json!({"comment": "Income verified"}),
    )
    .await;
    assert_eq!(once["status"], "submitted");
    assert_eq!(once["next_level"], 2);
    step_fails(&app, &bank.approver, &id, "approve", StatusCode::FORBIDDEN).await;
    let twice = step(
        &app,
        &bank.second_approver,
        &id,
        "approve",
        &json!({"comment": "Within policy"}),
    )
    .await;
    assert_eq!(twice["status"], "approved");
    assert_eq!(twice["approved_levels"], json!([1, 2]));

    step_fails(&app, &bank.approver, &id, "disburse", StatusCode::FORBIDDEN).await;
    let schedule_path = format!("/v1/loans/{id}/schedule");
    get(&app, &bank.officer, &schedule_path)
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let active = step(&app, &bank.officer, &id, "disburse", &json!({})).await;
    assert_eq!(active["status"], "active");

    let booked = get(&app, &bank.officer, &schedule_path).await;
    assert_eq!(booked.status, StatusCode::OK);
    let preview = post(
        &app,
        &bank.officer,
        "/v1/loans/calculate",
        &active["request"],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(
        booked.body, preview.body,
        "the booked schedule is the preview, byte for byte"
    );
    assert_eq!(booked.json()["disbursement"]["fees"], "200.00");

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
        actions,
        ["applied", "submitted", "approved", "approved", "disbursed"]
    );
    assert_eq!(history["items"][3]["comment"], "Within policy");
    assert_eq!(history["items"][3]["level"], 2);
    step_fails(&app, &bank.officer, &id, "withdraw", StatusCode::CONFLICT).await;
    step_fails(&app, &bank.officer, &id, "disburse", StatusCode::CONFLICT).await;

    let state = app.embedded.state();
    let audit = AuditLog::new(state.table.clone(), state.clock.clone())
        .for_user(&format!("LOAN#{id}"), 20)
        .await
        .expect("audit");
    let approvals: Vec<&AuditEntry> = audit
        .iter()
        .filter(|entry| entry.action == AuditAction::LoanApproved)
        .collect();
    assert_eq!(approvals.len(), 2, "every decision is audited");
    assert!(
        approvals
            .iter()
            .any(|entry| entry.metadata["comment"] == "Income verified")
    );
}

#[tokio::test]
async fn a_user_applies_for_themselves_and_nobody_approves_their_own_loan() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let user = app.signed_up("borrower-self@example.com").await;
    let mine = json!({"product_id": bank.product_id, "principal": "5000.00", "number_of_repayments": 24,
        "annual_interest_rate": "9.5", "disbursement_date": "2026-12-15"});
    let applied = post(&app, &user, "/v1/loans", &mine).await;
    assert_eq!(applied.status, StatusCode::CREATED, "{:?}", applied.json());
    let loan = applied.json();
    let id = loan["id"].as_str().expect("id").to_owned();
    assert_eq!(
        loan["applicant"],
        json!({"kind": "user", "id": user.user_id})
    );
    assert_eq!(loan["required_levels"], json!([1]));
    step(&app, &user, &id, "submit", &json!({})).await;
    step_fails(&app, &user, &id, "approve", StatusCode::FORBIDDEN).await;
    let listed = get(&app, &user, "/v1/loans").await.json();
    assert_eq!(listed["items"][0]["id"], id.as_str());
    get(&app, &user, "/v1/loans?status=submitted")
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");

    // An approver's own application: they hold the level, but not for their own loan.
    let own = post(&app, &bank.approver, "/v1/loans", &mine).await.json();
    let own_id = own["id"].as_str().expect("id");
    step(&app, &bank.approver, own_id, "submit", &json!({})).await;
    step_fails(
        &app,
        &bank.approver,
        own_id,
        "approve",
        StatusCode::FORBIDDEN,
    )
    .await;
    let rejected = step(
        &app,
        &bank.second_approver,
        own_id,
        "reject",
        &json!({"comment": "Not eligible"}),
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    step_fails(
        &app,
        &bank.approver,
        own_id,
        "withdraw",
        StatusCode::CONFLICT,
    )
    .await;

    let withdrawn = step(
        &app,
        &user,
        &id,
        "withdraw",
        &json!({"comment": "Found a better rate"}),
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");

    let other = app.signed_up("borrower-nosy@example.com").await;
    get(&app, &other, &format!("/v1/loans/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/loans").await.json()["items"],
        json!([])
    );
    step_fails(&app, &other, &id, "submit", StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn staff_list_loans_by_status_customer_and_product() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let first = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    let second = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "3000.00"),
    )
    .await
    .json();
    let second_id = second["id"].as_str().expect("id");
    step(&app, &bank.officer, second_id, "submit", &json!({})).await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|item| item["id"].as_str().map(str::to_owned))
            .collect()
    };
    let submitted = get(&app, &bank.approver, "/v1/loans?status=submitted")
        .await
        .json();
    assert_eq!(ids(submitted), [second_id]);
    let drafts = get(&app, &bank.approver, "/v1/loans?status=draft")
        .await
        .json();
    assert_eq!(
        ids(drafts),
        [first["id"].as_str().expect("id")],
        "the status list moved"
    );
    let of_customer = format!("/v1/loans?customer_id={}", bank.customer_id);
    assert_eq!(
        ids(get(&app, &bank.approver, &of_customer).await.json()).len(),
        2
    );
    let of_product = format!("/v1/loans?product_id={}&limit=1", bank.product_id);
    let page = get(&app, &bank.approver, &of_product).await.json();
    assert_eq!(ids(page.clone()), [second_id], "newest first");
    assert!(page["next_cursor"].is_string());
    let of_officer = format!("/v1/loans?officer_id={}", bank.officer.user_id);
    assert_eq!(
        ids(get(&app, &bank.approver, &of_officer).await.json()).len(),
        2
    );
    let two = format!("/v1/loans?status=draft&customer_id={}", bank.customer_id);
    assert_eq!(
        invalid_fields(&get(&app, &bank.approver, &two).await),
        ["customer_id"]
    );
    assert_eq!(
        invalid_fields(&get(&app, &bank.approver, "/v1/loans?status=open").await),
        ["status"]
    );
}

#[tokio::test]
async fn a_product_changes_by_versions_and_retires() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let path = format!("/v1/loan-products/{}", bank.product_id);
    let applied = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    let mut cheaper = product();
    cheaper["annual_interest_rate"] = json!({"min": "4", "max": "15", "default": "8"});
    let changed = app
        .call(
            Method::PUT,
            &path,
            Some(&bank.admin.access_token),
            Some(&cheaper),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(changed.json()["product_version"], 2);
    let first = get(&app, &bank.officer, &format!("{path}/versions/1"))
        .await
        .json();
    assert_eq!(first["annual_interest_rate"]["default"], "12");
    let loan = get(
        &app,
        &bank.officer,
        &format!("/v1/loans/{}", applied["id"].as_str().expect("id")),
    )
    .await
    .json();
    assert_eq!(loan["product_version"], 1, "the loan keeps its version");
    assert_eq!(loan["request"]["annual_interest_rate"], "12");
    let later = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    assert_eq!(later["request"]["annual_interest_rate"], "8");

    let officer_change = app
        .call(
            Method::PUT,
            &path,
            Some(&bank.officer.access_token),
            Some(&cheaper),
        )
        .await;
    officer_change.assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let retired = post(&app, &bank.admin, &format!("{path}/retire"), &json!({})).await;
    assert_eq!(retired.json()["status"], "retired");
    post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let user = app.signed_up("products-reader@example.com").await;
    let listed = get(&app, &user, "/v1/loan-products").await.json();
    assert_eq!(listed["items"][0]["status"], "retired");
    get(&app, &user, "/v1/loan-products/01JNOSUCHPRODUCT000000000")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn a_loan_shows_the_applicants_latest_risk_assessment() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let statement = b"Date,Amount,Text\n2026-03-02,2500.00,Salary\n2026-03-05,-900.00,Rent\n\
2026-04-02,2500.00,Salary\n2026-04-05,-900.00,Rent\n";
    let file = uploaded(&app, &bank.officer, statement, "text/csv", "statement").await;
    let assessment = json!({"source": "statement", "currency": "EUR", "file_id": file, "format": "csv",
        "customer_id": bank.customer_id,
        "mapping": {"date": "Date", "amount": {"kind": "single", "column": "Amount"}, "description": "Text"}});
    let asked = post(&app, &bank.officer, "/v1/risk/assessments", &assessment).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.json());
    app.settle().await;
    let loan = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    let shown = &loan["latest_risk_assessment"];
    assert_eq!(shown["id"], asked.json()["id"]);
    assert!(shown["score"].is_u64(), "{shown}");
    assert!(shown["band"].is_string());
}

#[tokio::test]
async fn bad_products_and_applications_are_refused_naming_the_field() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let with = |path: &[&str], value: Value| {
        let mut body = product();
        let mut at = &mut body;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        body
    };
    let products: Vec<(Value, &[&str])> = vec![
        (
            with(&["principal", "min"], json!("60000.00")),
            &["principal"],
        ),
        (
            with(&["principal", "min"], json!("1.001")),
            &["principal.min"],
        ),
        (
            with(&["number_of_repayments", "max"], json!(601)),
            &["number_of_repayments"],
        ),
        (
            with(&["annual_interest_rate", "default"], json!("25")),
            &["annual_interest_rate"],
        ),
        (with(&["currency"], json!("XXX")), &["currency"]),
        (
            with(&["approval_levels"], json!([{"level": 2, "above": "1.00"}])),
            &["approval_levels"],
        ),
        (
            with(&["approval_levels"], json!([{"level": 1}, {"level": 2}])),
            &["approval_levels[1].above"],
        ),
        (
            with(
                &["terms", "fees"],
                json!([{"name": "x", "percent": "101", "when": "disbursement"}]),
            ),
            &["terms.fees[0].percent"],
        ),
        (
            with(&["terms", "grace_on_principal_periods"], json!(6)),
            &["terms.grace_on_principal_periods"],
        ),
    ];
    for (body, fields) in products {
        let response = post(&app, &bank.admin, "/v1/loan-products", &body).await;
        assert_eq!(invalid_fields(&response), fields, "{body}");
    }
    post(&app, &bank.officer, "/v1/loan-products", &product())
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");

    let mut cases: Vec<(Value, &[&str])> = Vec::new();
    let mut case = |field: &str, value: Value, fields: &'static [&'static str]| {
        let mut body = application(&bank, "2000.00");
        body[field] = value;
        cases.push((body, fields));
    };
    case("principal", json!("999.99"), &["principal"]);
    case("principal", json!("2000.001"), &["principal"]);
    case("number_of_repayments", json!(61), &["number_of_repayments"]);
    case(
        "annual_interest_rate",
        json!("25"),
        &["annual_interest_rate"],
    );
    case(
        "product_id",
        json!("01JNOSUCHPRODUCT000000000"),
        &["product_id"],
    );
    case(
        "customer_id",
        json!("01JNOSUCHCUSTOMER00000000"),
        &["customer_id"],
    );
    case(
        "disbursement_date",
        json!("15.12.2026"),
        &["disbursement_date"],
    );
    case(
        "first_repayment_date",
        json!("2026-12-01"),
        &["first_repayment_date"],
    );
    for (body, fields) in cases {
        let response = post(&app, &bank.officer, "/v1/loans", &body).await;
        assert_eq!(invalid_fields(&response), fields, "{body}");
    }
    let user = app.signed_up("borrower-bad@example.com").await;
    post(&app, &user, "/v1/loans", &application(&bank, "2000.00"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let loan = post(
        &app,
        &bank.officer,
        "/v1/loans",
        &application(&bank, "2000.00"),
    )
    .await
    .json();
    let id = loan["id"].as_str().expect("id");
    step(&app, &bank.officer, id, "submit", &json!({})).await;
    let blank = post(
        &app,
        &bank.approver,
        &format!("/v1/loans/{id}/approve"),
        &json!({"comment": "  "}),
    )
    .await;
    assert_eq!(invalid_fields(&blank), ["comment"]);
    assert_eq!(app.get("/v1/loans").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_users_loan_is_paid_into_their_account_when_disbursed() {
    let app = TestApp::new();
    let bank = bank(&app).await;
    let user = app.signed_up("borrower-payout@example.com").await;
    let account = crate::ledger_transactions::open_account(&app, &user, "EUR", "100.00").await;
    let mine = json!({"product_id": bank.product_id, "principal": "5000.00", "number_of_repayments": 12,
        "disbursement_date": "2026-12-15", "account_id": account});
    let loan = post(&app, &user, "/v1/loans", &mine).await.json();
    let id = loan["id"].as_str().expect("id").to_owned();
    assert_eq!(loan["payout_account"], account.as_str());
    step(&app, &user, &id, "submit", &json!({})).await;
    step(
        &app,
        &bank.approver,
        &id,
        "approve",
        &json!({"comment": "ok"}),
    )
    .await;
    step(&app, &bank.officer, &id, "disburse", &json!({})).await;
    // 5,000.00 less the 1 % arrangement fee, on the disbursement date, once.
    assert_eq!(
        crate::ledger_transactions::balance(&app, &user, &account).await,
        "5050.00"
    );
    let listed = get(
        &app,
        &user,
        &format!("/v1/transactions?account_id={account}"),
    )
    .await
    .json();
    let paid: Vec<&Value> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|tx| tx["description"] == "Loan disbursement")
        .collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0]["amount"], "4950.00");
    assert_eq!(paid[0]["date"], "2026-12-15");

    let mut for_customer = application(&bank, "2000.00");
    for_customer["account_id"] = json!(account);
    assert_eq!(
        invalid_fields(&post(&app, &bank.officer, "/v1/loans", &for_customer).await),
        ["account_id"]
    );
    let dollars = crate::ledger_transactions::open_account(&app, &user, "USD", "0").await;
    let mut in_dollars = mine.clone();
    in_dollars["account_id"] = json!(dollars);
    assert_eq!(
        invalid_fields(&post(&app, &user, "/v1/loans", &in_dollars).await),
        ["account_id"]
    );
    let other = app.signed_up("borrower-payout-other@example.com").await;
    assert_eq!(
        invalid_fields(&post(&app, &other, "/v1/loans", &mine).await),
        ["account_id"],
        "another user's account is no account of theirs"
    );
}
