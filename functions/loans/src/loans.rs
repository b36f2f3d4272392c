//! Loan handlers: apply, read (with the applicant's latest risk assessment), the booked
//! schedule, the history, lists, and the steps (submit, approve, reject, withdraw, disburse).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use ferrofin_identity::AuthUser;
use ferrofin_identity::roles::{Permission, allows};
use ferrofin_loan_calc::Schedule;
use ferrofin_loan_servicing::DelinquencyBucket;
use ferrofin_loans::{Caller, LoanError, LoanId, LoanList, LoanStatus, Loans, RunDaily};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::{Invalid, iso_date, text};
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::queue::{QueueName, send_message};
use ferrofin_platform::routes;

use crate::loan_dto::{
    ApplyForLoan, AsOf, BookedSchedules, CurrencyPortfolioView, DailyRunQueued, DailyRunRequest,
    Decision, Disbursement, HistoryList, ListLoans, LoanSummaryView, LoanView, MAX_COMMENT_CHARS,
    PortfolioQuery, PortfolioView, RecordRepayment, RescheduleLoan, ReverseRepayment, ServicedView,
    Withdrawal, date_or,
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
#[utoipa::path(post, path = "/v1/loans", operation_id = "applyForLoan", tag = "loans", security(("bearer" = [])),
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
/// product, officer or delinquency bucket (one filter at a time); otherwise the loans the
/// caller borrows.
#[utoipa::path(get, path = "/v1/loans", operation_id = "listLoans", tag = "loans", security(("bearer" = [])), params(ListLoans),
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
        ("delinquency", query.delinquency.is_some()),
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
                "must be draft, submitted, approved, rejected, withdrawn, active, closed or written_off",
            )
        })?;
        return Ok(LoanList::Status(status));
    }
    if let Some(bucket) = &query.delinquency {
        let bucket = DelinquencyBucket::parse(bucket)
            .filter(|bucket| *bucket != DelinquencyBucket::None)
            .ok_or_else(|| {
                Invalid::field("delinquency", "must be 1_30, 31_60, 61_90 or over_90")
            })?;
        return Ok(LoanList::Delinquency(bucket));
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
#[utoipa::path(get, path = "/v1/loans/{id}", operation_id = "getLoan", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(get, path = "/v1/loans/{id}/schedule", operation_id = "getLoanSchedule", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(get, path = "/v1/loans/{id}/history", operation_id = "getLoanHistory", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/loans/{id}/submit", operation_id = "submitLoan", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/loans/{id}/approve", operation_id = "approveLoan", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/loans/{id}/reject", operation_id = "rejectLoan", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/loans/{id}/withdraw", operation_id = "withdrawLoan", tag = "loans", security(("bearer" = [])),
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
#[utoipa::path(post, path = "/v1/loans/{id}/disburse", operation_id = "disburseLoan", tag = "loans", security(("bearer" = [])),
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

/// Records a repayment (`loans:repayments`). It is allocated to the installments oldest first,
/// each in the product's order (penalties, fees, interest, principal by default); paying more
/// than is owed leaves the loan overpaid; paying the payoff on a date settles the loan early.
#[utoipa::path(post, path = "/v1/loans/{id}/repayments", operation_id = "repayLoan", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = RecordRepayment,
    responses((status = 201, description = "Recorded, with the loan's state on its date", body = ServicedView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not disbursed", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn repay(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(body): ApiJson<RecordRepayment>,
) -> Result<(StatusCode, Json<ServicedView>), ApiError> {
    user.require(Permission::LoansRepayments)?;
    let date = iso_date(&body.date).map_err(|err| Invalid::field("date", err))?;
    let loans = Loans::new(&state);
    let caller = caller(&user);
    let (loan, repayment_id) = loans.repay(&caller, &id, &body.amount, date).await?;
    let serviced = ServicedView {
        repayment_id: Some(repayment_id),
        status: loan.status,
        state: loans.state(&caller, &id, date).await?,
    };
    Ok((StatusCode::CREATED, Json(serviced)))
}

/// Refunds what the borrower overpaid (`loans:repayments`): at most the overpaid amount on the
/// refund's date (422 otherwise).
#[utoipa::path(post, path = "/v1/loans/{id}/refunds", operation_id = "refundLoan", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = RecordRepayment,
    responses((status = 201, description = "Refunded, with the loan's state on its date", body = ServicedView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not disbursed", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn refund(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(body): ApiJson<RecordRepayment>,
) -> Result<(StatusCode, Json<ServicedView>), ApiError> {
    user.require(Permission::LoansRepayments)?;
    let date = iso_date(&body.date).map_err(|err| Invalid::field("date", err))?;
    let loans = Loans::new(&state);
    let caller = caller(&user);
    let loan = loans.refund(&caller, &id, &body.amount, date).await?;
    let serviced = ServicedView {
        repayment_id: None,
        status: loan.status,
        state: loans.state(&caller, &id, date).await?,
    };
    Ok((StatusCode::CREATED, Json(serviced)))
}

/// Writes an active loan off (`loans:write-off`): it is no longer serviced, charged or counted
/// in the portfolio. Audited with the comment.
#[utoipa::path(post, path = "/v1/loans/{id}/write-off", operation_id = "writeOffLoan", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = Decision,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not active", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn write_off(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<Json<LoanView>, ApiError> {
    user.require(Permission::LoansWriteOff)?;
    let comment = decision.comment()?;
    let loans = Loans::new(&state);
    let loan = loans.write_off(&caller(&user), &id, comment).await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Reverses a repayment (`loans:repayments`): the loan is as if it had never been made, and
/// every later repayment is allocated again; a closed loan reopens if it then owes again.
#[utoipa::path(post, path = "/v1/loans/{id}/repayments/{repayment_id}/reverse", operation_id = "reverseLoanRepayment", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id"), ("repayment_id" = String, Path, description = "Repayment id")),
    request_body = ReverseRepayment,
    responses((status = 200, description = "Reversed, with the loan's state on the reversal's date", body = ServicedView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not disbursed", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn reverse(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((id, repayment_id)): ApiPath<(LoanId, String)>,
    ApiJson(body): ApiJson<ReverseRepayment>,
) -> Result<Json<ServicedView>, ApiError> {
    user.require(Permission::LoansRepayments)?;
    let date = date_or(body.date.as_deref(), state.clock.now().date())?;
    let comment = text(&body.comment, MAX_COMMENT_CHARS, true)
        .map_err(|err| Invalid::field("comment", err))?;
    let loans = Loans::new(&state);
    let caller = caller(&user);
    let loan = loans
        .reverse(&caller, &id, &repayment_id, date, comment)
        .await?;
    Ok(Json(ServicedView {
        repayment_id: None,
        status: loan.status,
        state: loans.state(&caller, &id, date).await?,
    }))
}

/// The loan's state on a date (default today): each installment's principal, interest, fees
/// and penalties due, paid, waived and outstanding with its status (`paid`, `partially_paid`,
/// `due`, `overdue`, `future`), the totals, interest accrued, delinquency (days overdue, bucket,
/// non-performing) and how each repayment was allocated.
#[utoipa::path(get, path = "/v1/loans/{id}/state", operation_id = "getLoanState", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id"), AsOf),
    responses((status = 200, description = "The state (docs/loan-servicing.md)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not disbursed", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn loan_state(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiQuery(query): ApiQuery<AsOf>,
) -> Result<Json<ferrofin_loan_servicing::LoanState>, ApiError> {
    let date = date_or(query.date.as_deref(), state.clock.now().date())?;
    Ok(Json(
        Loans::new(&state).state(&caller(&user), &id, date).await?,
    ))
}

/// What settles the loan on a date (default today): the principal outstanding, the interest
/// accrued in the current period, what is overdue; the interest and fees not yet due that
/// paying it would waive.
#[utoipa::path(get, path = "/v1/loans/{id}/payoff", operation_id = "getLoanPayoff", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id"), AsOf),
    responses((status = 200, description = "The payoff quote (docs/loan-servicing.md)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not disbursed", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn payoff(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiQuery(query): ApiQuery<AsOf>,
) -> Result<Json<ferrofin_loan_servicing::PayoffQuote>, ApiError> {
    let date = date_or(query.date.as_deref(), state.clock.now().date())?;
    Ok(Json(
        Loans::new(&state).payoff(&caller(&user), &id, date).await?,
    ))
}

/// Every repayment recorded on the loan, in date order, with how it was allocated to each
/// installment's components and any overpayment; reversed repayments are left out.
#[utoipa::path(get, path = "/v1/loans/{id}/repayments", operation_id = "listLoanRepayments", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, description = "`{\"items\": [allocation, ...]}` (docs/loan-servicing.md)", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not disbursed", body = ErrorBody)))]
async fn repayments(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<Json<serde_json::Value>, ApiError> {
    // Every repayment counts, however far ahead it is dated.
    let all = Loans::new(&state)
        .state(&caller(&user), &id, time::Date::MAX)
        .await?;
    Ok(Json(serde_json::json!({ "items": all.repayments })))
}

/// Queues the daily run now (`loans:operations`; it also runs on a schedule): every active
/// loan brought up to `date` (default today) — late penalties due, accrued interest,
/// delinquency bucket, non-performing flag. Running a day twice changes nothing.
#[utoipa::path(post, path = "/v1/loans/daily-run", operation_id = "runLoansDaily", tag = "loans", security(("bearer" = [])),
    request_body = DailyRunRequest,
    responses((status = 202, description = "Queued", body = DailyRunQueued), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn daily_run(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<DailyRunRequest>,
) -> Result<(StatusCode, Json<DailyRunQueued>), ApiError> {
    user.require(Permission::LoansOperations)?;
    let date = date_or(body.date.as_deref(), state.clock.now().date())?;
    let run = RunDaily {
        date: Some(date),
        ..RunDaily::default()
    };
    send_message(
        state.queue.as_ref(),
        QueueName::Jobs,
        &run,
        state.clock.as_ref(),
    )
    .await
    .map_err(LoanError::from)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(DailyRunQueued {
            date: date.to_string(),
        }),
    ))
}

/// The lending portfolio for staff (`loans:read`), per currency: active loans and their
/// principal outstanding, arrears by delinquency bucket, what a month (default this one)
/// disbursed. Counters kept on every write, read with one query.
#[utoipa::path(get, path = "/v1/loans/portfolio", operation_id = "getLoanPortfolio", tag = "loans", security(("bearer" = [])), params(PortfolioQuery),
    responses((status = 200, body = PortfolioView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn portfolio(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PortfolioQuery>,
) -> Result<Json<PortfolioView>, ApiError> {
    user.require(Permission::LoansRead)?;
    let month = match &query.month {
        Some(raw) => Month::parse(raw)
            .map_err(|err| Invalid::field("month", err.to_string()))?
            .to_string(),
        None => {
            let today = state.clock.now().date();
            format!("{:04}-{:02}", today.year(), u8::from(today.month()))
        }
    };
    let currencies = Loans::new(&state).portfolio(&month).await?;
    Ok(Json(PortfolioView {
        month,
        currencies: currencies
            .into_iter()
            .map(CurrencyPortfolioView::new)
            .collect(),
    }))
}

/// Reschedules an active loan (`loans:reschedule`): from the disbursement or a due date whose
/// installments are paid, the principal still owed is lent again at a new rate, with added
/// principal grace, as smaller installments (`reduce_installment`, optionally more of them) or
/// fewer (`reduce_term`). Audited; the old schedule is kept (`GET .../schedules`).
#[utoipa::path(post, path = "/v1/loans/{id}/reschedule", operation_id = "rescheduleLoan", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")), request_body = RescheduleLoan,
    responses((status = 200, body = LoanView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not active, or an installment due by `from` is unpaid", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn reschedule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
    ApiJson(body): ApiJson<RescheduleLoan>,
) -> Result<Json<LoanView>, ApiError> {
    user.require(Permission::LoansReschedule)?;
    let (change, comment) = body.checked()?;
    let loans = Loans::new(&state);
    let loan = loans
        .reschedule(&caller(&user), &id, change, comment)
        .await?;
    Ok(Json(view(&loans, loan).await?))
}

/// Every schedule the loan was serviced under, oldest first: those a rescheduling ended, with
/// its date, and the one in force.
#[utoipa::path(get, path = "/v1/loans/{id}/schedules", operation_id = "listLoanSchedules", tag = "loans", security(("bearer" = [])),
    params(("id" = String, Path, description = "Loan id")),
    responses((status = 200, body = BookedSchedules), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn schedules(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<LoanId>,
) -> Result<Json<BookedSchedules>, ApiError> {
    let loan = Loans::new(&state).get(&caller(&user), &id).await?;
    Ok(Json(BookedSchedules::of(&loan).map_err(LoanError::from)?))
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
        .routes(routes!(repay, repayments))
        .routes(routes!(reverse))
        .routes(routes!(loan_state))
        .routes(routes!(payoff))
        .routes(routes!(daily_run))
        .routes(routes!(portfolio))
        .routes(routes!(reschedule))
        .routes(routes!(refund))
        .routes(routes!(write_off))
        .routes(routes!(schedules))
}
