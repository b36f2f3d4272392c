//! The accounts function: `/v1/accounts` — open an account (kind, currency, opening balance),
//! list, read, rename and archive. Balances move only with transactions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::{AccountChanges, NewAccount};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// An account as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: String,
    pub kind: AccountKind,
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Decimal string in the currency, e.g. "1250.00".
    pub opening_balance: String,
    /// The opening balance plus every transaction on the account.
    pub balance: String,
    pub institution: Option<String>,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Account> for AccountView {
    fn from(account: Account) -> Self {
        Self {
            opening_balance: account.opening_balance().to_decimal_string(),
            balance: account.balance().to_decimal_string(),
            currency: account.currency.code().to_owned(),
            id: account.id,
            kind: account.kind,
            name: account.name,
            institution: account.institution,
            archived: account.archived,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// Opens an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenAccount {
    pub kind: AccountKind,
    pub name: String,
    pub currency: String,
    /// Decimal string, e.g. "100.00"; negative for money owed. Defaults to "0".
    pub opening_balance: Option<String>,
    pub institution: Option<String>,
}

/// Changes to an account; the balance cannot be set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeAccount {
    pub name: Option<String>,
    pub institution: Option<String>,
    pub archived: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAccounts {
    /// Include archived accounts (default false).
    pub include_archived: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountList {
    pub items: Vec<AccountView>,
}

/// Opens an account for the caller.
#[utoipa::path(post, path = "/v1/accounts", tag = "accounts", security(("bearer" = [])), request_body = OpenAccount,
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

/// The caller's accounts.
#[utoipa::path(get, path = "/v1/accounts", tag = "accounts", security(("bearer" = [])), params(ListAccounts),
    responses((status = 200, body = AccountList), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListAccounts>,
) -> Result<Json<AccountList>, ApiError> {
    let accounts = Ledger::new(&state)
        .accounts(&user.user_id, query.include_archived.unwrap_or(false))
        .await?;
    Ok(Json(AccountList {
        items: accounts.into_iter().map(AccountView::from).collect(),
    }))
}

/// One of the caller's accounts.
#[utoipa::path(get, path = "/v1/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Account id")),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .account(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Renames, re-labels or (un)archives an account.
#[utoipa::path(patch, path = "/v1/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "Account id")), request_body = ChangeAccount,
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeAccount>,
) -> Result<Json<AccountView>, ApiError> {
    let changes = AccountChanges {
        name: body.name,
        institution: body.institution,
        archived: body.archived,
    };
    Ok(Json(
        Ledger::new(&state)
            .change_account(&user.user_id, &id, changes)
            .await?
            .into(),
    ))
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open, list))
        .routes(routes!(get_one, change))
}

ferrofin_platform::endpoint_group!(api);
