//! Every auth and users route refuses bad input with a 4xx and the error body, and every
//! authenticated route refuses a missing token.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

/// Each route with a valid body (bad variants are derived from it).
fn routes_with_bodies() -> Vec<(Method, &'static str, Value)> {
    vec![
        (
            Method::POST,
            "/v1/auth/register",
            json!({"email": "a@example.com", "password": "good passphrase here", "name": "A"}),
        ),
        (Method::POST, "/v1/auth/verify-email", json!({"token": "t"})),
        (
            Method::POST,
            "/v1/auth/verify-email/resend",
            json!({"email": "a@example.com"}),
        ),
        (
            Method::POST,
            "/v1/auth/login",
            json!({"email": "a@example.com", "password": "p"}),
        ),
        (
            Method::POST,
            "/v1/auth/login/otp/request",
            json!({"email": "a@example.com"}),
        ),
        (
            Method::POST,
            "/v1/auth/login/otp/verify",
            json!({"email": "a@example.com", "code": "123456"}),
        ),
        (
            Method::POST,
            "/v1/auth/login/mfa",
            json!({"challenge": "c", "code": "123456"}),
        ),
        (
            Method::POST,
            "/v1/auth/refresh",
            json!({"refresh_token": "r"}),
        ),
        (
            Method::POST,
            "/v1/auth/password/forgot",
            json!({"email": "a@example.com"}),
        ),
        (
            Method::POST,
            "/v1/auth/password/verify-token",
            json!({"token": "t"}),
        ),
        (
            Method::POST,
            "/v1/auth/password/reset",
            json!({"token": "t", "new_password": "good passphrase here"}),
        ),
    ]
}

/// Routes that need a signed-in user, with a valid body where they take one.
fn authenticated_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::POST, "/v1/auth/logout", None),
        (Method::POST, "/v1/auth/logout-all", None),
        (Method::GET, "/v1/auth/sessions", None),
        (Method::DELETE, "/v1/auth/sessions/01ANY", None),
        (
            Method::POST,
            "/v1/auth/password/change",
            Some(json!({"current_password": "x", "new_password": "good passphrase here"})),
        ),
        (Method::POST, "/v1/auth/mfa/totp/setup", None),
        (
            Method::POST,
            "/v1/auth/mfa/totp/enable",
            Some(json!({"code": "123456"})),
        ),
        (
            Method::POST,
            "/v1/auth/mfa/totp/disable",
            Some(json!({"password": "x", "code": "123456"})),
        ),
        (Method::GET, "/v1/users/me", None),
        (Method::PATCH, "/v1/users/me", Some(json!({"name": "A"}))),
        (
            Method::DELETE,
            "/v1/users/me",
            Some(json!({"password": "x"})),
        ),
    ]
}

#[tokio::test]
async fn missing_fields_wrong_types_and_unknown_fields_are_400() {
    let app = TestApp::new();
    for (method, path, valid) in routes_with_bodies() {
        let object = valid.as_object().expect("object").clone();
        let first_field = object.keys().next().expect("a field").clone();

        let mut missing = object.clone();
        missing.remove(&first_field);
        let response = app
            .call(method.clone(), path, None, Some(&Value::Object(missing)))
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");

        let mut wrong_type = object.clone();
        wrong_type.insert(first_field.clone(), json!(12));
        let response = app
            .call(method.clone(), path, None, Some(&Value::Object(wrong_type)))
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");

        let mut unknown = object.clone();
        unknown.insert("role".to_owned(), json!("admin"));
        let response = app
            .call(method.clone(), path, None, Some(&Value::Object(unknown)))
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");

        let response = app
            .send_body(method.clone(), path, "application/json", "{not json")
            .await;
        response.assert_error(StatusCode::BAD_REQUEST, "MALFORMED_JSON");
    }
}

#[tokio::test]
async fn too_long_strings_are_refused_before_any_work() {
    let app = TestApp::new();
    let long = "x".repeat(5000);
    for (method, path, valid) in routes_with_bodies() {
        for field in valid.as_object().expect("object").keys() {
            let mut body = valid.clone();
            body[field] = json!(long);
            let response = app.call(method.clone(), path, None, Some(&body)).await;
            assert!(
                response.status.is_client_error(),
                "{path} {field}: {}",
                response.status
            );
            assert!(
                response.json()["error"]["code"].is_string(),
                "{path} {field}"
            );
        }
    }
}

#[tokio::test]
async fn every_authenticated_route_refuses_a_missing_or_bad_token() {
    let app = TestApp::new();
    for (method, path, body) in authenticated_routes() {
        app.call(method.clone(), path, None, body.as_ref())
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.call(method, path, Some("garbage"), body.as_ref())
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}
