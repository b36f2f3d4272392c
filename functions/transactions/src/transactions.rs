//! Transaction handlers: record (idempotently with `Idempotency-Key`), list with filters and
//! cursor pagination, read, change and delete transactions and transfers.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::ids::TransactionId;
use ferrofin_ledger::transaction_service::NewTransaction;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::IdempotencyKeyHeader;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, idempotency_key,
    paged,
};
use ferrofin_platform::routes;

use crate::transaction_dto::{
    ChangeTransaction, ListTransactions, RecordTransaction, ResolveDuplicate, TransactionView,
};

/// Records a transaction or a transfer. With `Idempotency-Key`, repeating the same request
/// answers the original transaction; the same key with another body is a 409.
#[utoipa::path(post, path = "/v1/transactions", operation_id = "recordTransaction", tag = "transactions", security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = RecordTransaction,
    responses((status = 201, body = TransactionView), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RecordTransaction>,
) -> Result<(StatusCode, Json<TransactionView>), ApiError> {
    let key = idempotency_key(&headers, &body)?;
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

/// The caller's transactions, newest first, filtered and paginated.
#[utoipa::path(get, path = "/v1/transactions", operation_id = "listTransactions", tag = "transactions", security(("bearer" = [])), params(ListTransactions),
    responses((status = 200, body = PageResponse<TransactionView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListTransactions>,
) -> Result<Json<PageResponse<TransactionView>>, ApiError> {
    let filter = query.filter()?;
    // The cursor is bound to the user and to the exact filter it was issued for.
    let scope = format!("transactions:{}:{:?}", user.user_id, filter);
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let ledger = Ledger::new(&state);
    let load = |limit, start| ledger.list_transactions(&user.user_id, &filter, limit, start);
    paged(&state.cursors, &page, &scope, load, |transaction| {
        Ok(TransactionView::from(transaction))
    })
    .await
}

/// One of the caller's transactions.
#[utoipa::path(get, path = "/v1/transactions/{id}", operation_id = "getTransaction", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")),
    responses((status = 200, body = TransactionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<TransactionId>,
) -> Result<Json<TransactionView>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .transaction_of(&user.user_id, &id)
            .await?
            .into(),
    ))
}

/// Changes a transaction; its account balance and the rollups follow.
#[utoipa::path(patch, path = "/v1/transactions/{id}", operation_id = "updateTransaction", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")), request_body = ChangeTransaction,
    responses((status = 200, body = TransactionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<TransactionId>,
    ApiJson(body): ApiJson<ChangeTransaction>,
) -> Result<Json<TransactionView>, ApiError> {
    let changes = body.into_changes()?;
    Ok(Json(
        Ledger::new(&state)
            .change_transaction(&user.user_id, &id, changes)
            .await?
            .into(),
    ))
}

/// Deletes a transaction (both legs of a transfer).
#[utoipa::path(delete, path = "/v1/transactions/{id}", operation_id = "deleteTransaction", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<TransactionId>,
) -> Result<StatusCode, ApiError> {
    Ledger::new(&state)
        .delete_transaction(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resolves an imported transaction marked as a possible duplicate of one entered by hand:
/// `not_duplicate` keeps both (answers this one, unmarked); `duplicate` removes this one and
/// gives its statement reference to the one entered by hand (answers that one). A transaction
/// without the mark is a 409.
#[utoipa::path(post, path = "/v1/transactions/{id}/duplicate", operation_id = "resolveDuplicateTransaction", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transaction id (the imported one)")),
    request_body = ResolveDuplicate,
    responses((status = 200, description = "The transaction that stays", body = TransactionView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not marked as a possible duplicate, or changed meanwhile", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn resolve_duplicate(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<TransactionId>,
    ApiJson(body): ApiJson<ResolveDuplicate>,
) -> Result<Json<TransactionView>, ApiError> {
    let kept = Ledger::new(&state)
        .resolve_possible_duplicate(&user.user_id, &id, body.resolution)
        .await?;
    Ok(Json(kept.into()))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(record, list))
        .routes(routes!(get_one, change, delete))
        .routes(routes!(resolve_duplicate))
}
