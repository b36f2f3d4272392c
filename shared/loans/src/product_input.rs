//! A product as a client sends it, and the checks that make it a [`ProductSpec`]: ranges in
//! order, approval levels by increasing amount, and terms the calculator accepts at both ends
//! of the ranges.

use ferrofin_loan_calc::{MAX_REPAYMENTS, parse_decimal, validate};
use ferrofin_loan_servicing::{Loan as ServicedLoan, ServicingSettings};
use ferrofin_platform::fields::{FieldErrors, Invalid, optional_text, text};
use ferrofin_platform::http::text_schemas as schemas;
use ferrofin_platform::http::{CurrencyText, PositiveAmountText};
use ferrofin_platform::money::{Currency, Money};
use rust_decimal::Decimal;
use serde::Deserialize;
use time::macros::date;
use utoipa::{PartialSchema, ToSchema};

use crate::product::{
    APPROVAL_LEVELS, ApprovalLevel, LoanAsk, ProductSpec, ProductTerms, Range, RateRange,
};

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;

/// A product to create, or a product's next version.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Personal loan", "currency": "EUR",
    "principal": {"min": "1000.00", "max": "50000.00"}, "number_of_repayments": {"min": 6, "max": 60},
    "annual_interest_rate": {"min": "5", "max": "20", "default": "12"},
    "terms": {"repayment_every": 1, "repayment_frequency": "months", "interest_method": "declining_balance",
        "amortization": "equal_installments", "interest_calculation_period": "same_as_repayment",
        "days_in_year": "actual", "days_in_month": "actual",
        "fees": [{"name": "Arrangement", "percent": "1", "when": "disbursement"}]},
    "approval_levels": [{"level": 1}, {"level": 2, "above": "10000.00"}]}))]
pub struct ProductInput {
    #[schema(schema_with = schemas::required_text::<100>)]
    pub name: String,
    #[schema(schema_with = schemas::optional_text::<1000>)]
    pub description: Option<String>,
    /// ISO 4217.
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// Decimal strings in `currency`, 0 < min <= max.
    #[schema(schema_with = principal_range)]
    pub principal: Range<String>,
    /// 1 <= min <= max <= 600.
    #[schema(schema_with = repayments_range)]
    pub number_of_repayments: Range<u32>,
    /// Percent per year, decimal strings, 0 <= min <= default <= max <= 100.
    pub annual_interest_rate: RateRange,
    pub terms: ProductTerms,
    /// Level 1 (every loan) and optionally level 2 `above` an amount.
    pub approval_levels: Vec<ApprovalInput>,
    /// `allocation_order` (`penalties_fees_interest_principal`, the default,
    /// `interest_principal_penalties_fees` or `principal_interest_penalties_fees`),
    /// `late_penalty` (`{"charge": {"percent": "2"} | {"amount": "15.00"}, "grace_days": 5}`,
    /// once per overdue installment), `arrears_tolerance` (decimal string) and
    /// `days_until_non_performing` (default 90). See docs/loan-servicing.md.
    #[serde(default)]
    pub servicing: ServicingSettings,
}

/// `principal`: `{min, max}`, each an amount above zero.
fn principal_range() -> utoipa::openapi::Schema {
    range(PositiveAmountText::schema())
}

/// `number_of_repayments`: `{min, max}`, each 1 to [`MAX_REPAYMENTS`].
fn repayments_range() -> utoipa::openapi::Schema {
    let count = utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_REPAYMENTS));
    range(count.into())
}

fn range(end: utoipa::openapi::RefOr<utoipa::openapi::Schema>) -> utoipa::openapi::Schema {
    utoipa::openapi::ObjectBuilder::new()
        .property("min", end.clone())
        .property("max", end)
        .required("min")
        .required("max")
        .build()
        .into()
}

/// One approval level: `level` 1 takes no `above`; level 2 needs one.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalInput {
    #[schema(minimum = 1, maximum = 2)]
    pub level: u8,
    /// Decimal string in the product's currency: loans above it need this level too.
    #[schema(value_type = Option<PositiveAmountText>)]
    pub above: Option<String>,
}

impl ProductInput {
    /// The product this input describes; every field at fault named.
    pub fn check(self) -> Result<ProductSpec, Invalid> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text(&self.name, MAX_NAME_CHARS, true));
        let description = errors.take(
            "description",
            optional_text(self.description.as_deref(), MAX_DESCRIPTION_CHARS),
        );
        let currency = errors.take("currency", Currency::parse(&self.currency));
        let principal =
            currency.and_then(|currency| principal(&mut errors, &self.principal, currency));
        let repayments = self.number_of_repayments;
        if repayments.min < 1 || repayments.min > repayments.max || repayments.max > MAX_REPAYMENTS
        {
            errors.push(
                "number_of_repayments",
                format!("must be 1 <= min <= max <= {MAX_REPAYMENTS}"),
            );
        }
        let rate = rates(&mut errors, &self.annual_interest_rate);
        let levels =
            currency.and_then(|currency| approvals(&mut errors, &self.approval_levels, currency));
        errors.finish()?;
        let (
            Some(name),
            Some(description),
            Some(currency),
            Some(principal),
            Some(rate),
            Some(levels),
        ) = (name, description, currency, principal, rate, levels)
        else {
            return Err(Invalid::field("product", "is incomplete"));
        };
        let spec = ProductSpec {
            name,
            description,
            currency,
            principal,
            number_of_repayments: repayments,
            annual_interest_rate: rate,
            terms: self.terms,
            approval_levels: levels,
            servicing: self.servicing,
        };
        check_terms(&spec)?;
        Ok(spec)
    }
}

