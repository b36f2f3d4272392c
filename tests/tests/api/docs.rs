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

/// Every `$ref` string anywhere under `value`, with where it is.
fn references<'a>(value: &'a serde_json::Value, at: &str, found: &mut Vec<(String, &'a str)>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, inner) in fields {
                match (key.as_str(), inner.as_str()) {
                    ("$ref", Some(target)) => found.push((at.to_owned(), target)),
                    _ => references(inner, &format!("{at}/{key}"), found),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                references(inner, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_in_the_document_resolves() {
    let document = TestApp::new().get("/v1/openapi.json").await.json();
    let mut found = Vec::new();
    references(&document, "", &mut found);
    assert!(found.len() > 100, "the references are found");
    let unresolved: Vec<String> = found
        .into_iter()
        .filter(|(_, target)| {
            target
                .strip_prefix('#')
                .is_none_or(|pointer| document.pointer(pointer).is_none())
        })
        .map(|(at, target)| format!("{at}: {target}"))
        .collect();
    assert!(unresolved.is_empty(), "{}", unresolved.join("\n"));
}

#[tokio::test]
async fn every_response_is_described_every_request_body_has_an_example_and_servers_are_set() {
    let document = TestApp::new().get("/v1/openapi.json").await.json();
    assert_eq!(
        document["servers"][0]["url"], "/",
        "{}",
        document["servers"]
    );
    let mut problems = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let at = format!("{} {path}", method.to_uppercase());
            for (status, response) in operation["responses"].as_object().expect("responses") {
                if response["description"].as_str().is_none_or(str::is_empty) {
                    problems.push(format!("{at} {status}: no description"));
                }
            }
            let body = &operation["requestBody"]["content"]["application/json"];
            if body.is_null() {
                continue;
            }
            let schema = body["schema"]["$ref"]
                .as_str()
                .and_then(|target| target.strip_prefix('#'))
                .and_then(|pointer| document.pointer(pointer))
                .unwrap_or(&body["schema"]);
            let examples = [
                &body["example"],
                &body["examples"],
                &schema["example"],
                &schema["examples"],
            ];
            if examples.iter().all(|example| example.is_null()) {
                problems.push(format!("{at}: the request body has no example"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_error_response_is_described_with_the_error_body() {
    let document = TestApp::new().get("/v1/openapi.json").await.json();
    let mut problems = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses
                .iter()
                .filter(|(status, _)| status.as_str() >= "400")
            {
                let at = format!("{} {path} {status}", method.to_uppercase());
                if response["description"].as_str().is_none_or(str::is_empty) {
                    problems.push(format!("{at}: no description"));
                }
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                if schema != "#/components/schemas/ErrorBody" {
                    problems.push(format!("{at}: not the error body"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_operation_documents_the_statuses_of_the_shared_edge() {
    let document = TestApp::new().get("/v1/openapi.json").await.json();
    let mut problems = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let at = format!("{} {path}", method.to_uppercase());
            let has = |status: &str| operation["responses"][status].is_object();
            let body = operation["requestBody"].is_object();
            let secured = operation["security"]
                .as_array()
                .is_some_and(|requirements| {
                    requirements
                        .iter()
                        .any(|r| r.as_object().is_some_and(|r| !r.is_empty()))
                });
            let expected = [
                (body, ["400", "413", "415", "422"].as_slice()),
                (secured, ["401"].as_slice()),
            ];
            for status in expected
                .iter()
                .filter(|(applies, _)| *applies)
                .flat_map(|(_, statuses)| *statuses)
            {
                if !has(status) {
                    problems.push(format!("{at}: {status} is not documented"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_endpoint_groups_give_one_schema_name_two_meanings() {
    // The merged document keeps one schema per name, so a name two groups define differently
    // describes one of them wrongly.
    let mut meanings: std::collections::BTreeMap<String, (&str, serde_json::Value)> =
        std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for group in ferrofin_devserver::endpoint_groups() {
        let document = (group.openapi)();
        let schemas = document.components.map(|c| c.schemas).unwrap_or_default();
        for (name, schema) in schemas {
            let schema = serde_json::to_value(schema).expect("schema json");
            match meanings.get(&name) {
                Some((other, known)) if *known != schema => {
                    problems.push(format!("{name}: {} and {other} differ", group.name));
                }
                Some(_) => {}
                None => {
                    meanings.insert(name, (group.name, schema));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
