//! /v1/imports: a statement uploaded, imported in the background (the embedded imports queue
//! runs the worker), followed and re-imported; ownership of the import, the file and the
//! account; 401; bad input.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::files::uploaded;
use crate::ledger_transactions::{balance, open_account};

pub const CSV: &[u8] = b"Date,Amount,Text\n2026-03-01,-4.50,Coffee\n2026-03-01,-4.50,Coffee\n\
2026-03-02,2500.00,Salary\nnot a date,-1.00,Broken\n";

pub fn csv_import(file: &str, account: &str) -> Value {
    json!({"file_id": file, "account_id": account, "format": "csv",
        "mapping": {"date": "Date", "amount": {"kind": "single", "column": "Amount"}, "description": "Text"}})
}

pub async fn start(app: &TestApp, user: &SignedIn, body: &Value) -> Value {
    let response = post(app, user, "/v1/imports", body).await;
    assert_eq!(
        response.status,
        StatusCode::ACCEPTED,
        "{:?}",
        response.json()
    );
    response.json()
}

#[tokio::test]
async fn a_statement_is_imported_in_the_background_and_a_reimport_is_all_duplicates() {
    let app = TestApp::new();
    let user = app.signed_up("importer@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let queued = start(&app, &user, &csv_import(&file, &account)).await;
    assert_eq!(queued["status"], "queued");
    assert_eq!(queued["counts"]["processed"], 0);
    let id = queued["id"].as_str().expect("id");
    app.settle().await;

    let done = get(&app, &user, &format!("/v1/imports/{id}")).await.json();
    assert_eq!(done["status"], "completed_with_errors", "{done}");
    assert_eq!(
        done["counts"],
        json!({"processed": 4, "imported": 3, "duplicates": 0, "failed": 1, "removed": 0})
    );
    assert_eq!(done["errors"][0]["row"], 5);
    assert_eq!(done["errors"][0]["column"], "date");
    assert_eq!(balance(&app, &user, &account).await, "2491.00");
    let transactions = get(
        &app,
        &user,
        &format!("/v1/transactions?account_id={account}"),
    )
    .await;
    assert_eq!(
        transactions.json()["items"].as_array().map(Vec::len),
        Some(3)
    );

    let again = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let again = get(
        &app,
        &user,
        &format!("/v1/imports/{}", again["id"].as_str().expect("id")),
    )
    .await
    .json();
    assert_eq!(again["counts"]["duplicates"], 3);
    assert_eq!(again["counts"]["imported"], 0);
    assert_eq!(balance(&app, &user, &account).await, "2491.00");

    let list = get(&app, &user, "/v1/imports").await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(list["items"][0]["id"], again["id"], "newest first");
    let cancelled = post(&app, &user, &format!("/v1/imports/{id}/cancel"), &json!({})).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(
        cancelled.json()["status"],
        "completed_with_errors",
        "a finished import stays"
    );
}

#[tokio::test]
async fn another_users_import_file_and_account_are_out_of_reach() {
    let app = TestApp::new();
    let owner = app.signed_up("owner-imports@example.com").await;
    let other = app.signed_up("other-imports@example.com").await;
    let account = open_account(&app, &owner, "EUR", "0").await;
    let file = uploaded(&app, &owner, CSV, "text/csv", "import").await;
    let job = start(&app, &owner, &csv_import(&file, &account)).await;
    let id = job["id"].as_str().expect("id");
    get(&app, &other, &format!("/v1/imports/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    post(
        &app,
        &other,
        &format!("/v1/imports/{id}/cancel"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/imports").await.json()["items"],
        json!([])
    );
    let others_account = open_account(&app, &other, "EUR", "0").await;
    let with_owners_file = post(
        &app,
        &other,
        "/v1/imports",
        &csv_import(&file, &others_account),
    )
    .await;
    assert_eq!(invalid_fields(&with_owners_file), ["file_id"]);
    let others_file = uploaded(&app, &other, CSV, "text/csv", "import").await;
    let into_owners_account = post(
        &app,
        &other,
        "/v1/imports",
        &csv_import(&others_file, &account),
    )
    .await;
    assert_eq!(invalid_fields(&into_owners_account), ["account_id"]);
}

#[tokio::test]
async fn every_route_needs_a_signed_in_user() {
    let app = TestApp::new();
    let id = "01JIMPORTIDPLACEHOLDER000";
    for (method, path) in [
        (Method::POST, "/v1/imports".to_owned()),
        (Method::GET, "/v1/imports".to_owned()),
        (Method::GET, format!("/v1/imports/{id}")),
        (Method::POST, format!("/v1/imports/{id}/cancel")),
        (Method::POST, format!("/v1/imports/{id}/undo")),
        (Method::GET, "/v1/imports/mappings".to_owned()),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(csv_import("f", "a").to_string()))
            .expect("request");
        app.send(request)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_bad_import_request_is_refused_before_anything_is_queued() {
    let app = TestApp::new();
    let user = app.signed_up("bad-imports@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let no_mapping = json!({"file_id": file, "account_id": account, "format": "csv"});
    assert_eq!(
        invalid_fields(&post(&app, &user, "/v1/imports", &no_mapping).await),
        ["mapping"]
    );
    let document = uploaded(&app, &user, b"%PDF-1.7 x", "application/pdf", "document").await;
    let wrong_purpose = post(&app, &user, "/v1/imports", &csv_import(&document, &account)).await;
    assert_eq!(invalid_fields(&wrong_purpose), ["file_id"]);
    let unknown_format = json!({"file_id": file, "account_id": account, "format": "xlsx"});
    assert!(
        post(&app, &user, "/v1/imports", &unknown_format)
            .await
            .status
            .is_client_error()
    );
    let bad_mapping = json!({"file_id": file, "account_id": account, "format": "csv", "mapping": {"date": "Date"}});
    assert!(
        post(&app, &user, "/v1/imports", &bad_mapping)
            .await
            .status
            .is_client_error()
    );
    assert_eq!(
        get(&app, &user, "/v1/imports").await.json()["items"],
        json!([])
    );
}

#[tokio::test]
async fn a_dry_run_answers_the_first_rows_and_imports_nothing() {
    let app = TestApp::new();
    let user = app.signed_up("dry-run@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let semicolons = b"Datum;Betrag;Text\n01.03.2026;-4,50;Kaffee\nkein Datum;-1,00;Kaputt\n";
    let file = uploaded(&app, &user, semicolons, "text/csv", "import").await;
    let body = json!({"file_id": file, "account_id": account, "format": "csv", "dry_run": true,
        "mapping": {"date": "Datum", "amount": {"kind": "single", "column": "Betrag"}, "description": "Text"}});
    let response = post(&app, &user, "/v1/imports", &body).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let preview = response.json();
    assert_eq!(preview["complete"], true);
    assert_eq!(
        preview["rows"],
        json!([{"row": 2, "date": "2026-03-01", "amount": "-4.50", "currency": "EUR",
            "description": "Kaffee", "merchant": null, "category": null, "notes": null,
            "duplicate": false, "possible_duplicate_of": null}])
    );
    assert_eq!(preview["errors"][0]["row"], 3);
    assert_eq!(preview["settings"]["format"], "csv");
    app.settle().await;
    assert_eq!(
        get(&app, &user, "/v1/imports").await.json()["items"],
        json!([])
    );
    assert_eq!(balance(&app, &user, &account).await, "0.00");
    let words = uploaded(&app, &user, b"just some words", "text/plain", "import").await;
    let not_ofx =
        json!({"file_id": words, "account_id": account, "format": "ofx", "dry_run": true});
    assert_eq!(
        invalid_fields(&post(&app, &user, "/v1/imports", &not_ofx).await),
        ["file_id"]
    );
}
