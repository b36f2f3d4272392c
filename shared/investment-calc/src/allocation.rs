//! How the portfolio's market value on the valuation date divides by asset class, by currency
//! and by account, in the base currency. Each [`Slice`] is a value (rounded to the base
//! currency's minor units) and its share of the total (a fraction of the exact values, to
//! [`crate::FRACTION_DECIMALS`], so the shares add up to 1 within their rounding). Holdings
//! worth nothing are left out; slices are largest first, then by name.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::holding::{Currency, Holding};
use crate::rounding;

/// The portfolio's value three ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allocation {
    pub currency: String,
    #[serde(with = "crate::text::decimal")]
    pub total: Decimal,
    pub by_asset_class: Vec<Slice>,
    pub by_currency: Vec<Slice>,
    pub by_account: Vec<Slice>,
}

/// A part of the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slice {
    /// The asset class's name, the currency's code or the account's.
    pub key: String,
    #[serde(with = "crate::text::decimal")]
    pub value: Decimal,
    /// Of the total, as a fraction.
    #[serde(with = "crate::text::decimal")]
    pub share: Decimal,
}

/// The allocation of `holdings`, each with its exact market value in `base`.
pub(crate) fn allocation<'a>(
    holdings: impl Iterator<Item = (&'a Holding, Decimal)> + Clone,
    base: &Currency,
) -> Allocation {
    let total: Decimal = holdings.clone().map(|(_, value)| value).sum();
    let slices = |key: fn(&Holding) -> &str| {
        let mut sums: BTreeMap<&str, Decimal> = BTreeMap::new();
        for (holding, value) in holdings.clone().filter(|(_, value)| !value.is_zero()) {
            *sums.entry(key(holding)).or_default() += value;
        }
        let mut slices: Vec<(&str, Decimal)> = sums.into_iter().collect();
        slices.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        slices
            .into_iter()
            .map(|(key, value)| Slice {
                key: key.to_owned(),
                value: rounding::money(value, base.minor_units),
                share: rounding::fraction(value / total),
            })
            .collect()
    };
    Allocation {
        currency: base.code.clone(),
        total: rounding::money(total, base.minor_units),
        by_asset_class: slices(|holding| holding.asset_class.name()),
        by_currency: slices(|holding| holding.currency.code.as_str()),
        by_account: slices(|holding| holding.account.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holding::AssetClass;

    fn holding(symbol: &str, account: &str, code: &str, class: AssetClass) -> Holding {
        Holding {
            symbol: symbol.into(),
            account: account.into(),
            currency: Currency {
                code: code.into(),
                minor_units: 2,
            },
            asset_class: class,
        }
    }

    #[test]
    fn the_total_divides_three_ways() {
        // 600 + 300 + 100 = 1,000: equity 900 (0.9), bond 100 (0.1); EUR 700, USD 300;
        // broker 900, bank 100. The holding worth nothing is left out.
        let eur = Currency {
            code: "EUR".into(),
            minor_units: 2,
        };
        let holdings = [
            holding("A", "broker", "EUR", AssetClass::Equity),
            holding("B", "broker", "USD", AssetClass::Equity),
            holding("C", "bank", "EUR", AssetClass::Bond),
            holding("D", "bank", "EUR", AssetClass::Cash),
        ];
        let values = [600, 300, 100, 0].map(Decimal::from);
        let allocation = allocation(holdings.iter().zip(values), &eur);
        assert_eq!(allocation.total.to_string(), "1000.00");
        let view = |slices: &[Slice]| -> Vec<(String, String, String)> {
            slices
                .iter()
                .map(|s| (s.key.clone(), s.value.to_string(), s.share.to_string()))
                .collect()
        };
        let row = |k: &str, v: &str, s: &str| (k.to_owned(), v.to_owned(), s.to_owned());
        assert_eq!(
            view(&allocation.by_asset_class),
            [
                row("equity", "900.00", "0.90000000"),
                row("bond", "100.00", "0.10000000")
            ]
        );
        assert_eq!(
            view(&allocation.by_currency),
            [
                row("EUR", "700.00", "0.70000000"),
                row("USD", "300.00", "0.30000000")
            ]
        );
        assert_eq!(
            view(&allocation.by_account),
            [
                row("broker", "900.00", "0.90000000"),
                row("bank", "100.00", "0.10000000")
            ]
        );
    }

    #[test]
    fn nothing_held_has_no_slices() {
        let eur = Currency {
            code: "EUR".into(),
            minor_units: 2,
        };
        let holdings = [holding("A", "broker", "EUR", AssetClass::Equity)];
        let allocation = allocation(holdings.iter().zip([Decimal::ZERO]), &eur);
        assert_eq!(allocation.total.to_string(), "0.00");
        assert!(allocation.by_account.is_empty());
    }
}
