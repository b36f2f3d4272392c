//! The loan request as the HTTP layer receives it: [`LoanRequest`] deserialises exactly the
//! documented JSON fields (unknown fields are refused) and keeps decimals and dates as the
//! strings they were sent as, so that [`crate::validate`] can parse them strictly and name
//! every field at fault. It serialises back to the same JSON, so a booked loan can store the
//! request it was previewed from and compute the same schedule again.

use serde::{Deserialize, Serialize};

use crate::terms::{
    Amortization, DaysInMonth, DaysInYear, FeeWhen, Frequency, InterestCalculationPeriod,
    InterestMethod, RoundingMode,
};

/// The settings of a loan, as sent.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoanRequest {
    /// Decimal string, > 0, at most the currency's decimals.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::positive_amount))]
    pub principal: String,
    /// ISO 4217 code; its decimals are resolved by the caller and given to `validate`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::currency))]
    pub currency: String,
    /// Decimal string, percent per year ("12" = 12 %), 0 to 100.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::percent))]
    pub annual_interest_rate: String,
    /// 1 to 600.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 600))]
    pub number_of_repayments: u32,
    /// >= 1, in `repayment_frequency` units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub repayment_every: u32,
    pub repayment_frequency: Frequency,
    pub interest_method: InterestMethod,
    pub amortization: Amortization,
    pub interest_calculation_period: InterestCalculationPeriod,
    pub days_in_year: DaysInYear,
    pub days_in_month: DaysInMonth,
    /// YYYY-MM-DD.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::date))]
    pub disbursement_date: String,
    /// YYYY-MM-DD; by default one repayment period after the disbursement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::optional_date))]
    pub first_repayment_date: Option<String>,
    #[serde(default)]
    pub grace_on_principal_periods: u32,
    #[serde(default)]
    pub grace_on_interest_periods: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<RoundingRequest>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<FeeRequest>,
}

/// `rounding`: the mode (default `half_even`) and the multiple a level installment is rounded
/// to (default: the currency's smallest unit).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoundingRequest {
    #[serde(default)]
    pub mode: RoundingMode,
    /// Decimal string, > 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::optional_positive_amount))]
    pub installment_multiple: Option<String>,
}

/// One fee: exactly one of `amount` and `percent`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FeeRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::fee_name))]
    pub name: String,
    /// Decimal string, >= 0, at most the currency's decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::optional_unsigned_amount))]
    pub amount: Option<String>,
    /// Decimal string, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text_schemas::optional_percent))]
    pub percent: Option<String>,
    pub when: FeeWhen,
}
