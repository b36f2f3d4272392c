//! /v1/customers: invalid values, unknown fields and duplicates get a clear 4xx with the
//! error body naming the field.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::customers::{business, individual};
use serde_json::json;

#[tokio::test]
async fn invalid_values_and_unknown_fields_name_the_field() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    let cases = [
        ("email", json!("not-an-address")),
        ("phone", json!("07700 900123")),
        ("date_of_birth", json!("1990-02-30")),
        ("national_id", json!("#1")),
        ("tags", json!(["has space"])),
        ("role", json!("admin")),
    ];
    for (field, value) in cases {
        let mut body = individual("ada@example.com", "AB123456789");
        body[field] = value;
        let response = app
            .call(Method::POST, "/v1/customers", token, Some(&body))
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
        let detail = &response.json()["error"]["details"][0];
        let named = detail["field"]
            .as_str()
            .is_some_and(|f| f.starts_with(field))
            || detail["message"]
                .as_str()
                .is_some_and(|m| m.contains(field));
        assert!(named, "{field}: {detail}");
    }
}

#[tokio::test]
async fn rules_across_fields_are_validation_failures() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    let mut future = individual("ada@example.com", "AB123456789");
    future["date_of_birth"] = json!("2030-01-01");
    let response = app
        .call(Method::POST, "/v1/customers", token, Some(&future))
        .await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "date_of_birth"
    );
    let mut nameless = business("Acme", "ops@acme.example");
    nameless
        .as_object_mut()
        .expect("object")
        .remove("legal_name");
    let response = app
        .call(Method::POST, "/v1/customers", token, Some(&nameless))
        .await;
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "legal_name"
    );
    let mut unknown_officer = business("Acme", "ops@acme.example");
    unknown_officer["assigned_officer"] = json!("01NOBODY");
    let response = app
        .call(Method::POST, "/v1/customers", token, Some(&unknown_officer))
        .await;
    response.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "assigned_officer"
    );
}

#[tokio::test]
async fn a_taken_email_or_national_id_is_a_conflict_naming_the_field() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = manager.access_token.as_str();
    let first = app
        .create_customer(token, &individual("ada@example.com", "AB123456789"))
        .await;
    let same_email = individual("ADA@example.com", "CD000000001");
    let response = app
        .call(
            Method::POST,
            "/v1/customers",
            Some(token),
            Some(&same_email),
        )
        .await;
    response.assert_error(StatusCode::CONFLICT, "CONFLICT");
    assert_eq!(response.json()["error"]["details"][0]["field"], "email");
    let same_id = individual("grace@example.com", "ab 123 456 789");
    let response = app
        .call(Method::POST, "/v1/customers", Some(token), Some(&same_id))
        .await;
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "national_id"
    );

    // A change moves the guards: the old address is free again, the new one is taken.
    let second = app
        .create_customer(token, &business("Acme", "ops@acme.example"))
        .await;
    let path = format!("/v1/customers/{}", first["id"].as_str().expect("id"));
    let taken = json!({"email": "ops@acme.example"});
    let response = app
        .call_if_match(Method::PATCH, &path, token, 1, Some(&taken))
        .await;
    assert_eq!(response.json()["error"]["details"][0]["field"], "email");
    let moved = json!({"email": "countess@example.com"});
    let response = app
        .call_if_match(Method::PATCH, &path, token, 1, Some(&moved))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let second_path = format!("/v1/customers/{}", second["id"].as_str().expect("id"));
    let freed = json!({"email": "ada@example.com"});
    let response = app
        .call_if_match(Method::PATCH, &second_path, token, 1, Some(&freed))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
}
