//! GET /v1/customers/statistics (counters kept on write) and PATCH /v1/customers/batch
//! (per-customer results).

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::customers::{business, individual};
use serde_json::{Value, json};
use time::Duration;

async fn statistics(app: &TestApp, token: &str) -> Value {
    app.call(Method::GET, "/v1/customers/statistics", Some(token), None)
        .await
        .json()
}

#[tokio::test]
async fn statistics_follow_creates_updates_and_deletes() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let empty = statistics(&app, &manager.access_token).await;
    assert_eq!(empty["total"], 0);
    assert_eq!(empty["new_per_month"].as_array().expect("months").len(), 12);

    let ada = app
        .create_customer(
            &manager.access_token,
            &individual("ada@example.com", "AB00000001"),
        )
        .await;
    app.clock.advance(Duration::days(15));
    let token = app.login("manager@example.com").await.access_token;
    app.create_customer(&token, &business("Acme", "ops@acme.example"))
        .await;
    let counted = statistics(&app, &token).await;
    assert_eq!(counted["total"], 2);
    assert_eq!(
        counted["by_segment"],
        json!({"retail": 1, "sme": 1, "unassigned": 0})
    );
    assert_eq!(
        counted["by_kyc_status"],
        json!({"pending": 1, "verified": 1, "rejected": 0})
    );
    assert_eq!(counted["by_risk_band"]["low"], 1);
    assert_eq!(counted["by_risk_band"]["unassigned"], 1);
    let months = counted["new_per_month"].as_array().expect("months");
    assert_eq!(months[10], json!({"month": "2026-11", "count": 1}));
    assert_eq!(months[11], json!({"month": "2026-12", "count": 1}));

    let path = format!("/v1/customers/{}", ada["id"].as_str().expect("id"));
    let closed = json!({"status": "closed"});
    app.call_if_match(Method::PATCH, &path, &token, 1, Some(&closed))
        .await;
    app.call(Method::DELETE, &path, Some(&token), None).await;
    let after = statistics(&app, &token).await;
    assert_eq!(after["total"], 1);
    assert_eq!(
        after["by_status"],
        json!({"active": 1, "inactive": 0, "closed": 0})
    );
    assert_eq!(
        after["new_per_month"][10]["count"], 1,
        "creations per month stay"
    );
}

#[tokio::test]
async fn a_batch_changes_each_customer_on_its_own_and_reports_each() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = manager.access_token.as_str();
    let ada = app
        .create_customer(token, &individual("ada@example.com", "AB00000001"))
        .await;
    let acme = app
        .create_customer(token, &business("Acme", "ops@acme.example"))
        .await;
    let ids = [ada["id"].clone(), acme["id"].clone(), json!("01NOBODY")];
    let batch = json!({"ids": ids, "changes": {"risk_band": "high", "tags": ["watch"]}});
    let response = app
        .call(
            Method::PATCH,
            "/v1/customers/batch",
            Some(token),
            Some(&batch),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let results = response.json()["results"].clone();
    assert_eq!(results[0]["status"], 200);
    assert_eq!(results[0]["version"], 2);
    assert_eq!(results[1]["status"], 200);
    assert_eq!(results[2]["status"], 404);
    assert_eq!(results[2]["error"]["code"], "NOT_FOUND");
    let listed = app
        .call(Method::GET, "/v1/customers?tag=watch", Some(token), None)
        .await
        .json();
    assert_eq!(listed["items"].as_array().expect("items").len(), 2);
    let stats = app
        .call(Method::GET, "/v1/customers/statistics", Some(token), None)
        .await
        .json();
    assert_eq!(stats["by_risk_band"]["high"], 2);
}

#[tokio::test]
async fn a_batch_over_a_hundred_or_with_unique_fields_or_unknown_fields_is_refused() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    let many: Vec<Value> = (0..101).map(|n| json!(format!("01C{n}"))).collect();
    let cases = [
        (
            json!({"ids": many, "changes": {"segment": "sme"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            json!({"ids": ["01A"], "changes": {"email": "x@example.com"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            json!({"ids": ["01A", "01A"], "changes": {"segment": "sme"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        ),
        (
            json!({"ids": ["01A"], "changes": {"version": 2}}),
            StatusCode::BAD_REQUEST,
            "INVALID_BODY",
        ),
        (
            json!({"ids": ["01A"], "changes": {}, "dry_run": true}),
            StatusCode::BAD_REQUEST,
            "INVALID_BODY",
        ),
    ];
    for (body, status, code) in cases {
        app.call(Method::PATCH, "/v1/customers/batch", token, Some(&body))
            .await
            .assert_error(status, code);
    }
}
