//! Deleting a portfolio of any size: 30 holdings and 110 activities (more than one transaction
//! takes) are gone from sight at once, then removed by the purge job in bounded steps, their
//! series counted out of the registry once, as one run of the job log; repeating a step changes
//! nothing; another user's portfolio is a 404, no token a 401.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use ferrofin_identity::roles::Role;
use ferrofin_investments::PurgePortfolio;
use ferrofin_investments::store::PortfolioStore;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::{AttributeValue, Query, Table, query_all, string_attr};
use serde_json::json;

use crate::budgets_crud::{get, post};
use ferrofin_tests::TestApp;

const HOLDINGS: usize = 30;
const ACTIVITIES: usize = 110;

/// The user's items of the portfolio: its item, tombstone, holdings, slots and activities.
async fn portfolio_items(table: &Arc<dyn Table>, user: &UserId, id: &str) -> usize {
    let items = query_all(table.as_ref(), Query::partition(user_partition(user), 100))
        .await
        .expect("query");
    items
        .iter()
        .filter(|item| {
            string_attr(item, "sk").is_ok_and(|sk| sk.starts_with("PORTFOLIO") && sk.contains(id))
        })
        .count()
}

/// How many holdings the registry of held series counts for GAIN's closes.
async fn gain_holders(table: &Arc<dyn Table>) -> Option<AttributeValue> {
    let name = ferrofin_investments::Series::closes("GAIN").name();
    query_all(table.as_ref(), Query::partition("PRICE_SERIES", 100))
        .await
        .expect("registry")
        .into_iter()
        .find(|item| item.get("sk") == Some(&AttributeValue::S(name.clone())))
        .and_then(|item| item.get("holdings").cloned())
}

#[tokio::test]
async fn a_portfolio_with_more_than_a_hundred_items_is_deleted_at_once_and_purged_in_steps() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let other = app.signed_up("bob@example.com").await;
    let created = post(
        &app,
        &user,
        "/v1/investments/portfolios",
        &json!({"name": "Big", "base_currency": "EUR"}),
    )
    .await;
    let id = created.json()["id"].as_str().expect("id").to_owned();
    let base = format!("/v1/investments/portfolios/{id}");
    let mut holdings = Vec::new();
    for at in 0..HOLDINGS {
        let held = post(&app, &user, &format!("{base}/holdings"),
            &json!({"symbol": "GAIN", "account": format!("broker-{at}"), "currency": "EUR", "asset_class": "equity"})).await;
        assert_eq!(held.status, StatusCode::CREATED, "{}", held.json());
        holdings.push(held.json()["id"].as_str().expect("id").to_owned());
    }
    for at in 0..ACTIVITIES {
        let bought = post(
            &app,
            &user,
            &format!("{base}/activities"),
            &json!({"holding_id": holdings[at % HOLDINGS], "date": "2026-11-02", "kind": "buy",
                    "quantity": "1", "unit_price": "150"}),
        )
        .await;
        assert_eq!(bought.status, StatusCode::CREATED, "{}", bought.json());
    }
    app.settle().await;
    let table = app.embedded.state().table.clone();
    let store = PortfolioStore::new(table.clone());
    let gain = ferrofin_investments::Series::closes("GAIN");
    assert!(store.held_series().await.expect("registry").contains(&gain));
    assert_eq!(
        gain_holders(&table).await,
        Some(AttributeValue::N(HOLDINGS.to_string()))
    );
    assert_eq!(
        portfolio_items(&table, &user.user_id, &id).await,
        1 + 2 * HOLDINGS + ACTIVITIES
    );

    // Not the caller's, no token: refused, nothing changes.
    app.call(Method::DELETE, &base, Some(&other.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_eq!(
        app.call(Method::DELETE, &base, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&app, &user, &base).await.status, StatusCode::OK);

    let deleted = app
        .call(Method::DELETE, &base, Some(&user.access_token), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.json());
    // Gone at once, whatever the purge has done yet.
    get(&app, &user, &base)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    get(&app, &user, &format!("{base}/activities"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let listed = get(&app, &user, "/v1/investments/portfolios").await;
    assert_eq!(listed.json()["items"], json!([]));

    app.settle().await;
    assert_eq!(portfolio_items(&table, &user.user_id, &id).await, 0);
    // The purge is one run of the job log, done in several steps.
    let ops = app.signed_up_as("ops@example.com", Role::Admin).await;
    let runs = get(&app, &ops, "/v1/admin/jobs?kind=deletion").await.json();
    let run = &runs["items"][0];
    assert_eq!(
        (&run["name"], &run["user_id"], &run["state"], &run["detail"]),
        (
            &json!("investments.purge_portfolio"),
            &json!(user.user_id.as_str()),
            &json!("completed"),
            &json!("purged")
        ),
        "{runs}"
    );
    assert!(
        run["steps"].as_u64().is_some_and(|steps| steps > 3),
        "{runs}"
    );
    assert!(!store.held_series().await.expect("registry").contains(&gain));
    let worth = get(
        &app,
        &user,
        "/v1/wallet/networth?from=2026-11-01&to=2026-11-30",
    )
    .await;
    assert_eq!(worth.json()["currencies"], json!([]));

    // A step delivered again after the purge finished changes nothing (the count stays 0).
    let job = PurgePortfolio {
        user_id: user.user_id.clone(),
        portfolio_id: id.as_str().into(),
        run: None,
    };
    assert!(job.step(&table).await.expect("step"));
    assert_eq!(
        gain_holders(&table).await,
        Some(AttributeValue::N("0".to_owned()))
    );
    // Deleted and purged: deleting again is a 404.
    app.call(Method::DELETE, &base, Some(&user.access_token), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn a_step_repeated_mid_purge_counts_nothing_twice() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let created = post(
        &app,
        &user,
        "/v1/investments/portfolios",
        &json!({"name": "Two", "base_currency": "EUR"}),
    )
    .await;
    let id = created.json()["id"].as_str().expect("id").to_owned();
    let base = format!("/v1/investments/portfolios/{id}");
    for account in ["a", "b"] {
        let held = post(&app, &user, &format!("{base}/holdings"),
            &json!({"symbol": "GAIN", "account": account, "currency": "EUR", "asset_class": "equity"})).await;
        assert_eq!(held.status, StatusCode::CREATED, "{}", held.json());
    }
    app.settle().await;
    let table = app.embedded.state().table.clone();
    // Mark the portfolio deleted as DELETE does, without its job, then run the steps by hand,
    // each twice (as a redelivery would).
    let store = PortfolioStore::new(table.clone());
    let portfolio = store
        .get(&user.user_id, &id.as_str().into())
        .await
        .expect("get")
        .expect("portfolio");
    store
        .mark_deleted(&portfolio, Vec::new())
        .await
        .expect("marked");
    let job = PurgePortfolio {
        user_id: user.user_id.clone(),
        portfolio_id: id.as_str().into(),
        run: None,
    };
    let mut steps = 0;
    while !job.step(&table).await.expect("step") {
        job.step(&table).await.expect("the same step again");
        steps += 1;
        assert!(steps < 10, "the purge ends");
    }
    assert_eq!(
        gain_holders(&table).await,
        Some(AttributeValue::N("0".to_owned()))
    );
    assert_eq!(portfolio_items(&table, &user.user_id, &id).await, 0);
}
