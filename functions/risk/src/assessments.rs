//! Assessment handlers: ask (idempotently with `Idempotency-Key`), list, read.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::{Permission, allows};
use ferrofin_platform::AppState;
use ferrofin_platform::http::IdempotencyKeyHeader;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageResponse, idempotency_key,
    paged,
};
use ferrofin_platform::routes;
use ferrofin_risk_assessments::{AssessmentId, Caller, RiskAssessments, Subject};

use crate::assessment_dto::{AssessmentView, ListAssessments, RequestAssessment};

/// The caller as the risk area sees them.
fn caller(user: &AuthUser) -> Caller {
    Caller {
        user_id: user.user_id.clone(),
        reaches_customers: allows(user.role, Permission::RiskCustomers),
    }
}

/// Asks for a risk assessment of the caller's transactions over a window (`source:
/// transactions`) or of a statement file they uploaded (`source: statement`, CSV with a
/// mapping or OFX; nothing is imported). It is queued (202) and computed in the background:
/// follow it with `GET /v1/risk/assessments/{id}`. Staff holding `risk:customers` give
/// `customer_id` with a statement to assess a customer's. With `Idempotency-Key`, repeating
/// the same request answers the assessment the first one asked for.
#[utoipa::path(post, path = "/v1/risk/assessments", operation_id = "requestRiskAssessment", tag = "risk", security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = RequestAssessment,
    responses((status = 202, description = "The assessment is queued", body = AssessmentView),
        (status = 401, body = ErrorBody),
        (status = 403, description = "`customer_id` without the permission risk:customers", body = ErrorBody),
        (status = 409, description = "The Idempotency-Key was used with another request", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn request(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RequestAssessment>,
) -> Result<(StatusCode, Json<AssessmentView>), ApiError> {
    if body.customer_id.is_some() {
        user.require(Permission::RiskCustomers)?;
    }
    let (source, customer) = body.into_source()?;
    let key = idempotency_key(&headers, &(&source, &customer))?;
    let assessment = RiskAssessments::new(&state)
        .request(&caller(&user), source, customer, key)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(assessment.into())))
}

/// The caller's assessments, newest first; with `customer_id`, that customer's (needs
/// `risk:customers`).
#[utoipa::path(get, path = "/v1/risk/assessments", operation_id = "listRiskAssessments", tag = "risk", security(("bearer" = [])), params(ListAssessments),
    responses((status = 200, body = PageResponse<AssessmentView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, description = "`customer_id` without the permission risk:customers", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListAssessments>,
) -> Result<Json<PageResponse<AssessmentView>>, ApiError> {
    let subject = match &query.customer_id {
        Some(customer_id) => {
            user.require(Permission::RiskCustomers)?;
            Subject::Customer(customer_id.clone())
        }
        None => Subject::User(user.user_id.clone()),
    };
    let assessments = RiskAssessments::new(&state);
    let scope = match &subject {
        Subject::User(user_id) => format!("risk:user:{user_id}"),
        Subject::Customer(customer_id) => format!("risk:customer:{customer_id}"),
    };
    let load = |limit, start| assessments.page(&subject, limit, start);
    paged(&state.cursors, &query.page(), &scope, load, |assessment| {
        Ok(AssessmentView::from(assessment))
    })
    .await
}

/// One assessment: the caller's own, or (with `risk:customers`) a customer's.
#[utoipa::path(get, path = "/v1/risk/assessments/{id}", operation_id = "getRiskAssessment", tag = "risk", security(("bearer" = [])),
    params(("id" = String, Path, description = "Assessment id")),
    responses((status = 200, body = AssessmentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<AssessmentId>,
) -> Result<Json<AssessmentView>, ApiError> {
    let assessment = RiskAssessments::new(&state)
        .get(&caller(&user), &id)
        .await?;
    Ok(Json(assessment.into()))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(request, list))
        .routes(routes!(get_one))
}
