//! The goal maths through the API: a case table of progress %, amount still needed, months
//! left, required monthly saving and on-track flag, and the pace as the clock moves.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use serde_json::json;

use crate::budgets_crud::get;
use crate::goals::{contribute, create_goal, numbers};

#[tokio::test]
async fn goal_maths_through_the_api_case_table() {
    let app = TestApp::new();
    let user = app.signed_up("goal-maths@example.com").await;
    // (target, currency, target date, contributions) -> (saved, percent, still needed, months left, required monthly, on track)
    let cases = [
        (
            "100",
            "EUR",
            "2027-01-15",
            vec![],
            ("0.00", "0.00", "100.00", 3, "33.34", true),
        ),
        (
            "1000",
            "JPY",
            "2027-01-01",
            vec!["1"],
            ("1", "0.10", "999", 3, "333", true),
        ),
        (
            "80",
            "EUR",
            "2026-11-30",
            vec!["0.01"],
            ("0.01", "0.01", "79.99", 1, "79.99", true),
        ),
        (
            "80",
            "EUR",
            "2026-11-30",
            vec!["0.03"],
            ("0.03", "0.04", "79.97", 1, "79.97", true),
        ),
        (
            "1",
            "KWD",
            "2027-02-28",
            vec!["0.001"],
            ("0.001", "0.10", "0.999", 4, "0.250", true),
        ),
        (
            "50",
            "EUR",
            "2026-12-31",
            vec!["30", "30"],
            ("60.00", "120.00", "0.00", 2, "0.00", true),
        ),
    ];
    for (target, currency, due, amounts, expected) in cases {
        let body = json!({"name": "Goal", "target_amount": target, "currency": currency, "target_date": due});
        let id = create_goal(&app, &user, &body).await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        for amount in amounts {
            let response = contribute(&app, &user, &id, amount, currency, "2026-11-21").await;
            assert_eq!(
                response.status,
                StatusCode::CREATED,
                "{:?}",
                response.json()
            );
        }
        let goal = get(&app, &user, &format!("/v1/goals/{id}")).await.json();
        let (saved, percent, needed, months, monthly, on_track) = expected;
        assert_eq!(
            numbers(&goal),
            (
                saved.into(),
                percent.into(),
                needed.into(),
                months,
                monthly.into(),
                on_track
            ),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_goal_falls_behind_as_time_passes_without_contributions() {
    let app = TestApp::new();
    let user = app.signed_up("goal-pace@example.com").await;
    let body = json!({"name": "Car", "target_amount": "1000", "currency": "EUR", "target_date": "2027-11-21"});
    let id = create_goal(&app, &user, &body).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.clock.advance(time::Duration::days(73));
    let user = app.login("goal-pace@example.com").await; // the access token expired meanwhile
    let goal = get(&app, &user, &format!("/v1/goals/{id}")).await.json();
    // 73 of 365 days: 200.00 expected by now, nothing saved.
    assert_eq!(
        (
            goal["progress"]["expected_saved"].as_str(),
            goal["progress"]["on_track"].as_bool()
        ),
        (Some("200.00"), Some(false))
    );
    contribute(&app, &user, &id, "200", "EUR", "2027-02-02").await;
    let goal = get(&app, &user, &format!("/v1/goals/{id}")).await.json();
    assert_eq!(goal["progress"]["on_track"], true);
    assert_eq!(goal["progress"]["months_left"], 10, "2027-02 to 2027-11");
}
