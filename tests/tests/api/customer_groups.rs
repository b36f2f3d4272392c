//! /v1/customers/groups: group CRUD, bulk membership and both directions of listing.

use axum::http::{Method, StatusCode};
use ferrofin_tests::TestApp;
use ferrofin_tests::customers::{business, individual};
use serde_json::{Value, json};

fn customer_ids(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["customer_id"].as_str().expect("customer_id"))
        .collect()
}

#[tokio::test]
async fn groups_are_created_listed_renamed_and_deleted() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = manager.access_token.as_str();
    let created = app
        .call(
            Method::POST,
            "/v1/customers/groups",
            Some(token),
            Some(&json!({"name": "Portfolio A"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json());
    let group = created.json();
    app.call(
        Method::POST,
        "/v1/customers/groups",
        Some(token),
        Some(&json!({"name": "Portfolio B"})),
    )
    .await;
    let path = format!("/v1/customers/groups/{}", group["id"].as_str().expect("id"));
    let first = app
        .call(
            Method::GET,
            "/v1/customers/groups?limit=1",
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(first["items"][0]["name"], "Portfolio A");
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let second = app
        .call(
            Method::GET,
            &format!("/v1/customers/groups?limit=1&cursor={cursor}"),
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(second["items"][0]["name"], "Portfolio B");

    let renamed = json!({"name": "Portfolio A1", "description": "London SMEs"});
    app.call_if_match(Method::PUT, &path, token, 9, Some(&renamed))
        .await
        .assert_error(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
    let response = app
        .call_if_match(Method::PUT, &path, token, 1, Some(&renamed))
        .await;
    assert_eq!(response.json()["description"], "London SMEs");
    assert_eq!(
        app.call(Method::DELETE, &path, Some(token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.call(Method::GET, &path, Some(token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(
        Method::POST,
        "/v1/customers/groups",
        Some(token),
        Some(&json!({"name": "X", "owner": "me"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "INVALID_BODY");
}

#[tokio::test]
async fn members_are_added_and_removed_in_bulk_and_listed_both_ways() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = manager.access_token.as_str();
    let ada = app
        .create_customer(token, &individual("ada@example.com", "AB00000001"))
        .await;
    let acme = app
        .create_customer(token, &business("Acme", "ops@acme.example"))
        .await;
    let group = app
        .call(
            Method::POST,
            "/v1/customers/groups",
            Some(token),
            Some(&json!({"name": "Watch list"})),
        )
        .await
        .json();
    let members = format!(
        "/v1/customers/groups/{}/customers",
        group["id"].as_str().expect("id")
    );
    let (ada_id, acme_id) = (
        ada["id"].as_str().expect("id"),
        acme["id"].as_str().expect("id"),
    );
    let add = json!({"customer_ids": [ada_id, acme_id, "01NOBODY"]});
    let added = app
        .call(Method::POST, &members, Some(token), Some(&add))
        .await
        .json();
    let statuses: Vec<&Value> = added["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["status"])
        .collect();
    assert_eq!(statuses, [&json!(200), &json!(200), &json!(404)]);
    let again = app
        .call(
            Method::POST,
            &members,
            Some(token),
            Some(&json!({"customer_ids": [ada_id]})),
        )
        .await;
    assert_eq!(again.json()["results"][0]["status"], 409);

    let listed = app
        .call(Method::GET, &members, Some(token), None)
        .await
        .json();
    let mut expected = vec![ada_id, acme_id];
    expected.sort();
    assert_eq!(customer_ids(&listed), expected);
    let of_ada = app
        .call(
            Method::GET,
            &format!("/v1/customers/{ada_id}/groups"),
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(of_ada["items"][0]["group_id"], group["id"]);
    let group_path = format!("/v1/customers/groups/{}", group["id"].as_str().expect("id"));
    assert_eq!(
        app.call(Method::GET, &group_path, Some(token), None)
            .await
            .json()["member_count"],
        2
    );

    let remove = json!({"customer_ids": [ada_id]});
    let removed = app
        .call(Method::DELETE, &members, Some(token), Some(&remove))
        .await
        .json();
    assert_eq!(removed["results"][0]["status"], 200);
    let gone = app
        .call(Method::DELETE, &members, Some(token), Some(&remove))
        .await
        .json();
    assert_eq!(gone["results"][0]["status"], 404);
    let of_ada = app
        .call(
            Method::GET,
            &format!("/v1/customers/{ada_id}/groups"),
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(of_ada["items"].as_array().expect("items").len(), 0);

    assert_eq!(
        app.call(Method::DELETE, &group_path, Some(token), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let of_acme = app
        .call(
            Method::GET,
            &format!("/v1/customers/{acme_id}/groups"),
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(
        of_acme["items"].as_array().expect("items").len(),
        0,
        "deleting a group ends its memberships"
    );
}

#[tokio::test]
async fn membership_changes_on_a_missing_group_or_with_bad_lists_are_refused() {
    let app = TestApp::new();
    let manager = app.customer_manager().await;
    let token = Some(manager.access_token.as_str());
    let missing = "/v1/customers/groups/01NOGROUP/customers";
    let body = json!({"customer_ids": ["01C"]});
    app.call(Method::POST, missing, token, Some(&body))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    app.call(Method::GET, missing, token, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let group = app
        .call(
            Method::POST,
            "/v1/customers/groups",
            token,
            Some(&json!({"name": "G"})),
        )
        .await
        .json();
    let members = format!(
        "/v1/customers/groups/{}/customers",
        group["id"].as_str().expect("id")
    );
    app.call(
        Method::POST,
        &members,
        token,
        Some(&json!({"customer_ids": []})),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    app.call(Method::GET, "/v1/customers/01NOBODY/groups", token, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}
