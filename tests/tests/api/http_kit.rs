//! The HTTP kit through a router: every malformed request gets the right status and the standard
//! error body with the request id; CORS, security headers and request ids behave.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::routing::post;
use ferrofin_platform::http::stack::MAX_JSON_BODY_BYTES;
use ferrofin_platform::http::{ApiJson, HttpSettings, with_standard_layers};
use ferrofin_tests::TestApp;
use ferrofin_tests::app::TEST_ORIGIN;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPayee {
    name: String,
    #[expect(dead_code, reason = "only deserialised, to check the body shape")]
    monthly_limit: u32,
}

async fn create_payee(ApiJson(payee): ApiJson<NewPayee>) -> String {
    payee.name
}

/// A test app whose router has one JSON route under the standard stack.
fn json_app() -> TestApp {
    let mut app = TestApp::new();
    let settings = HttpSettings {
        cors_allowed_origins: vec![TEST_ORIGIN.parse().expect("origin")],
    };
    app.router = with_standard_layers(
        Router::new().route("/v1/payees", post(create_payee)),
        &settings,
    );
    app
}

#[tokio::test]
async fn a_valid_json_body_reaches_the_handler() {
    let app = json_app();
    let response = app
        .post_json(
            "/v1/payees",
            &serde_json::json!({"name": "Ada", "monthly_limit": 5}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, "Ada");
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let response = json_app()
        .send_body(
            Method::POST,
            "/v1/payees",
            "application/json",
            "{\"name\": ",
        )
        .await;
    response.assert_error(StatusCode::BAD_REQUEST, "MALFORMED_JSON");
}

#[tokio::test]
async fn a_wrong_or_missing_content_type_is_a_415() {
    let app = json_app();
    let body = r#"{"name":"Ada","monthly_limit":5}"#;
    app.send_body(Method::POST, "/v1/payees", "text/plain", body)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
    let no_type = Request::post("/v1/payees")
        .body(Body::from(body))
        .expect("request");
    app.send(no_type)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
}

#[tokio::test]
async fn an_unknown_field_is_a_400_naming_it() {
    let response = json_app()
        .post_json(
            "/v1/payees",
            &serde_json::json!({"name": "Ada", "monthly_limit": 5, "role": "admin"}),
        )
        .await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    let detail = &response.json()["error"]["details"][0];
    assert!(
        detail["message"]
            .as_str()
            .expect("message")
            .contains("role"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_wrong_type_or_missing_field_is_a_400_naming_the_field() {
    let app = json_app();
    let response = app
        .post_json(
            "/v1/payees",
            &serde_json::json!({"name": "Ada", "monthly_limit": "lots"}),
        )
        .await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        response.json()["error"]["details"][0]["field"],
        "monthly_limit"
    );
    let response = app
        .post_json("/v1/payees", &serde_json::json!({"name": "Ada"}))
        .await;
    response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert!(
        response.json()["error"]["details"][0]["message"]
            .as_str()
            .expect("message")
            .contains("monthly_limit")
    );
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let huge = format!(
        r#"{{"name":"{}","monthly_limit":1}}"#,
        "a".repeat(MAX_JSON_BODY_BYTES)
    );
    let response = json_app()
        .send_body(Method::POST, "/v1/payees", "application/json", huge)
        .await;
    response.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn an_unknown_route_is_a_404_with_the_error_body() {
    TestApp::new()
        .get("/v1/nothing-here")
        .await
        .assert_error(StatusCode::NOT_FOUND, "ROUTE_NOT_FOUND");
}

#[tokio::test]
async fn a_wrong_method_is_a_405_with_the_error_body() {
    let response = TestApp::new()
        .post_json("/health", &serde_json::json!({}))
        .await;
    response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    assert!(
        response
            .header("allow")
            .is_some_and(|allow| allow.contains("GET"))
    );
}

#[tokio::test]
async fn every_response_carries_a_server_assigned_request_id() {
    let app = TestApp::new();
    let request = Request::get("/health")
        .header("x-request-id", "client-chosen")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    let id = response.header("x-request-id").expect("request id");
    assert_ne!(id, "client-chosen");
    assert_eq!(id.len(), 26, "a ULID: {id}");
}

#[tokio::test]
async fn security_headers_are_set() {
    let response = TestApp::new().get("/health").await;
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert!(response.header("strict-transport-security").is_some());
    assert!(response.header("content-security-policy").is_some());
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let app = TestApp::new();
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/health")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .body(Body::empty())
            .expect("request")
    };
    let allowed = app.send(preflight(TEST_ORIGIN)).await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(TEST_ORIGIN)
    );
    let refused = app.send(preflight("https://evil.example")).await;
    assert_eq!(refused.header("access-control-allow-origin"), None);
}
