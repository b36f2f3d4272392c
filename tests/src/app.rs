//! `TestApp`: the devserver's router on fresh embedded services (a temporary data folder, an
//! in-memory store, a manual clock, instant queue retries), driven in-process with
//! `tower::ServiceExt::oneshot`; or, with [`TestApp::on_data_dir`], on a durable store in a data
//! folder the test owns, to restart the app on the same data.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use ferrofin_platform::adapters::embedded::{DeliveryPolicy, Storage};
use ferrofin_platform::http::HttpSettings;
use ferrofin_platform::ports::clock::ManualClock;
use ferrofin_platform::{Embedded, EmbeddedOptions};
use http_body_util::BodyExt;
use tempfile::TempDir;
use time::macros::datetime;
use tower::ServiceExt;

/// Origin the test app allows by CORS.
pub const TEST_ORIGIN: &str = "https://app.ferrofin.test";

/// The whole API on fresh embedded state.
pub struct TestApp {
    pub router: Router,
    pub embedded: Embedded,
    pub clock: Arc<ManualClock>,
    _data_dir: Option<TempDir>,
}

/// A response with its body read.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl TestResponse {
    /// The body as JSON; panics with the body text when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "body is not JSON ({err}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts the standard error body with `code`, and that it carries this response's request id.
    pub fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        let json = self.json();
        assert_eq!(json["error"]["code"], code, "body: {json}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        let request_id = self.header("x-request-id").expect("x-request-id header");
        assert_eq!(json["request_id"], request_id);
    }
}

impl TestApp {
    /// The app on an in-memory store and a temporary data folder.
    pub fn new() -> Self {
        let data_dir = tempfile::tempdir().expect("temporary data folder");
        let mut app = Self::build(data_dir.path(), Storage::InMemory);
        app._data_dir = Some(data_dir);
        app
    }

    /// The app on the durable store of `data_dir`, as the devserver runs (`<data_dir>/table.redb`).
    pub fn on_data_dir(data_dir: &Path) -> Self {
        Self::build(data_dir, Storage::durable_in(data_dir))
    }

    fn build(data_dir: &Path, storage: Storage) -> Self {
        let clock = Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC)));
        let embedded = Embedded::new(EmbeddedOptions {
            data_dir: data_dir.to_path_buf(),
            storage,
            base_url: "http://127.0.0.1:3000".to_owned(),
            clock: clock.clone(),
            secret: b"test-secret-test-secret-test-secret!".to_vec(),
            delivery: DeliveryPolicy {
                max_receive_count: 3,
                retry_delay: Duration::ZERO,
            },
            // Every event reaches its subscribers twice, at once: each test also shows that a
            // redelivered event changes nothing twice.
            event_copies: 2,
            http: HttpSettings {
                cors_allowed_origins: vec![TEST_ORIGIN.parse().expect("origin")],
            },
            mail_from: "no-reply@ferrofin.test".to_owned(),
        })
        .expect("embedded services");
        ferrofin_devserver::register_workers(&embedded, TEST_ORIGIN);
        ferrofin_devserver::register_prices_worker(&embedded, Arc::new(test_prices()));
        Self {
            router: ferrofin_devserver::app(&embedded),
            embedded,
            clock,
            _data_dir: None,
        }
    }

    /// Waits until every domain event and queued message so far has been handled (events may
    /// queue messages and messages may emit events, so until both are quiet).
    pub async fn settle(&self) {
        for _ in 0..4 {
            self.embedded.events.settle().await;
            self.embedded.queue.settle().await;
        }
    }

    /// Sends a request through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router is infallible");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// Sends a raw body with a content type.
    pub async fn send_body(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> TestResponse {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .expect("request");
        self.send(request).await
    }

    /// POSTs `body` with a bearer token and an `Idempotency-Key`.
    pub async fn post_with_idempotency_key(
        &self,
        path: &str,
        token: &str,
        key: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        let request = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send_body(Method::POST, path, "application/json", body.to_string())
            .await
    }
}

impl Drop for TestApp {
    /// The workers and the event dispatcher hold the state, which holds the queue and the event
    /// delivery they are registered on: unregistering them ends those cycles, so the store
    /// closes (and a durable one unlocks its file).
    fn drop(&mut self) {
        self.embedded.queue.unregister_all();
        self.embedded.events.stop();
    }
}

impl Default for TestApp {
    fn default() -> Self {
        Self::new()
    }
}

/// The prices worker's source in tests: `tests/data/prices.json` (closes and rates of the
/// symbols the investments tests hold, chosen so their figures can be worked out by hand).
pub fn test_prices() -> ferrofin_investments::FilePriceSource {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/prices.json");
    ferrofin_investments::FilePriceSource::open(&path).expect("tests/data/prices.json")
}
