//! /v1/files: declare, upload with the presigned request, complete, list, read, download and
//! delete; the store refuses an upload other than declared; completion checks the object;
//! ownership, 401 and bad input; pending files expire, and the bucket's lifecycle rule removes
//! their bytes.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ferrofin_platform::adapters::embedded::UPLOADS_BUCKET_EXPIRY;
use ferrofin_platform::ports::blobs::Blobs;
use ferrofin_tests::identity::SignedIn;
use ferrofin_tests::{TestApp, TestResponse};
use serde_json::{Value, json};
use time::macros::datetime;

use crate::budgets_crud::{get, invalid_fields, post};

const CSV: &[u8] = b"date,amount,description\r\n2026-03-01,-4.50,Coffee\r\n";

async fn declare(app: &TestApp, user: &SignedIn, body: &Value) -> Value {
    let response = post(app, user, "/v1/files", body).await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{:?}",
        response.json()
    );
    response.json()
}

fn csv_declaration(size: usize) -> Value {
    json!({"filename": "march 2026.csv", "content_type": "text/csv", "size": size, "purpose": "import"})
}

/// Sends a presigned request (from a response's `upload` or a download) to the local store.
pub async fn presigned(app: &TestApp, request: &Value, body: &[u8]) -> TestResponse {
    let url = request["url"].as_str().expect("url");
    let path = url
        .strip_prefix("http://127.0.0.1:3000")
        .expect("a local URL");
    let mut builder = Request::builder()
        .method(request["method"].as_str().expect("method"))
        .uri(path);
    for (name, value) in request["headers"].as_object().expect("headers") {
        builder = builder.header(name, value.as_str().expect("header value"));
    }
    app.send(builder.body(Body::from(body.to_vec())).expect("request"))
        .await
}

/// Declares, uploads and completes a CSV file; answers its id.
async fn uploaded_file(app: &TestApp, user: &SignedIn) -> String {
    uploaded(app, user, CSV, "text/csv", "import").await
}

/// Declares, uploads and completes a file with `content`; answers its id.
pub async fn uploaded(
    app: &TestApp,
    user: &SignedIn,
    content: &[u8],
    content_type: &str,
    purpose: &str,
) -> String {
    let declaration = json!({"filename": "statement", "content_type": content_type, "size": content.len(), "purpose": purpose});
    let declared = declare(app, user, &declaration).await;
    let id = declared["file"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        presigned(app, &declared["upload"], content).await.status,
        StatusCode::OK
    );
    let completed = post(app, user, &format!("/v1/files/{id}/complete"), &json!({})).await;
    assert_eq!(completed.status, StatusCode::OK, "{:?}", completed.json());
    id
}

async fn delete(app: &TestApp, user: &SignedIn, path: &str) -> TestResponse {
    app.call(Method::DELETE, path, Some(&user.access_token), None)
        .await
}

