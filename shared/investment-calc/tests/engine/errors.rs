//! What an evaluation refuses: a sale of more than is held, a day held before the first
//! close or the first FX rate, a range after the valuation date.

use crate::common::{date, holding, market, portfolio, series};
use ferrofin_investment_calc::{Error, Range, evaluate};
use rust_decimal::Decimal;
use serde_json::json;

#[test]
fn selling_more_than_is_held_is_an_error_not_a_short_position() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "ACME",
            "EUR",
            json!([
                {"date": "2025-01-02", "kind": "buy", "quantity": "10", "unit_price": "100"},
                {"date": "2025-01-03", "kind": "sell", "quantity": "11", "unit_price": "100"},
            ]),
        )],
    );
    let m = market(json!({"ACME": series(&[("2025-01-02", "100")])}), json!({}));
    assert_eq!(
        evaluate(&p, &m, date("2025-01-03")).map(|_| ()),
        Err(Error::Oversold {
            symbol: "ACME".into(),
            account: "broker".into(),
            date: date("2025-01-03"),
            requested: Decimal::from(11),
            held: Decimal::from(10),
        })
    );
}

#[test]
fn a_day_held_before_the_first_close_or_rate_is_an_error() {
    let p = portfolio(
        "fifo",
        vec![holding(
            "US1",
            "USD",
            json!([
                {"date": "2025-01-03", "kind": "buy", "quantity": "1", "unit_price": "100"},
            ]),
        )],
    );
    let no_close = market(
        json!({"US1": series(&[("2025-01-06", "100")])}),
        json!({"USD": series(&[("2025-01-01", "0.9")])}),
    );
    assert_eq!(
        evaluate(&p, &no_close, date("2025-01-06")).map(|_| ()),
        Err(Error::NoPrice {
            symbol: "US1".into(),
            date: date("2025-01-03")
        })
    );
    let no_rate = market(json!({"US1": series(&[("2025-01-03", "100")])}), json!({}));
    assert_eq!(
        evaluate(&p, &no_rate, date("2025-01-06")).map(|_| ()),
        Err(Error::NoFxRate {
            currency: "USD".into(),
            base: "EUR".into(),
            date: date("2025-01-03")
        })
    );
    // Before the purchase nothing is held: no price is needed.
    assert!(evaluate(&p, &no_close, date("2025-01-02")).is_ok());
}

#[test]
fn a_range_after_the_valuation_date_and_an_unknown_holding_are_errors() {
    let p = portfolio("fifo", vec![holding("ACME", "EUR", json!([]))]);
    let e = evaluate(&p, &market(json!({}), json!({})), date("2025-01-03")).expect("evaluation");
    assert!(matches!(
        e.returns(Range::Custom {
            from: date("2025-01-01"),
            to: date("2025-01-04")
        }),
        Err(Error::InvalidRange { .. })
    ));
    assert_eq!(
        e.holding_returns(1, Range::Max, ferrofin_investment_calc::Denomination::Base),
        Err(Error::NoSuchHolding(1))
    );
    // An empty portfolio has a zero return and no money-weighted one.
    let returns = e.returns(Range::Max).expect("returns");
    assert_eq!(returns.time_weighted.cumulative, Decimal::ZERO);
    assert!(matches!(
        returns.money_weighted,
        ferrofin_investment_calc::MoneyWeighted::Unsolved { .. }
    ));
}
