//! Administration on the emulators, as it runs in AWS: the user directory's items written in
//! the users' transactions and searched on DynamoDB Local, and the audit log searched through
//! the day index and exported as CSV to S3 (moto), downloaded through its presigned URL.

use ferrofin_identity::directory::UserSearch;
use ferrofin_identity::register::Registration;
use ferrofin_identity::roles::Role;
use ferrofin_identity::users::UserStatus;
use ferrofin_identity::{Identity, RequestMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::audit_search::AuditFilter;
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::ids::UserId;
use ferrofin_tests::TestApp;
use ferrofin_tests::emulators;
use ferrofin_tests::identity::PASSWORD;

fn meta() -> RequestMeta {
    RequestMeta {
        ip: "203.0.113.10".to_owned(),
        user_agent: "ferrofin-tests/1.0".to_owned(),
    }
}

async fn registered(identity: &Identity, email: &str) -> UserId {
    let registration = Registration {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        name: "Dynamo User".to_owned(),
    };
    identity
        .register(registration, &meta())
        .await
        .expect("register");
    let address = EmailAddress::parse(email).expect("email");
    identity
        .users
        .find_by_email(&address)
        .await
        .expect("lookup")
        .expect("user")
        .id
}

async fn emails(identity: &Identity, search: UserSearch) -> Vec<String> {
    let (found, next) = identity
        .search_users(&search, 100, None)
        .await
        .expect("search");
    assert!(next.is_none());
    found.into_iter().map(|user| user.email).collect()
}

#[tokio::test]
async fn the_directory_and_the_audit_export_work_on_dynamodb_and_s3() {
    let app = TestApp::new();
    let blobs = emulators::blobs().await;
    let state = AppState {
        table: emulators::table().await.table,
        blobs: blobs.blobs,
        ..app.embedded.state()
    };
    let identity = Identity::new(&state);
    let admin = registered(&identity, "root@example.com").await;
    let ada = registered(&identity, "ada@example.com").await;
    let adam = registered(&identity, "adam@example.com").await;
    identity
        .set_role(&admin, &ada, Role::Approver, &meta())
        .await
        .expect("role");
    identity.ban(&admin, &adam, &meta()).await.expect("ban");

    let prefix = |email: &str| UserSearch {
        email: Some(email.to_owned()),
        ..UserSearch::default()
    };
    assert_eq!(
        emails(&identity, prefix("ad")).await,
        ["ada@example.com", "adam@example.com"]
    );
    let banned = UserSearch {
        status: Some(UserStatus::Banned),
        ..UserSearch::default()
    };
    assert_eq!(emails(&identity, banned).await, ["adam@example.com"]);
    let approvers = UserSearch {
        role: Some(Role::Approver),
        ..UserSearch::default()
    };
    assert_eq!(emails(&identity, approvers).await, ["ada@example.com"]);
    identity.unban(&admin, &adam, &meta()).await.expect("unban");
    let banned = UserSearch {
        status: Some(UserStatus::Banned),
        ..UserSearch::default()
    };
    assert!(
        emails(&identity, banned).await.is_empty(),
        "the old item went"
    );

    let filter = AuditFilter {
        actor: Some(admin.clone()),
        ..AuditFilter::default()
    };
    let (entries, _) = identity
        .audit
        .search(&filter, 100, None)
        .await
        .expect("search by day");
    let actions: Vec<AuditAction> = entries.iter().map(|entry| entry.action).collect();
    assert_eq!(
        actions[..3],
        [
            AuditAction::UserUnbanned,
            AuditAction::UserBanned,
            AuditAction::RoleChanged
        ]
    );
    let export = identity
        .audit
        .export_csv(state.blobs.as_ref(), &filter, &admin, None)
        .await
        .expect("export");
    let file = blobs.client.execute(&export.download, None).await;
    assert_eq!(file.status, 200);
    let text = String::from_utf8(file.body.to_vec()).expect("utf-8");
    assert_eq!(text.lines().count(), export.entries + 1, "{text}");
    assert!(text.contains(",user_banned,"), "{text}");
}
