//! The input of an evaluation: a [`Portfolio`] is the user's base currency, the lot method,
//! and each holding with its activity ledger. [`Portfolio::ledgers`] checks it whole before
//! anything is computed: currencies, one holding per symbol and account, every activity.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::activity::Activity;
use crate::error::Error;
use crate::holding::{Currency, Holding, MAX_MINOR_UNITS};
use crate::lots::LotMethod;

/// A user's holdings, with the settings they are evaluated by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Portfolio {
    /// Every portfolio figure is in it.
    pub base_currency: Currency,
    /// FIFO unless set.
    #[serde(default)]
    pub lot_method: LotMethod,
    pub holdings: Vec<HoldingActivities>,
}

/// A holding and its activities, in any order of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoldingActivities {
    #[serde(flatten)]
    pub holding: Holding,
    pub activities: Vec<Activity>,
}

impl Portfolio {
    /// Each holding's activities up to `through`, checked and in date order (a day's in the
    /// order listed).
    pub(crate) fn ledgers<'a>(&'a self, through: Date) -> Result<Vec<Vec<&'a Activity>>, Error> {
        let mut minor_units: BTreeMap<&str, u32> = BTreeMap::new();
        let mut record = |currency: &'a Currency| -> Result<(), Error> {
            if currency.minor_units > MAX_MINOR_UNITS {
                return Err(Error::MinorUnits {
                    code: currency.code.clone(),
                    minor_units: currency.minor_units,
                });
            }
            let first = *minor_units
                .entry(currency.code.as_str())
                .or_insert(currency.minor_units);
            if first != currency.minor_units {
                return Err(Error::ConflictingMinorUnits {
                    code: currency.code.clone(),
                    first,
                    second: currency.minor_units,
                });
            }
            Ok(())
        };
        record(&self.base_currency)?;
        let mut seen = HashSet::new();
        let mut ledgers = Vec::with_capacity(self.holdings.len());
        for HoldingActivities {
            holding,
            activities,
        } in &self.holdings
        {
            record(&holding.currency)?;
            if !seen.insert((holding.symbol.as_str(), holding.account.as_str())) {
                return Err(Error::DuplicateHolding {
                    symbol: holding.symbol.clone(),
                    account: holding.account.clone(),
                });
            }
            for activity in activities {
                activity
                    .check(holding)
                    .map_err(|problem| Error::InvalidActivity {
                        symbol: holding.symbol.clone(),
                        account: holding.account.clone(),
                        date: activity.date,
                        problem,
                    })?;
            }
            let mut ledger: Vec<&Activity> = activities
                .iter()
                .filter(|activity| activity.date <= through)
                .collect();
            ledger.sort_by_key(|activity| activity.date);
            ledgers.push(ledger);
        }
        Ok(ledgers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn portfolio(holdings: serde_json::Value) -> Portfolio {
        serde_json::from_value(serde_json::json!({
            "base_currency": {"code": "EUR", "minor_units": 2},
            "holdings": holdings
        }))
        .expect("portfolio")
    }

    fn holding(
        symbol: &str,
        currency: serde_json::Value,
        activities: serde_json::Value,
    ) -> serde_json::Value {
        serde_json::json!({"symbol": symbol, "account": "broker", "currency": currency,
            "asset_class": "equity", "activities": activities})
    }

    #[test]
    fn activities_come_in_date_order_up_to_the_date() {
        let eur = serde_json::json!({"code": "EUR", "minor_units": 2});
        let p = portfolio(serde_json::json!([holding(
            "A",
            eur,
            serde_json::json!([
                {"date": "2025-03-01", "currency": "EUR", "kind": "fee", "amount": "3"},
                {"date": "2025-01-01", "currency": "EUR", "kind": "fee", "amount": "1"},
                {"date": "2025-03-01", "currency": "EUR", "kind": "fee", "amount": "4"},
                {"date": "2025-02-01", "currency": "EUR", "kind": "fee", "amount": "2"},
            ])
        )]));
        assert_eq!(p.lot_method, LotMethod::Fifo);
        let ledgers = p.ledgers(date!(2025 - 03 - 01)).expect("ledgers");
        let amounts: Vec<String> = ledgers[0]
            .iter()
            .map(|a| serde_json::to_value(a).expect("json")["amount"].to_string())
            .collect();
        assert_eq!(amounts, ["\"1\"", "\"2\"", "\"3\"", "\"4\""]);
        assert_eq!(
            p.ledgers(date!(2025 - 01 - 31)).expect("ledgers")[0].len(),
            1
        );
    }

    #[test]
    fn a_portfolio_is_checked_whole() {
        let eur = serde_json::json!({"code": "EUR", "minor_units": 2});
        let twice = portfolio(serde_json::json!([
            holding("A", eur.clone(), serde_json::json!([])),
            holding("A", eur.clone(), serde_json::json!([])),
        ]));
        assert!(matches!(
            twice.ledgers(date!(2025 - 01 - 01)),
            Err(Error::DuplicateHolding { .. })
        ));
        let odd = portfolio(serde_json::json!([holding(
            "A",
            serde_json::json!({"code": "EUR", "minor_units": 3}),
            serde_json::json!([])
        )]));
        assert!(matches!(
            odd.ledgers(date!(2025 - 01 - 01)),
            Err(Error::ConflictingMinorUnits { .. })
        ));
        let wrong = portfolio(serde_json::json!([holding(
            "A",
            eur,
            serde_json::json!([
                {"date": "2025-01-01", "currency": "USD", "kind": "fee", "amount": "1"}
            ])
        )]));
        assert!(matches!(
            wrong.ledgers(date!(2025 - 01 - 01)),
            Err(Error::InvalidActivity { .. })
        ));
    }
}
