//! Request and response bodies of the budget simulation and the notification list.

use ferrofin_budgets::simulate::{Figures, Simulation};
use ferrofin_platform::http::{AmountText, CurrencyText, MonthText};
use ferrofin_platform::money::Money;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One adjustment: exactly one of `percent` and `amount`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentRequest {
    pub category: String,
    /// Percent of the budget as a decimal string, -100..=1000, e.g. "-10" or "12.5".
    #[schema(
        pattern = "^(-(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)|1000(\\.0{1,2})?|[0-9]{1,3}(\\.[0-9]{1,2})?)$"
    )]
    pub percent: Option<String>,
    /// Amount added to the budget (negative: removed), decimal string in the currency.
    #[schema(value_type = Option<AmountText>)]
    pub amount: Option<String>,
}

/// A what-if simulation of the budgets in one currency for a month.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"month": "2026-12", "currency": "EUR", "adjustments": [{"category": "dining", "percent": "-20"}, {"category": "groceries", "amount": "50.00"}]}))]
pub struct SimulateRequest {
    /// `YYYY-MM`: spending is projected from the three months before it.
    #[schema(value_type = MonthText)]
    pub month: String,
    #[schema(value_type = CurrencyText)]
    pub currency: String,
    #[schema(min_items = 1)]
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
