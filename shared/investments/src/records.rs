//! What is stored: a [`PortfolioRecord`] (name, base currency, lot method), its
//! [`HoldingRecord`]s (symbol, account, currency, asset class) and their [`ActivityRecord`]s
//! (the engine's [`Activity`], with the holding it belongs to).

use ferrofin_investment_calc::{Activity, AssetClass, LotMethod};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::table::Key;
use ferrofin_platform::records::Versioned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{ActivityId, HoldingId, PortfolioId};
use crate::keys;

/// A user's portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioRecord {
    pub id: PortfolioId,
    pub user_id: UserId,
    pub name: String,
    /// Every portfolio figure is in it.
    pub base_currency: Currency,
    pub lot_method: LotMethod,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Versioned for PortfolioRecord {
    fn key(&self) -> Key {
        keys::portfolio(&self.user_id, &self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}

/// One security in one account of a portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoldingRecord {
    pub id: HoldingId,
    pub portfolio_id: PortfolioId,
    pub user_id: UserId,
    /// The key of its price series (`VWCE.DE`).
    pub symbol: String,
    /// The account it is held in, as the user names it.
    pub account: String,
    /// What it is priced and traded in; every activity is in it.
    pub currency: Currency,
    pub asset_class: AssetClass,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl HoldingRecord {
    pub fn key(&self) -> Key {
        keys::holding(&self.user_id, &self.portfolio_id, &self.id)
    }

    pub fn slot_key(&self) -> Key {
        keys::holding_slot(
            &self.user_id,
            &self.portfolio_id,
            &self.symbol,
            &self.account,
        )
    }
}

/// One activity of a holding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityRecord {
    pub id: ActivityId,
    pub portfolio_id: PortfolioId,
    pub holding_id: HoldingId,
    pub user_id: UserId,
    pub activity: Activity,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl ActivityRecord {
    pub fn key(&self) -> Key {
        keys::activity(&self.user_id, &self.portfolio_id, &self.id)
    }
}
