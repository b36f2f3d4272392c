//! A local stand-in for the AWS Lambda Runtime API, serving exactly one invocation.
//!
//! The function's runtime client long-polls `GET /2018-06-01/runtime/invocation/next`; the first
//! call gets the benchmark event, later calls wait until the server is stopped. Everything the
//! function sends back (`/response`, `/error`, `/init/error`) is forwarded as an [`ApiEvent`],
//! stamped with the [`Instant`] it arrived, so the harness can time the cold start.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// How far in the future the invocation deadline is put (the function's configured timeout).
const INVOCATION_TIMEOUT: Duration = Duration::from_secs(30);
/// An X-Ray trace header; the runtime only passes it through.
const TRACE_ID: &str = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";
/// How long [`RuntimeApi::stop`] waits for open connections to close before dropping them.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// The single invocation handed out by the server.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub request_id: String,
    pub function_arn: String,
    pub event: Bytes,
}

/// What the function did, in arrival order.
#[derive(Debug)]
pub enum ApiEvent {
    /// The first `next` call: the function finished init. `handed_out` is when the event left.
    Ready {
        arrived: Instant,
        handed_out: Instant,
    },
    /// `POST /invocation/{id}/response`.
    Response {
        request_id: String,
        body: Bytes,
        at: Instant,
    },
    /// `POST /invocation/{id}/error`: the handler failed.
    InvocationError { request_id: String, body: Bytes },
    /// `POST /init/error`: the function could not initialise.
    InitError { body: Bytes },
}

/// A running Runtime API server on 127.0.0.1 with a random free port.
pub struct RuntimeApi {
    addr: SocketAddr,
    events: mpsc::UnboundedReceiver<ApiEvent>,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<io::Result<()>>,
}

struct Shared {
    invocation: Invocation,
    handed_out: AtomicBool,
    events: mpsc::UnboundedSender<ApiEvent>,
    shutdown: watch::Receiver<bool>,
}

impl RuntimeApi {
    /// Binds a free port and starts serving `invocation`.
    pub async fn start(invocation: Invocation) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (events_tx, events) = mpsc::unbounded_channel();
        let (shutdown, shutdown_rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            invocation,
            handed_out: AtomicBool::new(false),
            events: events_tx,
            shutdown: shutdown_rx.clone(),
        });
        let app = router(shared);
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(stopped(shutdown_rx))
                .await
        });
        Ok(Self {
            addr,
            events,
            shutdown,
            task,
        })
    }

    /// The `host:port` to put in `AWS_LAMBDA_RUNTIME_API`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The next thing the function did; `None` once the server has stopped.
    pub async fn recv(&mut self) -> Option<ApiEvent> {
        self.events.recv().await
    }

    /// Releases any waiting `next` call and stops the server, dropping connections after a grace period.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(STOP_GRACE, self.task).await.is_err() {
            abort.abort();
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(invocation_response),
        )
        .route(
            "/2018-06-01/runtime/invocation/{id}/error",
            post(invocation_error),
        )
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(shared)
}

async fn stopped(mut shutdown: watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    let arrived = Instant::now();
    if shared.handed_out.swap(true, Ordering::SeqCst) {
        // Only one invocation per cold start: park the long poll until the run is over.
        stopped(shared.shutdown.clone()).await;
        return StatusCode::GONE.into_response();
    }
    let invocation = &shared.invocation;
    let headers = [
        (CONTENT_TYPE.as_str(), "application/json".to_owned()),
        (
            "Lambda-Runtime-Aws-Request-Id",
            invocation.request_id.clone(),
        ),
        (
            "Lambda-Runtime-Deadline-Ms",
            deadline_epoch_ms().to_string(),
        ),
        (
            "Lambda-Runtime-Invoked-Function-Arn",
            invocation.function_arn.clone(),
        ),
        ("Lambda-Runtime-Trace-Id", TRACE_ID.to_owned()),
    ];
    let response = (StatusCode::OK, headers, invocation.event.clone()).into_response();
    let _ = shared.events.send(ApiEvent::Ready {
        arrived,
        handed_out: Instant::now(),
    });
    response
}

