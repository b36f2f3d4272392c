//! GET /v1/openapi.json: the document is generated from code, covers every route and names
//! every operation uniquely.

use axum::http::StatusCode;
use ferrofin_tests::TestApp;

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_every_route() {
    let response = TestApp::new().get("/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let document = response.json();
    assert!(
        document["openapi"]
            .as_str()
            .expect("version")
            .starts_with("3.1")
    );
    for path in ["/health", "/ready", "/v1/openapi.json"] {
        assert!(
            document["paths"][path]["get"].is_object(),
            "{path} is missing"
        );
    }
    let schemas = &document["components"]["schemas"];
    for schema in ["ErrorBody", "ErrorCode", "Health", "Readiness"] {
        assert!(schemas[schema].is_object(), "schema {schema} is missing");
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn every_documented_path_is_served() {
    let app = TestApp::new();
    let document = ferrofin_fn_docs::openapi_document();
    for path in document.paths.paths.keys() {
        let response = app.get(path).await;
        assert_ne!(
            response.status,
            StatusCode::NOT_FOUND,
            "{path} is documented but not routed"
        );
    }
}

/// Whether `id` is a lowerCamelCase name of at least two words (`listAccounts`): a name a
/// client generator turns into a method, and never a bare handler name such as `list`.
fn is_descriptive_camel_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
        && id.chars().any(|c| c.is_ascii_uppercase())
}

#[tokio::test]
async fn every_operation_has_a_unique_descriptive_operation_id() {
    let document = TestApp::new().get("/v1/openapi.json").await.json();
    let mut seen = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let at = format!("{} {path}", method.to_uppercase());
            let Some(id) = operation["operationId"].as_str() else {
                problems.push(format!("{at}: no operationId"));
                continue;
            };
            if !is_descriptive_camel_case(id) {
                problems.push(format!(
                    "{at}: operationId {id:?} is not lowerCamelCase words"
                ));
            }
            if let Some(other) = seen.insert(id.to_owned(), at.clone()) {
                problems.push(format!("{at}: operationId {id:?} is also {other}'s"));
            }
        }
    }
    assert!(seen.len() > 100, "the operations are found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
