//! Every API Gateway fixture in events/ is fed to its Lambda handler, as `cargo lambda invoke`
//! and `sam local invoke` would, and must be answered as expected. SQS fixtures are listed here
//! too and fed to their worker's batch handler by the worker's tests (`email_worker.rs`).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::StatusCode;
use ferrofin_tests::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Each fixture and the status its handler must answer on fresh state. Fixtures of
/// authenticated routes carry a placeholder bearer token (replace it to invoke them for real),
/// and fixtures with emailed tokens carry placeholders, so those answer 401 or 400 here.
const FIXTURES: &[(&str, u16)] = &[
    ("health/get-health.json", 200),
    ("health/get-ready.json", 200),
    ("docs/get-openapi.json", 200),
    ("auth/register.json", 202),
    ("auth/verify-email.json", 400),
    ("auth/verify-email-resend.json", 202),
    ("auth/email-change-confirm.json", 400),
    ("auth/email-change-undo.json", 400),
    ("auth/login.json", 401),
    ("auth/login-otp-request.json", 202),
    ("auth/login-otp-verify.json", 401),
    ("auth/login-mfa.json", 400),
    ("auth/refresh.json", 401),
    ("auth/logout.json", 401),
    ("auth/logout-all.json", 401),
    ("auth/list-sessions.json", 401),
    ("auth/revoke-session.json", 401),
    ("auth/password-change.json", 401),
    ("auth/password-forgot.json", 202),
    ("auth/password-verify-token.json", 400),
    ("auth/password-reset.json", 400),
    ("auth/totp-setup.json", 401),
    ("auth/totp-enable.json", 401),
    ("auth/totp-disable.json", 401),
    ("users/get-me.json", 401),
    ("users/patch-me.json", 401),
    ("users/delete-me.json", 401),
    ("admin/set-role.json", 401),
    ("admin/ban.json", 401),
    ("admin/audit.json", 401),
    ("admin/search-users.json", 401),
    ("admin/get-user.json", 401),
    ("admin/unban.json", 401),
    ("admin/unlock.json", 401),
    ("admin/sign-out.json", 401),
    ("admin/resend-verification.json", 401),
    ("admin/search-audit.json", 401),
    ("admin/export-audit.json", 401),
    ("admin/queue-stats.json", 401),
    ("admin/dead-letters.json", 401),
    ("admin/redrive.json", 401),
    ("admin/list-jobs.json", 401),
    ("admin/list-settings.json", 401),
    ("admin/update-settings.json", 401),
    ("admin/rebuild-directory.json", 401),
    ("accounts/open.json", 401),
    ("accounts/list.json", 401),
    ("accounts/get.json", 401),
    ("accounts/change.json", 401),
    ("transactions/record.json", 401),
    ("transactions/list.json", 401),
    ("transactions/categories.json", 401),
    ("transactions/get.json", 401),
    ("transactions/change.json", 401),
    ("transactions/delete.json", 401),
    ("transactions/resolve-duplicate.json", 401),
    ("transactions/create-category.json", 401),
    ("transactions/get-category.json", 401),
    ("transactions/change-category.json", 401),
    ("transactions/delete-category.json", 401),
    ("transactions/list-rules.json", 401),
    ("transactions/create-rule.json", 401),
    ("transactions/get-rule.json", 401),
    ("transactions/change-rule.json", 401),
    ("transactions/delete-rule.json", 401),
    ("transactions/recategorize.json", 401),
    ("wallet/summary.json", 401),
    ("wallet/cashflow.json", 401),
    ("wallet/networth.json", 401),
    ("files/declare.json", 401),
    ("files/list.json", 401),
    ("files/get.json", 401),
    ("files/delete.json", 401),
    ("files/complete.json", 401),
    ("files/download.json", 401),
    ("imports/start.json", 401),
    ("imports/list.json", 401),
    ("imports/get.json", 401),
    ("imports/cancel.json", 401),
    ("imports/undo.json", 401),
    ("imports/mappings.json", 401),
    ("risk/request.json", 401),
    ("risk/list.json", 401),
    ("risk/get.json", 401),
    ("loans/calculate.json", 401),
    ("loans/early-repayment.json", 401),
    ("loans/compare.json", 401),
    ("loans/products-create.json", 401),
    ("loans/products-list.json", 401),
    ("loans/products-get.json", 401),
    ("loans/products-change.json", 401),
    ("loans/products-version.json", 401),
    ("loans/products-retire.json", 401),
    ("loans/apply.json", 401),
    ("loans/list.json", 401),
    ("loans/get.json", 401),
    ("loans/schedule.json", 401),
    ("loans/history.json", 401),
    ("loans/submit.json", 401),
    ("loans/approve.json", 401),
    ("loans/reject.json", 401),
    ("loans/withdraw.json", 401),
    ("loans/disburse.json", 401),
    ("loans/daily-run.json", 401),
    ("loans/portfolio.json", 401),
    ("loans/reschedule.json", 401),
    ("loans/refund.json", 401),
    ("loans/write-off.json", 401),
    ("loans/schedules.json", 401),
    ("loans/repay.json", 401),
    ("loans/repayments.json", 401),
    ("loans/reverse.json", 401),
    ("loans/state.json", 401),
    ("loans/payoff.json", 401),
    ("customers/create.json", 401),
    ("customers/list.json", 401),
    ("customers/get.json", 401),
    ("customers/replace.json", 401),
    ("customers/patch.json", 401),
    ("customers/delete.json", 401),
    ("customers/statistics.json", 401),
    ("customers/batch.json", 401),
    ("customers/groups-of-customer.json", 401),
    ("customers/create-group.json", 401),
    ("customers/list-groups.json", 401),
    ("customers/get-group.json", 401),
    ("customers/replace-group.json", 401),
    ("customers/delete-group.json", 401),
    ("customers/add-members.json", 401),
    ("customers/remove-members.json", 401),
    ("customers/list-members.json", 401),
    ("notifications/list.json", 401),
    ("notifications/count.json", 401),
    ("notifications/get.json", 401),
    ("notifications/delete.json", 401),
    ("notifications/read.json", 401),
    ("notifications/read-all.json", 401),
    ("notifications/archive-all.json", 401),
    ("notifications/get-preferences.json", 401),
    ("notifications/put-preferences.json", 401),
    ("notifications/unsubscribe.json", 400),
    ("gamification/get-me.json", 401),
    ("gamification/put-leaderboard.json", 401),
    ("gamification/get-leaderboard.json", 401),
    ("gamification/list-challenges.json", 401),
    ("gamification/join-challenge.json", 401),
    ("gamification/leave-challenge.json", 401),
    ("gamification/create-badge.json", 401),
    ("gamification/list-badges.json", 401),
    ("gamification/get-badge.json", 401),
    ("gamification/replace-badge.json", 401),
    ("gamification/delete-badge.json", 401),
    ("gamification/create-challenge.json", 401),
    ("gamification/list-challenges-admin.json", 401),
    ("gamification/get-challenge.json", 401),
    ("gamification/replace-challenge.json", 401),
    ("gamification/delete-challenge.json", 401),
    ("investments/create.json", 401),
    ("investments/list.json", 401),
    ("investments/get.json", 401),
    ("investments/change.json", 401),
    ("investments/delete.json", 401),
    ("investments/create-holding.json", 401),
    ("investments/list-holdings.json", 401),
    ("investments/create-activity.json", 401),
    ("investments/list-activities.json", 401),
    ("investments/delete-activity.json", 401),
    ("investments/positions.json", 401),
    ("investments/returns.json", 401),
    ("investments/history.json", 401),
    ("investments/allocation.json", 401),
    ("budgets/create.json", 401),
    ("budgets/list.json", 401),
    ("budgets/get.json", 401),
    ("budgets/patch.json", 401),
    ("budgets/delete.json", 401),
    ("budgets/progress.json", 401),
    ("budgets/overview.json", 401),
    ("budgets/simulate.json", 401),
    ("budgets/goals-create.json", 401),
    ("budgets/goals-list.json", 401),
    ("budgets/goals-get.json", 401),
    ("budgets/goals-patch.json", 401),
    ("budgets/goals-delete.json", 401),
    ("budgets/goals-contribute.json", 401),
    ("budgets/goals-contributions.json", 401),
    ("assistant/ask.json", 401),
    ("assistant/confirm-draft.json", 401),
    ("assistant/create-conversation.json", 401),
    ("assistant/delete-conversation.json", 401),
    ("assistant/discard-draft.json", 401),
    ("assistant/get-conversation.json", 401),
    ("assistant/get-draft.json", 401),
    ("assistant/list-conversations.json", 401),
    ("assistant/list-messages.json", 401),
    ("assistant/usage.json", 401),
];

