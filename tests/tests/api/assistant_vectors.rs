//! Vector search over the caller's own texts with an embeddings endpoint: a fake one on
//! 127.0.0.1 embeds by concept (words of one meaning share a dimension), so a question finds a
//! note by meaning that no keyword matches; each text is embedded once and its vector kept in
//! the caller's partition; another user's texts are never sent; a failing endpoint falls back to
//! keyword search.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post as route_post;
use ferrofin_assistant::AssistantSettings;
use ferrofin_assistant::embeddings::EmbeddingSettings;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::{Query, SortKey};
use ferrofin_tests::TestApp;
use serde_json::{Value, json};

use crate::assistant::{answer, start, with_settings};

/// Words that mean the same, one dimension each.
const CONCEPTS: [&[&str]; 3] = [
    &["gift", "present", "presents"],
    &["mother", "mum", "mom"],
    &["car", "garage", "tyres"],
];

fn embedding(text: &str) -> Vec<f32> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    CONCEPTS
        .iter()
        .map(|concept| {
            let hits = words.iter().filter(|word| concept.contains(word)).count();
            hits as f32
        })
        .chain([0.1])
        .collect()
}

#[derive(Clone, Default)]
struct Seen {
    inputs: Arc<Mutex<Vec<String>>>,
    failing: Arc<Mutex<bool>>,
}

async fn embeddings(
    State(seen): State<Seen>,
    Json(request): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if *seen.failing.lock().expect("lock") {
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({})));
    }
    let inputs: Vec<String> = request["input"]
        .as_array()
        .expect("input")
        .iter()
        .map(|text| text.as_str().expect("text").to_owned())
        .collect();
    seen.inputs.lock().expect("lock").extend(inputs.clone());
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| json!({"index": index, "embedding": embedding(text)}))
        .collect();
    (
        StatusCode::OK,
        Json(json!({"data": data, "usage": {"prompt_tokens": 1}})),
    )
}

async fn fake_endpoint() -> (Seen, AssistantSettings) {
    let seen = Seen::default();
    let router = axum::Router::new()
        .route("/v1/embeddings", route_post(embeddings))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    let settings = AssistantSettings {
        embeddings: Some(EmbeddingSettings {
            base_url: format!("http://{address}/v1"),
            model: "fake-embed".to_owned(),
            api_key: String::new(),
            price: rust_decimal::Decimal::new(2, 0),
        }),
        ..AssistantSettings::default()
    };
    (seen, settings)
}

async fn note(
    app: &TestApp,
    user: &ferrofin_tests::identity::SignedIn,
    account: &str,
    description: &str,
    notes: &str,
) {
    let body = json!({"account_id": account, "date": "2026-11-10", "amount": "-25.00", "currency": "EUR",
        "description": description, "notes": notes, "category": "shopping"});
    app.record_transaction(user, &body).await;
}

async fn vectors_of(app: &TestApp, user: &ferrofin_tests::identity::SignedIn) -> usize {
    let query = Query {
        sort: SortKey::BeginsWith("ASSISTANT_VECTOR#fake-embed#".to_owned()),
        ..Query::partition(user_partition(&user.user_id), 100)
    };
    app.embedded
        .state()
        .table
        .query(query)
        .await
        .expect("query")
        .items
        .len()
}

#[tokio::test]
async fn notes_are_found_by_meaning_embedded_once_and_only_the_callers() {
    let (seen, settings) = fake_endpoint().await;
    let app = with_settings(settings);
    let user = app.signed_up("vectors@example.com").await;
    let account = app.open_account(&user, "checking", "EUR", "500.00").await;
    note(&app, &user, &account, "Flowers", "birthday gift for mother").await;
    note(&app, &user, &account, "Kwik Fit", "new tyres").await;
    let other = app.signed_up("vectors-other@example.com").await;
    let theirs = app.open_account(&other, "checking", "EUR", "500.00").await;
    note(&app, &other, &theirs, "Secret", "present for mum").await;
    let id = start(&app, &user).await;

    let found = answer(&app, &user, &id, "Search my notes for present for mum").await;
    let text = found["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("1 transaction(s) mention it"), "{found}");
    assert!(text.contains("birthday gift for mother"), "{found}");
    assert!(!text.contains("tyres"), "{found}");
    assert_eq!(vectors_of(&app, &user).await, 2, "one vector per text");
    let sent = seen.inputs.lock().expect("lock").clone();
    assert!(
        sent.iter().all(|input| !input.contains("Secret")),
        "another user's text reached the endpoint: {sent:?}"
    );

    // Asked again: only the query is embedded, the texts' vectors are read back.
    seen.inputs.lock().expect("lock").clear();
    answer(&app, &user, &id, "Search my notes for garage").await;
    assert_eq!(*seen.inputs.lock().expect("lock"), ["garage"]);

    // The endpoint fails: keyword search answers.
    *seen.failing.lock().expect("lock") = true;
    let keyword = answer(&app, &user, &id, "Search my notes for mum").await;
    assert!(
        keyword["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Nothing in your"),
        "{keyword}"
    );
    let exact = answer(&app, &user, &id, "Search my notes for tyres").await;
    assert!(
        exact["text"]
            .as_str()
            .unwrap_or_default()
            .contains("new tyres"),
        "{exact}"
    );

    // The fake counts one token a request: two the first question, one the second; at 2 USD a
    // million tokens, 2 micro-dollars each.
    let usage = crate::budgets_crud::get(&app, &user, "/v1/assistant/usage")
        .await
        .json();
    assert_eq!(
        (
            usage["embedding_tokens"].as_u64(),
            usage["cost_micro_usd"].as_u64()
        ),
        (Some(3), Some(6)),
        "{usage}"
    );
}
