//! An import's life after it starts: `Idempotency-Key` makes a retried start safe, the mapping
//! of a CSV import is remembered for its account, the user is told when it ends (notification
//! and email), undoing it removes exactly the transactions it recorded, and rows that look like
//! transactions entered by hand are imported, marked and resolved.

use axum::http::StatusCode;
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};

use crate::budgets_crud::{get, invalid_fields, post};
use crate::files::uploaded;
use crate::imports::{CSV, csv_import, start};
use crate::ledger_transactions::{balance, open_account};

async fn post_with_key(app: &TestApp, user: &SignedIn, key: &str, body: &Value) -> TestResponse {
    app.post_with_idempotency_key("/v1/imports", &user.access_token, key, body)
        .await
}

async fn import_of(app: &TestApp, user: &SignedIn, id: &str) -> Value {
    get(app, user, &format!("/v1/imports/{id}")).await.json()
}

#[tokio::test]
async fn a_start_retried_with_its_idempotency_key_starts_one_import() {
    let app = TestApp::new();
    let user = app.signed_up("idem-imports@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let body = csv_import(&file, &account);
    let first = post_with_key(&app, &user, "import-1", &body).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{:?}", first.json());
    let retried = post_with_key(&app, &user, "import-1", &body).await;
    assert_eq!(retried.status, StatusCode::ACCEPTED);
    assert_eq!(retried.json()["id"], first.json()["id"]);
    app.settle().await;
    let list = get(&app, &user, "/v1/imports").await.json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(balance(&app, &user, &account).await, "2491.00");

    let other_body = json!({"file_id": file, "account_id": account, "format": "ofx"});
    post_with_key(&app, &user, "import-1", &other_body)
        .await
        .assert_error(StatusCode::CONFLICT, "IDEMPOTENCY_KEY_REUSED");
    let bad_key = post_with_key(&app, &user, "", &body).await;
    assert_eq!(invalid_fields(&bad_key), ["Idempotency-Key"]);
    // Keys are the user's own: another user's same key starts their own import.
    let other = app.signed_up("idem-imports-other@example.com").await;
    let others_account = open_account(&app, &other, "EUR", "0").await;
    let others_file = uploaded(&app, &other, CSV, "text/csv", "import").await;
    let theirs = post_with_key(
        &app,
        &other,
        "import-1",
        &csv_import(&others_file, &others_account),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::ACCEPTED);
    assert_ne!(theirs.json()["id"], first.json()["id"]);
}

#[tokio::test]
async fn the_mapping_of_a_csv_import_is_remembered_for_the_next_one() {
    let app = TestApp::new();
    let user = app.signed_up("mappings@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    assert_eq!(
        get(&app, &user, "/v1/imports/mappings").await.json()["items"],
        json!([])
    );
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let first = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let mappings = get(&app, &user, "/v1/imports/mappings").await.json();
    assert_eq!(mappings["items"][0]["account_id"], account.as_str());
    assert_eq!(mappings["items"][0]["import_id"], first["id"]);
    assert_eq!(mappings["items"][0]["mapping"]["date"], "Date");

    let next = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let without_mapping = json!({"file_id": next, "account_id": account, "format": "csv"});
    let second = start(&app, &user, &without_mapping).await;
    app.settle().await;
    let second = import_of(&app, &user, second["id"].as_str().expect("id")).await;
    assert_eq!(second["status"], "completed_with_errors", "{second}");
    assert_eq!(
        second["counts"]["duplicates"], 3,
        "read with the remembered mapping"
    );

    let other = app.signed_up("mappings-other@example.com").await;
    assert_eq!(
        get(&app, &other, "/v1/imports/mappings").await.json()["items"],
        json!([])
    );
    let others_account = open_account(&app, &other, "EUR", "0").await;
    let others_file = uploaded(&app, &other, CSV, "text/csv", "import").await;
    let none_for_them =
        json!({"file_id": others_file, "account_id": others_account, "format": "csv"});
    assert_eq!(
        invalid_fields(&post(&app, &other, "/v1/imports", &none_for_them).await),
        ["mapping"]
    );
}

#[tokio::test]
async fn the_user_is_told_when_an_import_ends_in_the_app_and_by_email() {
    let app = TestApp::new();
    let user = app.signed_up("told@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let job = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let notifications = get(&app, &user, "/v1/notifications").await.json();
    let told = &notifications["items"][0];
    assert_eq!(told["kind"], "import.finished", "{notifications}");
    assert_eq!(told["data"]["import_id"], job["id"]);
    assert_eq!(told["data"]["status"], "completed_with_errors");
    assert_eq!(told["data"]["imported"], 3);
    assert_eq!(told["data"]["failed"], 1);
    let email = app.last_mail_to("told@example.com").await;
    assert_eq!(email.subject, "Ferrofin: Statement import finished");
    let id = job["id"].as_str().expect("id");
    assert!(
        email.text_body.contains(&format!("/imports/{id}")),
        "{}",
        email.text_body
    );
    assert!(
        email
            .text_body
            .contains("3 imported, 0 already there, 1 rows not imported"),
        "{}",
        email.text_body
    );
    let sent = app
        .mail()
        .await
        .into_iter()
        .filter(|mail| mail.subject.contains("Statement import"))
        .count();
    assert_eq!(sent, 1, "one email, though every event is delivered twice");
}

#[tokio::test]
async fn undoing_an_import_removes_its_transactions_and_frees_their_rows() {
    let app = TestApp::new();
    let user = app.signed_up("undo@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let job = start(&app, &user, &csv_import(&file, &account)).await;
    let id = job["id"].as_str().expect("id").to_owned();
    app.settle().await;
    assert_eq!(balance(&app, &user, &account).await, "2491.00");

    let undo = post(&app, &user, &format!("/v1/imports/{id}/undo"), &json!({})).await;
    assert_eq!(undo.status, StatusCode::ACCEPTED, "{:?}", undo.json());
    assert_eq!(undo.json()["status"], "undoing");
    app.settle().await;
    let undone = import_of(&app, &user, &id).await;
    assert_eq!(undone["status"], "undone", "{undone}");
    assert_eq!(undone["counts"]["removed"], 3);
    assert!(undone["undone_at"].is_string());
    assert_eq!(balance(&app, &user, &account).await, "0.00");
    let left = get(
        &app,
        &user,
        &format!("/v1/transactions?account_id={account}"),
    )
    .await;
    assert_eq!(left.json()["items"], json!([]));
    let again = post(&app, &user, &format!("/v1/imports/{id}/undo"), &json!({})).await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    assert_eq!(again.json()["status"], "undone", "answered unchanged");

    // The rows are free again: the same file imports them anew.
    let reimport = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let reimport = import_of(&app, &user, reimport["id"].as_str().expect("id")).await;
    assert_eq!(reimport["counts"]["imported"], 3, "{reimport}");
    assert_eq!(balance(&app, &user, &account).await, "2491.00");

    let other = app.signed_up("undo-other@example.com").await;
    post(&app, &other, &format!("/v1/imports/{id}/undo"), &json!({}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

/// Records a transaction by hand and answers its id.
async fn entered_by_hand(
    app: &TestApp,
    user: &SignedIn,
    account: &str,
    date: &str,
    amount: &str,
) -> String {
    let body = json!({"account_id": account, "date": date, "amount": amount, "currency": "EUR", "description": "By hand"});
    let response = post(app, user, "/v1/transactions", &body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()["id"].as_str().expect("id").to_owned()
}

async fn resolve(app: &TestApp, user: &SignedIn, id: &str, resolution: &str) -> TestResponse {
    let path = format!("/v1/transactions/{id}/duplicate");
    post(app, user, &path, &json!({"resolution": resolution})).await
}

#[tokio::test]
async fn rows_like_a_transaction_entered_by_hand_are_imported_and_marked_for_review() {
    let app = TestApp::new();
    let user = app.signed_up("dupes@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    // A day before the file's two coffees, with their amount: both look like it. The salary
    // entered ten days early does not look like the imported one.
    let coffee = entered_by_hand(&app, &user, &account, "2026-02-28", "-4.50").await;
    entered_by_hand(&app, &user, &account, "2026-02-20", "2500.00").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let job = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let done = import_of(&app, &user, job["id"].as_str().expect("id")).await;
    assert_eq!(
        done["counts"]["imported"], 3,
        "imported, never merged: {done}"
    );
    assert_eq!(balance(&app, &user, &account).await, "4986.50");

    let marked = get(&app, &user, "/v1/transactions?possible_duplicate=true")
        .await
        .json();
    let marked = marked["items"].as_array().expect("items").clone();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(
        marked
            .iter()
            .all(|t| t["possible_duplicate_of"] == coffee.as_str())
    );
    let unmarked = get(&app, &user, "/v1/transactions?possible_duplicate=false")
        .await
        .json();
    assert_eq!(unmarked["items"].as_array().map(Vec::len), Some(3));

    let first = marked[0]["id"].as_str().expect("id");
    let second = marked[1]["id"].as_str().expect("id");
    let kept = resolve(&app, &user, first, "not_duplicate").await;
    assert_eq!(kept.status, StatusCode::OK, "{:?}", kept.json());
    assert_eq!(kept.json()["id"], first);
    assert_eq!(kept.json()["possible_duplicate_of"], Value::Null);
    resolve(&app, &user, first, "duplicate")
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    let merged = resolve(&app, &user, second, "duplicate").await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.json());
    assert_eq!(
        merged.json()["id"],
        coffee.as_str(),
        "the one entered by hand stays"
    );
    assert_eq!(balance(&app, &user, &account).await, "4991.00");
    get(&app, &user, &format!("/v1/transactions/{second}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");

    // The same statement again: every row is already there, the merged one included.
    let again = start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let again = import_of(&app, &user, again["id"].as_str().expect("id")).await;
    assert_eq!(again["counts"]["duplicates"], 3, "{again}");
    assert_eq!(again["counts"]["imported"], 0);
    assert_eq!(balance(&app, &user, &account).await, "4991.00");

    let bad = resolve(&app, &user, first, "maybe").await;
    assert!(bad.status.is_client_error(), "{:?}", bad.status);
    let other = app.signed_up("dupes-other@example.com").await;
    resolve(&app, &other, first, "not_duplicate")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(
        axum::http::Method::POST,
        &format!("/v1/transactions/{first}/duplicate"),
        None,
        Some(&json!({"resolution": "duplicate"})),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_dry_run_shows_the_rows_already_there_and_the_ones_like_a_transaction_entered_by_hand() {
    let app = TestApp::new();
    let user = app.signed_up("dry-marks@example.com").await;
    let account = open_account(&app, &user, "EUR", "0").await;
    let file = uploaded(&app, &user, CSV, "text/csv", "import").await;
    let dry = |file: &str| {
        let mut body = csv_import(file, &account);
        body["dry_run"] = json!(true);
        body
    };
    let salary = entered_by_hand(&app, &user, &account, "2026-03-03", "2500.00").await;
    let before = post(&app, &user, "/v1/imports", &dry(&file)).await.json();
    let marks: Vec<(Value, Value)> = before["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["duplicate"].clone(),
                row["possible_duplicate_of"].clone(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            (json!(false), Value::Null),
            (json!(false), Value::Null),
            (json!(false), json!(salary)),
        ]
    );
    start(&app, &user, &csv_import(&file, &account)).await;
    app.settle().await;
    let after = post(&app, &user, "/v1/imports", &dry(&file)).await.json();
    assert!(
        after["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|row| row["duplicate"] == true && row["possible_duplicate_of"].is_null()),
        "{after}"
    );
    assert_eq!(
        balance(&app, &user, &account).await,
        "4991.00",
        "dry runs write nothing"
    );
}