fn principal(
    errors: &mut FieldErrors,
    raw: &Range<String>,
    currency: Currency,
) -> Option<Range<i64>> {
    let min = errors.take("principal.min", Money::parse(&raw.min, currency));
    let max = errors.take("principal.max", Money::parse(&raw.max, currency));
    let (min, max) = (min?.minor(), max?.minor());
    if min <= 0 || min > max {
        errors.push("principal", "must be 0 < min <= max");
        return None;
    }
    Some(Range { min, max })
}

/// The rates, normalised (`"12.50"` is stored `"12.5"`).
fn rates(errors: &mut FieldErrors, raw: &RateRange) -> Option<RateRange> {
    let mut parse = |field: &str, text: &str| errors.take(field, parse_decimal(text));
    let min = parse("annual_interest_rate.min", &raw.min);
    let default = parse("annual_interest_rate.default", &raw.default);
    let max = parse("annual_interest_rate.max", &raw.max);
    let (min, default, max) = (min?, default?, max?);
    if !(Decimal::ZERO <= min && min <= default && default <= max && max <= Decimal::ONE_HUNDRED) {
        errors.push(
            "annual_interest_rate",
            "must be 0 <= min <= default <= max <= 100",
        );
        return None;
    }
    let text = |rate: Decimal| rate.normalize().to_string();
    Some(RateRange {
        min: text(min),
        max: text(max),
        default: text(default),
    })
}

fn approvals(
    errors: &mut FieldErrors,
    raw: &[ApprovalInput],
    currency: Currency,
) -> Option<Vec<ApprovalLevel>> {
    let field = "approval_levels";
    let levels: Vec<u8> = raw.iter().map(|level| level.level).collect();
    if levels.is_empty()
        || levels.len() > APPROVAL_LEVELS.len()
        || levels[..] != APPROVAL_LEVELS[..levels.len()]
    {
        errors.push(field, "level 1, then optionally level 2, in that order");
        return None;
    }
    let mut checked = Vec::new();
    for (index, input) in raw.iter().enumerate() {
        let above = match (index, &input.above) {
            (0, None) => None,
            (0, Some(_)) => {
                errors.push(
                    &format!("{field}[0].above"),
                    "level 1 approves every loan: no `above`",
                );
                return None;
            }
            (_, None) => {
                errors.push(&format!("{field}[{index}].above"), "required above level 1");
                return None;
            }
            (_, Some(text)) => {
                let above = errors.take(
                    &format!("{field}[{index}].above"),
                    Money::parse(text, currency),
                )?;
                Some(above.minor())
            }
        };
        checked.push(ApprovalLevel {
            level: input.level,
            above_minor: above,
        });
    }
    Some(checked)
}

/// The calculator accepts the terms at both ends of the ranges; its faults are named under
/// `terms.` (or the range they come from).
fn check_terms(spec: &ProductSpec) -> Result<(), Invalid> {
    let money = |minor| Money::from_minor(minor, spec.currency).to_decimal_string();
    let ends = [
        (spec.principal.min, spec.number_of_repayments.min),
        (spec.principal.max, spec.number_of_repayments.max),
    ];
    for (principal, repayments) in ends {
        let ask = LoanAsk {
            principal: money(principal),
            number_of_repayments: repayments,
            annual_interest_rate: None,
            disbursement_date: date!(2026 - 01 - 01),
            first_repayment_date: None,
        };
        let request = spec.loan_request(&ask)?;
        let terms = validate(&request, spec.currency.exponent());
        if let Ok(terms) = &terms
            && let Err(refused) = ServicedLoan::new(terms, spec.servicing)
        {
            return Err(Invalid::field("servicing", refused.to_string()));
        }
        if let Err(invalid) = terms {
            let details = invalid
                .errors
                .into_iter()
                .map(|error| ferrofin_platform::fields::ErrorDetail {
                    field: match error.field.as_str() {
                        "principal" | "number_of_repayments" | "annual_interest_rate" => {
                            error.field
                        }
                        _ => format!("terms.{}", error.field),
                    },
                    message: error.message,
                })
                .collect();
            return Err(Invalid(details));
        }
    }
    Ok(())
}
