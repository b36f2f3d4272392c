//! The prices worker: fetches from the HTTP adapter (a tiny server on 127.0.0.1 that fails
//! before it answers), once per series and day, retrying transient failures, marking a failing
//! source stale and failing the message so the queue retries it; the daily refresh fans the
//! held series out in batches; the SQS fixture is handled without failures.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get as route_get;
use ferrofin_fn_prices_worker::PricesConsumer;
use ferrofin_investments::price_store::PriceStore;
use ferrofin_investments::{
    FetchPrices, HttpPriceSource, HttpSourceConfig, PriceSource, RefreshPrices, RetryPolicy, Series,
};
use ferrofin_platform::ports::queue::{Consumer, Envelope, QueueName, send_message};
use ferrofin_platform::worker::handle_sqs_batch;
use ferrofin_tests::TestApp;
use serde_json::json;
use time::macros::date;

use crate::email_worker::{failed_ids, sqs_fixture};

/// A provider on 127.0.0.1 that answers 503 to the first `failures` requests, then closes of
/// `ACME`; 404 for any other symbol. Counts requests.
async fn provider(failures: u32) -> (String, Arc<AtomicU32>) {
    let count = Arc::new(AtomicU32::new(0));
    let router = Router::new()
        .route(
            "/daily/{symbol}",
            route_get(
                move |State(count): State<Arc<AtomicU32>>, Path(symbol): Path<String>| async move {
                    let n = count.fetch_add(1, Ordering::SeqCst);
                    if n < failures {
                        return (StatusCode::SERVICE_UNAVAILABLE, String::new());
                    }
                    if symbol != "ACME" {
                        return (StatusCode::NOT_FOUND, String::new());
                    }
                    let body = json!([{"date": "2026-11-19", "value": "10.5"},
                        {"date": "2026-11-20", "value": "11"}]);
                    (StatusCode::OK, body.to_string())
                },
            ),
        )
        .with_state(count.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen on 127.0.0.1");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}"), count)
}

fn http_source(base: &str) -> Arc<dyn PriceSource> {
    Arc::new(
        HttpPriceSource::new(HttpSourceConfig {
            closes_url: format!("{base}/daily/{{symbol}}?from={{from}}&to={{to}}&key={{api_key}}"),
            fx_url: format!("{base}/fx/{{currency}}/{{base}}"),
            api_key: "test-key".into(),
        })
        .expect("source"),
    )
}

fn consumer(app: &TestApp, source: Arc<dyn PriceSource>, attempts: u32) -> PricesConsumer {
    let retry = RetryPolicy {
        attempts,
        first_delay: Duration::ZERO,
    };
    PricesConsumer::new(&app.embedded.state(), source, retry)
}

fn fetch(app: &TestApp, symbol: &str) -> Envelope {
    let message = FetchPrices {
        day: Some(date!(2026 - 11 - 21)),
        series: vec![Series::closes(symbol)],
    };
    Envelope::wrap(&message, app.clock.as_ref()).expect("wrap")
}

#[tokio::test]
async fn a_fetch_retries_a_transient_failure_and_stores_once_per_day() {
    let app = TestApp::new();
    let (base, requests) = provider(1).await;
    let worker = consumer(&app, http_source(&base), 3);
    worker.consume(fetch(&app, "ACME")).await.expect("fetched");
    // One 503, then the answer.
    assert_eq!(requests.load(Ordering::SeqCst), 2);
    let prices = PriceStore::new(app.embedded.state().table.clone());
    let stored = prices
        .read(
            &[Series::closes("ACME")],
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 21),
        )
        .await
        .expect("read");
    let values: Vec<String> = stored[0]
        .points()
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    assert_eq!(values, ["10.5", "11"]);
    // The same day again (a redelivery, another batch): nothing asked, nothing changed.
    worker.consume(fetch(&app, "ACME")).await.expect("skipped");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
    let status = prices
        .status(&Series::closes("ACME"))
        .await
        .expect("status");
    assert_eq!(status.fetched_through, Some(date!(2026 - 11 - 21)));
    assert_eq!(status.stale_since, None);
}

