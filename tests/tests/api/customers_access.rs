//! /v1/customers: each route needs its permission; plain users get 403 everywhere, and staff
//! roles hold what the role map grants.

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::{Permission, Role};
use ferrofin_tests::TestApp;
use ferrofin_tests::customers::individual;
use serde_json::json;

#[tokio::test]
async fn each_customer_route_needs_its_permission() {
    let app = TestApp::new();
    let body = individual("ada@example.com", "AB123456789");
    let patch = json!({"segment": "sme"});
    let routes = [
        (
            Method::POST,
            "/v1/customers",
            Some(&body),
            Permission::CustomersCreate,
        ),
        (
            Method::GET,
            "/v1/customers",
            None,
            Permission::CustomersRead,
        ),
        (
            Method::GET,
            "/v1/customers/01C",
            None,
            Permission::CustomersRead,
        ),
        (
            Method::PUT,
            "/v1/customers/01C",
            Some(&body),
            Permission::CustomersUpdate,
        ),
        (
            Method::PATCH,
            "/v1/customers/01C",
            Some(&patch),
            Permission::CustomersUpdate,
        ),
        (
            Method::DELETE,
            "/v1/customers/01C",
            None,
            Permission::CustomersDelete,
        ),
        (
            Method::GET,
            "/v1/customers/statistics",
            None,
            Permission::CustomersStatistics,
        ),
    ];
    for (method, path, body, permission) in routes {
        app.assert_requires_permission(method, path, body, permission)
            .await;
    }
    let batch = json!({"ids": ["01C"], "changes": {"segment": "sme"}});
    app.assert_requires_permission(
        Method::PATCH,
        "/v1/customers/batch",
        Some(&batch),
        Permission::CustomersBatchUpdate,
    )
    .await;
}

#[tokio::test]
async fn each_group_route_needs_its_permission() {
    let app = TestApp::new();
    let group = json!({"name": "Portfolio A"});
    let members = json!({"customer_ids": ["01C"]});
    let routes = [
        (
            Method::POST,
            "/v1/customers/groups",
            Some(&group),
            Permission::CustomerGroupsCreate,
        ),
        (
            Method::GET,
            "/v1/customers/groups",
            None,
            Permission::CustomerGroupsRead,
        ),
        (
            Method::GET,
            "/v1/customers/groups/01G",
            None,
            Permission::CustomerGroupsRead,
        ),
        (
            Method::PUT,
            "/v1/customers/groups/01G",
            Some(&group),
            Permission::CustomerGroupsUpdate,
        ),
        (
            Method::DELETE,
            "/v1/customers/groups/01G",
            None,
            Permission::CustomerGroupsDelete,
        ),
        (
            Method::GET,
            "/v1/customers/groups/01G/customers",
            None,
            Permission::CustomerGroupsRead,
        ),
        (
            Method::GET,
            "/v1/customers/01C/groups",
            None,
            Permission::CustomerGroupsRead,
        ),
    ];
    for (method, path, body, permission) in routes {
        app.assert_requires_permission(method, path, body, permission)
            .await;
    }
    for method in [Method::POST, Method::DELETE] {
        app.assert_requires_permission(
            method,
            "/v1/customers/groups/01G/customers",
            Some(&members),
            Permission::CustomerGroupsManageMembers,
        )
        .await;
    }
}

#[tokio::test]
async fn a_loan_officer_creates_and_reads_but_cannot_delete_or_see_statistics() {
    let app = TestApp::new();
    let officer = app
        .signed_up_as("officer@example.com", Role::LoanOfficer)
        .await;
    let token = Some(officer.access_token.as_str());
    let created = app
        .create_customer(
            &officer.access_token,
            &individual("ada@example.com", "AB123456789"),
        )
        .await;
    assert_eq!(
        created["national_id"], "•••••6789",
        "no sensitive read for officers"
    );
    let path = format!("/v1/customers/{}", created["id"].as_str().expect("id"));
    assert_eq!(
        app.call(Method::GET, &path, token, None).await.status,
        StatusCode::OK
    );
    app.call(Method::DELETE, &path, token, None)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    app.call(Method::GET, "/v1/customers/statistics", token, None)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
}

#[tokio::test]
async fn a_role_granted_by_an_admin_opens_the_customer_routes() {
    let app = TestApp::new();
    let admin = app.signed_up_as("root@example.com", Role::Admin).await;
    let staff = app.signed_up("staff@example.com").await;
    app.call(
        Method::GET,
        "/v1/customers",
        Some(&staff.access_token),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let roles = format!("/v1/admin/users/{}/roles", staff.user_id);
    let granted = app
        .call(
            Method::POST,
            &roles,
            Some(&admin.access_token),
            Some(&json!({"role": "customer_manager"})),
        )
        .await;
    assert_eq!(granted.status, StatusCode::OK);
    let again = app.login("staff@example.com").await;
    let listed = app
        .call(
            Method::GET,
            "/v1/customers",
            Some(&again.access_token),
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.json());
}
