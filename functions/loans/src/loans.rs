//! Loan handlers: apply, read (with the applicant's latest risk assessment), the booked
//! schedule, the history, lists, and the steps (submit, approve, reject, withdraw, disburse).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::{Permission, allows};
use ferrofin_loan_calc::Schedule;
use ferrofin_loans::{Caller, LoanError, LoanId, LoanList, LoanStatus, Loans};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::Invalid;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;

use crate::loan_dto::{
    ApplyForLoan, Decision, Disbursement, HistoryList, ListLoans, LoanSummaryView, LoanView,
    Withdrawal,
};

/// The caller as the lending area sees them.
fn caller(user: &AuthUser) -> Caller {
    let levels = [
        (1, Permission::LoansApproveLevel1),
        (2, Permission::LoansApproveLevel2),
    ];
    Caller {
        user_id: user.user_id.clone(),
        reads_all: allows(user.role, Permission::LoansRead),
        approval_levels: levels
            .into_iter()
            .filter(|(_, permission)| allows(user.role, *permission))
            .map(|(level, _)| level)
            .collect(),
    }
}

async fn view(loans: &Loans, loan: ferrofin_loans::Loan) -> Result<LoanView, ApiError> {
    let assessment = loans.latest_assessment(&loan).await?;
    Ok(LoanView::new(loan, assessment))
}

/// Applies for a loan of a product: a draft, to submit. Staff holding `loans:create` apply for
/// a customer (`customer_id`); anyone else applies for themselves.
#[utoipa::path(post, path = "/v1/loans", tag = "loans", security(("bearer" = [])),
    request_body = ApplyForLoan,
    responses((status = 201, description = "The draft", body = LoanView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, description = "`customer_id` without the permission loans:create", body = ErrorBody),
        (status = 409, description = "The product is retired", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn apply(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<ApplyForLoan>,
) -> Result<(StatusCode, Json<LoanView>), ApiError> {
    if body.customer_id.is_some() {
        user.require(Permission::LoansCreate)?;
    }
    let loans = Loans::new(&state);
    let loan = loans
        .apply(&caller(&user), body.into_application()?)
        .await?;
    Ok((StatusCode::CREATED, Json(view(&loans, loan).await?)))
}

/// Loans, newest first: with `loans:read` every loan, or those of one status, customer,
/// product or officer (one filter at a time); otherwise the loans the caller borrows.
#[utoipa::path(get, path = "/v1/loans", tag = "loans", security(("bearer" = [])), params(ListLoans),
    responses((status = 200, body = PageResponse<LoanSummaryView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListLoans>,
) -> Result<Json<PageResponse<LoanSummaryView>>, ApiError> {
    let list = list_of(&user, &query)?;
    let loans = Loans::new(&state);
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let scope = format!("loans:{}", list.path());
    let load = |limit, start| loans.page(&list, limit, start);
    paged(&state.cursors, &page, &scope, load, |summary| {
        Ok(LoanSummaryView::from(summary))
    })
    .await
}

/// The list the query names, checked against the caller's permissions.
fn list_of(user: &AuthUser, query: &ListLoans) -> Result<LoanList, ApiError> {
    let filters = [
        ("status", query.status.is_some()),
        ("customer_id", query.customer_id.is_some()),
        ("product_id", query.product_id.is_some()),
        ("officer_id", query.officer_id.is_some()),
    ];
    let given: Vec<&str> = filters
        .iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| *name)
        .collect();
    if given.len() > 1 {
        return Err(Invalid::field(given[1], "one filter at a time").into());
    }
    if given.is_empty() && !allows(user.role, Permission::LoansRead) {
        return Ok(LoanList::User(user.user_id.clone()));
    }
    user.require(Permission::LoansRead)?;
    if let Some(status) = &query.status {
        let status = LoanStatus::parse(status).ok_or_else(|| {
            Invalid::field(
                "status",
                "must be draft, submitted, approved, rejected, withdrawn or active",
            )
        })?;
        return Ok(LoanList::Status(status));
    }
    Ok(
        match (&query.customer_id, &query.product_id, &query.officer_id) {
            (Some(customer), _, _) => LoanList::Customer(customer.clone()),
            (_, Some(product), _) => LoanList::Product(product.clone()),
            (_, _, Some(officer)) => LoanList::Officer(UserId::from(officer.as_str())),
            _ => LoanList::All,
        },
    )
}

/// A loan the caller applied for or borrows (any loan with `loans:read`), with the applicant's
/// latest risk assessment.
#[utoipa::path(get, path = "/v1/loans/{id}", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, body = LoanView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<Json<LoanView>, ApiError> {
    let loans = Loans::new(&state);
    let loan = loans.get(&caller(&user), &id).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// The schedule booked when the loan was disbursed: exactly what `POST /v1/loans/calculate`
/// answers for the loan's `request`. Before disbursement: 409.
#[utoipa::path(get, path = "/v1/loans/{id}/schedule", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, body = Schedule), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The loan is not disbursed yet", body = ErrorBody)))]
async fn schedule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<impl IntoResponse, ApiError> {
    let loan = Loans::new(&state).get(&caller(&user), &id).await?;
    let schedule = loan.schedule.ok_or_else(|| {
        LoanError::Conflict(
            "the loan is not disbursed yet: preview it with POST /v1/loans/calculate".to_owned(),
        )
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], schedule))
}

/// What happened to the loan, oldest first, with who decided and why.
#[utoipa::path(get, path = "/v1/loans/{id}/history", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, body = HistoryList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<Json<HistoryList>, ApiError> {
    let loan = Loans::new(&state).get(&caller(&user), &id).await?;
    Ok(Json(HistoryList {
        items: loan.history.into_iter().map(Into::into).collect(),
    }))
}

