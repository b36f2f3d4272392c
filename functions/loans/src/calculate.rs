//! The calculator's handlers: a schedule, an early repayment, a comparison. Nothing is stored.

use axum::Json;
use ferrofin_identity::AuthUser;
use ferrofin_loan_calc::{EarlyRepayment, LoanRequest, Schedule, compare};
use ferrofin_platform::fields::Invalid;
use ferrofin_platform::http::{ApiError, ApiJson, ApiRouter, ErrorBody};
use ferrofin_platform::routes;

use crate::calculate_dto::{CompareLoans, Comparisons, EarlyRepaymentRequest, terms};

/// The repayment schedule of a loan: every installment's due date, principal, interest, fees
/// and balance, the totals, the APR (the nominal annual rate the cash flows imply, fees
/// included) and the effective annual rate, with Apache Fineract's arithmetic for the same
/// settings (docs/loan-calculation.md).
#[utoipa::path(post, path = "/v1/loans/calculate", operation_id = "calculateLoanSchedule", tag = "loans", security(("bearer" = [])),
    request_body(content = LoanRequest, example = json!({"principal": "10000.00", "currency": "EUR",
        "annual_interest_rate": "12", "number_of_repayments": 12, "repayment_every": 1,
        "repayment_frequency": "months", "interest_method": "declining_balance",
        "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
        "days_in_year": "actual", "days_in_month": "actual", "disbursement_date": "2026-01-15",
        "fees": [{"name": "Arrangement", "percent": "1", "when": "disbursement"}]})),
    responses((status = 200, description = "The schedule", body = Schedule),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn schedule(
    _user: AuthUser,
    ApiJson(request): ApiJson<LoanRequest>,
) -> Result<Json<Schedule>, ApiError> {
    let terms = terms(&request, "").map_err(Invalid)?;
    Ok(Json(Schedule::calculate(&terms)))
}

/// A loan's schedule after repaying `amount` early on `date`: the installments due by then as
/// scheduled, the prepayment (interest owed on the date first, pro rata by days, then
/// principal), and the rest with the same installment and fewer of them (`reduce_term`) or as
/// many smaller ones (`reduce_installment`); and the interest saved. Declining balance only.
#[utoipa::path(post, path = "/v1/loans/calculate/early-repayment", operation_id = "calculateEarlyRepayment", tag = "loans", security(("bearer" = [])),
    request_body = EarlyRepaymentRequest,
    responses((status = 200, description = "The new schedule and the interest saved", body = EarlyRepayment),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn early_repayment(
    _user: AuthUser,
    ApiJson(request): ApiJson<EarlyRepaymentRequest>,
) -> Result<Json<EarlyRepayment>, ApiError> {
    Ok(Json(request.prepay()?))
}

/// Up to five loans side by side: totals, APR, effective annual rate and the first regular
/// installment of each.
#[utoipa::path(post, path = "/v1/loans/calculate/compare", operation_id = "compareLoans", tag = "loans", security(("bearer" = [])),
    request_body(content = CompareLoans, example = json!({"loans": [
        {"principal": "10000.00", "currency": "EUR", "annual_interest_rate": "12", "number_of_repayments": 12,
         "repayment_every": 1, "repayment_frequency": "months", "interest_method": "declining_balance",
         "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
         "days_in_year": "actual", "days_in_month": "actual", "disbursement_date": "2026-01-15"},
        {"principal": "10000.00", "currency": "EUR", "annual_interest_rate": "6", "number_of_repayments": 12,
         "repayment_every": 1, "repayment_frequency": "months", "interest_method": "flat",
         "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
         "days_in_year": "actual", "days_in_month": "actual", "disbursement_date": "2026-01-15"}]})),
    responses((status = 200, description = "The loans side by side", body = Comparisons),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn comparison(
    _user: AuthUser,
    ApiJson(request): ApiJson<CompareLoans>,
) -> Result<Json<Comparisons>, ApiError> {
    let loans = request.terms()?;
    let comparisons =
        compare(&loans).map_err(|refused| Invalid::field("loans", refused.to_string()))?;
    Ok(Json(Comparisons { comparisons }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(schedule))
        .routes(routes!(early_repayment))
        .routes(routes!(comparison))
}
