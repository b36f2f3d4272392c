//! Investments through the API, on the prices of `tests/data/prices.json` (the clock is at
//! 2026-11-21): portfolios, holdings and activities, and figures worked out by hand — a TWR and
//! XIRR with a mid-period buy, a split and a dividend, a sale realising a gain under FIFO and
//! under average cost, a missing price day, a holding in another currency — with 401, 404 for
//! another user's portfolio and 422s.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use ferrofin_tests::TestApp;
use ferrofin_tests::identity::SignedIn;

use crate::budgets_crud::{get, post};

async fn portfolio(app: &TestApp, user: &SignedIn, lot_method: &str) -> String {
    let created = post(
        app,
        user,
        "/v1/investments/portfolios",
        &json!({"name": "Main", "base_currency": "EUR", "lot_method": lot_method}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
    created.json()["id"].as_str().expect("id").to_owned()
}

async fn holding(
    app: &TestApp,
    user: &SignedIn,
    portfolio: &str,
    symbol: &str,
    currency: &str,
) -> String {
    let created = post(
        app,
        user,
        &format!("/v1/investments/portfolios/{portfolio}/holdings"),
        &json!({"symbol": symbol, "account": "broker", "currency": currency, "asset_class": "equity"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
    created.json()["id"].as_str().expect("id").to_owned()
}

async fn activity(app: &TestApp, user: &SignedIn, portfolio: &str, body: Value) -> Value {
    let created = post(
        app,
        user,
        &format!("/v1/investments/portfolios/{portfolio}/activities"),
        &body,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
    created.json()
}

/// A portfolio holding `symbol` in EUR, its prices fetched.
async fn holding_with_prices(
    app: &TestApp,
    user: &SignedIn,
    lot_method: &str,
    symbol: &str,
) -> (String, String) {
    let id = portfolio(app, user, lot_method).await;
    let holding = holding(app, user, &id, symbol, "EUR").await;
    app.settle().await;
    (id, holding)
}

async fn figure(app: &TestApp, user: &SignedIn, portfolio: &str, what: &str) -> Value {
    let answer = get(
        app,
        user,
        &format!("/v1/investments/portfolios/{portfolio}/{what}"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{what}: {}", answer.json());
    answer.json()
}

#[tokio::test]
async fn twr_and_xirr_with_a_mid_period_buy() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "TWR").await;
    for (date, price) in [("2026-11-17", "100"), ("2026-11-19", "110")] {
        activity(
            &app,
            &user,
            &id,
            json!({"holding_id": h, "date": date, "kind": "buy",
            "quantity": "10", "unit_price": price}),
        )
        .await;
    }
    // Day 1: 1000 / (0 + 1000) = 1; day 2: 1100 / 1000 = 1.1; day 3 (buys 1100 more, close
    // 104.5): 2090 / (1100 + 1100) = 0.95; day 4: 2131.80 / 2090 = 1.02.
    // TWR = 1.1 × 0.95 × 1.02 − 1 = 6.59 %.
    // MWR: −1000 − 1100 G^−2 + 2131.80 G^−4 = 0, a quadratic in y = G^−2:
    // y = (1100 + √(1100² + 4 × 2131.80 × 1000)) / (2 × 2131.80) = 0.989879…, G^4 − 1 = 2.0553 %.
    let returns = figure(
        &app,
        &user,
        &id,
        "returns?range=custom&from=2026-11-17&to=2026-11-20",
    )
    .await;
    let returns = &returns["returns"];
    assert_eq!(
        returns["time_weighted"]["cumulative"], "0.06590000",
        "{returns}"
    );
    assert_eq!(returns["money_weighted"]["status"], "solved");
    let mwr = returns["money_weighted"]["cumulative"]
        .as_str()
        .expect("mwr");
    assert!(mwr.starts_with("0.02055"), "{mwr}");
    assert_eq!(returns["closing_value"], "2131.80");
    // Today (21 Nov) has no close: 20 Nov's is carried forward and marked stale.
    let positions = figure(&app, &user, &id, "positions").await;
    let position = &positions["items"][0];
    assert_eq!(position["quantity"], "20");
    assert_eq!(position["stale"], true);
    assert_eq!(position["base"]["market_value"], "2131.80");
    assert_eq!(position["base"]["cost_basis"], "2100.00");
    assert_eq!(positions["valuation_date"], "2026-11-21");
}

#[tokio::test]
async fn a_split_and_a_dividend() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "SPLT").await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-16", "kind": "buy",
        "quantity": "10", "unit_price": "100"}),
    )
    .await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-17", "kind": "split",
        "to": "2", "from": "1"}),
    )
    .await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-18", "kind": "dividend",
        "amount": "20", "fees": "3"}),
    )
    .await;
    // 10 @ 100 become 20 @ 50 (cost basis 1,000 throughout, a split is no flow); the dividend
    // pays 20 less 3 withheld: that day (1000 + 17) / 1000 = 1.017, every other day 1.
    let positions = figure(&app, &user, &id, "positions").await;
    let base = &positions["items"][0]["base"];
    assert_eq!(positions["items"][0]["quantity"], "20");
    assert_eq!(base["cost_basis"], "1000.00");
    assert_eq!(base["average_cost"], "50.000000");
    assert_eq!(base["dividends"], "17.00");
    assert_eq!(base["unrealised_gain"], "0.00");
    assert_eq!(base["total_gain"], "17.00");
    let returns = figure(&app, &user, &id, "returns?range=max").await;
    assert_eq!(
        returns["returns"]["time_weighted"]["cumulative"],
        "0.01700000"
    );
    assert_eq!(returns["returns"]["income"], "17.00");
}

