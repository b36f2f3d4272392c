//! Builders for the tests: portfolios, market data and dates from short literals, read
//! through the public JSON shapes.

use ferrofin_investment_calc::{Evaluation, MarketData, Portfolio, evaluate};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::Date;

pub fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

pub fn date(text: &str) -> Date {
    serde_json::from_value::<ferrofin_investment_calc::Point>(json!({"date": text, "value": "1"}))
        .expect("date")
        .date
}

/// A holding in `currency` (2 minor units) of the `broker` account, with `activities`
/// (each `{"date", "kind", …}`; the currency is filled in).
pub fn holding(symbol: &str, currency: &str, activities: Value) -> Value {
    let activities: Vec<Value> = activities
        .as_array()
        .expect("activities")
        .iter()
        .map(|activity| {
            let mut activity = activity.clone();
            activity["currency"] = json!(currency);
            activity
        })
        .collect();
    json!({"symbol": symbol, "account": "broker", "asset_class": "equity",
        "currency": {"code": currency, "minor_units": 2}, "activities": activities})
}

/// A portfolio in EUR by `lot_method` (`"fifo"` or `"average_cost"`).
pub fn portfolio(lot_method: &str, holdings: Vec<Value>) -> Portfolio {
    serde_json::from_value(json!({
        "base_currency": {"code": "EUR", "minor_units": 2},
        "lot_method": lot_method,
        "holdings": holdings
    }))
    .expect("portfolio")
}

/// `{"date": value, …}` as a series.
pub fn series(points: &[(&str, &str)]) -> Value {
    points
        .iter()
        .map(|(date, value)| json!({"date": date, "value": value}))
        .collect()
}

/// Closes per symbol and FX rates per currency.
pub fn market(prices: Value, fx_rates: Value) -> MarketData {
    serde_json::from_value(json!({"prices": prices, "fx_rates": fx_rates})).expect("market")
}

pub fn evaluated(portfolio: &Portfolio, market: &MarketData, on: &str) -> Evaluation {
    evaluate(portfolio, market, date(on)).expect("evaluation")
}
