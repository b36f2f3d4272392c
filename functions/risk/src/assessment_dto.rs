//! Request and response bodies of the /v1/risk/assessments routes.

use ferrofin_customers::ids::CustomerId;
use ferrofin_files::FileId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::fields::{FieldErrors, Invalid, iso_date};
use ferrofin_platform::http::PageQuery;
use ferrofin_platform::http::{AmountText, CurrencyText, IsoDateText};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_risk_assessments::assessment::ReadSummary;
use ferrofin_risk_assessments::{AssessmentId, AssessmentStatus, RiskAssessment, Source, Subject};
use ferrofin_statements::CsvMapping;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

/// Most accounts one assessment names.
pub const MAX_ACCOUNTS: usize = 20;

/// What an assessment reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceName {
    /// The caller's transactions over `from`..`to`.
    Transactions,
    /// A file the caller uploaded with purpose `statement`.
    Statement,
}

/// How a statement file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    /// CSV with a column mapping (`mapping`, as for imports).
    Csv,
    /// OFX 1.x (SGML) or 2.x (XML), or QFX; no mapping.
    Ofx,
}

/// An assessment to compute.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"source": "transactions", "currency": "EUR", "from": "2026-05-01", "to": "2026-10-31"}))]
pub struct RequestAssessment {
    pub source: SourceName,
    /// ISO 4217: only money in this currency is assessed.
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// First day, `YYYY-MM-DD`: required for `transactions`; for `statement`, rows before it
    /// are left out (default: the first row's date).
    #[schema(value_type = Option<IsoDateText>)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, not after today: required for `transactions`; for
    /// `statement`, rows after it are left out (default: the last row's date). At most 731
    /// days from `from`, both included.
    #[schema(value_type = Option<IsoDateText>)]
    pub to: Option<String>,
    /// `transactions` only: the accounts to read (1 to 20, each in `currency`); default: the
    /// caller's checking, savings and cash accounts in `currency`.
    #[schema(value_type = Option<std::collections::BTreeSet<String>>, min_items = 1, max_items = 20)]
    pub account_ids: Option<Vec<AccountId>>,
    /// `statement` only: a completed file of the caller uploaded with purpose `statement`.
    #[schema(value_type = Option<String>)]
    pub file_id: Option<FileId>,
    /// `statement` only.
    pub format: Option<StatementFormat>,
    /// `statement` with `csv` only: the column mapping, as `mapping` of `POST /v1/imports`.
    pub mapping: Option<CsvMapping>,
    /// `statement` only: the balance before the first day, decimal string in `currency`;
    /// for an OFX file with one statement its ledger balance gives it when left out.
    #[schema(value_type = Option<AmountText>)]
    pub opening_balance: Option<String>,
    /// `statement` only, for staff holding `risk:customers`: the customer the statement is
    /// about; the assessment is then the customer's.
    #[schema(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
}

impl RequestAssessment {
    /// The source as the domain takes it, and the customer it is about; every field checked.
    pub fn into_source(self) -> Result<(Source, Option<CustomerId>), Invalid> {
        let mut errors = FieldErrors::default();
        let currency = errors.take("currency", Currency::parse(&self.currency));
        let date = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
            raw.as_deref()
                .and_then(|raw| errors.take(field, iso_date(raw)))
        };
        let from = date(&mut errors, "from", &self.from);
        let to = date(&mut errors, "to", &self.to);
        let only_for_statement = |errors: &mut FieldErrors, field: &str, given: bool| {
            if given {
                errors.push(field, "only for source statement");
            }
        };
        let source = match self.source {
            SourceName::Transactions => {
                for (field, given) in [
                    ("file_id", self.file_id.is_some()),
                    ("format", self.format.is_some()),
                    ("mapping", self.mapping.is_some()),
                    ("opening_balance", self.opening_balance.is_some()),
                ] {
                    only_for_statement(&mut errors, field, given);
                }
                for (field, value) in [("from", &self.from), ("to", &self.to)] {
                    if value.is_none() {
                        errors.push(field, "required for source transactions");
                    }
                }
                if let Some(ids) = &self.account_ids {
                    check_accounts(&mut errors, ids);
                }
                errors.finish()?;
                match (currency, from, to) {
                    (Some(currency), Some(from), Some(to)) => Source::Transactions {
                        currency,
                        from,
                        to,
                        account_ids: self.account_ids,
                    },
                    _ => return Err(errors_missing()),
                }
            }
            SourceName::Statement => {
                if self.account_ids.is_some() {
                    errors.push("account_ids", "only for source transactions");
                }
                if self.file_id.is_none() {
                    errors.push("file_id", "required for source statement");
                }
                let mapping = match (self.format, self.mapping) {
                    (Some(StatementFormat::Csv), Some(mapping)) => Some(Box::new(mapping)),
                    (Some(StatementFormat::Csv), None) => {
                        errors.push("mapping", "required for csv");
                        None
                    }
                    (Some(StatementFormat::Ofx), Some(_)) => {
                        errors.push("mapping", "an ofx statement takes no mapping");
                        None
                    }
                    (Some(StatementFormat::Ofx), None) => None,
                    (None, _) => {
                        errors.push("format", "required for source statement");
                        None
                    }
                };
                let opening = match (&self.opening_balance, currency) {
                    (Some(raw), Some(currency)) => errors
                        .take("opening_balance", Money::parse(raw, currency))
                        .map(Money::minor),
                    _ => None,
                };
                errors.finish()?;
                match (currency, self.file_id) {
                    (Some(currency), Some(file_id)) => Source::Statement {
                        file_id,
                        mapping,
                        currency,
                        from,
                        to,
                        opening_balance_minor: opening,
                    },
                    _ => return Err(errors_missing()),
                }
            }
        };
        Ok((source, self.customer_id))
    }
}

