//! The daily price refresh on the emulators, as it runs in AWS: the schedule's `prices.refresh`
//! on SQS (moto), the prices worker's consumer fanning it out into `prices.fetch` messages on the
//! same queue and storing the closes in DynamoDB Local, and the investments service (what the
//! API answers from) valuing a portfolio at the fetched close.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ferrofin_fn_prices_worker::PricesConsumer;
use ferrofin_investments::input::{Kind, NewActivity};
use ferrofin_investments::service::{NewHolding, NewPortfolio};
use ferrofin_investments::{Investments, PriceStore, RefreshPrices, RetryPolicy, Series};
use ferrofin_platform::adapters::aws::SqsQueue;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::queue::{QueueName, send_message};
use ferrofin_tests::TestApp;
use ferrofin_tests::app::test_prices;
use ferrofin_tests::emulators::{self, SqsPoller};
use rust_decimal::Decimal;
use time::macros::date;

/// Most polls of the prices queue before the refresh must be done.
const MAX_POLLS: usize = 10;

#[tokio::test]
async fn the_scheduled_refresh_fetches_held_closes_into_dynamodb_and_values_the_portfolio() {
    let app = TestApp::new();
    let sqs = aws_sdk_sqs::Client::new(&emulators::sdk_config().await);
    let url = emulators::create_sqs_queue(&sqs, "ferrofin-prices", &[]).await;
    let state = ferrofin_platform::AppState {
        table: emulators::table().await.table,
        queue: Arc::new(SqsQueue::new(
            sqs.clone(),
            HashMap::from([(QueueName::Prices, url.clone())]),
        )),
        ..app.embedded.state()
    };
    let user = UserId::from(format!("01PRICES{}", ulid::Ulid::new()));
    let investments = Investments::new(&state);
    let portfolio = investments
        .create_portfolio(
            &user,
            NewPortfolio {
                name: "Long term".into(),
                base_currency: "EUR".into(),
                lot_method: None,
            },
        )
        .await
        .expect("portfolio");
    let holding = investments
        .add_holding(
            &user,
            &portfolio.id,
            NewHolding {
                symbol: "TWR".into(),
                account: "Broker".into(),
                currency: "EUR".into(),
                asset_class: "equity".into(),
            },
        )
        .await
        .expect("holding");
    let buy = NewActivity {
        holding_id: holding.id.to_string(),
        date: "2026-11-17".into(),
        kind: Some(Kind::Buy),
        currency: None,
        quantity: Some("10".into()),
        unit_price: Some("100".into()),
        unit_cost: None,
        amount: None,
        fees: None,
        to: None,
        from: None,
    };
    investments
        .add_activity(&user, &portfolio.id, buy)
        .await
        .expect("buy");

    // What PricesDailySchedule sends, then the worker as Lambda's event source runs it.
    let refresh = RefreshPrices {
        day: Some(date!(2026 - 11 - 21)),
        ..RefreshPrices::default()
    };
    send_message(
        state.queue.as_ref(),
        QueueName::Prices,
        &refresh,
        state.clock.as_ref(),
    )
    .await
    .expect("scheduled message");
    let retry = RetryPolicy {
        attempts: 1,
        first_delay: Duration::ZERO,
    };
    let worker = PricesConsumer::new(&state, Arc::new(test_prices()), retry);
    let poller = SqsPoller { client: sqs, url };
    let mut handled = 0;
    for _ in 0..MAX_POLLS {
        let (received, response) = poller.poll_once(&worker, 30).await;
        assert!(response.batch_item_failures.is_empty(), "a message failed");
        if received == 0 && handled > 0 {
            break;
        }
        handled += received;
    }
    assert!(handled >= 2, "the refresh and at least one fetch ran");

    let status = PriceStore::new(state.table.clone())
        .status(&Series::closes("TWR"))
        .await
        .expect("status");
    assert_eq!(status.fetched_through, Some(date!(2026 - 11 - 21)));
    assert_eq!(status.stale_since, None);
    let valued = investments
        .valued(&user, &portfolio.id)
        .await
        .expect("valued");
    let position = &valued.evaluation.positions()[0];
    // 10 units at the last close fetched (2026-11-20: 106.59), carried to the 21st.
    assert_eq!(position.base.market_value, Decimal::new(106_590, 2));
    assert!(valued.stale_sources.is_empty());
}