/// Bought 10 @ 100 and 10 @ 130, sold 15 @ 150 with 5 of fees: proceeds 2,245.
async fn realised(lot_method: &str) -> Value {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, lot_method, "GAIN").await;
    for (date, kind, quantity, price, fees) in [
        ("2026-11-02", "buy", "10", "100", "0"),
        ("2026-11-03", "buy", "10", "130", "0"),
        ("2026-11-04", "sell", "15", "150", "5"),
    ] {
        activity(
            &app,
            &user,
            &id,
            json!({"holding_id": h, "date": date, "kind": kind,
            "quantity": quantity, "unit_price": price, "fees": fees}),
        )
        .await;
    }
    figure(&app, &user, &id, "positions").await["items"][0]["base"].clone()
}

#[tokio::test]
async fn a_sale_realises_its_gain_under_fifo_and_under_average_cost() {
    // FIFO: cost 1000 + 5 × 130 = 1650, realised 2245 − 1650 = 595; 5 left cost 650, worth 750.
    let fifo = realised("fifo").await;
    assert_eq!(fifo["realised_gain"], "595.00");
    assert_eq!(fifo["cost_basis"], "650.00");
    assert_eq!(fifo["unrealised_gain"], "100.00");
    // Average cost: 115 a unit, cost 15 × 115 = 1725, realised 520; 5 left cost 575.
    let average = realised("average_cost").await;
    assert_eq!(average["realised_gain"], "520.00");
    assert_eq!(average["cost_basis"], "575.00");
    assert_eq!(average["unrealised_gain"], "175.00");
    // Realised + unrealised is 695 either way.
}

#[tokio::test]
async fn a_missing_price_day_is_carried_forward_and_marked_stale() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "GAP").await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-16", "kind": "buy",
        "quantity": "10", "unit_price": "100"}),
    )
    .await;
    // Closes Monday 100 and Wednesday 104: Tuesday is valued at 1,000 from Monday's close,
    // stale; the TWR over the three days is 1 × 1 × 1.04 − 1 = 4 %.
    let history = figure(
        &app,
        &user,
        &id,
        "history?range=custom&from=2026-11-16&to=2026-11-18",
    )
    .await;
    let days: Vec<(&str, &str, bool)> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|day| {
            (
                day["date"].as_str().expect("date"),
                day["value"].as_str().expect("value"),
                day["stale"].as_bool().expect("stale"),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-16", "1000.00", false),
            ("2026-11-17", "1000.00", true),
            ("2026-11-18", "1040.00", false)
        ]
    );
    let returns = figure(
        &app,
        &user,
        &id,
        "returns?range=custom&from=2026-11-16&to=2026-11-18",
    )
    .await;
    assert_eq!(
        returns["returns"]["time_weighted"]["cumulative"],
        "0.04000000"
    );
}

