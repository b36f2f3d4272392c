//! Worked examples, derived by hand in each test's comment (and in docs/investments.md).

use crate::common::{d, date, evaluated, holding, market, portfolio, series};
use ferrofin_investment_calc::{Denomination, MoneyWeighted, Range};
use rust_decimal::MathematicalOps;
use serde_json::json;

/// TWR over four days with a mid-period purchase.
///
/// Day 1 (1 Jan) buys 10 @ 100, close 100: value 1,000, growth 1,000 / (0 + 1,000) = 1.
/// Day 2 close 110: 1,100 / 1,000 = 1.1. Day 3 buys 10 more @ 110 (at the start of the day),
/// close 104.5: 20 × 104.5 = 2,090 / (1,100 + 1,100) = 0.95. Day 4 close 106.59: 2,131.80 /
/// 2,090 = 1.02. TWR = 1 × 1.1 × 0.95 × 1.02 − 1 = 0.0659: the purchase does not move it.
/// The MWR weighs the 1,100 that bought before the fall: G solves
/// −1,000 − 1,100 G^-2 + 2,131.80 G^-4 = 0; with y = G^-2, 2,131.80 y² − 1,100 y − 1,000 = 0,
/// y = (1,100 + √(1,100² + 4 × 2,131.80 × 1,000)) / (2 × 2,131.80) = 0.989879…, and
/// G^4 − 1 = 1/y² − 1 = 2.0553 %, below the TWR.
#[test]
fn twr_with_a_mid_period_buy() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-01", "kind": "buy", "quantity": "10", "unit_price": "100"},
                {"date": "2025-01-03", "kind": "buy", "quantity": "10", "unit_price": "110"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2025-01-01", "100"), ("2025-01-02", "110"),
            ("2025-01-03", "104.5"), ("2025-01-04", "106.59")])}),
        json!({}),
    );
    let returns = evaluated(&p, &m, "2025-01-04")
        .returns(Range::Max)
        .expect("returns");
    assert_eq!(returns.time_weighted.cumulative, d("0.0659"));
    assert_eq!(returns.time_weighted.annualised, None);
    assert_eq!(returns.inflows, d("2100"));
    assert_eq!(returns.gain, d("31.80"));
    let MoneyWeighted::Solved(mwr) = returns.money_weighted else {
        panic!("solved");
    };
    assert_eq!(mwr.cumulative, d("0.02055322"));
    // Check: −1000 − 1100 / G² + 2131.8 / G⁴ ≈ 0 at the rounded rate.
    let growth = d("1") + mwr.cumulative;
    let npv = d("-1000") - d("1100") / growth.sqrt().expect("root") + d("2131.8") / growth;
    assert!(npv.abs() < d("0.0001"), "{npv}");
    assert!(mwr.cumulative < returns.time_weighted.cumulative);
}

/// A year at 10 %: bought 10 @ 100 on 31 Dec 2023, closing 110 on 30 Dec 2024, 365 days
/// later. Over 1 Jan–30 Dec 2024 (365 days, not over a year) the opening value is 1,000 and
/// the closing 1,100: TWR 10 %; the MWR's flows are −1,000 at day 0 and +1,100 at day 365:
/// 10 %. Neither is annualised.
#[test]
fn a_year_at_ten_percent() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2023-12-31", "kind": "buy", "quantity": "10", "unit_price": "100"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2023-12-31", "100"), ("2024-12-30", "110")])}),
        json!({}),
    );
    let e = evaluated(&p, &m, "2024-12-30");
    let returns = e
        .returns(Range::Custom {
            from: date("2024-01-01"),
            to: date("2024-12-30"),
        })
        .expect("returns");
    assert_eq!((returns.days, returns.over_a_year), (365, false));
    assert_eq!(returns.time_weighted.cumulative, d("0.1"));
    assert_eq!(
        returns.money_weighted,
        MoneyWeighted::Solved(ferrofin_investment_calc::Rate {
            cumulative: d("0.1"),
            annualised: None
        })
    );
}

/// Annualised over two years: 10 units @ 100 on 1 Jan 2023, 121 on 31 Dec 2024. Over
/// 2 Jan 2023–31 Dec 2024, 364 + 366 = 730 days: cumulative 21 % for both returns;
/// annualised TWR (1.21)^(365/730) − 1 = 10 %, XIRR G^365 − 1 with G^730 = 1.21: 10 %.
#[test]
fn annualised_over_two_years() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2023-01-01", "kind": "buy", "quantity": "10", "unit_price": "100"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2023-01-01", "100"), ("2024-12-31", "121")])}),
        json!({}),
    );
    let returns = evaluated(&p, &m, "2024-12-31")
        .returns(Range::Custom {
            from: date("2023-01-02"),
            to: date("2024-12-31"),
        })
        .expect("returns");
    assert_eq!((returns.days, returns.over_a_year), (730, true));
    assert_eq!(returns.time_weighted.cumulative, d("0.21"));
    assert_eq!(returns.time_weighted.annualised, Some(d("0.1")));
    let MoneyWeighted::Solved(mwr) = returns.money_weighted else {
        panic!("solved");
    };
    assert_eq!(
        (mwr.cumulative, mwr.annualised),
        (d("0.21"), Some(d("0.1")))
    );
}

