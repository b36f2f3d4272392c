//! A notification and its kind-tagged payload.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use ferrofin_budgets::ids::BudgetId;
use ferrofin_imports::ImportId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::month::Month;

/// What a budget threshold notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetThreshold {
    pub budget_id: BudgetId,
    pub category: String,
    pub currency: Currency,
    pub month: Month,
    /// 80 or 100.
    pub threshold_percent: u32,
    /// What was available in the month (budget plus rollover), minor units.
    pub available_minor: i64,
    /// What had been spent when the threshold was crossed, minor units.
    pub spent_minor: i64,
}

impl BudgetThreshold {
    pub fn available(&self) -> Money {
        Money::from_minor(self.available_minor, self.currency)
    }

    pub fn spent(&self) -> Money {
        Money::from_minor(self.spent_minor, self.currency)
    }
}

/// What an import-finished notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    pub import_id: ImportId,
    pub account_id: AccountId,
    /// `completed`, `completed_with_errors`, `failed` or `cancelled`.
    pub status: String,
    pub imported: u64,
    pub duplicates: u64,
    pub failed: u64,
}

/// The kind of a notification and the data of that kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data")]
pub enum NotificationData {
    #[serde(rename = "budget.threshold")]
    BudgetThreshold(BudgetThreshold),
    #[serde(rename = "import.finished")]
    ImportFinished(ImportResult),
}

impl NotificationData {
    /// The stable name of the kind (`budget.threshold`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BudgetThreshold(_) => "budget.threshold",
            Self::ImportFinished(_) => "import.finished",
        }
    }
}

/// One notification of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The id of the event it was made from (a ULID: notifications sort by it).
    pub id: EventId,
    pub user_id: UserId,
    pub message: String,
    #[serde(flatten)]
    pub data: NotificationData,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