#[tokio::test]
async fn a_holding_in_another_currency_is_valued_at_each_days_rate() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let id = portfolio(&app, &user, "fifo").await;
    let h = holding(&app, &user, &id, "USDX", "USD").await;
    app.settle().await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-20", "kind": "buy",
        "quantity": "10", "unit_price": "100"}),
    )
    .await;
    // 1,000 USD at 0.90 is 900 EUR; at 110 and 0.95: 1,100 USD = 1,045 EUR; unrealised 100 USD,
    // 145 EUR; allocation all in USD.
    let positions = figure(&app, &user, &id, "positions").await;
    let position = &positions["items"][0];
    assert_eq!(position["local"]["unrealised_gain"], "100.00");
    assert_eq!(position["base"]["market_value"], "1045.00");
    assert_eq!(position["base"]["unrealised_gain"], "145.00");
    let allocation = figure(&app, &user, &id, "allocation").await;
    assert_eq!(allocation["allocation"]["total"], "1045.00");
    assert_eq!(allocation["allocation"]["by_currency"][0]["key"], "USD");
    assert_eq!(
        allocation["allocation"]["by_currency"][0]["share"],
        "1.00000000"
    );
}

#[tokio::test]
async fn a_symbol_the_source_does_not_know_is_valued_at_its_trade_price_and_flagged_stale() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "NOPE").await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-20", "kind": "buy",
        "quantity": "2", "unit_price": "40"}),
    )
    .await;
    let positions = figure(&app, &user, &id, "positions").await;
    assert_eq!(positions["stale_sources"], json!(["NOPE"]));
    assert_eq!(positions["items"][0]["base"]["market_value"], "80.00");
}

#[tokio::test]
async fn portfolios_are_listed_changed_and_deleted() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let first = portfolio(&app, &user, "fifo").await;
    let second = portfolio(&app, &user, "average_cost").await;
    let page = get(&app, &user, "/v1/investments/portfolios?limit=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json()["items"][0]["id"], first.as_str());
    let cursor = page.json()["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_owned();
    let next = get(
        &app,
        &user,
        &format!("/v1/investments/portfolios?limit=1&cursor={cursor}"),
    )
    .await;
    assert_eq!(next.json()["items"][0]["id"], second.as_str());
    let changed = app
        .call(
            Method::PATCH,
            &format!("/v1/investments/portfolios/{first}"),
            Some(&user.access_token),
            Some(&json!({"name": "Pension", "lot_method": "average_cost"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.json());
    assert_eq!(changed.json()["name"], "Pension");
    assert_eq!(changed.json()["lot_method"], "average_cost");
    // A merge patch: neither the name nor the lot method can be cleared.
    app.call(
        Method::PATCH,
        &format!("/v1/investments/portfolios/{first}"),
        Some(&user.access_token),
        Some(&json!({"name": null})),
    )
    .await
    .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let h = holding(&app, &user, &first, "GAIN", "EUR").await;
    let holdings = get(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{first}/holdings"),
    )
    .await;
    assert_eq!(holdings.json()["items"][0]["id"], h.as_str());
    let bought = activity(
        &app,
        &user,
        &first,
        json!({"holding_id": h, "date": "2026-11-02",
        "kind": "buy", "quantity": "1", "unit_price": "100"}),
    )
    .await;
    let listed = get(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{first}/activities"),
    )
    .await;
    assert_eq!(listed.json()["items"][0]["id"], bought["id"]);
    assert_eq!(listed.json()["items"][0]["kind"], "buy");
    let removed = app
        .call(
            Method::DELETE,
            &format!(
                "/v1/investments/portfolios/{first}/activities/{}",
                bought["id"].as_str().expect("id")
            ),
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let deleted = app
        .call(
            Method::DELETE,
            &format!("/v1/investments/portfolios/{first}"),
            Some(&user.access_token),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = get(&app, &user, &format!("/v1/investments/portfolios/{first}")).await;
    gone.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn the_ledger_refuses_what_it_cannot_take_with_a_422() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "GAIN").await;
    let path = format!("/v1/investments/portfolios/{id}/activities");
    let buy = activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-02",
        "kind": "buy", "quantity": "10", "unit_price": "100"}),
    )
    .await;
    let oversold = post(
        &app,
        &user,
        &path,
        &json!({"holding_id": h, "date": "2026-11-03",
        "kind": "sell", "quantity": "11", "unit_price": "150"}),
    )
    .await;
    oversold.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let message = oversold.json()["error"]["details"][0]["message"]
        .as_str()
        .expect("message")
        .to_owned();
    assert!(
        message.contains("11 sold") && message.contains("10 held"),
        "{message}"
    );
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-03",
        "kind": "sell", "quantity": "10", "unit_price": "150"}),
    )
    .await;
    // The buy the sale sold cannot go.
    let needed = app
        .call(
            Method::DELETE,
            &format!("{path}/{}", buy["id"].as_str().expect("id")),
            Some(&user.access_token),
            None,
        )
        .await;
    needed.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    let fields = |answer: &ferrofin_tests::app::TestResponse| -> Vec<String> {
        answer.json()["error"]["details"]
            .as_array()
            .expect("details")
            .iter()
            .map(|detail| detail["field"].as_str().expect("field").to_owned())
            .collect()
    };
    let bad = post(
        &app,
        &user,
        &path,
        &json!({"holding_id": h, "date": "2026-11-30",
        "kind": "buy", "quantity": "1e3", "currency": "USD"}),
    )
    .await;
    bad.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(fields(&bad), ["date", "currency", "quantity", "unit_price"]);
    let zero = post(
        &app,
        &user,
        &path,
        &json!({"holding_id": h, "date": "2026-11-03",
        "kind": "buy", "quantity": "0", "unit_price": "1"}),
    )
    .await;
    assert_eq!(fields(&zero), ["quantity"]);
    let kind = post(
        &app,
        &user,
        &path,
        &json!({"holding_id": h, "date": "2026-11-03", "kind": "gift"}),
    )
    .await;
    assert_eq!(fields(&kind), ["kind"]);
    let unknown = post(
        &app,
        &user,
        &path,
        &json!({"holding_id": "nope", "date": "2026-11-03", "kind": "fee", "amount": "1"}),
    )
    .await;
    assert_eq!(fields(&unknown), ["holding_id"]);
    let portfolio = post(
        &app,
        &user,
        "/v1/investments/portfolios",
        &json!({"name": "", "base_currency": "XXX", "lot_method": "lifo"}),
    )
    .await;
    portfolio.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
    assert_eq!(fields(&portfolio), ["name", "base_currency", "lot_method"]);
    let holding = post(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{id}/holdings"),
        &json!({"symbol": "A#B", "account": "", "currency": "EUR", "asset_class": "stocks"}),
    )
    .await;
    assert_eq!(fields(&holding), ["symbol", "account", "asset_class"]);
    let twice = post(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{id}/holdings"),
        &json!({"symbol": "GAIN", "account": "broker", "currency": "EUR", "asset_class": "equity"}),
    )
    .await;
    twice.assert_error(StatusCode::CONFLICT, "CONFLICT");
    let range = get(
        &app,
        &user,
        &format!("/v1/investments/portfolios/{id}/returns?range=2y"),
    )
    .await;
    assert_eq!(fields(&range), ["range"]);
    let after = get(
        &app,
        &user,
        &format!(
            "/v1/investments/portfolios/{id}/returns?range=custom&from=2026-11-01&to=2026-12-01"
        ),
    )
    .await;
    after.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED");
}

