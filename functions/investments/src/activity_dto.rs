//! Request and response bodies of the activity routes.

use ferrofin_investment_calc::Activity;
use ferrofin_investments::input::{Kind, NewActivity};
use ferrofin_investments::records::ActivityRecord;
use ferrofin_platform::http::{CurrencyText, IsoDateText};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Adds an activity to a holding. The fields a kind reads: `buy`/`sell` quantity, unit_price,
/// fees; `dividend`/`interest` amount, fees; `fee` amount; `split` to, from (2-for-1: 2, 1);
/// `transfer_in` quantity, unit_cost; `transfer_out` quantity. Decimals are strings.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"holding_id": "01JDQ8Z3K2M4N5P6Q7R8S9T0VW", "date": "2025-03-03", "kind": "buy", "quantity": "10", "unit_price": "101.50", "fees": "1.00"}))]
pub struct CreateActivity {
    pub holding_id: String,
    /// `YYYY-MM-DD`, not after today.
    #[schema(value_type = IsoDateText)]
    pub date: String,
    /// buy, sell, dividend, interest, fee, split, transfer_in or transfer_out.
    #[schema(value_type = Option<Kind>)]
    pub kind: Option<KindInput>,
    /// The holding's currency when left out; any other is refused.
    #[schema(value_type = Option<CurrencyText>)]
    pub currency: Option<String>,
    pub quantity: Option<String>,
    pub unit_price: Option<String>,
    pub unit_cost: Option<String>,
    pub amount: Option<String>,
    pub fees: Option<String>,
    pub to: Option<String>,
    pub from: Option<String>,
}

/// The kind, as the strict body reader takes it (an unknown kind is a 422 naming `kind`).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct KindInput(serde_json::Value);

impl CreateActivity {
    pub fn into_new(self) -> Result<NewActivity, ferrofin_platform::fields::Invalid> {
        let kind = match self.kind {
            None => None,
            Some(KindInput(value)) => Some(serde_json::from_value::<Kind>(value).map_err(|_| {
                ferrofin_platform::fields::Invalid::field(
                    "kind",
                    "must be buy, sell, dividend, interest, fee, split, transfer_in or transfer_out",
                )
            })?),
        };
        Ok(NewActivity {
            holding_id: self.holding_id,
            date: self.date,
            kind,
            currency: self.currency,
            quantity: self.quantity,
            unit_price: self.unit_price,
            unit_cost: self.unit_cost,
            amount: self.amount,
            fees: self.fees,
            to: self.to,
            from: self.from,
        })
    }
}

/// An activity as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: String,
    pub portfolio_id: String,
    pub holding_id: String,
    #[serde(flatten)]
    pub activity: Activity,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<ActivityRecord> for ActivityView {
    fn from(record: ActivityRecord) -> Self {
        Self {
            id: record.id.into_string(),
            portfolio_id: record.portfolio_id.into_string(),
            holding_id: record.holding_id.into_string(),
            activity: record.activity,
            created_at: record.created_at,
        }
    }
}
