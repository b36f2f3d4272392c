//! /v1/customers/{id}: create, read (masked or sensitive), replace and patch under If-Match,
//! soft delete, and the audit entries they leave.

use axum::http::{Method, StatusCode};
use ferrofin_identity::Identity;
use ferrofin_platform::audit::AuditAction;
use ferrofin_tests::TestApp;
use ferrofin_tests::customers::{business, individual};
use serde_json::json;

#[tokio::test]
async fn a_created_customer_reads_back_with_its_version_as_etag() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let created = app
        .create_customer(
            &manager.access_token,
            &business("Acme Ltd", "ops@acme.example"),
        )
        .await;
    assert_eq!(created["version"], 1);
    assert_eq!(created["created_by"], manager.user_id.as_str());
    assert_eq!(created["status"], "active");
    let path = format!("/v1/customers/{}", created["id"].as_str().expect("id"));
    let read = app
        .call(Method::GET, &path, Some(&manager.access_token), None)
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json()["legal_name"], "Acme Ltd");
    assert_eq!(read.json()["registration_date"], "2015-04-01");
    app.call(
        Method::GET,
        "/v1/customers/01NOBODY",
        Some(&manager.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn the_national_id_is_masked_without_the_sensitive_permission_and_its_reading_audited() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let officer = app
        .signed_up_as(
            "officer@example.com",
            ferrofin_identity::roles::Role::LoanOfficer,
        )
        .await;
    let created = app
        .create_customer(
            &manager.access_token,
            &individual("ada@example.com", "AB-123-456-789"),
        )
        .await;
    let id = created["id"].as_str().expect("id");
    let path = format!("/v1/customers/{id}");
    let masked = app
        .call(Method::GET, &path, Some(&officer.access_token), None)
        .await;
    assert_eq!(masked.json()["national_id"], "•••••6789");
    let full = app
        .call(Method::GET, &path, Some(&manager.access_token), None)
        .await;
    assert_eq!(full.json()["national_id"], "AB123456789");
    let listed = app
        .call(
            Method::GET,
            "/v1/customers",
            Some(&manager.access_token),
            None,
        )
        .await;
    assert_eq!(listed.json()["items"][0]["national_id"], "•••••6789");

    let audit = Identity::new(&app.embedded.state())
        .audit
        .for_user(id, 10)
        .await
        .expect("audit");
    let actions: Vec<AuditAction> = audit.iter().map(|entry| entry.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::CustomerSensitiveRead,
            AuditAction::CustomerCreated
        ]
    );
    assert!(
        !serde_json::to_string(&audit)
            .expect("json")
            .contains("456789")
    );
}

#[tokio::test]
async fn put_and_patch_need_the_current_version_in_if_match() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = manager.access_token.as_str();
    let created = app
        .create_customer(token, &individual("ada@example.com", "AB123456789"))
        .await;
    let path = format!("/v1/customers/{}", created["id"].as_str().expect("id"));
    let patch = json!({"kyc_status": "verified", "tags": ["vip", "founder"], "phone": null});
    app.call(Method::PATCH, &path, Some(token), Some(&patch))
        .await
        .assert_error(StatusCode::PRECONDITION_REQUIRED, "PRECONDITION_REQUIRED");
    app.call_if_match(Method::PATCH, &path, token, 7, Some(&patch))
        .await
        .assert_error(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
    let patched = app
        .call_if_match(Method::PATCH, &path, token, 1, Some(&patch))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.json());
    let body = patched.json();
    assert_eq!(
        (body["version"].clone(), body["kyc_status"].clone()),
        (json!(2), json!("verified"))
    );
    assert_eq!(body["phone"], serde_json::Value::Null);
    assert_eq!(body["first_name"], "Ada", "untouched fields stay");

    let replacement = business("Lovelace Analytical Engines", "ada@example.com");
    app.call_if_match(Method::PUT, &path, token, 1, Some(&replacement))
        .await
        .assert_error(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
    let replaced = app
        .call_if_match(Method::PUT, &path, token, 2, Some(&replacement))
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{:?}", replaced.json());
    assert_eq!(replaced.json()["kind"], "business");
    assert_eq!(
        replaced.json()["national_id"],
        serde_json::Value::Null,
        "PUT replaces everything"
    );
    assert_eq!(replaced.header("etag"), Some("\"3\""));
}

#[tokio::test]
async fn a_deleted_customer_is_hidden_unless_asked_for() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    let created = app
        .create_customer(
            &manager.access_token,
            &business("Acme Ltd", "ops@acme.example"),
        )
        .await;
    let path = format!("/v1/customers/{}", created["id"].as_str().expect("id"));
    app.call_if_match(Method::DELETE, &path, &manager.access_token, 5, None)
        .await
        .assert_error(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
    assert_eq!(
        app.call(Method::DELETE, &path, token, None).await.status,
        StatusCode::NO_CONTENT
    );
    app.call(Method::GET, &path, token, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::DELETE, &path, token, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let shown = app
        .call(
            Method::GET,
            &format!("{path}?include_deleted=true"),
            token,
            None,
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.json()["deleted_at"].is_string());
    let listed = app
        .call(Method::GET, "/v1/customers", token, None)
        .await
        .json();
    assert_eq!(listed["items"].as_array().expect("items").len(), 0);
    let all = app
        .call(
            Method::GET,
            "/v1/customers?include_deleted=true",
            token,
            None,
        )
        .await
        .json();
    assert_eq!(all["items"].as_array().expect("items").len(), 1);
}

#[tokio::test]
async fn an_update_is_audited_with_the_changed_fields_only() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let created = app
        .create_customer(
            &manager.access_token,
            &individual("ada@example.com", "AB123456789"),
        )
        .await;
    let id = created["id"].as_str().expect("id");
    let change = json!({"segment": "premium", "national_id": "ZZ99887766"});
    let path = format!("/v1/customers/{id}");
    let patched = app
        .call_if_match(
            Method::PATCH,
            &path,
            &manager.access_token,
            1,
            Some(&change),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.json());
    let audit = Identity::new(&app.embedded.state())
        .audit
        .for_user(id, 1)
        .await
        .expect("audit");
    assert_eq!(audit[0].action, AuditAction::CustomerUpdated);
    assert_eq!(audit[0].actor.as_ref(), Some(&manager.user_id));
    let changes = &audit[0].metadata["changes"];
    assert_eq!(
        changes["segment"],
        json!({"before": "retail", "after": "premium"})
    );
    assert_eq!(changes["national_id"], json!({"changed": true}));
    assert_eq!(changes.as_object().expect("object").len(), 2);
}
