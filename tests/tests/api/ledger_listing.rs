//! GET /v1/transactions: filters, newest-first order and cursor pagination.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::ledger_transactions::open_account;

async fn seed(app: &TestApp, user: &SignedIn) -> (String, String) {
    let checking = open_account(app, user, "EUR", "0").await;
    let card = open_account(app, user, "EUR", "0").await;
    let rows = [
        (
            &checking,
            "2026-01-05",
            "-40.00",
            "groceries",
            "Fresh Market",
            vec!["food"],
        ),
        (
            &checking,
            "2026-01-20",
            "2500.00",
            "salary",
            "ACME payroll",
            vec![],
        ),
        (
            &card,
            "2026-02-02",
            "-15.50",
            "dining",
            "Cafe Blue",
            vec!["food", "work"],
        ),
        (
            &checking,
            "2026-02-14",
            "-80.00",
            "shopping",
            "Gift shop",
            vec!["gift"],
        ),
        (
            &card,
            "2026-03-01",
            "-9.99",
            "subscriptions",
            "Streamly",
            vec![],
        ),
    ];
    for (account, date, amount, category, merchant, tags) in rows {
        let body = json!({"account_id": account, "date": date, "amount": amount, "currency": "EUR", "description": merchant, "merchant": merchant, "category": category, "tags": tags});
        let response = app
            .call(
                Method::POST,
                "/v1/transactions",
                Some(&user.access_token),
                Some(&body),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{:?}",
            response.json()
        );
    }
    (checking, card)
}

async fn dates(app: &TestApp, user: &SignedIn, query: &str) -> Vec<String> {
    let response = app
        .call(
            Method::GET,
            &format!("/v1/transactions{query}"),
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{query}: {:?}",
        response.json()
    );
    response.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["date"].as_str().expect("date").to_owned())
        .collect()
}

#[tokio::test]
async fn filters_narrow_the_list_and_it_is_newest_first() {
    let app = TestApp::new();
    let user = app.signed_up("ls@example.com").await;
    let (checking, card) = seed(&app, &user).await;
    assert_eq!(
        dates(&app, &user, "").await,
        [
            "2026-03-01",
            "2026-02-14",
            "2026-02-02",
            "2026-01-20",
            "2026-01-05"
        ]
    );
    assert_eq!(
        dates(&app, &user, "?from=2026-01-20&to=2026-02-14").await,
        ["2026-02-14", "2026-02-02", "2026-01-20"]
    );
    assert_eq!(
        dates(&app, &user, &format!("?account_id={card}")).await,
        ["2026-03-01", "2026-02-02"]
    );
    assert_eq!(
        dates(
            &app,
            &user,
            &format!("?account_id={checking}&to=2026-01-31")
        )
        .await,
        ["2026-01-20", "2026-01-05"]
    );
    assert_eq!(dates(&app, &user, "?category=dining").await, ["2026-02-02"]);
    assert_eq!(dates(&app, &user, "?q=market").await, ["2026-01-05"]);
    assert_eq!(
        dates(&app, &user, "?min_amount=-50&max_amount=-10").await,
        ["2026-02-02", "2026-01-05"]
    );
    assert_eq!(
        dates(&app, &user, "?tag=food").await,
        ["2026-02-02", "2026-01-05"]
    );
}

#[tokio::test]
async fn pages_follow_the_cursor_and_cover_every_match_once() {
    let app = TestApp::new();
    let user = app.signed_up("pg@example.com").await;
    seed(&app, &user).await;
    let mut seen = Vec::new();
    let mut query = "?limit=2&tag=food".to_owned();
    let mut pages = 0;
    loop {
        let body: Value = app
            .call(
                Method::GET,
                &format!("/v1/transactions{query}"),
                Some(&user.access_token),
                None,
            )
            .await
            .json();
        pages += 1;
        for item in body["items"].as_array().expect("items") {
            seen.push(item["date"].as_str().expect("date").to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&tag=food&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["2026-02-02", "2026-01-05"]);
    assert!(pages <= 2);
}

#[tokio::test]
async fn bad_list_parameters_and_foreign_or_tampered_cursors_are_refused() {
    let app = TestApp::new();
    let user = app.signed_up("bp@example.com").await;
    let other = app.signed_up("bq@example.com").await;
    seed(&app, &user).await;
    let list = |token: &str, query: &str| {
        let path = format!("/v1/transactions{query}");
        let token = token.to_owned();
        let app = &app;
        async move { app.call(Method::GET, &path, Some(&token), None).await }
    };
    list(&user.access_token, "?limit=101")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    list(&user.access_token, "?from=2026-13-01")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    list(&user.access_token, "?from=2026-03-01&to=2026-01-01")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    list(&user.access_token, "?min_amount=lots")
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    list(&user.access_token, "?sort=asc")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    let page = list(&user.access_token, "?limit=1").await.json();
    let cursor = page["next_cursor"].as_str().expect("cursor").to_owned();
    list(&other.access_token, &format!("?limit=1&cursor={cursor}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    list(
        &user.access_token,
        &format!("?limit=1&category=dining&cursor={cursor}"),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    let tampered = format!("x{cursor}");
    list(&user.access_token, &format!("?limit=1&cursor={tampered}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}
