//! `/v1/transactions/rules` (the caller's categorisation rules) and
//! `POST /v1/transactions/recategorize` (reapply them to a date range, in bounded steps).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::ids::RuleId;
use ferrofin_ledger::rules::RuleSpec;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::rule_dto::{ChangeRule, Recategorize, RecategorizeResult, RuleView};
use crate::transaction_dto::ListTransactions;

/// The caller's rules, in the order they apply (priority, then creation).
#[utoipa::path(get, path = "/v1/transactions/rules", operation_id = "listRules", tag = "transactions", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = PageResponse<RuleView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_rules(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<RuleView>>, ApiError> {
    let ledger = Ledger::new(&state);
    let load = |limit, start| ledger.list_rules(&user.user_id, limit, start);
    let scope = format!("rules:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, |rule| {
        Ok(RuleView::from(rule))
    })
    .await
}

/// Adds a rule (at most 100).
#[utoipa::path(post, path = "/v1/transactions/rules", operation_id = "createRule", tag = "transactions", security(("bearer" = [])),
    request_body = RuleSpec,
    responses((status = 201, body = RuleView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<RuleSpec>,
) -> Result<(StatusCode, Json<RuleView>), ApiError> {
    let rule = Ledger::new(&state).create_rule(&user.user_id, body).await?;
    Ok((StatusCode::CREATED, Json(rule.into())))
}

/// One of the caller's rules.
#[utoipa::path(get, path = "/v1/transactions/rules/{id}", operation_id = "getRule", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Rule id")),
    responses((status = 200, body = RuleView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<RuleId>,
) -> Result<Json<RuleView>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .rule_of(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Changes a rule; the result is checked like a new rule.
#[utoipa::path(patch, path = "/v1/transactions/rules/{id}", operation_id = "updateRule", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Rule id")), request_body = ChangeRule,
    responses((status = 200, body = RuleView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<RuleId>,
    ApiJson(body): ApiJson<ChangeRule>,
) -> Result<Json<RuleView>, ApiError> {
    let rule = Ledger::new(&state)
        .change_rule(&user.user_id, &id, |current| body.applied_to(current))
        .await?;
    Ok(Json(rule.into()))
}

/// Deletes a rule.
#[utoipa::path(delete, path = "/v1/transactions/rules/{id}", operation_id = "deleteRule", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Rule id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<RuleId>,
) -> Result<StatusCode, ApiError> {
    Ledger::new(&state).delete_rule(&user.user_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reapplies the caller's rules to the transactions of a date range, oldest first, at most 500
/// per call; each change moves the rollups like any update. Continue with `next_cursor`.
#[utoipa::path(post, path = "/v1/transactions/recategorize", operation_id = "recategorizeTransactions", tag = "transactions", security(("bearer" = [])),
    request_body = Recategorize,
    responses((status = 200, body = RecategorizeResult), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn recategorize(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<Recategorize>,
) -> Result<Json<RecategorizeResult>, ApiError> {
    let filter = ListTransactions {
        from: Some(body.from),
        to: Some(body.to),
        account_id: body.account_id,
        ..ListTransactions::default()
    }
    .filter()?;
    // The cursor is bound to the user and to the exact range it was issued for.
    let scope = format!("recategorize:{}:{:?}", user.user_id, filter);
    let start_after = body
        .cursor
        .map(|cursor| state.cursors.decode(&cursor, &scope))
        .transpose()?;
    let done = Ledger::new(&state)
        .recategorize(&user.user_id, &filter, start_after)
        .await?;
    let next = done
        .next
        .as_ref()
        .map(|position| state.cursors.encode(position, &scope));
    Ok(Json(RecategorizeResult::new(&done, next)))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(get_rule, change_rule, delete_rule))
        .routes(routes!(recategorize))
}
