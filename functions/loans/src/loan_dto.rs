//! Bodies of the /v1/loans routes (the calculator's are in `calculate_dto`).

use ferrofin_customers::ids::CustomerId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_loan_calc::LoanRequest;
use ferrofin_loan_calc::parse_decimal;
use ferrofin_loan_servicing::{DelinquencyBucket, NewTerm, Rescheduling};
use ferrofin_loans::index::LoanSummary;
use ferrofin_loans::loan::{HistoryEntry, LoanAction, Standing};
use ferrofin_loans::portfolio::CurrencyPortfolio;
use ferrofin_loans::{Applicant, Application, Loan, LoanAsk, LoanId, LoanStatus, ProductId};
use ferrofin_platform::fields::{FieldErrors, Invalid, iso_date, optional_text, text};
use ferrofin_platform::http::text_schemas as schemas;
use ferrofin_platform::http::{IsoDateText, MonthText, PositiveAmountText};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_risk_assessments::assessment::RiskAssessment;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

pub const MAX_COMMENT_CHARS: usize = 1_000;
pub const MAX_PURPOSE_CHARS: usize = 500;

/// A loan to apply for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"product_id": "01JPRODUCTIDPLACEHOLDER0", "principal": "5000.00",
    "number_of_repayments": 12, "disbursement_date": "2026-12-15", "purpose": "A used car"}))]
pub struct ApplyForLoan {
    /// An active loan product.
    #[schema(value_type = String)]
    pub product_id: ProductId,
    /// Staff holding `loans:create`: the customer who borrows. Left out: the caller borrows.
    #[schema(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
    /// Decimal string in the product's currency, within its range.
    #[schema(value_type = PositiveAmountText)]
    pub principal: String,
    /// Within the product's range.
    pub number_of_repayments: u32,
    /// Percent per year within the product's range; default: the product's.
    #[schema(schema_with = ferrofin_loan_calc::text_schemas::optional_percent)]
    pub annual_interest_rate: Option<String>,
    /// `YYYY-MM-DD`: when the money is to be paid out.
    #[schema(value_type = IsoDateText)]
    pub disbursement_date: String,
    /// A loan to the caller: one of their accounts, in the product's currency, that the amount
    /// paid out (principal less disbursement fees) is recorded on at disbursement.
    #[schema(value_type = Option<String>)]
    pub account_id: Option<AccountId>,
    /// `YYYY-MM-DD`; default: one repayment period after the disbursement.
    #[schema(value_type = Option<IsoDateText>)]
    pub first_repayment_date: Option<String>,
    #[schema(schema_with = schemas::optional_text::<500>)]
    pub purpose: Option<String>,
}

impl ApplyForLoan {
    pub fn into_application(self) -> Result<Application, Invalid> {
        let mut errors = FieldErrors::default();
        let disbursement_date = errors.take("disbursement_date", iso_date(&self.disbursement_date));
        let first_repayment_date = self
            .first_repayment_date
            .as_deref()
            .and_then(|raw| errors.take("first_repayment_date", iso_date(raw)));
        let purpose = errors.take(
            "purpose",
            optional_text(self.purpose.as_deref(), MAX_PURPOSE_CHARS),
        );
        errors.finish()?;
        let (Some(disbursement_date), Some(purpose)) = (disbursement_date, purpose) else {
            return Err(Invalid::field("disbursement_date", "is required"));
        };
        Ok(Application {
            product_id: self.product_id,
            customer_id: self.customer_id,
            payout_account: self.account_id,
            ask: LoanAsk {
                principal: self.principal,
                number_of_repayments: self.number_of_repayments,
                annual_interest_rate: self.annual_interest_rate,
                disbursement_date,
                first_repayment_date,
            },
            purpose,
        })
    }
}

/// A decision with its reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "Income verified; within policy."}))]
pub struct Decision {
    /// Why: 1 to 1000 characters, kept in the history and the audit log.
    #[schema(schema_with = schemas::required_text::<1000>)]
    pub comment: String,
}

impl Decision {
    pub fn comment(&self) -> Result<String, Invalid> {
        text(&self.comment, MAX_COMMENT_CHARS, true).map_err(|err| Invalid::field("comment", err))
    }
}

/// Withdrawing an application.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "found a better offer"}))]
pub struct Withdrawal {
    #[schema(schema_with = schemas::optional_text::<1000>)]
    pub comment: Option<String>,
}

impl Withdrawal {
    pub fn comment(&self) -> Result<Option<String>, Invalid> {
        optional_text(self.comment.as_deref(), MAX_COMMENT_CHARS)
            .map_err(|err| Invalid::field("comment", err))
    }
}