#[tokio::test]
async fn a_file_is_declared_uploaded_completed_downloaded_and_deleted() {
    let app = TestApp::new();
    let user = app.signed_up("files@example.com").await;
    let declared = declare(&app, &user, &csv_declaration(CSV.len())).await;
    let file = &declared["file"];
    assert_eq!(file["status"], "pending");
    assert_eq!(file["filename"], "march 2026.csv");
    assert_eq!(declared["upload"]["method"], "PUT");
    assert_eq!(declared["upload"]["headers"]["content-type"], "text/csv");
    assert_eq!(
        declared["upload"]["headers"]["content-length"],
        CSV.len().to_string()
    );
    assert_eq!(declared["upload"]["expires_at"], "2026-11-21T12:15:00Z");
    let id = file["id"].as_str().expect("id");

    assert_eq!(
        presigned(&app, &declared["upload"], CSV).await.status,
        StatusCode::OK
    );
    let completed = post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({})).await;
    assert_eq!(completed.status, StatusCode::OK, "{:?}", completed.json());
    assert_eq!(completed.json()["status"], "ready");
    assert_eq!(completed.json()["completed_at"], "2026-11-21T12:00:00Z");
    let again = post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({})).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "completing twice answers the file"
    );
    assert_eq!(again.json(), completed.json());

    let one = get(&app, &user, &format!("/v1/files/{id}")).await;
    assert_eq!(one.json(), completed.json());
    let list = get(&app, &user, "/v1/files").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()["items"], json!([completed.json()]));
    assert_eq!(list.json()["next_cursor"], Value::Null);

    let download = get(&app, &user, &format!("/v1/files/{id}/download")).await;
    assert_eq!(download.status, StatusCode::OK, "{:?}", download.json());
    assert_eq!(download.json()["method"], "GET");
    assert_eq!(download.json()["expires_at"], "2026-11-21T13:00:00Z");
    let bytes = presigned(&app, &download.json(), b"").await;
    assert_eq!(bytes.status, StatusCode::OK);
    assert_eq!(&bytes.body[..], CSV);
    assert_eq!(
        bytes.header("content-disposition"),
        Some("attachment; filename=\"march 2026.csv\"; filename*=UTF-8''march%202026.csv")
    );

    assert_eq!(
        delete(&app, &user, &format!("/v1/files/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    get(&app, &user, &format!("/v1/files/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        presigned(&app, &download.json(), b"").await.status,
        StatusCode::NOT_FOUND,
        "the object is gone with the file"
    );
}

#[tokio::test]
async fn the_store_refuses_an_upload_larger_or_of_another_type_than_declared() {
    let app = TestApp::new();
    let user = app.signed_up("sizes@example.com").await;
    let declared = declare(&app, &user, &csv_declaration(10)).await;
    let mut larger = declared["upload"].clone();
    larger["headers"]["content-length"] = json!("11");
    assert_eq!(
        presigned(&app, &larger, b"0123456789A").await.status,
        StatusCode::FORBIDDEN
    );
    let mut other_type = declared["upload"].clone();
    other_type["headers"]["content-type"] = json!("text/html");
    assert_eq!(
        presigned(&app, &other_type, b"0123456789").await.status,
        StatusCode::FORBIDDEN
    );
    let id = declared["file"]["id"].as_str().expect("id");
    post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({}))
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
}

#[tokio::test]
async fn completion_refuses_content_that_is_not_the_declared_type_and_removes_it() {
    let app = TestApp::new();
    let user = app.signed_up("sniff@example.com").await;
    let fake_pdf = b"this is plain text, not a PDF";
    let declared = declare(
        &app,
        &user,
        &json!({"filename": "id.pdf", "content_type": "application/pdf", "size": fake_pdf.len(), "purpose": "document"}),
    )
    .await;
    let id = declared["file"]["id"].as_str().expect("id");
    assert_eq!(
        presigned(&app, &declared["upload"], fake_pdf).await.status,
        StatusCode::OK
    );
    let refused = post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({})).await;
    assert_eq!(invalid_fields(&refused), ["file"]);
    assert_eq!(
        get(&app, &user, &format!("/v1/files/{id}")).await.json()["status"],
        "pending"
    );
    post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({}))
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
    get(&app, &user, &format!("/v1/files/{id}/download"))
        .await
        .assert_error(StatusCode::CONFLICT, "CONFLICT");
}

#[tokio::test]
async fn the_upload_is_moved_to_the_files_key_and_an_interrupted_completion_finishes() {
    let app = TestApp::new();
    let user = app.signed_up("moves@example.com").await;
    let declared = declare(&app, &user, &csv_declaration(CSV.len())).await;
    let id = declared["file"]["id"].as_str().expect("id");
    assert_eq!(
        presigned(&app, &declared["upload"], CSV).await.status,
        StatusCode::OK
    );
    let blobs = &app.embedded.blobs;
    let uid = ferrofin_tests::identity::subject_of(&user.access_token);
    let (upload, kept) = (
        format!("uploads/users/{uid}/files/{id}"),
        format!("users/{uid}/files/{id}"),
    );
    assert!(blobs.head(&upload).await.expect("head").is_some());
    // A completion that moved the object and stopped before changing the record.
    assert!(blobs.copy(&upload, &kept).await.expect("copy"));
    blobs.delete(&upload).await.expect("delete");
    let completed = post(&app, &user, &format!("/v1/files/{id}/complete"), &json!({})).await;
    assert_eq!(completed.status, StatusCode::OK, "{:?}", completed.json());
    assert_eq!(completed.json()["status"], "ready");
    assert!(blobs.head(&upload).await.expect("head").is_none());
    assert_eq!(
        blobs.head(&kept).await.expect("head").map(|meta| meta.size),
        Some(CSV.len() as u64)
    );
}