#[tokio::test]
async fn another_users_portfolio_is_not_found_and_every_route_needs_a_token() {
    let app = TestApp::new();
    let ada = app.signed_up("ada@example.com").await;
    let bob = app.signed_up("bob@example.com").await;
    let (id, h) = holding_with_prices(&app, &ada, "fifo", "GAIN").await;
    let bought = activity(
        &app,
        &ada,
        &id,
        json!({"holding_id": h, "date": "2026-11-02",
        "kind": "buy", "quantity": "1", "unit_price": "100"}),
    )
    .await;
    let base = format!("/v1/investments/portfolios/{id}");
    let activity_path = format!("{base}/activities/{}", bought["id"].as_str().expect("id"));
    let reads = [
        "",
        "/holdings",
        "/activities",
        "/positions",
        "/returns",
        "/history",
        "/allocation",
    ];
    for suffix in reads {
        get(&app, &bob, &format!("{base}{suffix}"))
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    let writes: [(Method, String, Option<Value>); 5] = [
        (Method::PATCH, base.clone(), Some(json!({"name": "Mine"}))),
        (Method::DELETE, base.clone(), None),
        (
            Method::POST,
            format!("{base}/holdings"),
            Some(
                json!({"symbol": "X", "account": "a", "currency": "EUR", "asset_class": "equity"}),
            ),
        ),
        (
            Method::POST,
            format!("{base}/activities"),
            Some(json!({"holding_id": h, "date": "2026-11-02", "kind": "fee", "amount": "1"})),
        ),
        (Method::DELETE, activity_path.clone(), None),
    ];
    for (method, path, body) in &writes {
        app.call(method.clone(), path, Some(&bob.access_token), body.as_ref())
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    for suffix in reads {
        app.call(Method::GET, &format!("{base}{suffix}"), None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    for (method, path, body) in writes {
        app.call(method, &path, None, body.as_ref())
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }
    app.call(Method::GET, "/v1/investments/portfolios", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    // Ada's portfolio is untouched.
    assert_eq!(
        figure(&app, &ada, &id, "positions").await["items"][0]["quantity"],
        "1"
    );
}

#[tokio::test]
async fn the_portfolio_value_is_a_line_of_the_net_worth() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let (id, h) = holding_with_prices(&app, &user, "fifo", "GAIN").await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-11-02", "kind": "buy",
        "quantity": "4", "unit_price": "100"}),
    )
    .await;
    app.settle().await;
    // 4 units at today's close of 150: 600 EUR, in November (valued on 21 Nov), not October.
    let path = "/v1/wallet/networth?from=2026-10-01&to=2026-11-30";
    let worth = get(&app, &user, path).await;
    assert_eq!(worth.status, StatusCode::OK, "{}", worth.json());
    let eur = &worth.json()["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["points"][0]["investments"], "0.00");
    assert_eq!(eur["points"][1]["investments"], "600.00");
    assert_eq!(eur["points"][1]["net_worth"], "600.00");
    // Deleted, the portfolio leaves the net worth.
    app.call(
        Method::DELETE,
        &format!("/v1/investments/portfolios/{id}"),
        Some(&user.access_token),
        None,
    )
    .await;
    app.settle().await;
    assert_eq!(get(&app, &user, path).await.json()["currencies"], json!([]));
}

#[tokio::test]
async fn past_month_ends_have_their_investments_line() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    // MEND closes at 10 on 30 Sep, 12.345 on 30 Oct (carried to 31 Oct), 20 on 20 Nov.
    let (id, h) = holding_with_prices(&app, &user, "fifo", "MEND").await;
    activity(
        &app,
        &user,
        &id,
        json!({"holding_id": h, "date": "2026-09-30", "kind": "buy",
        "quantity": "3", "unit_price": "10"}),
    )
    .await;
    app.settle().await;
    // Before the first buy nothing; 3 x 10 = 30.00 on 30 Sep; 3 x 12.345 = 37.035, half to
    // even 37.04 on 31 Oct; today's value (3 x 20, valued on 21 Nov) for November.
    let worth = get(
        &app,
        &user,
        "/v1/wallet/networth?from=2026-08-01&to=2026-11-30",
    )
    .await;
    assert_eq!(worth.status, StatusCode::OK, "{}", worth.json());
    let lines: Vec<Value> = worth.json()["currencies"][0]["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|point| point["investments"].clone())
        .collect();
    assert_eq!(
        lines,
        [
            json!("0.00"),
            json!("30.00"),
            json!("37.04"),
            json!("60.00")
        ]
    );
}

#[tokio::test]
async fn an_activity_may_be_dated_the_users_today_in_their_time_zone() {
    let app = TestApp::new();
    // 2026-11-21 12:00 UTC is already 2026-11-22 01:00 in Auckland (UTC+13).
    let user = app.signed_up("kiwi@example.com").await;
    let zone = app
        .call(
            Method::PATCH,
            "/v1/users/me",
            Some(&user.access_token),
            Some(&json!({"time_zone": "Pacific/Auckland"})),
        )
        .await;
    assert_eq!(zone.status, StatusCode::OK, "{}", zone.json());
    let (id, h) = holding_with_prices(&app, &user, "fifo", "TWR").await;
    let buy = json!({"holding_id": h, "date": "2026-11-22", "kind": "buy",
                     "quantity": "1", "unit_price": "100"});
    activity(&app, &user, &id, buy.clone()).await;

    let utc = app.signed_up("utc@example.com").await;
    let (id, h) = holding_with_prices(&app, &utc, "fifo", "TWR").await;
    let mut early = buy;
    early["holding_id"] = json!(h);
    let refused = post(
        &app,
        &utc,
        &format!("/v1/investments/portfolios/{id}/activities"),
        &early,
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.json()
    );
}