/// A 2-for-1 split, then a 1-for-4 reverse split: 10 @ 100 (cost 1,000) become 20 @ 50,
/// then 5 @ 200; the cost basis stays 1,000. With the close 220 after the reverse split the
/// value is 5 × 220 = 1,100, unrealised 100; no flow, so the TWR is 1,100 / 1,000 − 1 = 10 %.
#[test]
fn splits_keep_the_cost_basis() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-02", "kind": "buy", "quantity": "10", "unit_price": "100"},
                {"date": "2025-01-03", "kind": "split", "to": "2", "from": "1"},
                {"date": "2025-01-07", "kind": "split", "to": "1", "from": "4"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2025-01-02", "100"), ("2025-01-03", "50"),
            ("2025-01-07", "220")])}),
        json!({}),
    );
    let after_first = evaluated(&p, &m, "2025-01-03");
    let position = &after_first.positions()[0];
    assert_eq!(position.quantity, d("20"));
    assert_eq!(position.local.average_cost, Some(d("50")));
    let e = evaluated(&p, &m, "2025-01-07");
    let position = &e.positions()[0];
    assert_eq!(position.quantity, d("5"));
    assert_eq!(position.local.cost_basis.to_string(), "1000.00");
    assert_eq!(
        position
            .local
            .average_cost
            .map(|c| c.to_string())
            .as_deref(),
        Some("200.000000")
    );
    assert_eq!(position.local.unrealised_gain, d("100"));
    assert_eq!(
        e.returns(Range::Max)
            .expect("returns")
            .time_weighted
            .cumulative,
        d("0.1")
    );
}

/// A dividend of 20, 3 withheld, on a day the price does not move: 10 units @ 100 = 1,000.
/// That day's return is (1,000 + 17) / 1,000 − 1 = 1.7 %; the position has dividends 17.00,
/// fees 3.00 and a total gain of 17.00. A standalone fee of 5 the next day: (1,000 − 5) /
/// 1,000 − 1 = −0.5 %; over both days 1.017 × 0.995 − 1 = 1.1915 %.
#[test]
fn a_dividend_is_income_and_a_fee_reduces_the_return() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-02", "kind": "buy", "quantity": "10", "unit_price": "100"},
                {"date": "2025-01-03", "kind": "dividend", "amount": "20", "fees": "3"},
                {"date": "2025-01-04", "kind": "fee", "amount": "5"},
            ]),
        )],
    );
    let m = market(json!({"ACME": series(&[("2025-01-02", "100")])}), json!({}));
    let on_dividend = evaluated(&p, &m, "2025-01-03");
    let day = on_dividend.returns(Range::OneDay).expect("returns");
    assert_eq!(day.time_weighted.cumulative, d("0.017"));
    assert_eq!(day.income, d("17"));
    let MoneyWeighted::Solved(mwr) = day.money_weighted else {
        panic!("solved");
    };
    assert_eq!(mwr.cumulative, d("0.017"));
    let position = &on_dividend.positions()[0];
    assert_eq!(
        (position.local.dividends, position.local.fees),
        (d("17"), d("3"))
    );
    assert_eq!(position.local.total_gain, d("17"));
    let e = evaluated(&p, &m, "2025-01-04");
    let both = e
        .returns(Range::Custom {
            from: date("2025-01-03"),
            to: date("2025-01-04"),
        })
        .expect("returns");
    assert_eq!(both.time_weighted.cumulative, d("0.011915"));
    assert_eq!(e.positions()[0].local.total_gain, d("12"));
}

/// A sale under FIFO and under average cost. Bought 10 @ 100 and 10 @ 130 (2,300), sold 15
/// @ 150 with 5 of fees: proceeds 2,245.
/// FIFO: cost 10 × 100 + 5 × 130 = 1,650, realised 595; left 5 @ 130 = 650, at 150 unrealised
/// 100. Average cost: 115 a unit, cost 15 × 115 = 1,725, realised 520; left 5 @ 115 = 575,
/// unrealised 175. Realised + unrealised is 695 both ways.
#[test]
fn a_sale_realises_different_gains_under_fifo_and_average_cost() {
    let activities = json!([
        {"date": "2025-01-02", "kind": "buy", "quantity": "10", "unit_price": "100"},
        {"date": "2025-02-03", "kind": "buy", "quantity": "10", "unit_price": "130"},
        {"date": "2025-03-03", "kind": "sell", "quantity": "15", "unit_price": "150", "fees": "5"},
    ]);
    let m = market(
        json!({"ACME": series(&[("2025-01-02", "100"), ("2025-02-03", "130"),
            ("2025-03-03", "150")])}),
        json!({}),
    );
    let figures = |method: &str| {
        let p = portfolio(method, vec![holding("ACME", "EUR", activities.clone())]);
        let e = evaluated(&p, &m, "2025-03-03");
        let position = e.positions()[0].clone();
        (
            position.local.realised_gain,
            position.local.cost_basis,
            position.local.unrealised_gain,
            position.lots.len(),
        )
    };
    assert_eq!(figures("fifo"), (d("595"), d("650"), d("100"), 1));
    assert_eq!(figures("average_cost"), (d("520"), d("575"), d("175"), 1));
}

