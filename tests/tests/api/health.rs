//! GET /health and GET /ready.

use std::sync::Arc;

use async_trait::async_trait;
use axum::http::StatusCode;
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::embedded::{EmbeddedBlobs, OutboxMailer};
use ferrofin_platform::ports::clock::SystemClock;
use ferrofin_platform::ports::queue::{Envelope, Queue, QueueError, QueueName};
use ferrofin_platform::ports::table::{
    Condition, Item, Key, Page, Query, Table, TableError, Write,
};
use ferrofin_tests::TestApp;
use time::OffsetDateTime;

#[tokio::test]
async fn health_reports_status_version_uptime_and_memory() {
    let response = TestApp::new().get("/health").await;
    assert_eq!(response.status, StatusCode::OK);
    let json = response.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    assert!(json["uptime_seconds"].is_u64());
    assert!(
        json["memory"]["rss_bytes"]
            .as_u64()
            .is_some_and(|rss| rss > 0)
    );
}

#[tokio::test]
async fn ready_is_200_when_every_port_answers() {
    let response = TestApp::new().get("/ready").await;
    assert_eq!(response.status, StatusCode::OK);
    let checks = &response.json()["checks"];
    for port in ["table", "queue", "blobs", "mailer"] {
        assert_eq!(checks[port], "ok", "{port}");
    }
}

/// A table whose every call fails the way an unreachable DynamoDB does.
struct UnreachableTable;

const INTERNAL_DETAIL: &str = "dispatch failure: connection refused (10.1.2.3:8000)";

#[async_trait]
impl Table for UnreachableTable {
    async fn get(&self, _: &Key) -> Result<Option<Item>, TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn put(&self, _: Item, _: Condition) -> Result<(), TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn delete(&self, _: &Key, _: Condition) -> Result<(), TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn query(&self, _: Query) -> Result<Page, TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn increment(
        &self,
        _: &Key,
        _: &str,
        _: i64,
        _: Option<OffsetDateTime>,
    ) -> Result<i64, TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn transact(&self, _: Vec<Write>) -> Result<(), TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn ping(&self) -> Result<(), TableError> {
        Err(TableError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
}

#[tokio::test]
async fn ready_is_503_with_the_error_body_when_the_table_is_down_and_hides_the_cause() {
    let mut app = TestApp::new();
    let state = AppState {
        table: Arc::new(UnreachableTable),
        ..app.embedded.state()
    };
    app.router = ferrofin_fn_health::app(state);
    let response = app.get("/ready").await;
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    assert!(response.header("retry-after").is_some());
    let body = String::from_utf8_lossy(&response.body);
    assert!(
        !body.contains("10.1.2.3") && !body.contains("refused"),
        "internal detail leaked: {body}"
    );
}

/// Queues that cannot be reached.
struct UnreachableQueue;

#[async_trait]
impl Queue for UnreachableQueue {
    async fn send(&self, _: QueueName, _: &Envelope) -> Result<(), QueueError> {
        Err(QueueError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn send_batch(&self, _: QueueName, _: &[Envelope]) -> Result<(), QueueError> {
        Err(QueueError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
    async fn ping(&self) -> Result<(), QueueError> {
        Err(QueueError::Unavailable(INTERNAL_DETAIL.to_owned()))
    }
}

#[tokio::test]
async fn ready_is_503_when_the_queues_are_down() {
    let mut app = TestApp::new();
    let state = AppState {
        queue: Arc::new(UnreachableQueue),
        ..app.embedded.state()
    };
    app.router = ferrofin_fn_health::app(state);
    let response = app.get("/ready").await;
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    assert!(
        response.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("queue"))
    );
    assert!(!String::from_utf8_lossy(&response.body).contains("10.1.2.3"));
}

/// A folder path that cannot be made, since it lies under a regular file (in a temporary
/// folder that lives as long as the answer).
fn unmakeable_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a folder").expect("write the blocking file");
    (dir, file.join("below"))
}

async fn assert_ready_fails_naming(app: &TestApp, dependency: &str) {
    let response = app.get("/ready").await;
    response.assert_error(StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
    assert!(
        response.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(dependency)),
        "{}",
        response.json()
    );
}

#[tokio::test]
async fn ready_is_503_when_the_uploads_store_is_unusable() {
    let mut app = TestApp::new();
    let (_dir, folder) = unmakeable_folder();
    let blobs = EmbeddedBlobs::new(
        folder,
        "http://127.0.0.1:9",
        b"secret".to_vec(),
        Arc::new(SystemClock),
    );
    let state = AppState {
        blobs: Arc::new(blobs),
        ..app.embedded.state()
    };
    app.router = ferrofin_fn_health::app(state);
    assert_ready_fails_naming(&app, "blobs").await;
}

#[tokio::test]
async fn ready_is_503_when_mail_cannot_be_sent() {
    let mut app = TestApp::new();
    let (_dir, folder) = unmakeable_folder();
    let mailer = OutboxMailer::new(folder, "noreply@example.com", Arc::new(SystemClock));
    let state = AppState {
        mailer: Arc::new(mailer),
        ..app.embedded.state()
    };
    app.router = ferrofin_fn_health::app(state);
    assert_ready_fails_naming(&app, "mailer").await;
}
