//! GET /v1/customers: filters on index items (exact, prefix, creation range) and cursor paging.

use axum::http::{Method, StatusCode};
use ferrofin_tests::customers::{business, individual};
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};
use time::Duration;

fn ids(response: &TestResponse) -> Vec<String> {
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    response.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["email"].as_str().expect("email").to_owned())
        .collect()
}

/// Creates three customers 40 days apart (signing in again each time); answers a fresh token.
async fn seed(app: &TestApp, token: &str) -> String {
    let mut grace = individual("grace@example.com", "GH00000001");
    grace["first_name"] = json!("Grace");
    grace["last_name"] = json!("Hopper");
    grace["phone"] = json!("+15550100200");
    grace["tags"] = json!(["navy"]);
    grace["status"] = json!("inactive");
    let customers: [Value; 3] = [
        individual("ada@example.com", "AB00000001"),
        grace,
        business("Acme Ltd", "ops@acme.example"),
    ];
    let mut token = token.to_owned();
    for body in &customers {
        app.create_customer(&token, body).await;
        app.clock.advance(Duration::days(40));
        token = app.login("manager@example.com").await.access_token;
    }
    token
}

#[tokio::test]
async fn each_filter_finds_exactly_its_customers() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = seed(&app, &manager.access_token).await;
    let get = |query: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            app.call(
                Method::GET,
                &format!("/v1/customers{query}"),
                Some(&token),
                None,
            )
            .await
        }
    };
    assert_eq!(
        ids(&get("").await),
        ["ops@acme.example", "grace@example.com", "ada@example.com"]
    );
    assert_eq!(ids(&get("?name=gr").await), ["grace@example.com"]);
    assert_eq!(ids(&get("?name=ACME%20l").await), ["ops@acme.example"]);
    assert_eq!(
        ids(&get("?email=Ada@Example.com").await),
        ["ada@example.com"]
    );
    assert_eq!(
        ids(&get("?phone=%2B15550100200").await),
        ["grace@example.com"]
    );
    assert_eq!(ids(&get("?status=inactive").await), ["grace@example.com"]);
    assert_eq!(ids(&get("?segment=sme").await), ["ops@acme.example"]);
    assert_eq!(ids(&get("?tag=vip").await), ["ada@example.com"]);
    assert_eq!(
        ids(&get("?tag=vip&status=inactive").await),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&get("?created_from=2026-12-01&created_to=2027-01-15").await),
        ["grace@example.com"]
    );
    assert_eq!(
        ids(&get("?created_to=2026-11-21").await),
        ["ada@example.com"]
    );
    get("?phone=12345")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    get("?colour=red")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
}

#[tokio::test]
async fn pages_follow_cursors_bound_to_their_search() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    for n in 0..5 {
        app.create_customer(
            &manager.access_token,
            &business(&format!("Firm {n}"), &format!("firm{n}@example.com")),
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut url = "/v1/customers?segment=sme&limit=2".to_owned();
    loop {
        let page = app.call(Method::GET, &url, token, None).await;
        seen.extend(ids(&page));
        match page.json()["next_cursor"].as_str() {
            Some(cursor) => url = format!("/v1/customers?segment=sme&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    let first = app
        .call(Method::GET, "/v1/customers?limit=2", token, None)
        .await
        .json();
    let cursor = first["next_cursor"].as_str().expect("cursor");
    app.call(
        Method::GET,
        &format!("/v1/customers?limit=2&status=active&cursor={cursor}"),
        token,
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    let tampered = format!("x{cursor}");
    app.call(
        Method::GET,
        &format!("/v1/customers?limit=2&cursor={tampered}"),
        token,
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    app.call(Method::GET, "/v1/customers?limit=101", token, None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
}