/// A missing price day: closes on Monday 6 Jan (100) and Wednesday 8 Jan (104), none on
/// Tuesday. Tuesday is valued at Monday's close, 1,000, and marked stale; the TWR over the
/// three days is 1 × 1 × 1.04 − 1 = 4 %.
#[test]
fn a_missing_price_day_is_carried_forward_and_stale() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-06", "kind": "buy", "quantity": "10", "unit_price": "100"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2025-01-06", "100"), ("2025-01-08", "104")])}),
        json!({}),
    );
    let tuesday = evaluated(&p, &m, "2025-01-07");
    let price = tuesday.positions()[0].price.expect("price");
    assert_eq!((price.as_of, price.stale), (date("2025-01-06"), true));
    assert!(tuesday.positions()[0].stale);
    let e = evaluated(&p, &m, "2025-01-08");
    let history = e.value_history(Range::Max).expect("history");
    let days: Vec<(String, bool)> = history
        .iter()
        .map(|p| (p.value.to_string(), p.stale))
        .collect();
    assert_eq!(
        days,
        [
            ("1000.00".into(), false),
            ("1000.00".into(), true),
            ("1040.00".into(), false)
        ]
    );
    assert_eq!(
        e.returns(Range::Max)
            .expect("returns")
            .time_weighted
            .cumulative,
        d("0.04")
    );
}

/// A USD holding in a EUR portfolio. Bought 10 @ 100 USD at 0.90 EUR/USD: 1,000 USD =
/// 900 EUR. On the valuation date the close is 110 and the rate 0.95: 1,100 USD = 1,045 EUR.
/// In dollars: unrealised 100, TWR 10 %. In euros: unrealised 145, TWR 1,045 / 900 − 1 =
/// 1.1 × 0.95 / 0.90 − 1 = 16.1111 %. The portfolio's return is the euro one.
#[test]
fn a_holding_in_another_currency() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "US1",
            "USD",
            json!([
                {"date": "2025-01-02", "kind": "buy", "quantity": "10", "unit_price": "100"},
            ]),
        )],
    );
    let m = market(
        json!({"US1": series(&[("2025-01-02", "100"), ("2025-01-10", "110")])}),
        json!({"USD": series(&[("2025-01-02", "0.90"), ("2025-01-10", "0.95")])}),
    );
    let e = evaluated(&p, &m, "2025-01-10");
    let position = &e.positions()[0];
    assert_eq!(
        (
            position.local.currency.as_str(),
            position.local.unrealised_gain
        ),
        ("USD", d("100"))
    );
    assert_eq!(
        (position.base.currency.as_str(), position.base.market_value),
        ("EUR", d("1045"))
    );
    assert_eq!(position.base.cost_basis, d("900"));
    assert_eq!(position.base.unrealised_gain, d("145"));
    let local = e
        .holding_returns(0, Range::Max, Denomination::Holding)
        .expect("returns");
    assert_eq!(local.time_weighted.cumulative, d("0.1"));
    let base = e
        .holding_returns(0, Range::Max, Denomination::Base)
        .expect("returns");
    assert_eq!(base.time_weighted.cumulative, d("0.16111111"));
    assert_eq!(
        e.returns(Range::Max).expect("returns").time_weighted,
        base.time_weighted
    );
    let allocation = e.allocation();
    assert_eq!(allocation.by_currency[0].key, "USD");
    assert_eq!(allocation.by_currency[0].share, d("1"));
}

/// A transfer in carries its cost basis (10 @ 80 = 800) and flows in at the day's close
/// (10 × 100 = 1,000), so it does not move the TWR; the close rising to 105 is 5 %. A
/// transfer out of 4 at 105 takes 4 × 80 = 320 of cost and realises nothing.
#[test]
fn transfers_carry_cost_and_realise_nothing() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-02", "kind": "transfer_in", "quantity": "10", "unit_cost": "80"},
                {"date": "2025-01-03", "kind": "transfer_out", "quantity": "4"},
            ]),
        )],
    );
    let m = market(
        json!({"ACME": series(&[("2025-01-02", "100"), ("2025-01-03", "105")])}),
        json!({}),
    );
    let e = evaluated(&p, &m, "2025-01-03");
    let returns = e.returns(Range::Max).expect("returns");
    assert_eq!(returns.time_weighted.cumulative, d("0.05"));
    assert_eq!((returns.inflows, returns.outflows), (d("1000"), d("420")));
    let position = &e.positions()[0];
    assert_eq!(position.local.cost_basis, d("480"));
    assert_eq!(position.local.realised_gain, d("0"));
}