/// Paying a loan out.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = DisburseLoan)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"disbursement_date": "2026-12-15"}))]
pub struct Disbursement {
    /// `YYYY-MM-DD`; default: the date applied for.
    #[schema(value_type = Option<IsoDateText>)]
    pub disbursement_date: Option<String>,
}

impl Disbursement {
    pub fn date(&self) -> Result<Option<time::Date>, Invalid> {
        self.disbursement_date
            .as_deref()
            .map(iso_date)
            .transpose()
            .map_err(|err| Invalid::field("disbursement_date", err))
    }
}

/// Which loans to list: one filter at most (staff with `loans:read`); none lists every loan for
/// staff and the caller's own for everyone else.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListLoans {
    /// `draft`, `submitted`, `approved`, `rejected`, `withdrawn`, `active`, `closed` or
    /// `written_off`.
    #[param(pattern = "^(draft|submitted|approved|rejected|withdrawn|active|closed|written_off)$")]
    pub status: Option<String>,
    #[param(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
    #[param(value_type = Option<String>)]
    pub product_id: Option<ProductId>,
    /// The staff member who applied for customers.
    pub officer_id: Option<String>,
    /// Active loans in a bucket as the daily run last found them: `1_30`, `31_60`, `61_90`,
    /// `over_90`.
    #[param(pattern = "^(1_30|31_60|61_90|over_90)$")]
    pub delinquency: Option<String>,
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Who borrows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantView {
    /// `customer` or `user`.
    pub kind: &'static str,
    pub id: String,
}

impl From<&Applicant> for ApplicantView {
    fn from(applicant: &Applicant) -> Self {
        match applicant {
            Applicant::Customer(id) => Self {
                kind: "customer",
                id: id.to_string(),
            },
            Applicant::User(id) => Self {
                kind: "user",
                id: id.to_string(),
            },
        }
    }
}

/// The applicant's latest completed risk assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentSummary {
    pub id: String,
    pub score: Option<u64>,
    pub band: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
}

impl From<RiskAssessment> for AssessmentSummary {
    fn from(assessment: RiskAssessment) -> Self {
        let result = assessment.result.unwrap_or_default();
        Self {
            id: assessment.id.to_string(),
            score: result["score"].as_u64(),
            band: result["band"].as_str().map(str::to_owned),
            completed_at: assessment.completed_at,
        }
    }
}

/// A loan.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoanView {
    #[schema(value_type = String)]
    pub id: LoanId,
    pub status: LoanStatus,
    pub applicant: ApplicantView,
    #[schema(value_type = String)]
    pub product_id: ProductId,
    pub product_version: u32,
    /// The calculator's request for this loan: `POST /v1/loans/calculate` with it previews
    /// exactly the schedule disbursement books.
    pub request: LoanRequest,
    /// The approval levels this loan needs, in order.
    pub required_levels: Vec<u8>,
    pub approved_levels: Vec<u8>,
    /// The level to approve next, while submitted.
    pub next_level: Option<u8>,
    pub purpose: Option<String>,
    /// The account the money is paid into at disbursement.
    #[schema(value_type = Option<String>)]
    pub payout_account: Option<AccountId>,
    pub created_by: String,
    pub officer: Option<String>,
    pub latest_risk_assessment: Option<AssessmentSummary>,
    /// Where the daily run last left the loan: `as_of`, `accrued_interest`, `days_overdue`,
    /// `bucket`, `non_performing`.
    #[schema(value_type = Option<Object>)]
    pub standing: Option<Standing>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl LoanView {
    pub fn new(loan: Loan, assessment: Option<RiskAssessment>) -> Self {
        let next_level = (loan.status == LoanStatus::Submitted)
            .then(|| loan.next_level())
            .flatten();
        Self {
            approved_levels: loan.approved_levels(),
            next_level,
            applicant: ApplicantView::from(&loan.applicant),
            id: loan.id,
            status: loan.status,
            product_id: loan.product_id,
            product_version: loan.product_version,
            request: loan.request,
            required_levels: loan.required_levels,
            purpose: loan.purpose,
            payout_account: loan.payout_account,
            created_by: loan.created_by.to_string(),
            officer: loan.officer.map(|officer| officer.to_string()),
            latest_risk_assessment: assessment.map(AssessmentSummary::from),
            standing: loan.standing,
            created_at: loan.created_at,
            updated_at: loan.updated_at,
        }
    }
}

