//! Bodies of the /v1/loan-products routes.

use ferrofin_loans::product::{ProductTerms, Range, RateRange};
use ferrofin_loans::{LoanProduct, ProductId, ProductStatus};
use ferrofin_platform::money::Money;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// An approval level as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalLevelView {
    pub level: u8,
    /// Decimal string: loans above it need this level too; `null` for level 1 (every loan).
    pub above: Option<String>,
}

/// A version of a loan product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    #[schema(value_type = String)]
    pub id: ProductId,
    /// 1, then one more for every change; loans keep the version they were applied for.
    pub product_version: u32,
    pub status: ProductStatus,
    pub name: String,
    pub description: Option<String>,
    pub currency: String,
    /// Decimal strings.
    pub principal: Range<String>,
    pub number_of_repayments: Range<u32>,
    pub annual_interest_rate: RateRange,
    pub terms: ProductTerms,
    pub approval_levels: Vec<ApprovalLevelView>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<LoanProduct> for ProductView {
    fn from(product: LoanProduct) -> Self {
        let spec = product.spec;
        let money = |minor| Money::from_minor(minor, spec.currency).to_decimal_string();
        Self {
            id: product.id,
            product_version: product.product_version,
            status: product.status,
            name: spec.name,
            description: spec.description,
            currency: spec.currency.code().to_owned(),
            principal: Range {
                min: money(spec.principal.min),
                max: money(spec.principal.max),
            },
            number_of_repayments: spec.number_of_repayments,
            annual_interest_rate: spec.annual_interest_rate,
            terms: spec.terms,
            approval_levels: spec
                .approval_levels
                .iter()
                .map(|level| ApprovalLevelView {
                    level: level.level,
                    above: level.above_minor.map(money),
                })
                .collect(),
            created_at: product.created_at,
            updated_at: product.updated_at,
        }
    }
}