/// Hands a draft in for approval: by who applied (or the borrowing user).
#[utoipa::path(post, path = "/v1/loans/{id}/submit", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, body = LoanView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not a draft", body = ErrorBody)))]
async fn submit(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<Json<LoanView>, ApiError> {
    let loans = Loans::new(&state);
    let loan = loans.submit(&caller(&user), &id).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Approves the next required level (`loans:approve:levelN` for that level); approved once
/// every level is. Nobody approves a loan they applied for, created or borrow, or two levels
/// of one loan.
#[utoipa::path(post, path = "/v1/loans/{id}/approve", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = Decision,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not submitted", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<Json<LoanView>, ApiError> {
    let comment = decision.comment()?;
    let loans = Loans::new(&state);
    let loan = loans.approve(&caller(&user), &id, comment).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Rejects a submitted application at its next level (the same rules as approving).
#[utoipa::path(post, path = "/v1/loans/{id}/reject", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = Decision,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not submitted", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<Json<LoanView>, ApiError> {
    let comment = decision.comment()?;
    let loans = Loans::new(&state);
    let loan = loans.reject(&caller(&user), &id, comment).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Withdraws an application before it is paid out: by who applied (or the borrowing user).
#[utoipa::path(post, path = "/v1/loans/{id}/withdraw", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = Withdrawal,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already decided or paid out", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(withdrawal): ApiJson<Withdrawal>,
) -> Result<Json<LoanView>, ApiError> {
    let comment = withdrawal.comment()?;
    let loans = Loans::new(&state);
    let loan = loans.withdraw(&caller(&user), &id, comment).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Pays an approved loan out (`loans:disburse`) and books its schedule: the calculator's for
/// the loan's request, on `disbursement_date` when given.
#[utoipa::path(post, path = "/v1/loans/{id}/disburse", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = Disbursement,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not approved", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn disburse(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(disbursement): ApiJson<Disbursement>,
) -> Result<Json<LoanView>, ApiError> {
    user.require(Permission::LoansDisburse)?;
    let date = disbursement.date()?;
    let loans = Loans::new(&state);
    let loan = loans.disburse(&caller(&user), &id, date).await?;
    Ok(Json(view(&loans, loan).await?))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(apply, list))
        .routes(routes!(get_one))
        .routes(routes!(schedule))
        .routes(routes!(history))
        .routes(routes!(submit))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(withdraw))
        .routes(routes!(disburse))
}