/// A loan in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoanSummaryView {
    #[schema(value_type = String)]
    pub id: LoanId,
    pub status: LoanStatus,
    pub applicant: ApplicantView,
    #[schema(value_type = String)]
    pub product_id: ProductId,
    pub principal: String,
    pub currency: String,
    pub officer: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<LoanSummary> for LoanSummaryView {
    fn from(summary: LoanSummary) -> Self {
        Self {
            applicant: ApplicantView::from(&summary.applicant),
            id: summary.id,
            status: summary.status,
            product_id: summary.product_id,
            principal: summary.principal,
            currency: summary.currency,
            officer: summary.officer.map(|officer| officer.to_string()),
            created_at: summary.created_at,
        }
    }
}

/// One step of a loan's history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LoanHistoryView)]
pub struct HistoryView {
    pub action: LoanAction,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub level: Option<u8>,
    pub comment: Option<String>,
}

impl From<HistoryEntry> for HistoryView {
    fn from(entry: HistoryEntry) -> Self {
        Self {
            action: entry.action,
            by: entry.by.to_string(),
            at: entry.at,
            level: entry.level,
            comment: entry.comment,
        }
    }
}

/// A loan's history, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryList {
    pub items: Vec<HistoryView>,
}

/// The day to run.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-11-21"}))]
pub struct DailyRunRequest {
    /// `YYYY-MM-DD`; default: today.
    #[schema(value_type = Option<IsoDateText>, inline)]
    pub date: Option<String>,
}

/// The daily run is queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailyRunQueued {
    pub date: String,
}

/// A repayment to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "1776.98", "date": "2027-01-15"}))]
pub struct RecordRepayment {
    /// Decimal string in the loan's currency, more than 0.
    #[schema(value_type = PositiveAmountText)]
    pub amount: String,
    /// `YYYY-MM-DD`, not before the disbursement.
    #[schema(value_type = IsoDateText)]
    pub date: String,
}

/// A repayment to reverse.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2027-01-20", "comment": "The payment bounced"}))]
pub struct ReverseRepayment {
    /// `YYYY-MM-DD`, not before the repayment; default: today.
    #[schema(value_type = Option<IsoDateText>)]
    pub date: Option<String>,
    /// Why, 1 to 1000 characters.
    #[schema(schema_with = schemas::required_text::<1000>)]
    pub comment: String,
}

/// A date to read a loan's state or payoff at.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// `YYYY-MM-DD`; default: today.
    #[param(value_type = Option<IsoDateText>, inline)]
    pub date: Option<String>,
}

/// `date` when given, else `today`.
pub fn date_or(raw: Option<&str>, today: time::Date) -> Result<time::Date, Invalid> {
    raw.map_or(Ok(today), |raw| {
        iso_date(raw).map_err(|err| Invalid::field("date", err))
    })
}

/// The loan after a repayment step, and its state then.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServicedView {
    /// The repayment recorded (for a new repayment).
    pub repayment_id: Option<String>,
    pub status: LoanStatus,
    /// The loan's state on the step's date (as `GET /v1/loans/{id}/state` answers it).
    #[schema(value_type = Object)]
    pub state: ferrofin_loan_servicing::LoanState,
}

/// Which month's disbursements the portfolio shows.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PortfolioQuery {
    /// `YYYY-MM`; default: this month.
    #[param(value_type = Option<MonthText>, inline)]
    pub month: Option<String>,
}

/// Late loans of one delinquency bucket.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArrearsView {
    /// `1_30`, `31_60`, `61_90` or `over_90`.
    pub bucket: &'static str,
    pub loans: i64,
    /// Decimal string.
    pub outstanding_principal: String,
}

/// What a month disbursed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisbursedView {
    pub loans: i64,
    /// Decimal string.
    pub principal: String,
}

/// One currency of the portfolio.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencyPortfolioView {
    pub currency: String,
    pub active_loans: i64,
    /// Decimal string: principal still owed on active loans.
    pub outstanding_principal: String,
    /// By delinquency bucket, as the daily run last found the loans.
    pub arrears: Vec<ArrearsView>,
    pub disbursed: DisbursedView,
}

/// The lending portfolio, per currency.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LoanPortfolioView)]
pub struct PortfolioView {
    /// The month `disbursed` is about.
    pub month: String,
    pub currencies: Vec<CurrencyPortfolioView>,
}

