//! Every list pages with `limit` and `cursor` (`{items, next_cursor}`), in its documented order,
//! without an empty last page: accounts, sessions, categories and rules here (the others in
//! their own tests); a bad `limit` or a cursor of another list is a 400.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;
use serde_json::{Value, json};

use crate::budgets_crud::{get, post};

/// Every page of `path` at `limit`, following `next_cursor`; answers each page's values of
/// `field`.
async fn pages(
    app: &TestApp,
    user: &SignedIn,
    path: &str,
    limit: u32,
    field: &str,
) -> Vec<Vec<Value>> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{path}{separator}limit={limit}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page = get(app, user, &url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}: {:?}", page.json());
        let body = page.json();
        let items = body["items"].as_array().expect("items").clone();
        assert!(!items.is_empty(), "{url}: no empty page");
        pages.push(items.iter().map(|item| item[field].clone()).collect());
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return pages,
        }
        assert!(pages.len() < 50, "{path}: the pages end");
    }
}

fn flat(pages: &[Vec<Value>]) -> Vec<Value> {
    pages.iter().flatten().cloned().collect()
}

#[tokio::test]
async fn accounts_page_in_the_order_they_were_opened() {
    let app = TestApp::new();
    let user = app.signed_up("acc-pages@example.com").await;
    let mut opened = Vec::new();
    for _ in 0..5 {
        opened.push(json!(
            app.open_account(&user, "checking", "EUR", "0.00").await
        ));
    }
    let archived = opened[1].as_str().expect("id").to_owned();
    let archive = app
        .call(
            Method::PATCH,
            &format!("/v1/accounts/{archived}"),
            Some(&user.access_token),
            Some(&json!({"archived": true})),
        )
        .await;
    assert_eq!(archive.status, StatusCode::OK, "{:?}", archive.json());

    let all = pages(&app, &user, "/v1/accounts?include_archived=true", 2, "id").await;
    assert_eq!(all.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(flat(&all), opened);
    let open: Vec<Value> = opened
        .iter()
        .filter(|id| **id != json!(archived))
        .cloned()
        .collect();
    assert_eq!(
        flat(&pages(&app, &user, "/v1/accounts", 2, "id").await),
        open
    );
    let exact = pages(&app, &user, "/v1/accounts", 4, "id").await;
    assert_eq!(
        exact.len(),
        1,
        "a page that ends the list has no next_cursor"
    );
}

#[tokio::test]
async fn sessions_page_newest_first() {
    let app = TestApp::new();
    let first = app.signed_up("ses-pages@example.com").await;
    let mut newest_first = vec![json!(first.session_id)];
    for minute in 1..=3 {
        app.clock.advance(time::Duration::minutes(minute));
        newest_first.insert(
            0,
            json!(app.login("ses-pages@example.com").await.session_id),
        );
    }
    let listed = pages(&app, &first, "/v1/auth/sessions", 3, "id").await;
    assert_eq!(listed.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
    assert_eq!(flat(&listed), newest_first);
}

#[tokio::test]
async fn categories_page_defaults_first_then_the_users_own() {
    let app = TestApp::new();
    let user = app.signed_up("cat-pages@example.com").await;
    let whole = get(&app, &user, "/v1/transactions/categories?limit=100")
        .await
        .json();
    let defaults: Vec<Value> = whole["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(whole["next_cursor"], Value::Null);
    let mut own = Vec::new();
    for name in ["Pets", "Garden", "Hobbies"] {
        let made = post(
            &app,
            &user,
            "/v1/transactions/categories",
            &json!({"name": name, "kind": "expense"}),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.json());
        own.push(made.json()["id"].clone());
    }
    let listed = flat(&pages(&app, &user, "/v1/transactions/categories", 7, "id").await);
    let expected: Vec<Value> = defaults.into_iter().chain(own).collect();
    assert_eq!(listed, expected);
}

#[tokio::test]
async fn rules_page_in_the_order_they_run() {
    let app = TestApp::new();
    let user = app.signed_up("rule-pages@example.com").await;
    for (priority, pattern) in [(30, "c"), (10, "a"), (20, "b"), (10, "d")] {
        let rule = json!({"priority": priority, "field": "merchant", "operator": "contains",
                          "pattern": pattern, "category": "shopping"});
        let made = post(&app, &user, "/v1/transactions/rules", &rule).await;
        assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.json());
    }
    let listed = pages(&app, &user, "/v1/transactions/rules", 3, "pattern").await;
    assert_eq!(listed.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
    let order = flat(&listed);
    assert_eq!(order[3], json!("c"));
    assert_eq!(order[2], json!("b"));
}

#[tokio::test]
async fn a_bad_limit_or_another_lists_cursor_is_refused() {
    let app = TestApp::new();
    let user = app.signed_up("bad-pages@example.com").await;
    for _ in 0..3 {
        app.open_account(&user, "checking", "EUR", "0.00").await;
    }
    for path in [
        "/v1/accounts",
        "/v1/auth/sessions",
        "/v1/transactions/categories",
        "/v1/transactions/rules",
    ] {
        for limit in ["0", "101"] {
            let page = get(&app, &user, &format!("{path}?limit={limit}")).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}?limit={limit}");
        }
    }
    let cursor = get(&app, &user, "/v1/accounts?limit=1").await.json()["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    get(
        &app,
        &user,
        &format!("/v1/transactions/categories?cursor={cursor}"),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    let other = app.signed_up("other-pages@example.com").await;
    get(&app, &other, &format!("/v1/accounts?cursor={cursor}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}