/// 1 to [`MAX_ACCOUNTS`] accounts, none twice.
fn check_accounts(errors: &mut FieldErrors, ids: &[AccountId]) {
    if ids.is_empty() || ids.len() > MAX_ACCOUNTS {
        errors.push(
            "account_ids",
            format!("1 to {MAX_ACCOUNTS} accounts (leave it out for every cash account)"),
        );
    }
    let mut seen = std::collections::HashSet::new();
    if !ids.iter().all(|id| seen.insert(id)) {
        errors.push("account_ids", "an account is named twice");
    }
}

/// Every missing value was reported as a field error before; this only satisfies the types.
fn errors_missing() -> Invalid {
    Invalid::field("source", "is incomplete")
}

/// Paging, and whose assessments to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAssessments {
    /// A customer's assessments instead of the caller's (needs `risk:customers`).
    #[param(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
    /// Page size, 1..=100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListAssessments {
    pub fn page(&self) -> PageQuery {
        PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

/// Whom an assessment is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectView {
    /// `user` (the caller's own) or `customer`.
    pub kind: &'static str,
    pub id: String,
}

/// What an assessment was asked to read.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceView {
    pub source: SourceName,
    pub currency: String,
    /// As asked (a statement's window defaults to its rows' dates: see `assessment.from`).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "ferrofin_platform::fields::date_text::option")]
    pub from: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "ferrofin_platform::fields::date_text::option")]
    pub to: Option<Date>,
    #[schema(value_type = Option<Vec<String>>)]
    pub account_ids: Option<Vec<AccountId>>,
    #[schema(value_type = Option<String>)]
    pub file_id: Option<FileId>,
}

/// A risk assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    #[schema(value_type = String)]
    pub id: AssessmentId,
    /// `queued`, then `completed` or `failed`.
    #[schema(value_type = String)]
    pub status: AssessmentStatus,
    pub subject: SubjectView,
    #[schema(value_type = String)]
    pub requested_by: String,
    pub source: SourceView,
    /// What was read: `{"kind": "transactions", "account_ids", "transactions"}` or
    /// `{"kind": "statement", "rows", "used", "failed", "other_currency", "outside_window",
    /// "errors"}`; set once it ran.
    #[schema(value_type = Option<Object>)]
    pub read: Option<ReadSummary>,
    /// Once completed: `score` (0–100, higher is riskier), `band` (`low`, `medium`, `high`),
    /// `confidence`, `flags`, `reasons` (plain sentences), `contributions`, `metrics` and
    /// `months`, as docs/risk.md defines them.
    #[schema(value_type = Option<Object>)]
    pub assessment: Option<serde_json::Value>,
    /// Why it failed, when it did.
    pub failure: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
}

impl From<RiskAssessment> for AssessmentView {
    fn from(assessment: RiskAssessment) -> Self {
        let subject = match &assessment.subject {
            Subject::User(user_id) => SubjectView {
                kind: "user",
                id: user_id.to_string(),
            },
            Subject::Customer(customer_id) => SubjectView {
                kind: "customer",
                id: customer_id.to_string(),
            },
        };
        let source = match assessment.source {
            Source::Transactions {
                currency,
                from,
                to,
                account_ids,
            } => SourceView {
                source: SourceName::Transactions,
                currency: currency.code().to_owned(),
                from: Some(from),
                to: Some(to),
                account_ids,
                file_id: None,
            },
            Source::Statement {
                file_id,
                currency,
                from,
                to,
                ..
            } => SourceView {
                source: SourceName::Statement,
                currency: currency.code().to_owned(),
                from,
                to,
                account_ids: None,
                file_id: Some(file_id),
            },
        };
        Self {
            id: assessment.id,
            status: assessment.status,
            subject,
            requested_by: assessment.requested_by.to_string(),
            source,
            read: assessment.read,
            assessment: assessment.result,
            failure: assessment.failure,
            created_at: assessment.created_at,
            completed_at: assessment.completed_at,
        }
    }
}
