//! The transactions function: `/v1/transactions` — record (idempotently with `Idempotency-Key`),
//! list with filters and cursor pagination, read, change and delete transactions and transfers.
//! Every write moves the account balance and the rollups in the same table transaction. Also
//! the caller's categories (`category_routes`) and categorisation rules (`rule_routes`).

mod category_routes;
mod dto;
mod rule_dto;
mod rule_routes;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use ferrofin_identity::AuthUser;
use ferrofin_ledger::idempotency::IdempotencyKey;
use ferrofin_ledger::listing::TransactionFilter;
use ferrofin_ledger::transaction_service::{NewTransaction, TransactionChanges};
use ferrofin_ledger::{Ledger, LedgerError};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse,
};
use rust_decimal::Decimal;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use dto::{
    CategoryList, ChangeTransaction, ListTransactions, RecordTransaction, TransactionView,
};

const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// Records a transaction or a transfer. With `Idempotency-Key`, repeating the same request
/// answers the original transaction; the same key with another body is a 409.
#[utoipa::path(post, path = "/v1/transactions", tag = "transactions", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = RecordTransaction,
    responses((status = 201, body = TransactionView), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RecordTransaction>,
) -> Result<(StatusCode, Json<TransactionView>), ApiError> {
    let key = match headers.get(IDEMPOTENCY_HEADER) {
        None => None,
        Some(value) => {
            let fingerprint = serde_json::to_vec(&body).map_err(|err| ApiError::internal(&err))?;
            let key = value.to_str().unwrap_or_default();
            Some(
                IdempotencyKey::parse(key, &fingerprint)
                    .map_err(|message| LedgerError::invalid("Idempotency-Key", message))?,
            )
        }
    };
    let new = NewTransaction {
        account_id: body.account_id,
        date: body.date,
        amount: body.amount,
        currency: body.currency,
        description: body.description,
        merchant: body.merchant,
        category: body.category,
        tags: body.tags,
        notes: body.notes,
        transfer_to_account_id: body.transfer_to_account_id,
    };
    let legs = Ledger::new(&state).record(&user.user_id, new, key).await?;
    let first = legs
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal(&"no transaction recorded"))?;
    Ok((StatusCode::CREATED, Json(first.into())))
}

fn filter(query: &ListTransactions) -> Result<TransactionFilter, LedgerError> {
    let mut errors = FieldErrors::default();
    let date = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
        raw.as_deref()
            .and_then(|raw| errors.take(field, iso_date(raw)))
    };
    let amount = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
        raw.as_deref().and_then(|raw| {
            errors.take(
                field,
                raw.trim()
                    .parse::<Decimal>()
                    .map_err(|_| "must be a decimal number"),
            )
        })
    };
    let filter = TransactionFilter {
        from: date(&mut errors, "from", &query.from),
        to: date(&mut errors, "to", &query.to),
        account_id: query.account_id.clone(),
        category: query.category.clone(),
        text: query.q.clone().filter(|q| !q.trim().is_empty()),
        min_amount: amount(&mut errors, "min_amount", &query.min_amount),
        max_amount: amount(&mut errors, "max_amount", &query.max_amount),
        tag: query.tag.as_ref().map(|tag| tag.to_lowercase()),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        errors.push("from", "must not be after `to`");
    }
    errors.finish()?;
    Ok(filter)
}

/// The caller's transactions, newest first, filtered and paginated.
#[utoipa::path(get, path = "/v1/transactions", tag = "transactions", security(("bearer" = [])), params(ListTransactions),
    responses((status = 200, body = PageResponse<TransactionView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListTransactions>,
) -> Result<Json<PageResponse<TransactionView>>, ApiError> {
    let filter = filter(&query)?;
    // The cursor is bound to the user and to the exact filter it was issued for.
    let scope = format!("transactions:{}:{:?}", user.user_id, filter);
    let page = state.cursors.page_request(
        &PageQuery {
            limit: query.limit,
            cursor: query.cursor.clone(),
        },
        &scope,
    )?;
    let (transactions, next) = Ledger::new(&state)
        .list_transactions(&user.user_id, &filter, page.limit, page.start_after)
        .await?;
    let items = transactions
        .into_iter()
        .map(TransactionView::from)
        .collect();
    Ok(Json(state.cursors.page_response(
        items,
        next.as_ref(),
        &scope,
    )))
}

/// One of the caller's transactions.
#[utoipa::path(get, path = "/v1/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")),
    responses((status = 200, body = TransactionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TransactionView>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .transaction_of(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Changes a transaction; its account balance and the rollups follow.
#[utoipa::path(patch, path = "/v1/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")), request_body = ChangeTransaction,
    responses((status = 200, body = TransactionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeTransaction>,
) -> Result<Json<TransactionView>, ApiError> {
    let changes = TransactionChanges {
        account_id: body.account_id,
        date: body.date,
        amount: body.amount,
        description: body.description,
        merchant: body.merchant,
        category: body.category,
        tags: body.tags,
        notes: body.notes,
    };
    Ok(Json(
        Ledger::new(&state)
            .change_transaction(&user.user_id, &id, changes)
            .await?
            .into(),
    ))
}

/// Deletes a transaction (both legs of a transfer).
#[utoipa::path(delete, path = "/v1/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    Ledger::new(&state)
        .delete_transaction(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record, list))
        .merge(category_routes::router())
        .merge(rule_routes::router())
        .routes(routes!(get_one, change, delete))
}

ferrofin_platform::endpoint_group!(api);
