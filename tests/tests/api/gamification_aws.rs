//! Gamification on DynamoDB Local, one full path: a budget created and a sign-in write their
//! events to the outbox, the table's stream hands them (twice, as a retried batch would) to the
//! events worker's handler, the award subscriber writes the badge, the points and the
//! `badge.earned` event to the table, and the gamification function serves them.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use time::Duration;
use tower::ServiceExt;

use ferrofin_budgets::Budgets;
use ferrofin_budgets::budget_service::NewBudget;
use ferrofin_gamification::{Activity, Badge, BadgeSpec, Definitions, Rule};
use ferrofin_identity::events::UserSignedIn;
use ferrofin_identity::ids::SessionId;
use ferrofin_identity::keys as identity_keys;
use ferrofin_identity::roles::Role;
use ferrofin_identity::sessions::{Session, SessionStore};
use ferrofin_identity::users::User;
use ferrofin_notifications::{InboxFilter, NotificationKind, NotificationStore};
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::aws::DynamoTable;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::events::outbox;
use ferrofin_platform::events::stream::handle_stream_batch;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, to_record};
use ferrofin_tests::TestApp;
use ferrofin_tests::emulators::{create_table, sdk_config};
use ferrofin_tests::streams::TableStream;

const USER: &str = "01DYNAMOGAMEUSER";

#[tokio::test]
async fn a_badge_earned_from_the_stream_is_served_by_the_api() {
    let app = TestApp::new();
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let name = create_table(&client).await;
    let state = AppState {
        table: Arc::new(DynamoTable::new(client, &name, app.embedded.clock.clone())),
        ..app.embedded.state()
    };
    let user_id = UserId::from(USER);
    let now = app.embedded.clock.now();
    let profile = User::new(
        user_id.clone(),
        EmailAddress::parse("game-stream@example.com").expect("address"),
        "Stream".into(),
        "hash".into(),
        Role::User,
        true,
        now,
    );
    let item = to_record(&profile, &identity_keys::user(&user_id), None).expect("record");
    state
        .table
        .put(item, Condition::NotExists)
        .await
        .expect("user");
    let spec = BadgeSpec {
        name: "First budget".into(),
        description: String::new(),
        points: 10,
        rule: Rule::First {
            activity: Activity::BudgetCreated,
        },
    };
    Definitions::<Badge>::new(&state)
        .create(&UserId::from("01ADMIN"), spec)
        .await
        .expect("badge");
    let mut stream = TableStream::of(&name).await;
    let dispatcher = ferrofin_fn_events_worker::dispatcher(&state);

    // A session (its sign-in announced) to call the API with, and a budget.
    let session = Session {
        id: SessionId::generate(state.clock.as_ref()),
        user_id: user_id.clone(),
        user_agent: "ferrofin-tests/1.0".into(),
        ip: "127.0.0.1".into(),
        created_at: now,
        last_used_at: now,
        expires: now + Duration::days(1),
        refresh_hash: "unused".into(),
    };
    let signed_in = UserSignedIn {
        user_id: user_id.clone(),
        session_id: session.id.clone(),
        user_agent: session.user_agent.clone(),
        ip: session.ip.clone(),
        new_device: true,
        earlier_sessions: false,
    };
    SessionStore::new(state.table.clone())
        .create(
            &session,
            outbox::emit(&signed_in, state.clock.as_ref()).expect("event"),
        )
        .await
        .expect("session");
    Budgets::new(&state)
        .create_budget(
            &user_id,
            NewBudget {
                category: "groceries".into(),
                amount: "100".into(),
                currency: "EUR".into(),
                rollover: false,
            },
        )
        .await
        .expect("budget");

    // budget.created -> the badge and badge.earned -> a notification.
    for _ in 0..3 {
        let batch = stream.next_batch().await;
        for _ in 0..2 {
            let response = handle_stream_batch(&dispatcher, batch.clone()).await;
            assert!(
                response.batch_item_failures.is_empty(),
                "{:?}",
                response.batch_item_failures
            );
        }
    }

    let token = state
        .jwt
        .issue(
            USER,
            "user",
            session.id.as_str(),
            now,
            Duration::minutes(15),
        )
        .expect("token");
    let request = Request::get("/v1/gamification/me")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let response = ferrofin_fn_gamification::app(state.clone())
        .oneshot(request)
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let me: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(me["points"], 10, "{me}");
    assert_eq!(me["badges"].as_array().map(Vec::len), Some(1), "{me}");
    assert_eq!(me["badges"][0]["name"], "First budget");
    assert_eq!(me["streaks"][0]["activity"], "signed_in");

    let filter = InboxFilter {
        kind: Some(NotificationKind::BadgeEarned),
        ..InboxFilter::default()
    };
    let (told, _) = NotificationStore::new(&state)
        .page(&user_id, filter, 10, None)
        .await
        .expect("notifications");
    assert_eq!(told.len(), 1, "one notification, however often delivered");
}
