//! A loan product: the calculator's settings as the defaults every loan of it gets, the ranges
//! an application must stay within (principal, number of repayments, rate), and the approval
//! levels by amount. A product changes only by a new version: every change stores the next
//! version beside the old ones, and a loan keeps the version it was applied for.

use ferrofin_loan_calc::{
    Amortization, DaysInMonth, DaysInYear, FeeRequest, Frequency, InterestCalculationPeriod,
    InterestMethod, LoanRequest, RoundingRequest, parse_decimal,
};
use ferrofin_loan_servicing::ServicingSettings;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::Key;
use ferrofin_platform::records::Versioned;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::ids::ProductId;

/// The approval levels there are permissions for (`loans:approve:level1`, `...level2`).
pub const APPROVAL_LEVELS: [u8; 2] = [1, 2];

/// A range, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Range<T> {
    pub min: T,
    pub max: T,
}

/// The annual rate range, percent, with the rate a loan gets when it asks for none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateRange {
    #[schema(schema_with = ferrofin_loan_calc::text_schemas::percent)]
    pub min: String,
    #[schema(schema_with = ferrofin_loan_calc::text_schemas::percent)]
    pub max: String,
    #[schema(schema_with = ferrofin_loan_calc::text_schemas::percent)]
    pub default: String,
}

/// The calculator's settings every loan of the product gets (as `POST /v1/loans/calculate`
/// takes them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductTerms {
    #[schema(minimum = 1)]
    pub repayment_every: u32,
    pub repayment_frequency: Frequency,
    pub interest_method: InterestMethod,
    pub amortization: Amortization,
    pub interest_calculation_period: InterestCalculationPeriod,
    pub days_in_year: DaysInYear,
    pub days_in_month: DaysInMonth,
    #[serde(default)]
    pub grace_on_principal_periods: u32,
    #[serde(default)]
    pub grace_on_interest_periods: u32,
    #[serde(default)]
    pub rounding: Option<RoundingRequest>,
    #[serde(default)]
    pub fees: Vec<FeeRequest>,
}

/// Who must approve: level 1 always; a higher level when the principal is above `above`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalLevel {
    pub level: u8,
    /// Minor units; `None` (level 1 only): every amount.
    pub above_minor: Option<i64>,
}

/// What a product offers, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSpec {
    pub name: String,
    pub description: Option<String>,
    pub currency: Currency,
    /// Minor units.
    pub principal: Range<i64>,
    pub number_of_repayments: Range<u32>,
    pub annual_interest_rate: RateRange,
    pub terms: ProductTerms,
    /// By level, level 1 first.
    pub approval_levels: Vec<ApprovalLevel>,
    /// How repayments are allocated, late penalties, arrears tolerance, non-performing days.
    #[serde(default)]
    pub servicing: ServicingSettings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Open for applications.
    Active,
    /// Closed to new applications; its loans go on.
    Retired,
}

/// A version of a product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoanProduct {
    pub id: ProductId,
    /// 1, then one more for every change.
    pub product_version: u32,
    pub spec: ProductSpec,
    pub status: ProductStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The stored record's version (optimistic concurrency).
    pub version: u64,
}

impl Versioned for LoanProduct {
    fn key(&self) -> Key {
        crate::keys::product(&self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}

/// What an application asks of a product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanAsk {
    /// Decimal string in the product's currency.
    pub principal: String,
    pub number_of_repayments: u32,
    /// Percent per year; the product's default when `None`.
    pub annual_interest_rate: Option<String>,
    pub disbursement_date: Date,
    pub first_repayment_date: Option<Date>,
}

impl ProductSpec {
    /// The calculator's request for `ask`, every range of the product checked (the calculator
    /// then checks the rest).
    pub fn loan_request(&self, ask: &LoanAsk) -> Result<LoanRequest, Invalid> {
        let mut errors = FieldErrors::default();
        let principal = errors.take("principal", Money::parse(&ask.principal, self.currency));
        if let Some(principal) = principal
            && !(self.principal.min..=self.principal.max).contains(&principal.minor())
        {
            errors.push(
                "principal",
                format!(
                    "must be from {} to {}",
                    self.money(self.principal.min),
                    self.money(self.principal.max)
                ),
            );
        }
        let repayments = self.number_of_repayments;
        if !(repayments.min..=repayments.max).contains(&ask.number_of_repayments) {
            errors.push(
                "number_of_repayments",
                format!("must be from {} to {}", repayments.min, repayments.max),
            );
        }
        let rate_text = ask
            .annual_interest_rate
            .clone()
            .unwrap_or_else(|| self.annual_interest_rate.default.clone());
        let rate = errors.take("annual_interest_rate", parse_decimal(&rate_text));
        let range = &self.annual_interest_rate;
        let within = |rate: Decimal| match (parse_decimal(&range.min), parse_decimal(&range.max)) {
            (Ok(min), Ok(max)) => min <= rate && rate <= max,
            // The stored range was checked when it was stored; unreadable, it admits nothing.
            _ => false,
        };
        if let Some(rate) = rate
            && !within(rate)
        {
            errors.push(
                "annual_interest_rate",
                format!("must be from {} to {} percent", range.min, range.max),
            );
        }
        errors.finish()?;
        let terms = self.terms.clone();
        Ok(LoanRequest {
            principal: principal.map(Money::to_decimal_string).unwrap_or_default(),
            currency: self.currency.code().to_owned(),
            annual_interest_rate: rate_text,
            number_of_repayments: ask.number_of_repayments,
            repayment_every: terms.repayment_every,
            repayment_frequency: terms.repayment_frequency,
            interest_method: terms.interest_method,
            amortization: terms.amortization,
            interest_calculation_period: terms.interest_calculation_period,
            days_in_year: terms.days_in_year,
            days_in_month: terms.days_in_month,
            disbursement_date: ask.disbursement_date.to_string(),
            first_repayment_date: ask.first_repayment_date.map(|date| date.to_string()),
            grace_on_principal_periods: terms.grace_on_principal_periods,
            grace_on_interest_periods: terms.grace_on_interest_periods,
            rounding: terms.rounding,
            fees: terms.fees,
        })
    }

    /// The levels that must approve a loan of `principal_minor`, in order.
    pub fn required_levels(&self, principal_minor: i64) -> Vec<u8> {
        self.approval_levels
            .iter()
            .filter(|level| {
                level
                    .above_minor
                    .is_none_or(|above| principal_minor > above)
            })
            .map(|level| level.level)
            .collect()
    }

    fn money(&self, minor: i64) -> String {
        Money::from_minor(minor, self.currency).to_decimal_string()
    }
}