#[tokio::test]
async fn a_source_that_keeps_failing_marks_the_series_stale_and_fails_the_message() {
    let app = TestApp::new();
    let (base, requests) = provider(10).await;
    let worker = consumer(&app, http_source(&base), 3);
    let failed = worker.consume(fetch(&app, "ACME")).await;
    assert!(
        matches!(
            failed,
            Err(ferrofin_platform::ports::queue::ConsumeError::Transient(_))
        ),
        "{failed:?}"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 3);
    let prices = PriceStore::new(app.embedded.state().table.clone());
    let status = prices
        .status(&Series::closes("ACME"))
        .await
        .expect("status");
    assert!(status.stale_since.is_some());
    assert!(
        status
            .failure
            .is_some_and(|failure| failure.contains("503"))
    );
    // A symbol the provider does not know is final: stale, and the message is done.
    let (base, _) = provider(0).await;
    let worker = consumer(&app, http_source(&base), 3);
    worker
        .consume(fetch(&app, "OTHER"))
        .await
        .expect("permanent failures are done");
    let status = prices
        .status(&Series::closes("OTHER"))
        .await
        .expect("status");
    assert!(status.stale_since.is_some());
}

#[tokio::test]
async fn the_daily_refresh_fetches_every_held_series_and_the_fixture_is_handled() {
    let app = TestApp::new();
    let user = app.signed_up("ada@example.com").await;
    let created = crate::budgets_crud::post(
        &app,
        &user,
        "/v1/investments/portfolios",
        &json!({"name": "Main", "base_currency": "EUR"}),
    )
    .await;
    let id = created.json()["id"].as_str().expect("id").to_owned();
    for (symbol, currency) in [("GAIN", "EUR"), ("USDX", "USD")] {
        let held = crate::budgets_crud::post(&app, &user, &format!("/v1/investments/portfolios/{id}/holdings"),
            &json!({"symbol": symbol, "account": "broker", "currency": currency, "asset_class": "equity"})).await;
        assert_eq!(held.status, StatusCode::CREATED);
    }
    // The next day's refresh (the schedule's message) reaches every held series, the FX rate too.
    app.clock.set(time::macros::datetime!(2026-11-22 22:30 UTC));
    let state = app.embedded.state();
    send_message(
        state.queue.as_ref(),
        QueueName::Prices,
        &RefreshPrices::default(),
        app.clock.as_ref(),
    )
    .await
    .expect("queued");
    app.settle().await;
    let prices = PriceStore::new(app.embedded.state().table.clone());
    for series in [
        Series::closes("GAIN"),
        Series::closes("USDX"),
        Series::fx("USD", "EUR"),
    ] {
        let status = prices.status(&series).await.expect("status");
        assert_eq!(
            status.fetched_through,
            Some(date!(2026 - 11 - 22)),
            "{series}"
        );
        assert!(
            prices
                .fetched(&series, date!(2026 - 11 - 22))
                .await
                .expect("guard"),
            "{series}"
        );
    }
    let worker = consumer(&app, Arc::new(ferrofin_tests::app::test_prices()), 1);
    let response = handle_sqs_batch(&worker, sqs_fixture("prices-worker/sqs-batch.json")).await;
    assert!(failed_ids(&response).is_empty(), "{response:?}");
    // The fixture's series are in the test price file: fetched for its day, none stale.
    let fixture_day = date!(2026 - 11 - 21);
    let vwce = Series::closes("VWCE.DE");
    for series in [vwce.clone(), Series::fx("USD", "EUR")] {
        let status = prices.status(&series).await.expect("status");
        assert_eq!(status.stale_since, None, "{series}");
        assert!(
            prices.fetched(&series, fixture_day).await.expect("guard"),
            "{series}"
        );
    }
    let stored = prices
        .read(&[vwce], date!(2026 - 11 - 20), fixture_day)
        .await
        .expect("read");
    let friday = stored[0].on(fixture_day).expect("a close");
    assert_eq!(
        (friday.as_of, friday.value),
        (date!(2026 - 11 - 20), rust_decimal::Decimal::new(11155, 2))
    );
}
