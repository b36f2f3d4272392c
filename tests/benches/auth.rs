//! Benchmark of authentication on the embedded store (issue 3's performance figures):
//! - the per-request check of an authenticated route: JWT verification plus the session lookup
//!   (`AuthUser`), alone and as part of `GET /v1/users/me`;
//! - a password login (`POST /v1/auth/login`), dominated by argon2id (m = 19 MiB, t = 2, p = 1);
//!   25 runs, below the per-IP login limit of 30 per 15 minutes.
//!
//! Run with `cargo bench -p ferrofin-tests --bench auth`; results go in BENCHMARKS.md.

#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::Method;
use axum::routing::get;
use ferrofin_identity::AuthUser;
use ferrofin_platform::http::with_standard_layers;
use ferrofin_tests::TestApp;
use ferrofin_tests::identity::PASSWORD;
use serde_json::json;

/// Times `runs` calls of `operation` and returns the sorted durations.
async fn time<F, Fut>(runs: usize, mut operation: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        operation().await;
        samples.push(start.elapsed());
    }
    samples.sort();
    samples
}

fn row(name: &str, samples: &[Duration]) {
    let at = |fraction: f64| samples[((samples.len() - 1) as f64 * fraction).round() as usize];
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "| {name} | {} | {:.1} µs | {:.1} µs | {:.1} µs |",
        samples.len(),
        micros(at(0.5)),
        micros(at(0.9)),
        micros(at(0.99))
    );
}

#[tokio::main]
async fn main() {
    let mut app = TestApp::new();
    let user = app.signed_up("bench@example.com").await;
    let token = user.access_token.clone();

    println!("| operation | runs | median | p90 | p99 |");
    println!("|---|---:|---:|---:|---:|");

    let state = app.embedded.state();
    let whoami = Router::new()
        .route(
            "/whoami",
            get(|caller: AuthUser| async move { caller.user_id.into_string() }),
        )
        .with_state(state.clone());
    let full_app = std::mem::replace(&mut app.router, with_standard_layers(whoami, &state.http));
    let samples = time(20_000, || async {
        let response = app.call(Method::GET, "/whoami", Some(&token), None).await;
        assert!(response.status.is_success());
    })
    .await;
    row(
        "authenticated request: JWT + session check (`AuthUser` through the standard stack)",
        &samples,
    );

    app.router = full_app;
    let samples = time(20_000, || async {
        let response = app
            .call(Method::GET, "/v1/users/me", Some(&token), None)
            .await;
        assert!(response.status.is_success());
    })
    .await;
    row(
        "`GET /v1/users/me` (auth check + profile read + JSON)",
        &samples,
    );

    let login = json!({"email": "bench@example.com", "password": PASSWORD});
    let samples = time(25, || async {
        let response = app
            .call(Method::POST, "/v1/auth/login", None, Some(&login))
            .await;
        assert!(response.status.is_success());
    })
    .await;
    row(
        "`POST /v1/auth/login` (argon2id verify + session + audit)",
        &samples,
    );
}