#[tokio::test]
async fn a_file_never_completed_expires_after_a_day_with_its_uploaded_bytes() {
    let app = TestApp::new();
    let user = app.signed_up("expiry@example.com").await;
    let declared = declare(&app, &user, &csv_declaration(CSV.len())).await;
    let id = declared["file"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        presigned(&app, &declared["upload"], CSV).await.status,
        StatusCode::OK
    );
    let kept = uploaded_file(&app, &user).await;
    let uid = ferrofin_tests::identity::subject_of(&user.access_token);
    let (abandoned, completed) = (
        format!("uploads/users/{uid}/files/{id}"),
        format!("users/{uid}/files/{kept}"),
    );
    let blobs = &app.embedded.blobs;

    // Uploaded 2026-11-21 12:00 UTC: the bucket's rule (1 day, then the next midnight UTC)
    // removes the object at 2026-11-23 00:00 UTC; the record has expired a day after declaring.
    app.clock.advance(time::Duration::hours(25));
    let user = app.login("expiry@example.com").await;
    get(&app, &user, &format!("/v1/files/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let list = get(&app, &user, "/v1/files").await.json();
    let ids: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|file| file["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, [kept.as_str()], "a completed file stays");
    assert_eq!(
        blobs.expire(UPLOADS_BUCKET_EXPIRY).await.expect("expire"),
        0
    );
    assert!(blobs.head(&abandoned).await.expect("head").is_some());

    app.clock.set(datetime!(2026-11-23 00:00 UTC));
    assert_eq!(
        blobs.expire(UPLOADS_BUCKET_EXPIRY).await.expect("expire"),
        1
    );
    assert!(blobs.head(&abandoned).await.expect("head").is_none());
    assert!(
        blobs.head(&completed).await.expect("head").is_some(),
        "a completed file's object has no expiry"
    );
}

#[tokio::test]
async fn another_users_file_is_not_found_by_any_route() {
    let app = TestApp::new();
    let owner = app.signed_up("owner@example.com").await;
    let other = app.signed_up("other@example.com").await;
    let id = uploaded_file(&app, &owner).await;
    for path in [
        format!("/v1/files/{id}"),
        format!("/v1/files/{id}/download"),
    ] {
        get(&app, &other, &path)
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    post(
        &app,
        &other,
        &format!("/v1/files/{id}/complete"),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    delete(&app, &other, &format!("/v1/files/{id}"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        get(&app, &other, "/v1/files").await.json()["items"],
        json!([])
    );
    assert_eq!(
        get(&app, &owner, &format!("/v1/files/{id}")).await.json()["status"],
        "ready"
    );
}

#[tokio::test]
async fn every_route_needs_a_signed_in_user() {
    let app = TestApp::new();
    let id = "01JFILEIDPLACEHOLDER00000";
    for (method, path) in [
        (Method::POST, "/v1/files".to_owned()),
        (Method::GET, "/v1/files".to_owned()),
        (Method::GET, format!("/v1/files/{id}")),
        (Method::DELETE, format!("/v1/files/{id}")),
        (Method::POST, format!("/v1/files/{id}/complete")),
        (Method::GET, format!("/v1/files/{id}/download")),
    ] {
        let request = Request::builder()
            .method(method.clone())
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(csv_declaration(10).to_string()))
            .expect("request");
        app.send(request)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_bad_declaration_names_every_field() {
    let app = TestApp::new();
    let user = app.signed_up("bad-files@example.com").await;
    let response = post(
        &app,
        &user,
        "/v1/files",
        &json!({"filename": "../etc/passwd", "content_type": "application/pdf", "size": 0, "purpose": "import"}),
    )
    .await;
    assert_eq!(
        invalid_fields(&response),
        ["filename", "content_type", "size"]
    );
    let too_big = post(
        &app,
        &user,
        "/v1/files",
        &json!({"filename": "scan.png", "content_type": "image/png", "size": 10 * 1024 * 1024 + 1, "purpose": "document"}),
    )
    .await;
    assert_eq!(invalid_fields(&too_big), ["size"]);
    let unknown_purpose = post(
        &app,
        &user,
        "/v1/files",
        &json!({"filename": "a.csv", "content_type": "text/csv", "size": 1, "purpose": "backup"}),
    )
    .await;
    assert!(
        unknown_purpose.status.is_client_error(),
        "{:?}",
        unknown_purpose.json()
    );
    let extra_field = post(
        &app,
        &user,
        "/v1/files",
        &json!({"filename": "a.csv", "content_type": "text/csv", "size": 1, "purpose": "import", "key": "users/x/files/y"}),
    )
    .await;
    assert!(
        extra_field.status.is_client_error(),
        "{:?}",
        extra_field.json()
    );
    assert_eq!(
        get(&app, &user, "/v1/files").await.json()["items"],
        json!([])
    );
}
