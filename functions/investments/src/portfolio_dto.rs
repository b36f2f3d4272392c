//! Request and response bodies of the portfolio and holding routes.

use ferrofin_investment_calc::{AssetClass, LotMethod};
use ferrofin_investments::records::{HoldingRecord, PortfolioRecord};
use ferrofin_investments::service::PortfolioChanges;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::CurrencyText;
use ferrofin_platform::http::text_schemas::required_text;
use ferrofin_platform::merge_patch::Patch;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Creates a portfolio.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Retirement", "base_currency": "EUR", "lot_method": "fifo"}))]
pub struct CreatePortfolio {
    /// 1 to 100 characters.
    #[schema(schema_with = required_text::<100>)]
    pub name: String,
    /// ISO 4217; every portfolio figure is in it. Fixed once created.
    #[schema(value_type = CurrencyText)]
    pub base_currency: String,
    /// `fifo` (default) or `average_cost`.
    #[schema(value_type = Option<LotMethod>)]
    pub lot_method: Option<String>,
}

/// Changes a portfolio's name or lot method, as a JSON Merge Patch: a field left out stays;
/// neither can be cleared (`null` is a 422).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Pension", "lot_method": "average_cost"}))]
pub struct ChangePortfolio {
    #[serde(default)]
    #[schema(schema_with = required_text::<100>)]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = LotMethod)]
    pub lot_method: Patch<String>,
}

impl ChangePortfolio {
    /// The changes; `null` on either field is refused (422).
    pub fn into_changes(self) -> Result<PortfolioChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = PortfolioChanges {
            name: self.name.required("name", &mut errors),
            lot_method: self.lot_method.required("lot_method", &mut errors),
        };
        errors.finish().map(|()| changes)
    }
}

/// A portfolio as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortfolioView {
    pub id: String,
    pub name: String,
    pub base_currency: String,
    /// `fifo` or `average_cost`.
    pub lot_method: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<PortfolioRecord> for PortfolioView {
    fn from(portfolio: PortfolioRecord) -> Self {
        Self {
            id: portfolio.id.into_string(),
            name: portfolio.name,
            base_currency: portfolio.base_currency.code().to_owned(),
            lot_method: serde_json::to_value(portfolio.lot_method)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default(),
            created_at: portfolio.created_at,
            updated_at: portfolio.updated_at,
        }
    }
}

/// Adds a holding: one security in one account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"symbol": "VWCE.DE", "account": "broker", "currency": "EUR", "asset_class": "fund"}))]
pub struct CreateHolding {
    /// The key of its price series: 1 to 32 of `A-Z a-z 0-9 . - _ ^ = :`.
    #[schema(pattern = "^[A-Za-z0-9.^=:_-]{1,32}$")]
    pub symbol: String,
    /// The account it is held in, 1 to 64 characters without `#`.
    #[schema(schema_with = required_text::<64>)]
    pub account: String,
    /// ISO 4217: what it is priced and traded in.
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    /// equity, fund, bond, cash, commodity, real_estate, crypto or other.
    #[schema(value_type = AssetClass)]
    pub asset_class: String,
}

/// A holding as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoldingView {
    pub id: String,
    pub portfolio_id: String,
    pub symbol: String,
    pub account: String,
    pub currency: String,
    pub asset_class: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<HoldingRecord> for HoldingView {
    fn from(holding: HoldingRecord) -> Self {
        Self {
            id: holding.id.into_string(),
            portfolio_id: holding.portfolio_id.into_string(),
            symbol: holding.symbol,
            account: holding.account,
            currency: holding.currency.code().to_owned(),
            asset_class: holding.asset_class.name().to_owned(),
            created_at: holding.created_at,
        }
    }
}

/// Every holding of a portfolio.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoldingsView {
    pub items: Vec<HoldingView>,
}
