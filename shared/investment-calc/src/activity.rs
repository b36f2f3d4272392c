//! The activity ledger of a holding: an [`Activity`] is one dated event in the holding's
//! currency, of one [`ActivityKind`]. In JSON the kind's fields sit beside the date and the
//! currency:
//!
//! ```json
//! {"date": "2025-03-03", "currency": "EUR", "kind": "buy",
//!  "quantity": "10", "unit_price": "101.50", "fees": "1.00"}
//! ```
//!
//! Activities of one day apply in the order they are listed; days apply in date order
//! whatever the list's order. [`Activity::check`] refuses what cannot be meant (a quantity of
//! zero, a negative price, another currency); a sale of more than is held is found when the
//! ledger is replayed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::ActivityProblem;
use crate::holding::Holding;

/// One event of a holding's ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    #[serde(with = "crate::text::date")]
    pub date: Date,
    /// ISO 4217 code of every amount and price in it: the holding's currency.
    pub currency: String,
    #[serde(flatten)]
    pub kind: ActivityKind,
}

/// What happened. Quantities are units of the security; prices, costs, amounts and fees are
/// in the activity's currency; `fees` may be left out (zero).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActivityKind {
    /// Bought `quantity` at `unit_price`; the fees add to the cost basis.
    Buy {
        #[serde(with = "crate::text::decimal")]
        quantity: Decimal,
        #[serde(with = "crate::text::decimal")]
        unit_price: Decimal,
        #[serde(default, with = "crate::text::decimal")]
        fees: Decimal,
    },
    /// Sold `quantity` at `unit_price`; the fees reduce the proceeds. The lots sold realise
    /// proceeds less their cost basis.
    Sell {
        #[serde(with = "crate::text::decimal")]
        quantity: Decimal,
        #[serde(with = "crate::text::decimal")]
        unit_price: Decimal,
        #[serde(default, with = "crate::text::decimal")]
        fees: Decimal,
    },
    /// A cash dividend of `amount` (gross), less `fees` (withholding tax, charges): income.
    Dividend {
        #[serde(with = "crate::text::decimal")]
        amount: Decimal,
        #[serde(default, with = "crate::text::decimal")]
        fees: Decimal,
    },
    /// Interest of `amount` (gross), less `fees`: income.
    Interest {
        #[serde(with = "crate::text::decimal")]
        amount: Decimal,
        #[serde(default, with = "crate::text::decimal")]
        fees: Decimal,
    },
    /// A charge of `amount` on its own (custody, account fee): it reduces the return.
    Fee {
        #[serde(with = "crate::text::decimal")]
        amount: Decimal,
    },
    /// `to` new units for every `from` held: 2-for-1 is `to` 2, `from` 1; a 1-for-10 reverse
    /// split is `to` 1, `from` 10. Quantities scale by `to / from`, cost bases stay.
    Split {
        #[serde(with = "crate::text::decimal")]
        to: Decimal,
        #[serde(with = "crate::text::decimal")]
        from: Decimal,
    },
    /// `quantity` moved in from elsewhere, with the cost basis it had there (`unit_cost`
    /// per unit). Not a purchase: it adds a lot and nothing else.
    TransferIn {
        #[serde(with = "crate::text::decimal")]
        quantity: Decimal,
        #[serde(with = "crate::text::decimal")]
        unit_cost: Decimal,
    },
    /// `quantity` moved out: the lots leave as in a sale, and nothing is realised.
    TransferOut {
        #[serde(with = "crate::text::decimal")]
        quantity: Decimal,
    },
}

