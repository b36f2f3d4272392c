//! Request and response bodies of the budget simulation and the notification list.

use ferrofin_budgets::ids::BudgetId;
use ferrofin_budgets::simulate::{Figures, Simulation};
use ferrofin_notifications::{BudgetThreshold, ImportResult, Notification, NotificationData};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::money::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// One adjustment: exactly one of `percent` and `amount`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentRequest {
    pub category: String,
    /// Percent of the budget as a decimal string, -100..=1000, e.g. "-10" or "12.5".
    pub percent: Option<String>,
    /// Amount added to the budget (negative: removed), decimal string in the currency.
    pub amount: Option<String>,
}

/// A what-if simulation of the budgets in one currency for a month.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// `YYYY-MM`: spending is projected from the three months before it.
    pub month: String,
    pub currency: String,
    pub adjustments: Vec<AdjustmentRequest>,
}

/// Original, adjusted, projected and surplus (negative: deficit), decimal strings.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresView {
    pub original: String,
    pub adjusted: String,
    /// Trailing three-month average of spending, rounded HALF_EVEN.
    pub projected: String,
    pub surplus: String,
}

impl From<&Figures> for FiguresView {
    fn from(figures: &Figures) -> Self {
        let text = Money::to_decimal_string;
        Self {
            original: text(figures.original),
            adjusted: text(figures.adjusted),
            projected: text(figures.projected),
            surplus: text(figures.surplus),
        }
    }
}

/// One category of a simulation.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimulationLineView {
    pub category: String,
    #[serde(flatten)]
    pub figures: FiguresView,
}

/// The result of a simulation.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimulationView {
    pub month: String,
    pub currency: String,
    pub lines: Vec<SimulationLineView>,
    pub totals: FiguresView,
}

impl From<Simulation> for SimulationView {
    fn from(simulation: Simulation) -> Self {
        Self {
            month: simulation.month.to_string(),
            currency: simulation.currency.code().to_owned(),
            lines: simulation
                .lines
                .iter()
                .map(|(category, figures)| SimulationLineView {
                    category: category.clone(),
                    figures: figures.into(),
                })
                .collect(),
            totals: (&simulation.totals).into(),
        }
    }
}

/// What a budget alert is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetAlertView {
    #[schema(value_type = String)]
    pub budget_id: BudgetId,
    pub category: String,
    pub currency: String,
    pub month: String,
    /// 80 or 100.
    pub threshold_percent: u32,
    pub available: String,
    pub spent: String,
}

impl From<BudgetThreshold> for BudgetAlertView {
    fn from(alert: BudgetThreshold) -> Self {
        Self {
            available: alert.available().to_decimal_string(),
            spent: alert.spent().to_decimal_string(),
            currency: alert.currency.code().to_owned(),
            budget_id: alert.budget_id,
            category: alert.category,
            month: alert.month.to_string(),
            threshold_percent: alert.threshold_percent,
        }
    }
}

/// What a notification is about: `kind` names it, `data` holds the details of that kind.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", content = "data")]
pub enum NotificationContent {
    /// Spending in a budget's category reached 80 % or 100 % of the month's budget.
    #[serde(rename = "budget.threshold")]
    BudgetThreshold(BudgetAlertView),
    /// A statement import ended (completed, with errors, failed or cancelled).
    #[serde(rename = "import.finished")]
    ImportFinished(ImportResultView),
}

/// The outcome of an import, as its notification tells it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResultView {
    pub import_id: String,
    pub account_id: String,
    /// `completed`, `completed_with_errors`, `failed` or `cancelled`.
    pub status: String,
    pub imported: u64,
    pub duplicates: u64,
    pub failed: u64,
}

impl From<ImportResult> for ImportResultView {
    fn from(result: ImportResult) -> Self {
        Self {
            import_id: result.import_id.to_string(),
            account_id: result.account_id.to_string(),
            status: result.status,
            imported: result.imported,
            duplicates: result.duplicates,
            failed: result.failed,
        }
    }
}

impl From<NotificationData> for NotificationContent {
    fn from(data: NotificationData) -> Self {
        match data {
            NotificationData::BudgetThreshold(alert) => Self::BudgetThreshold(alert.into()),
            NotificationData::ImportFinished(result) => Self::ImportFinished(result.into()),
        }
    }
}

/// A notification of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    #[schema(value_type = String)]
    pub id: EventId,
    pub message: String,
    #[serde(flatten)]
    pub content: NotificationContent,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Notification> for NotificationView {
    fn from(notification: Notification) -> Self {
        Self {
            id: notification.id,
            message: notification.message,
            content: notification.data.into(),
            created_at: notification.created_at,
        }
    }
}
