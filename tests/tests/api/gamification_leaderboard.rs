//! The leaderboard: only users who opted in, by pseudonym, a name only when chosen, never an
//! email; weekly and all-time; leaving takes a user off at once; bad settings are 422.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::budgets_crud::{create_budget, get, invalid_fields};
use crate::gamification::{admin, call, create_badge};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;

async fn opt_in(app: &TestApp, user: &SignedIn, body: &Value) {
    let response = call(
        app,
        user,
        Method::PUT,
        "/v1/gamification/me/leaderboard",
        Some(body),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
}

async fn board(app: &TestApp, user: &SignedIn, period: &str) -> (Vec<Value>, String) {
    let response = get(
        app,
        user,
        &format!("/v1/gamification/leaderboard?period={period}"),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
    let text = String::from_utf8(response.body.to_vec()).expect("utf-8");
    (
        response.json()["entries"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        text,
    )
}

#[tokio::test]
async fn only_opted_in_users_appear_by_pseudonym_most_points_first() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    create_badge(
        &app,
        &admin,
        "Budgeter",
        10,
        json!({"kind": "tiers", "activity": "budget_created", "tiers": [1, 2]}),
    )
    .await;
    let ada = app.signed_up("ada@example.com").await;
    let bob = app.signed_up("bob@example.com").await;
    let cleo = app.signed_up("cleo@example.com").await;
    let named = call(
        &app,
        &bob,
        Method::PATCH,
        "/v1/users/me",
        Some(&json!({"name": "Bob Builder"})),
    )
    .await;
    assert_eq!(named.status, StatusCode::OK, "{:?}", named.json());
    opt_in(
        &app,
        &ada,
        &json!({"opted_in": true, "pseudonym": "thrifty_fox"}),
    )
    .await;
    opt_in(
        &app,
        &bob,
        &json!({"opted_in": true, "pseudonym": "bob-the-saver", "show_name": true}),
    )
    .await;
    create_budget(&app, &ada, "groceries", "100", "EUR", false).await;
    create_budget(&app, &ada, "transport", "100", "EUR", false).await;
    create_budget(&app, &bob, "groceries", "100", "EUR", false).await;
    for user in [&cleo] {
        create_budget(&app, user, "groceries", "100", "EUR", false).await;
        create_budget(&app, user, "transport", "100", "EUR", false).await;
    }
    app.settle().await;

    for period in ["all_time", "weekly"] {
        let (entries, text) = board(&app, &ada, period).await;
        assert_eq!(entries.len(), 2, "{period}: {entries:?}");
        assert_eq!(
            (
                entries[0]["rank"].as_u64(),
                entries[0]["pseudonym"].as_str(),
                entries[0]["points"].as_u64()
            ),
            (Some(1), Some("thrifty_fox"), Some(20))
        );
        assert_eq!(
            (&entries[0]["name"], &entries[0]["you"]),
            (&Value::Null, &json!(true))
        );
        assert_eq!(
            (
                entries[1]["pseudonym"].as_str(),
                entries[1]["name"].as_str(),
                entries[1]["points"].as_u64()
            ),
            (Some("bob-the-saver"), Some("Bob Builder"), Some(10))
        );
        assert!(!text.contains('@'), "no email on the board: {text}");
        assert!(
            !text.contains(ada.user_id.as_str()),
            "no user id on the board"
        );
    }
    // Opting out takes Ada off at once; her points stay hers.
    opt_in(&app, &ada, &json!({"opted_in": false})).await;
    let (entries, _) = board(&app, &bob, "all_time").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["you"], true);
    let standing = crate::gamification::me(&app, &ada).await;
    assert_eq!(
        (
            standing["points"].as_u64(),
            standing["leaderboard"]["opted_in"].as_bool()
        ),
        (Some(20), Some(false))
    );
    // Opting in later puts her back with the points she has.
    opt_in(
        &app,
        &ada,
        &json!({"opted_in": true, "pseudonym": "thrifty_fox"}),
    )
    .await;
    let (entries, _) = board(&app, &bob, "all_time").await;
    assert_eq!(entries[0]["points"], 20);
}

#[tokio::test]
async fn bad_leaderboard_input_is_refused() {
    let app = TestApp::new();
    let user = app.signed_up("bad-board@example.com").await;
    let put = |body: Value| {
        let (app, user) = (&app, &user);
        async move {
            call(
                app,
                user,
                Method::PUT,
                "/v1/gamification/me/leaderboard",
                Some(&body),
            )
            .await
        }
    };
    assert_eq!(
        invalid_fields(&put(json!({"opted_in": true})).await),
        ["pseudonym"]
    );
    assert_eq!(
        invalid_fields(&put(json!({"opted_in": true, "pseudonym": "me@example.com"})).await),
        ["pseudonym"]
    );
    assert_eq!(
        invalid_fields(&put(json!({"opted_in": true, "pseudonym": "ab"})).await),
        ["pseudonym"]
    );
    put(json!({"opted_in": true, "pseudonym": "fine", "extra": 1}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    assert_eq!(
        invalid_fields(&get(&app, &user, "/v1/gamification/leaderboard?limit=0").await),
        ["limit"]
    );
    get(&app, &user, "/v1/gamification/leaderboard?period=monthly")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    let request = axum::http::Request::put("/v1/gamification/me/leaderboard")
        .header("authorization", format!("Bearer {}", user.access_token))
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("opted_in"))
        .expect("request");
    app.send(request)
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
}

#[tokio::test]
async fn a_board_pages_with_a_cursor_and_shows_the_callers_rank_outside_the_page() {
    let app = TestApp::new();
    let admin = admin(&app).await;
    create_badge(
        &app,
        &admin,
        "Budgeter",
        10,
        json!({"kind": "tiers", "activity": "budget_created", "tiers": [1, 2, 3]}),
    )
    .await;
    let mut users = Vec::new();
    for (at, budgets) in [3, 2, 1].into_iter().enumerate() {
        let user = app.signed_up(&format!("player{at}@example.com")).await;
        opt_in(
            &app,
            &user,
            &json!({"opted_in": true, "pseudonym": format!("player_{at}")}),
        )
        .await;
        for budget in ["groceries", "transport", "dining"].iter().take(budgets) {
            create_budget(&app, &user, budget, "100", "EUR", false).await;
        }
        users.push(user);
    }
    let outsider = app.signed_up("outsider@example.com").await;
    app.settle().await;
    let last = &users[2];

    // Page by page, one line each: the ranks go on across pages; the caller's own line is
    // there on every page.
    let mut lines = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/v1/gamification/leaderboard?limit=1&cursor={cursor}"),
            None => "/v1/gamification/leaderboard?limit=1".to_owned(),
        };
        let response = get(&app, last, &path).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.json());
        let body = response.json();
        assert_eq!(
            (
                &body["me"]["rank"],
                &body["me"]["points"],
                &body["me"]["you"]
            ),
            (&json!(3), &json!(10), &json!(true)),
            "{body}"
        );
        for entry in body["entries"].as_array().expect("entries") {
            lines.push((entry["rank"].clone(), entry["pseudonym"].clone()));
        }
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(lines.len() <= 3, "no more pages than lines: {lines:?}");
    }
    assert_eq!(
        lines,
        [
            (json!(1), json!("player_0")),
            (json!(2), json!("player_1")),
            (json!(3), json!("player_2")),
        ]
    );

    // The top holds only the leader; the caller still sees where they stand this week too.
    let weekly = get(
        &app,
        last,
        "/v1/gamification/leaderboard?period=weekly&limit=1",
    )
    .await;
    let weekly = weekly.json();
    assert_eq!(weekly["entries"][0]["pseudonym"], "player_0");
    assert_eq!(
        (&weekly["me"]["rank"], &weekly["me"]["points"]),
        (&json!(3), &json!(10))
    );

    // A user not on the board has no line of their own.
    let response = get(&app, &outsider, "/v1/gamification/leaderboard").await;
    assert_eq!(response.json()["me"], Value::Null);
    assert_eq!(response.json()["entries"].as_array().map(Vec::len), Some(3));

    // A cursor is the caller's and its board's only.
    let first = get(&app, last, "/v1/gamification/leaderboard?limit=1").await;
    let cursor = first.json()["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    get(
        &app,
        &outsider,
        &format!("/v1/gamification/leaderboard?limit=1&cursor={cursor}"),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
    get(
        &app,
        last,
        &format!("/v1/gamification/leaderboard?period=weekly&cursor={cursor}"),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_CURSOR");
}
