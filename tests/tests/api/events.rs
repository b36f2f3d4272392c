//! Every API Gateway fixture in events/ is fed to its Lambda handler, as `cargo lambda invoke`
//! and `sam local invoke` would, and must be answered as expected.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Each fixture, the status its handler must answer, and the function that handles it.
const FIXTURES: &[(&str, u16)] = &[
    ("health/get-health.json", 200),
    ("health/get-ready.json", 200),
    ("docs/get-openapi.json", 200),
];

fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

/// The Lambda handler (router under the standard stack) of a function, on embedded services.
fn handler_of(function: &str, app: &TestApp) -> Router {
    match function {
        "health" => ferrofin_health::app(app.embedded.state()),
        "docs" => ferrofin_docs::app(&app.embedded.state().http),
        other => panic!("no handler known for events/{other}/: add it to handler_of"),
    }
}

fn fixtures_on_disk() -> Vec<String> {
    let mut found = Vec::new();
    for function in std::fs::read_dir(events_dir()).expect("events/") {
        let function = function.expect("entry").path();
        for file in std::fs::read_dir(&function).expect("function folder") {
            let file = file.expect("entry").path();
            let relative = file.strip_prefix(events_dir()).expect("under events/");
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    found.sort();
    found
}

#[test]
fn every_fixture_on_disk_is_exercised() {
    let mut listed: Vec<String> = FIXTURES
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    listed.sort();
    assert_eq!(fixtures_on_disk(), listed);
}

#[tokio::test]
async fn each_api_gateway_fixture_is_answered_by_its_lambda_handler() {
    let app = TestApp::new();
    for (fixture, expected_status) in FIXTURES {
        let text = std::fs::read_to_string(events_dir().join(fixture)).expect("fixture");
        let event: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let request = lambda_http::request::from_str(&text).expect("an API Gateway v2 event");
        let function = fixture.split('/').next().expect("folder");
        let response = handler_of(function, &app)
            .oneshot(request)
            .await
            .expect("infallible");
        assert_eq!(
            response.status(),
            StatusCode::from_u16(*expected_status).expect("status"),
            "{fixture}"
        );
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(
            request_id.as_deref(),
            event["requestContext"]["requestId"].as_str(),
            "{fixture}: the API Gateway request id is the request id"
        );
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        serde_json::from_slice::<serde_json::Value>(&body)
            .unwrap_or_else(|_| panic!("{fixture}: body is not JSON"));
    }
}
