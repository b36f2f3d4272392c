//! The figure in BENCH.md: a portfolio of 50 holdings (10 of them in USD, the base EUR) with
//! five years of weekday closes and FX rates, and 350 activities (buys, sells, dividends),
//! generated deterministically. Timed: `evaluate` plus every relative range's returns (TWR and
//! XIRR) and the whole value history; and the returns of every range alone.

use criterion::{Criterion, criterion_group, criterion_main};
use ferrofin_investment_calc::{
    Activity, ActivityKind, AssetClass, Currency, DailySeries, Holding, HoldingActivities,
    LotMethod, MarketData, MoneyWeighted, Point, Portfolio, Range, evaluate,
};
use rust_decimal::Decimal;
use std::hint::black_box;
use time::{Date, Duration, Weekday, macros::date};

const HOLDINGS: usize = 50;
const DAYS: i64 = 5 * 365 + 1;
const START: Date = date!(2021 - 01 - 04);

/// A linear congruential generator: the same numbers on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A daily move of −2 % to +2 %, in basis points.
    fn move_bp(&mut self) -> i64 {
        i64::try_from(self.next() % 401).expect("small") - 200
    }
}

/// Weekday values from `start_cents` by random moves, to `scale` decimals.
fn walk(rng: &mut Lcg, start: i64, scale: u32) -> DailySeries {
    let mut value = start;
    let mut points = Vec::new();
    for n in 0..DAYS {
        let date = START + Duration::days(n);
        if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            continue;
        }
        value = (value + value * rng.move_bp() / 10_000).max(1);
        points.push(Point {
            date,
            value: Decimal::new(value, scale),
        });
    }
    DailySeries::new(points).expect("series")
}

fn inputs() -> (Portfolio, MarketData) {
    let mut rng = Lcg(42);
    let mut market = MarketData::default();
    market
        .fx_rates
        .insert("USD".into(), walk(&mut rng, 9_000, 4));
    let mut holdings = Vec::new();
    for h in 0..HOLDINGS {
        let symbol = format!("SYM{h:02}");
        let code = if h % 5 == 0 { "USD" } else { "EUR" };
        let series = walk(&mut rng, 5_000 + i64::try_from(h).expect("small") * 300, 2);
        let price_on = |date: Date| series.on(date).expect("priced").value;
        let mut activities = Vec::new();
        let mut held = Decimal::ZERO;
        // A buy every ~10 months, a sale of a third between, a dividend each year: 7 each.
        for step in 0..7_i64 {
            let date = START + Duration::days(step * 260 + i64::try_from(h).expect("small"));
            let unit_price = price_on(date);
            let kind = match step % 3 {
                0 | 1 if step % 2 == 0 || held.is_zero() => {
                    held += Decimal::from(10);
                    ActivityKind::Buy {
                        quantity: Decimal::from(10),
                        unit_price,
                        fees: Decimal::ONE,
                    }
                }
                1 => {
                    let quantity = (held / Decimal::from(3)).floor();
                    held -= quantity;
                    ActivityKind::Sell {
                        quantity,
                        unit_price,
                        fees: Decimal::ONE,
                    }
                }
                _ => ActivityKind::Dividend {
                    amount: held,
                    fees: Decimal::ZERO,
                },
            };
            activities.push(Activity {
                date,
                currency: code.into(),
                kind,
            });
        }
        holdings.push(HoldingActivities {
            holding: Holding {
                symbol: symbol.clone(),
                account: if h % 2 == 0 {
                    "broker".into()
                } else {
                    "pension".into()
                },
                currency: Currency {
                    code: code.into(),
                    minor_units: 2,
                },
                asset_class: if h % 3 == 0 {
                    AssetClass::Fund
                } else {
                    AssetClass::Equity
                },
            },
            activities,
        });
        market.prices.insert(symbol, series);
    }
    let portfolio = Portfolio {
        base_currency: Currency {
            code: "EUR".into(),
            minor_units: 2,
        },
        lot_method: LotMethod::Fifo,
        holdings,
    };
    (portfolio, market)
}

fn returns(c: &mut Criterion) {
    let (portfolio, market) = inputs();
    let valuation_date = START + Duration::days(DAYS - 1);
    c.bench_function(
        "50 holdings × 5 years: evaluate + all ranges + history",
        |b| {
            b.iter(|| {
                let evaluation =
                    evaluate(black_box(&portfolio), black_box(&market), valuation_date)
                        .expect("evaluation");
                let returns: Vec<_> = Range::RELATIVE
                    .iter()
                    .map(|range| evaluation.returns(*range).expect("returns"))
                    .collect();
                (
                    returns,
                    evaluation.value_history(Range::Max).expect("history"),
                )
            })
        },
    );
    let evaluation = evaluate(&portfolio, &market, valuation_date).expect("evaluation");
    // Every range's XIRR is solved: the figure times the solver, not an early error.
    for range in Range::RELATIVE {
        let returns = evaluation.returns(range).expect("returns");
        assert!(
            matches!(returns.money_weighted, MoneyWeighted::Solved(_)),
            "{range:?}: {:?}",
            returns.money_weighted
        );
    }
    c.bench_function("50 holdings × 5 years: all ranges' returns alone", |b| {
        b.iter(|| {
            Range::RELATIVE
                .iter()
                .map(|range| black_box(&evaluation).returns(*range).expect("returns"))
                .collect::<Vec<_>>()
        })
    });
}

criterion_group!(benches, returns);
criterion_main!(benches);
