//! Account handlers: open, list, read, change (rename, re-label, archive).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::account_dto::{AccountView, ChangeAccount, ListAccounts, OpenAccount};

/// Opens an account for the caller.
#[utoipa::path(post, path = "/v1/accounts", operation_id = "openAccount", tag = "accounts", security(("bearer" = [])), request_body = OpenAccount,
    responses((status = 201, body = AccountView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn open(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<OpenAccount>,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    let new = NewAccount {
        kind: body.kind,
        name: body.name,
        currency: body.currency,
        opening_balance: body.opening_balance.unwrap_or_else(|| "0".to_owned()),
        institution: body.institution,
    };
    let account = Ledger::new(&state).open_account(&user.user_id, new).await?;
    Ok((StatusCode::CREATED, Json(account.into())))
}

/// The caller's accounts, in the order they were opened.
#[utoipa::path(get, path = "/v1/accounts", operation_id = "listAccounts", tag = "accounts", security(("bearer" = [])), params(ListAccounts),
    responses((status = 200, body = PageResponse<AccountView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListAccounts>,
) -> Result<Json<PageResponse<AccountView>>, ApiError> {
    let ledger = Ledger::new(&state);
    let include_archived = query.include_archived.unwrap_or(false);
    let load = |limit, start| ledger.accounts(&user.user_id, include_archived, limit, start);
    let scope = format!("accounts:{}:{include_archived}", user.user_id);
    paged(&state.cursors, &query.page(), &scope, load, |account| {
        Ok(AccountView::from(account))
    })
    .await
}

/// One of the caller's accounts.
#[utoipa::path(get, path = "/v1/accounts/{id}", operation_id = "getAccount", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Account id")),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<AccountId>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .account(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Renames, re-labels or (un)archives an account.
#[utoipa::path(patch, path = "/v1/accounts/{id}", operation_id = "updateAccount", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Account id")), request_body = ChangeAccount,
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<AccountId>,
    ApiJson(body): ApiJson<ChangeAccount>,
) -> Result<Json<AccountView>, ApiError> {
    let changes = body.into_changes()?;
    Ok(Json(
        Ledger::new(&state)
            .change_account(&user.user_id, &id, changes)
            .await?
            .into(),
    ))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(open, list))
        .routes(routes!(get_one, change))
}