async fn invocation_response(
    State(shared): State<Arc<Shared>>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> impl IntoResponse {
    let at = Instant::now();
    let _ = shared.events.send(ApiEvent::Response {
        request_id,
        body,
        at,
    });
    accepted()
}

async fn invocation_error(
    State(shared): State<Arc<Shared>>,
    Path(request_id): Path<String>,
    body: Bytes,
) -> impl IntoResponse {
    let _ = shared
        .events
        .send(ApiEvent::InvocationError { request_id, body });
    accepted()
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> impl IntoResponse {
    let _ = shared.events.send(ApiEvent::InitError { body });
    accepted()
}

/// The Runtime API answers every POST with 202 and this body.
fn accepted() -> impl IntoResponse {
    (
        StatusCode::ACCEPTED,
        [(CONTENT_TYPE, "application/json")],
        r#"{"status":"OK"}"#,
    )
}

fn deadline_epoch_ms() -> u128 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (now + INVOCATION_TIMEOUT).as_millis()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// Sends one HTTP/1.1 request on a fresh connection and returns the whole response text.
    async fn call(addr: SocketAddr, method: &str, path: &str, body: &str) -> String {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read");
        response
    }

    fn invocation() -> Invocation {
        Invocation {
            request_id: "req-1".to_owned(),
            function_arn: "arn:aws:lambda:us-east-1:000000000000:function:f".to_owned(),
            event: Bytes::from_static(br#"{"hello":1}"#),
        }
    }

    #[tokio::test]
    async fn next_hands_out_the_event_with_runtime_headers_then_response_is_reported() {
        let mut api = RuntimeApi::start(invocation()).await.expect("server");
        let next = call(api.addr(), "GET", "/2018-06-01/runtime/invocation/next", "").await;
        assert!(next.starts_with("HTTP/1.1 200"), "{next}");
        let lower = next.to_ascii_lowercase();
        for header in [
            "lambda-runtime-aws-request-id: req-1",
            "lambda-runtime-deadline-ms: ",
            "lambda-runtime-invoked-function-arn: arn:aws:lambda:",
            "lambda-runtime-trace-id: root=",
        ] {
            assert!(lower.contains(header), "missing {header} in {next}");
        }
        assert!(next.ends_with(r#"{"hello":1}"#), "{next}");
        assert!(matches!(api.recv().await, Some(ApiEvent::Ready { .. })));

        let path = "/2018-06-01/runtime/invocation/req-1/response";
        let posted = call(api.addr(), "POST", path, r#"{"ok":true}"#).await;
        assert!(posted.starts_with("HTTP/1.1 202"), "{posted}");
        match api.recv().await {
            Some(ApiEvent::Response {
                request_id, body, ..
            }) => {
                assert_eq!(request_id, "req-1");
                assert_eq!(&body[..], br#"{"ok":true}"#);
            }
            other => panic!("expected the response, got {other:?}"),
        }
        api.stop().await;
    }

    #[tokio::test]
    async fn second_next_waits_until_the_server_stops() {
        let api = RuntimeApi::start(invocation()).await.expect("server");
        let addr = api.addr();
        call(addr, "GET", "/2018-06-01/runtime/invocation/next", "").await;
        let second = tokio::spawn(call(addr, "GET", "/2018-06-01/runtime/invocation/next", ""));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!second.is_finished());
        api.stop().await;
        let answer = tokio::time::timeout(STOP_GRACE, second).await;
        assert!(answer.is_ok(), "the parked `next` was not released");
    }

    #[tokio::test]
    async fn errors_are_reported() {
        let mut api = RuntimeApi::start(invocation()).await.expect("server");
        call(api.addr(), "POST", "/2018-06-01/runtime/init/error", "boom").await;
        assert!(
            matches!(api.recv().await, Some(ApiEvent::InitError { body }) if &body[..] == b"boom")
        );
        let path = "/2018-06-01/runtime/invocation/req-1/error";
        call(api.addr(), "POST", path, "bad").await;
        assert!(matches!(
            api.recv().await,
            Some(ApiEvent::InvocationError { request_id, .. }) if request_id == "req-1"
        ));
        api.stop().await;
    }
}
