//! GET /v1/openapi.json: the document is generated from code and covers every route.

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