/// SQS event fixtures, one folder per worker.
pub(crate) const SQS_FIXTURES: &[&str] = &[
    "email-worker/sqs-batch.json",
    "jobs-worker/sqs-batch.json",
    "import-worker/sqs-batch.json",
    "risk-worker/sqs-batch.json",
    "prices-worker/sqs-batch.json",
];

/// DynamoDB stream event fixtures (the events worker's).
pub(crate) const STREAM_FIXTURES: &[&str] = &["events-worker/stream-batch.json"];

pub(crate) fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

/// The Lambda handler (router under the standard stack) of a function, on embedded services:
/// the `app` of its entry in the devserver's list of endpoint groups.
fn handler_of(function: &str, app: &TestApp) -> Router {
    let group = ferrofin_devserver::endpoint_groups()
        .iter()
        .find(|group| group.name == function)
        .unwrap_or_else(|| panic!("events/{function}/ is not an endpoint group of the devserver"));
    (group.app)(app.embedded.state())
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
        .map(|(path, _)| *path)
        .chain(SQS_FIXTURES.iter().copied())
        .chain(STREAM_FIXTURES.iter().copied())
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(fixtures_on_disk(), listed);
}

#[tokio::test]
async fn each_api_gateway_fixture_is_answered_by_its_lambda_handler() {
    for (fixture, expected_status) in FIXTURES {
        let app = TestApp::new();
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