impl Activity {
    /// Whether the activity can be applied to `holding`: positive quantities and split ratios,
    /// prices, amounts and fees not negative, the holding's currency.
    pub fn check(&self, holding: &Holding) -> Result<(), ActivityProblem> {
        if self.currency != holding.currency.code {
            return Err(ActivityProblem::WrongCurrency {
                expected: holding.currency.code.clone(),
                found: self.currency.clone(),
            });
        }
        let positive = |quantity: Decimal| {
            (quantity > Decimal::ZERO)
                .then_some(())
                .ok_or(ActivityProblem::QuantityNotPositive)
        };
        let priced = |price: Decimal| {
            (price >= Decimal::ZERO)
                .then_some(())
                .ok_or(ActivityProblem::NegativePrice)
        };
        let amounts = |values: &[Decimal]| {
            values
                .iter()
                .all(|value| *value >= Decimal::ZERO)
                .then_some(())
                .ok_or(ActivityProblem::NegativeAmount)
        };
        match self.kind {
            ActivityKind::Buy {
                quantity,
                unit_price,
                fees,
            }
            | ActivityKind::Sell {
                quantity,
                unit_price,
                fees,
            } => {
                positive(quantity)?;
                priced(unit_price)?;
                amounts(&[fees])
            }
            ActivityKind::Dividend { amount, fees } | ActivityKind::Interest { amount, fees } => {
                amounts(&[amount, fees])
            }
            ActivityKind::Fee { amount } => amounts(&[amount]),
            ActivityKind::Split { to, from } => (to > Decimal::ZERO && from > Decimal::ZERO)
                .then_some(())
                .ok_or(ActivityProblem::SplitRatioNotPositive),
            ActivityKind::TransferIn {
                quantity,
                unit_cost,
            } => {
                positive(quantity)?;
                priced(unit_cost)
            }
            ActivityKind::TransferOut { quantity } => positive(quantity),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holding::{AssetClass, Currency};
    use time::macros::date;

    fn holding() -> Holding {
        Holding {
            symbol: "ACME".into(),
            account: "broker".into(),
            currency: Currency {
                code: "EUR".into(),
                minor_units: 2,
            },
            asset_class: AssetClass::Equity,
        }
    }

    fn activity(json: serde_json::Value) -> Activity {
        serde_json::from_value(json).expect("activity")
    }

    #[test]
    fn the_kind_sits_beside_the_date_and_fees_default_to_zero() {
        let buy = activity(serde_json::json!({
            "date": "2025-03-03", "currency": "EUR", "kind": "buy",
            "quantity": "10", "unit_price": "101.50"
        }));
        assert_eq!(buy.date, date!(2025 - 03 - 03));
        assert_eq!(
            buy.kind,
            ActivityKind::Buy {
                quantity: Decimal::TEN,
                unit_price: Decimal::new(10150, 2),
                fees: Decimal::ZERO
            }
        );
        let json = serde_json::to_value(&buy).expect("serialise");
        assert_eq!(json["kind"], "buy");
        assert_eq!(json["fees"], "0");
        assert_eq!(activity(json), buy);
        let split = activity(serde_json::json!({
            "date": "2025-03-03", "currency": "EUR", "kind": "split", "to": "2", "from": "1"
        }));
        assert_eq!(split.check(&holding()), Ok(()));
    }

    #[test]
    fn impossible_activities_are_refused() {
        let check = |json: serde_json::Value| activity(json).check(&holding());
        assert_eq!(
            check(serde_json::json!({"date": "2025-01-02", "currency": "EUR",
                "kind": "sell", "quantity": "0", "unit_price": "1"})),
            Err(ActivityProblem::QuantityNotPositive)
        );
        assert_eq!(
            check(serde_json::json!({"date": "2025-01-02", "currency": "EUR",
                "kind": "transfer_in", "quantity": "1", "unit_cost": "-1"})),
            Err(ActivityProblem::NegativePrice)
        );
        assert_eq!(
            check(serde_json::json!({"date": "2025-01-02", "currency": "EUR",
                "kind": "dividend", "amount": "5", "fees": "-1"})),
            Err(ActivityProblem::NegativeAmount)
        );
        assert_eq!(
            check(serde_json::json!({"date": "2025-01-02", "currency": "EUR",
                "kind": "split", "to": "0", "from": "1"})),
            Err(ActivityProblem::SplitRatioNotPositive)
        );
        assert_eq!(
            check(serde_json::json!({"date": "2025-01-02", "currency": "USD",
                "kind": "fee", "amount": "1"})),
            Err(ActivityProblem::WrongCurrency {
                expected: "EUR".into(),
                found: "USD".into()
            })
        );
    }
}
