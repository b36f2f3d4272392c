//! Properties over random ledgers: splits keep the cost basis; FIFO and average cost agree on
//! realised + unrealised gain (and, once everything is sold, on the realised gain); buying at
//! the previous close does not move the time-weighted return.

use crate::common::{d, evaluated, holding, market, portfolio, series};
use ferrofin_investment_calc::Range;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::{Date, Duration};

fn day(n: usize) -> String {
    let start = crate::common::date("2025-01-01");
    let date: Date = start + Duration::days(i64::try_from(n).expect("days"));
    date.to_string()
}

/// Whole prices in cents between 10.00 and 200.00 for `days` days.
fn closes(days: usize) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(1_000_i64..20_000, days)
}

fn price(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn splits_keep_the_cost_basis(
        buys in prop::collection::vec((1_i64..50, 1_000_i64..20_000), 1..6),
        to in 1_i64..5, from in 1_i64..5,
    ) {
        let mut activities: Vec<Value> = buys.iter().map(|(quantity, cents)| json!({
            "date": day(0), "kind": "buy", "quantity": quantity.to_string(), "unit_price": price(*cents)
        })).collect();
        activities.push(json!({"date": day(1), "kind": "split", "to": to.to_string(), "from": from.to_string()}));
        let p = portfolio("fifo", vec![holding("ACME", "EUR", Value::from(activities))]);
        let m = market(json!({"ACME": series(&[(&day(0), "100")])}), json!({}));
        let before = evaluated(&p, &m, &day(0)).positions()[0].clone();
        let after = evaluated(&p, &m, &day(1)).positions()[0].clone();
        prop_assert_eq!(before.local.cost_basis, after.local.cost_basis);
        let scaled = before.quantity * Decimal::from(to) / Decimal::from(from);
        prop_assert!((after.quantity - scaled).abs() < d("0.000000000000000001"));
    }

    #[test]
    fn fifo_and_average_cost_agree_on_the_whole_gain(
        prices in closes(8),
        trades in prop::collection::vec((0_usize..8, 1_i64..20, any::<bool>()), 1..12),
        sell_everything in any::<bool>(),
    ) {
        // Trades on their day at its close; a sale sells at most what is held.
        let mut held = 0_i64;
        let mut sorted = trades.clone();
        sorted.sort_by_key(|trade| trade.0);
        let mut activities = Vec::new();
        for (at, quantity, buy) in sorted {
            let quantity = if buy { quantity } else { quantity.min(held) };
            if quantity == 0 { continue; }
            held += if buy { quantity } else { -quantity };
            activities.push(json!({"date": day(at), "kind": if buy { "buy" } else { "sell" },
                "quantity": quantity.to_string(), "unit_price": price(prices[at]), "fees": "1.25"}));
        }
        if sell_everything && held > 0 {
            activities.push(json!({"date": day(7), "kind": "sell", "quantity": held.to_string(),
                "unit_price": price(prices[7])}));
        }
        let closes: Vec<(String, String)> = prices.iter().enumerate().map(|(at, c)| (day(at), price(*c))).collect();
        let points: Vec<(&str, &str)> = closes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let m = market(json!({"ACME": series(&points)}), json!({}));
        let figures = |method: &str| {
            let p = portfolio(method, vec![holding("ACME", "EUR", Value::from(activities.clone()))]);
            evaluated(&p, &m, &day(7)).positions()[0].local.clone()
        };
        let (fifo, average) = (figures("fifo"), figures("average_cost"));
        let cent = d("0.01");
        let whole = |f: &ferrofin_investment_calc::Figures| f.realised_gain + f.unrealised_gain;
        prop_assert!((whole(&fifo) - whole(&average)).abs() <= cent * Decimal::TWO);
        if sell_everything {
            prop_assert!((fifo.realised_gain - average.realised_gain).abs() <= cent);
        }
    }

    #[test]
    fn buying_at_the_previous_close_leaves_the_twr_at_the_price_return(
        prices in closes(10),
        extra in prop::collection::vec((1_usize..10, 1_i64..30), 0..6),
    ) {
        let mut activities = vec![json!({"date": day(0), "kind": "buy", "quantity": "10",
            "unit_price": price(prices[0])})];
        for (at, quantity) in extra {
            activities.push(json!({"date": day(at), "kind": "buy", "quantity": quantity.to_string(),
                "unit_price": price(prices[at - 1])}));
        }
        activities.sort_by_key(|a| a["date"].as_str().map(str::to_owned));
        let closes: Vec<(String, String)> = prices.iter().enumerate().map(|(at, c)| (day(at), price(*c))).collect();
        let points: Vec<(&str, &str)> = closes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let p = portfolio("fifo", vec![holding("ACME", "EUR", Value::from(activities))]);
        let m = market(json!({"ACME": series(&points)}), json!({}));
        let twr = evaluated(&p, &m, &day(9)).returns(Range::Max).expect("returns").time_weighted.cumulative;
        let expected = Decimal::from(prices[9]) / Decimal::from(prices[0]) - Decimal::ONE;
        prop_assert!((twr - expected).abs() <= d("0.00000001"), "{} vs {}", twr, expected);
    }
}
