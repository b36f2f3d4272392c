//! /v1/admin/settings: the typed catalog of runtime settings, changed all or none and audited,
//! read through a 30-second cache; registration honours `registration.open`.

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_platform::adapters::table_settings::TableSettings;
use ferrofin_platform::ports::settings::SettingsStore;
use ferrofin_platform::settings::{ASSISTANT_DAILY_MESSAGE_LIMIT, REGISTRATION_OPEN};
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::{Value, json};
use time::Duration;

fn value_of(body: &Value, key: &str) -> Value {
    body["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .find(|setting| setting["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {body}"))["value"]
        .clone()
}

async fn register(app: &TestApp, email: &str) -> ferrofin_tests::TestResponse {
    app.post_json(
        "/v1/auth/register",
        &json!({"email": email, "password": PASSWORD, "name": "New"}),
    )
    .await
}

#[tokio::test]
async fn the_settings_routes_need_their_permissions() {
    let app = TestApp::new();
    app.assert_requires_permission(
        Method::GET,
        "/v1/admin/settings",
        None,
        Permission::SettingsRead,
    )
    .await;
    app.assert_requires_permission(
        Method::PUT,
        "/v1/admin/settings",
        Some(&json!({"settings": {"registration.open": false}})),
        Permission::SettingsWrite,
    )
    .await;
}

#[tokio::test]
async fn closing_registration_refuses_sign_ups_until_it_opens_again() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let token = Some(admin.access_token.as_str());
    let listed = app
        .call(Method::GET, "/v1/admin/settings", token, None)
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.json());
    assert_eq!(value_of(&listed.json(), REGISTRATION_OPEN), true);
    assert_eq!(value_of(&listed.json(), ASSISTANT_DAILY_MESSAGE_LIMIT), 50);

    let change =
        json!({"settings": {"registration.open": false, "assistant.daily_message_limit": 20}});
    let changed = app
        .call(Method::PUT, "/v1/admin/settings", token, Some(&change))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.json());
    assert_eq!(value_of(&changed.json(), REGISTRATION_OPEN), false);
    assert_eq!(value_of(&changed.json(), ASSISTANT_DAILY_MESSAGE_LIMIT), 20);
    register(&app, "late@example.com")
        .await
        .assert_error(StatusCode::FORBIDDEN, "REGISTRATION_CLOSED");

    let audit = app
        .call(
            Method::GET,
            "/v1/admin/audit?action=settings_changed",
            token,
            None,
        )
        .await
        .json();
    let entry = &audit["items"][0];
    assert_eq!(entry["actor"], admin.user_id.as_str());
    assert_eq!(
        entry["metadata"][REGISTRATION_OPEN],
        json!({"from": true, "to": false})
    );

    let reopen = json!({"settings": {"registration.open": true}});
    app.call(Method::PUT, "/v1/admin/settings", token, Some(&reopen))
        .await;
    assert_eq!(
        register(&app, "late@example.com").await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn unknown_settings_and_bad_values_are_refused_whole() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let token = Some(admin.access_token.as_str());
    let put = |body: Value| {
        let app = &app;
        async move {
            app.call(Method::PUT, "/v1/admin/settings", token, Some(&body))
                .await
        }
    };
    let unknown = put(json!({"settings": {"registration.open": false, "colour": "red"}})).await;
    unknown.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(unknown.json()["error"]["details"][0]["field"], "colour");
    for bad in [
        json!({"settings": {"registration.open": "no"}}),
        json!({"settings": {"assistant.daily_message_limit": -1}}),
        json!({"settings": {"assistant.daily_message_limit": 2.5}}),
        json!({"settings": {}}),
    ] {
        put(bad)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    }
    put(json!({"registration.open": false}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
    let listed = app
        .call(Method::GET, "/v1/admin/settings", token, None)
        .await
        .json();
    assert_eq!(
        value_of(&listed, REGISTRATION_OPEN),
        true,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_change_made_elsewhere_is_seen_once_the_cache_is_30_seconds_old() {
    let app = TestApp::new();
    let state = app.embedded.state();
    assert!(state.settings.flag(REGISTRATION_OPEN).await.expect("read"));
    let elsewhere = TableSettings::new(state.table.clone(), state.clock.clone());
    elsewhere
        .save(
            &[(REGISTRATION_OPEN.to_owned(), json!(false))],
            &"01OTHER".into(),
        )
        .await
        .expect("save");
    app.clock.advance(Duration::seconds(29));
    assert!(
        state.settings.flag(REGISTRATION_OPEN).await.expect("read"),
        "cached"
    );
    app.clock.advance(Duration::seconds(2));
    assert!(!state.settings.flag(REGISTRATION_OPEN).await.expect("read"));
    let stored: HashMap<String, Value> =
        elsewhere.load().await.expect("load").into_iter().collect();
    assert_eq!(stored[REGISTRATION_OPEN], json!(false));
}
