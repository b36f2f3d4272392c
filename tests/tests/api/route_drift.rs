//! The hand-kept lists of routes agree: each function's `openapi()` (from the devserver's
//! `endpoint_groups()`), the combined OpenAPI document, template.yaml's HttpApi events, the
//! events/ fixtures and the devserver's router; and every worker has its queue or stream, with a
//! dead-letter queue, and a fixture. A new function or route is picked up from those sources;
//! nothing here lists them. The checks live in `ferrofin_tests::drift`.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use ferrofin_platform::http::with_standard_layers;
use ferrofin_tests::TestApp;
use ferrofin_tests::drift::{
    Fixture, Group, Inventory, fixture_problems, folder_problems, http_api_problems, load_fixtures,
    openapi_problems, worker_problems,
};
use ferrofin_tests::routes::{Route, documented_routes, path_matches, route_for};
use ferrofin_tests::template::{Reference, Template, reference};
use http_body_util::BodyExt;
use serde_norway::Value;
use tower::ServiceExt;

/// Fails listing every problem, one a line.
fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n  - {}",
        problems.len(),
        problems.join("\n  - ")
    );
}

#[test]
fn every_function_folder_is_a_mounted_endpoint_group_or_a_worker() {
    let inventory = Inventory::load();
    assert!(
        inventory
            .groups
            .iter()
            .all(|group| !group.routes.is_empty()),
        "every endpoint group documents at least one route"
    );
    assert_no_problems("functions/", &folder_problems(&inventory));
}

#[test]
fn the_combined_openapi_document_is_every_groups_routes() {
    let combined = documented_routes(&ferrofin_fn_docs::openapi_document());
    assert_no_problems(
        "the combined OpenAPI document",
        &openapi_problems(&Inventory::load(), &combined),
    );
}

#[test]
fn every_route_has_one_http_api_event_on_its_function_and_every_event_is_a_route() {
    assert_no_problems(
        "template.yaml HttpApi events",
        &http_api_problems(&Template::load(), &Inventory::load()),
    );
}

#[test]
fn every_worker_has_its_queue_or_stream_with_a_dead_letter_queue() {
    let inventory = Inventory::load();
    assert!(
        inventory.workers().count() >= 2,
        "the email and jobs workers are found"
    );
    assert_no_problems(
        "template.yaml worker events",
        &worker_problems(&Template::load(), &inventory),
    );
}

#[test]
fn every_route_and_worker_has_a_fixture_and_every_fixture_belongs_to_one() {
    let fixtures = load_fixtures();
    assert!(!fixtures.is_empty(), "events/ holds fixtures");
    assert_no_problems(
        "events/",
        &fixture_problems(&Template::load(), &Inventory::load(), &fixtures),
    );
}

// ------------------------------------------------------------------ the devserver's router

/// A response header that tells which route of the router answered.
const MATCHED: &str = "x-test-matched-path";

/// The devserver's router with each response of a matched path labelled with its path
/// template. `route_layer` only wraps the routes, so the router's fallback (404 ROUTE_NOT_FOUND, no path matched) answers without
/// the label, while a resource's own 404 NOT_FOUND answers with it. A method that a matched
/// path does not have is answered 405 METHOD_NOT_ALLOWED, labelled.
fn labelled(app: &TestApp) -> axum::Router {
    async fn label(request: Request, next: Next) -> Response {
        let matched = request
            .extensions()
            .get::<MatchedPath>()
            .map(|path| path.as_str().to_owned());
        let mut response = next.run(request).await;
        if let Some(value) = matched.and_then(|m| HeaderValue::from_str(&m).ok()) {
            response.headers_mut().insert(MATCHED, value);
        }
        response
    }
    let routes = ferrofin_devserver::routes(&app.embedded).route_layer(middleware::from_fn(label));
    with_standard_layers(routes, &app.embedded.state().http)
}

