//! The full service path of a portfolio's returns on the embedded store: 50 holdings (10 in
//! USD), five years of weekday closes and USD→EUR rates stored a year per item, 350 activities;
//! each iteration loads the portfolio, its holdings, activities, prices, rates and source
//! statuses from the embedded table and evaluates it, then answers every relative range's
//! returns. Results: `shared/investments/BENCH.md`.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ferrofin_investment_calc::{MoneyWeighted, Point, Range};
use ferrofin_investments::input::{Kind, NewActivity};
use ferrofin_investments::price_store::PriceStore;
use ferrofin_investments::service::{NewHolding, NewPortfolio};
use ferrofin_investments::{Investments, Series};
use ferrofin_platform::adapters::embedded::{EmbeddedTable, Storage};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::{Clock, ManualClock};
use ferrofin_platform::ports::table::Table;
use rust_decimal::Decimal;
use time::macros::{date, datetime};
use time::{Date, Duration, Weekday};

const HOLDINGS: usize = 50;
const FIRST: Date = date!(2021 - 11 - 22);
const TODAY: Date = date!(2026 - 11 - 21);

/// A deterministic generator (a linear congruential one).
struct Lcg(u64);

impl Lcg {
    /// −2 % to +2 %, in basis points.
    fn step_bp(&mut self) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        i64::try_from((self.0 >> 33) % 401).unwrap_or(0) - 200
    }
}

fn walk(rng: &mut Lcg, start: Decimal) -> Vec<Point> {
    let mut value = start;
    let mut points = Vec::new();
    let mut day = FIRST;
    while day <= TODAY {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            points.push(Point {
                date: day,
                value: value.round_dp(4),
            });
            value *= Decimal::ONE + Decimal::new(rng.step_bp(), 4);
        }
        day += Duration::DAY;
    }
    points
}

async fn setup() -> (Investments, UserId, ferrofin_investments::ids::PortfolioId) {
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC)));
    let table: Arc<dyn Table> =
        Arc::new(EmbeddedTable::open(&Storage::InMemory, clock.clone()).expect("table"));
    let investments = Investments::on(table.clone(), clock);
    let prices = PriceStore::new(table);
    let user = UserId::from("bench-user");
    let portfolio = investments
        .create_portfolio(
            &user,
            NewPortfolio {
                name: "Bench".into(),
                base_currency: "EUR".into(),
                lot_method: None,
            },
        )
        .await
        .expect("portfolio");
    let mut rng = Lcg(42);
    prices
        .store(
            &Series::fx("USD", "EUR"),
            TODAY,
            &walk(&mut rng, Decimal::new(9, 1)),
        )
        .await
        .expect("rates");
    for n in 0..HOLDINGS {
        let symbol = format!("SYM{n:02}");
        let currency = if n < 10 { "USD" } else { "EUR" };
        let closes = walk(&mut rng, Decimal::from(100));
        prices
            .store(&Series::closes(&symbol), TODAY, &closes)
            .await
            .expect("closes");
        let holding = investments
            .add_holding(
                &user,
                &portfolio.id,
                NewHolding {
                    symbol,
                    account: "broker".into(),
                    currency: currency.into(),
                    asset_class: "equity".into(),
                },
            )
            .await
            .expect("holding");
        // 7 activities: 4 buys, 2 sales of a third, a dividend.
        for (k, kind) in [
            Kind::Buy,
            Kind::Buy,
            Kind::Dividend,
            Kind::Sell,
            Kind::Buy,
            Kind::Sell,
            Kind::Buy,
        ]
        .into_iter()
        .enumerate()
        {
            let day = closes[k * 180 + n].date;
            let price = closes[k * 180 + n].value.to_string();
            let new = NewActivity {
                holding_id: holding.id.as_str().to_owned(),
                date: ferrofin_platform::fields::format_date(day),
                kind: Some(kind),
                quantity: matches!(kind, Kind::Buy | Kind::Sell)
                    .then(|| if kind == Kind::Buy { "30" } else { "10" }.to_owned()),
                unit_price: matches!(kind, Kind::Buy | Kind::Sell).then(|| price.clone()),
                fees: Some("1".into()),
                amount: (kind == Kind::Dividend).then(|| "12".to_owned()),
                ..NewActivity::default()
            };
            investments
                .add_activity(&user, &portfolio.id, new)
                .await
                .expect("activity");
        }
    }
    (investments, user, portfolio.id)
}

fn service(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (investments, user, portfolio) = runtime.block_on(setup());
    let answer = |investments: &Investments| {
        runtime.block_on(async {
            let valued = investments.valued(&user, &portfolio).await.expect("valued");
            Range::RELATIVE
                .iter()
                .map(|range| valued.evaluation.returns(*range).expect("returns"))
                .collect::<Vec<_>>()
        })
    };
    for returns in answer(&investments) {
        assert!(
            matches!(returns.money_weighted, MoneyWeighted::Solved(_)),
            "{returns:?}"
        );
    }
    c.bench_function(
        "load from the embedded table + evaluate + 5 ranges' returns",
        |b| b.iter(|| answer(&investments)),
    );
}

criterion_group!(benches, service);
criterion_main!(benches);