impl CurrencyPortfolioView {
    pub fn new(portfolio: CurrencyPortfolio) -> Self {
        // Counters are kept only for loans, whose currencies were checked.
        let currency = Currency::parse(&portfolio.currency).ok();
        let money = |minor: i64| {
            currency.map_or_else(
                || minor.to_string(),
                |currency| Money::from_minor(minor, currency).to_decimal_string(),
            )
        };
        let counters = &portfolio.counters;
        Self {
            active_loans: counters.active_loans,
            outstanding_principal: money(counters.outstanding_principal_minor),
            arrears: DelinquencyBucket::ALL
                .into_iter()
                .filter(|bucket| *bucket != DelinquencyBucket::None)
                .map(|bucket| {
                    let (loans, outstanding) = counters.bucket(bucket);
                    ArrearsView {
                        bucket: bucket.name(),
                        loans,
                        outstanding_principal: money(outstanding),
                    }
                })
                .collect(),
            disbursed: DisbursedView {
                loans: portfolio.month.disbursed_loans,
                principal: money(portfolio.month.disbursed_principal_minor),
            },
            currency: portfolio.currency,
        }
    }
}

/// How a rescheduling sets the new term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RescheduleStrategy {
    /// As many installments as are left (plus `extra_installments`), each smaller.
    ReduceInstallment,
    /// The same installment at most, fewer of them.
    ReduceTerm,
}

/// A rescheduling.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2026-04-15", "annual_interest_rate": "9", "strategy": "reduce_installment",
    "extra_installments": 6, "comment": "Hardship: income dropped"}))]
pub struct RescheduleLoan {
    /// `YYYY-MM-DD`: the disbursement date or a due date with installments after it; the
    /// installments due by then must be paid.
    #[schema(value_type = IsoDateText)]
    pub from: String,
    /// Percent per year; default: the loan's.
    #[schema(schema_with = ferrofin_loan_calc::text_schemas::optional_percent)]
    pub annual_interest_rate: Option<String>,
    /// Periods at the start of the new schedule that repay no principal.
    #[serde(default)]
    pub grace_on_principal_periods: u32,
    pub strategy: RescheduleStrategy,
    /// `reduce_installment` only: installments added to those left.
    pub extra_installments: Option<u32>,
    /// Why, 1 to 1000 characters.
    #[schema(schema_with = schemas::required_text::<1000>)]
    pub comment: String,
}

impl RescheduleLoan {
    /// The engine's rescheduling and the comment; every field at fault named.
    pub fn checked(&self) -> Result<(Rescheduling, String), Invalid> {
        let mut errors = FieldErrors::default();
        let from = errors.take("from", iso_date(&self.from));
        let rate = self
            .annual_interest_rate
            .as_deref()
            .and_then(|raw| errors.take("annual_interest_rate", parse_decimal(raw)));
        let comment = errors.take("comment", text(&self.comment, MAX_COMMENT_CHARS, true));
        let term = match (self.strategy, self.extra_installments) {
            (RescheduleStrategy::ReduceInstallment, extra) => Some(NewTerm::ReduceInstallment {
                extra_installments: extra.unwrap_or_default(),
            }),
            (RescheduleStrategy::ReduceTerm, None) => Some(NewTerm::ReduceTerm),
            (RescheduleStrategy::ReduceTerm, Some(_)) => {
                errors.push("extra_installments", "only with reduce_installment");
                None
            }
        };
        errors.finish()?;
        let (Some(from), Some(comment), Some(term)) = (from, comment, term) else {
            return Err(Invalid::field("from", "is required"));
        };
        let change = Rescheduling {
            from,
            annual_interest_rate: rate,
            grace_on_principal_periods: self.grace_on_principal_periods,
            term,
        };
        Ok((change, comment))
    }
}

/// A schedule the loan was or is serviced under.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookedScheduleView {
    #[schema(value_type = String, format = Date)]
    pub from: String,
    /// The rescheduling date that ended it; `null` for the schedule in force.
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<String>,
    /// The calculator's request it was computed from.
    pub request: LoanRequest,
    /// The schedule, as `GET /v1/loans/{id}/schedule` shows the one in force.
    #[schema(value_type = Object)]
    pub schedule: serde_json::Value,
}

/// Every schedule of a loan, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookedSchedules {
    pub items: Vec<BookedScheduleView>,
}

impl BookedSchedules {
    pub fn of(loan: &Loan) -> Result<Self, serde_json::Error> {
        let mut items = Vec::new();
        for previous in &loan.previous {
            items.push(BookedScheduleView {
                from: previous.request.disbursement_date.clone(),
                until: Some(previous.until.to_string()),
                request: previous.request.clone(),
                schedule: serde_json::from_str(&previous.schedule)?,
            });
        }
        if let Some(schedule) = &loan.schedule {
            items.push(BookedScheduleView {
                from: loan.request.disbursement_date.clone(),
                until: None,
                request: loan.request.clone(),
                schedule: serde_json::from_str(schedule)?,
            });
        }
        Ok(Self { items })
    }
}
