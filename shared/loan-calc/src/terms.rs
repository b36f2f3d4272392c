//! The settings of a loan: the choices a product offers ([`Frequency`], [`InterestMethod`],
//! [`Amortization`], [`InterestCalculationPeriod`], [`DaysInYear`], [`DaysInMonth`],
//! [`RoundingMode`], [`FeeWhen`]) and the validated [`LoanTerms`] the engine computes from.
//!
//! A [`LoanTerms`] is only made by [`crate::validate`], so every figure in it is known to be in
//! range: the engine's functions take it and cannot fail on it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// The unit of `repayment_every`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Days,
    Weeks,
    Months,
}

/// How interest is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterestMethod {
    /// Each period's interest is charged on the principal still outstanding.
    DecliningBalance,
    /// Interest is charged on the original principal for the whole term and spread evenly.
    Flat,
}

/// How the principal is repaid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Amortization {
    /// A level installment (principal + interest).
    EqualInstallments,
    /// A level principal part; the installment falls with the interest.
    EqualPrincipal,
}

/// How long a period is for its interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterestCalculationPeriod {
    /// Every period bears the annual rate divided by the periods in a year.
    SameAsRepayment,
    /// Every period bears the annual rate times its days over the days of the year.
    Daily,
}

/// The length of a year in the day count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DaysInYear {
    /// 366 for the days that fall in a leap year, 365 for the others.
    #[serde(rename = "actual")]
    Actual,
    #[serde(rename = "360")]
    Days360,
    #[serde(rename = "364")]
    Days364,
    #[serde(rename = "365")]
    Days365,
}

/// The length of a month in the day count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DaysInMonth {
    /// The calendar's days.
    #[serde(rename = "actual")]
    Actual,
    /// Every month counts 30 days (30/360 style), for monthly repayments.
    #[serde(rename = "30")]
    Days30,
}

/// How an amount is rounded to the currency's decimals (or to the installment multiple).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Ties to the even digit (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    #[default]
    HalfEven,
    /// Ties away from zero: 0.125 → 0.13.
    HalfUp,
    /// Towards zero: 0.129 → 0.12.
    Down,
}

/// When a fee is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeWhen {
    /// Once, deducted from the amount disbursed.
    Disbursement,
    /// With every installment.
    EachInstallment,
}

/// What a fee is: a fixed amount, or a percent of its base (the principal for a disbursement
/// fee, the installment's principal + interest for an installment fee).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeeCharge {
    Amount(Decimal),
    Percent(Decimal),
}

/// One fee of the loan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    pub name: String,
    pub charge: FeeCharge,
    pub when: FeeWhen,
}

/// The rounding of amounts: the mode, and the multiple a level installment is rounded to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rounding {
    pub mode: RoundingMode,
    /// `None`: the currency's decimals.
    pub installment_multiple: Option<Decimal>,
}

/// Validated loan settings. Made by [`crate::validate`] only; read them through the accessors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanTerms {
    pub(crate) principal: Decimal,
    pub(crate) currency: String,
    pub(crate) decimals: u32,
    /// Percent per year.
    pub(crate) annual_interest_rate: Decimal,
    pub(crate) number_of_repayments: u32,
    pub(crate) repayment_every: u32,
    pub(crate) repayment_frequency: Frequency,
    pub(crate) interest_method: InterestMethod,
    pub(crate) amortization: Amortization,
    pub(crate) interest_calculation_period: InterestCalculationPeriod,
    pub(crate) days_in_year: DaysInYear,
    pub(crate) days_in_month: DaysInMonth,
    pub(crate) disbursement_date: Date,
    /// As given; `None` means one repayment period after the disbursement.
    pub(crate) first_repayment_date: Option<Date>,
    pub(crate) grace_on_principal_periods: u32,
    pub(crate) grace_on_interest_periods: u32,
    pub(crate) rounding: Rounding,
    pub(crate) fees: Vec<Fee>,
}

impl LoanTerms {
    pub fn principal(&self) -> Decimal {
        self.principal
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The currency's decimals the amounts are rounded to.
    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// Percent per year.
    pub fn annual_interest_rate(&self) -> Decimal {
        self.annual_interest_rate
    }

    pub fn number_of_repayments(&self) -> u32 {
        self.number_of_repayments
    }

    pub fn interest_method(&self) -> InterestMethod {
        self.interest_method
    }

    pub fn disbursement_date(&self) -> Date {
        self.disbursement_date
    }

    pub fn fees(&self) -> &[Fee] {
        &self.fees
    }

    pub fn rounding(&self) -> Rounding {
        self.rounding
    }
}