/// Status, error code and matched route of one request to the devserver's router.
async fn answer(
    router: &axum::Router,
    method: &str,
    path: &str,
) -> (StatusCode, String, Option<String>) {
    let request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let matched = response
        .headers()
        .get(MATCHED)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let code = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|json| json["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (status, code, matched)
}

#[tokio::test]
async fn the_devserver_router_tells_its_fallback_from_a_route() {
    let app = TestApp::new();
    let router = labelled(&app);
    assert_eq!(
        answer(&router, "GET", "/v1/no-such-route").await,
        (StatusCode::NOT_FOUND, "ROUTE_NOT_FOUND".to_owned(), None)
    );
    assert_eq!(
        answer(&router, "PUT", "/health").await,
        (
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED".to_owned(),
            Some("/health".to_owned())
        )
    );
    let (status, _, matched) = answer(&router, "GET", "/health").await;
    assert_eq!(
        (status, matched.as_deref()),
        (StatusCode::OK, Some("/health"))
    );
}

#[tokio::test]
async fn every_route_is_mounted_in_the_devserver() {
    let app = TestApp::new();
    let router = labelled(&app);
    let inventory = Inventory::load();
    let mut problems = Vec::new();
    for (group, route) in inventory.routes() {
        let path = route.placeholder_path();
        let (status, code, matched) = answer(&router, &route.method, &path).await;
        match matched {
            Some(_) if status == StatusCode::METHOD_NOT_ALLOWED => problems.push(format!(
                "{route} (functions/{}): the devserver mounts {} but answered {} {path} with \
                 405 {code}: ferrofin_devserver::app does not mount this method",
                group.name, route.path, route.method
            )),
            Some(matched) if matched == route.path => {}
            Some(matched) => problems.push(format!(
                "{route} (functions/{}): {} {path} reached the devserver's route {matched} instead",
                group.name, route.method
            )),
            None => problems.push(format!(
                "{route} (functions/{}): the devserver's router answered {} {path} with its \
                 fallback ({} {code}): ferrofin_devserver::app does not mount it",
                group.name,
                route.method,
                status.as_u16()
            )),
        }
    }
    assert_no_problems("the devserver's router", &problems);
}

// ------------------------------------------------------------------ the checks catch drift

/// template.yaml with one event taken out of a function.
fn template_without(function: &str, event: &str) -> Template {
    let mut template = Template::load();
    let events = template
        .root
        .get_mut("Resources")
        .and_then(|r| r.get_mut(function))
        .and_then(|f| f.get_mut("Properties"))
        .and_then(|p| p.get_mut("Events"))
        .and_then(Value::as_mapping_mut)
        .unwrap_or_else(|| panic!("{function} has Events"));
    events
        .shift_remove(event)
        .unwrap_or_else(|| panic!("{function} has the event {event}"));
    template
}

#[test]
fn a_route_missing_from_the_template_is_named() {
    let template = template_without("WalletFunction", "NetWorth");
    assert_eq!(
        http_api_problems(&template, &Inventory::load()),
        [
            "GET /v1/wallet/networth (served by functions/wallet) has no HttpApi event in \
          template.yaml: add one with Method: GET and Path: /v1/wallet/networth under Events \
          of WalletFunction"
        ]
    );
}

#[test]
fn an_event_on_the_wrong_function_or_for_no_route_is_named() {
    let text =
        std::fs::read_to_string(ferrofin_tests::template::repository_root().join("template.yaml"))
            .expect("template.yaml");
    // Move GET /v1/wallet/summary to the accounts function and misspell GET /ready.
    let text = text.replacen("Path: /ready\n", "Path: /readyz\n", 1);
    let mut template = Template::parse(&text).expect("still YAML");
    let summary = template
        .root
        .get_mut("Resources")
        .and_then(|r| r.get_mut("WalletFunction"))
        .and_then(|f| f.get_mut("Properties"))
        .and_then(|p| p.get_mut("Events"))
        .and_then(Value::as_mapping_mut)
        .and_then(|events| events.shift_remove("Summary"))
        .expect("the Summary event");
    template
        .root
        .get_mut("Resources")
        .and_then(|r| r.get_mut("AccountsFunction"))
        .and_then(|f| f.get_mut("Properties"))
        .and_then(|p| p.get_mut("Events"))
        .and_then(Value::as_mapping_mut)
        .expect("accounts events")
        .insert("Summary".into(), summary);
    assert_eq!(
        http_api_problems(&template, &Inventory::load()),
        [
            "GET /ready (served by functions/health) has no HttpApi event in template.yaml: \
             add one with Method: GET and Path: /ready under Events of HealthFunction",
            "GET /v1/wallet/summary is served by functions/wallet (WalletFunction) but its \
             HttpApi event is template.yaml Resources.AccountsFunction.Properties.Events.Summary",
            "template.yaml Resources.HealthFunction.Properties.Events.Ready: GET /readyz is not \
             a route: it is not in functions/health's openapi()",
        ]
    );
}

#[test]
fn a_worker_queue_without_a_dead_letter_queue_is_named() {
    let mut template = Template::load();
    let queue = template
        .root
        .get_mut("Resources")
        .and_then(|r| r.get_mut("JobsQueue"))
        .and_then(|q| q.get_mut("Properties"))
        .and_then(Value::as_mapping_mut)
        .expect("JobsQueue properties");
    queue
        .shift_remove("RedrivePolicy")
        .expect("a redrive policy");
    assert_eq!(
        worker_problems(&template, &Inventory::load()),
        [
            "template.yaml Resources.JobsQueue (the queue of template.yaml \
          Resources.JobsWorkerFunction.Properties.Events.JobsQueue) has no dead-letter queue: \
          add Properties.RedrivePolicy.deadLetterTargetArn: !GetAtt <an AWS::SQS::Queue>.Arn"
        ]
    );
}

#[test]
fn missing_and_stray_fixtures_are_named() {
    let mut fixtures: Vec<Fixture> = load_fixtures()
        .into_iter()
        .filter(|f| f.path != "wallet/networth.json" && f.path != "jobs-worker/sqs-batch.json")
        .collect();
    let stray = serde_json::json!({
        "version": "2.0",
        "routeKey": "GET /v1/wallet/summary",
        "rawPath": "/v1/wallet/summary",
        "requestContext": {"http": {"method": "GET"}}
    });
    fixtures.push(Fixture {
        path: "accounts/summary.json".to_owned(),
        function: "accounts".to_owned(),
        json: Ok(stray),
    });
    let wrong_path = serde_json::json!({
        "version": "2.0",
        "routeKey": "GET /v1/accounts/{id}",
        "rawPath": "/v1/accounts",
        "requestContext": {"http": {"method": "GET"}}
    });
    fixtures.push(Fixture {
        path: "accounts/get-bad.json".to_owned(),
        function: "accounts".to_owned(),
        json: Ok(wrong_path),
    });
    assert_eq!(
        fixture_problems(&Template::load(), &Inventory::load(), &fixtures),
        [
            "events/accounts/summary.json: routeKey GET /v1/wallet/summary is not a route of \
             functions/accounts",
            "events/accounts/get-bad.json: rawPath /v1/accounts is not an instance of \
             /v1/accounts/{id}",
            "GET /v1/wallet/networth (functions/wallet) has no fixture in events/wallet/: add an \
             API Gateway v2 event with \"routeKey\": \"GET /v1/wallet/networth\"",
            "functions/jobs-worker has no event fixture: add a batch of records its queue or \
             stream delivers to events/jobs-worker/",
        ]
    );
}

#[test]
fn a_group_missing_from_the_combined_document_is_named() {
    let mut inventory = Inventory::load();
    inventory.groups.push(Group {
        name: "reports".to_owned(),
        routes: BTreeSet::from([Route::new("GET", "/v1/reports")]),
    });
    let combined = documented_routes(&ferrofin_fn_docs::openapi_document());
    assert_eq!(
        openapi_problems(&inventory, &combined),
        [
            "GET /v1/reports (functions/reports) is missing from the combined OpenAPI document: \
          add its openapi to FUNCTION_DOCUMENTS in functions/docs/src/document.rs"
        ]
    );
    assert_eq!(
        folder_problems(&inventory),
        [
            "ferrofin_devserver::endpoint_groups() lists \"reports\", but there is no \
          functions/reports/"
        ]
    );
}

// ------------------------------------------------------------------ the helpers

#[test]
fn path_templates_match_their_instances_only() {
    assert!(path_matches("/v1/accounts", "/v1/accounts"));
    assert!(path_matches("/v1/accounts/{id}", "/v1/accounts/01J"));
    assert!(!path_matches("/v1/accounts/{id}", "/v1/accounts/"));
    assert!(!path_matches("/v1/accounts/{id}", "/v1/accounts"));
    assert!(!path_matches("/v1/accounts/{id}", "/v1/accounts/01J/x"));
    assert!(!path_matches("/v1/accounts", "/v1/customers"));
    assert!(path_matches("/files/{key+}", "/files/a/b"));
    assert!(!path_matches("/files/{key+}", "/files"));
}

#[test]
fn the_most_specific_route_wins() {
    let routes = [
        Route::new("GET", "/v1/customers/{id}"),
        Route::new("GET", "/v1/customers/statistics"),
    ];
    assert_eq!(
        route_for(&routes, "get", "/v1/customers/statistics"),
        Some(&routes[1])
    );
    assert_eq!(
        route_for(&routes, "GET", "/v1/customers/01J"),
        Some(&routes[0])
    );
    assert_eq!(route_for(&routes, "POST", "/v1/customers/01J"), None);
}

#[test]
fn route_keys_and_placeholder_paths() {
    let route = Route::from_route_key("DELETE /v1/goals/{id}").expect("a route key");
    assert_eq!(route, Route::new("delete", "/v1/goals/{id}"));
    assert_eq!(route.to_string(), "DELETE /v1/goals/{id}");
    assert_eq!(
        route.placeholder_path(),
        "/v1/goals/01HZZZZZZZZZZZZZZZZZZZZZZZ"
    );
    assert_eq!(Route::from_route_key("$default"), None);
}

#[test]
fn template_references_in_short_and_long_form() {
    let value: Value = serde_norway::from_str(
        "a: !Ref HttpApi\nb: !GetAtt JobsQueue.Arn\nc: !GetAtt [JobsQueue, Arn]\n\
         d: {Ref: Table}\ne: {'Fn::GetAtt': [Table, Arn]}\nf: !Sub '${Table}'\ng: plain\n",
    )
    .expect("YAML");
    let get = |key: &str| reference(value.get(key).expect(key));
    let queue = Some(Reference::GetAtt("JobsQueue".into(), "Arn".into()));
    assert_eq!(get("a"), Some(Reference::Ref("HttpApi".into())));
    assert_eq!(get("b"), queue);
    assert_eq!(get("c"), queue);
    assert_eq!(get("d"), Some(Reference::Ref("Table".into())));
    assert_eq!(
        get("e"),
        Some(Reference::GetAtt("Table".into(), "Arn".into()))
    );
    assert_eq!(get("f"), None);
    assert_eq!(get("g"), None);
}
