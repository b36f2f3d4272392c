//! From stored records to the engine's input: the [`Portfolio`] of a portfolio's holdings and
//! activities, the [`MarketData`] of their stored closes and rates, and the ledger check that
//! replays the activities without prices (to refuse a sale of more than is held before it is
//! stored).
//!
//! A close series that starts after a holding's first activity (a symbol whose history is not
//! fetched yet) starts with the price of that holding's first trade, as `docs/investments.md`
//! allows; a missing FX rate cannot be made up and is a 409.

use ferrofin_investment_calc::{
    Activity, ActivityKind, Currency as EngineCurrency, DailySeries, Error as EngineError,
    Evaluation, Holding, HoldingActivities, MarketData, Point, Portfolio, evaluate,
};
use ferrofin_platform::money::Currency;
use rust_decimal::Decimal;
use time::Date;

use crate::error::InvestmentError;
use crate::ids::ActivityId;
use crate::records::{ActivityRecord, HoldingRecord, PortfolioRecord};
use crate::series::Series;

/// The engine's currency of a supported currency.
pub fn engine_currency(currency: Currency) -> EngineCurrency {
    EngineCurrency {
        code: currency.code().to_owned(),
        minor_units: currency.exponent(),
    }
}

/// A portfolio with everything it holds, as stored.
#[derive(Clone, Debug)]
pub struct Book {
    pub portfolio: PortfolioRecord,
    pub holdings: Vec<HoldingRecord>,
    pub activities: Vec<ActivityRecord>,
}

impl Book {
    /// The engine's input: holdings in creation order, each with its activities in creation
    /// order (the engine sorts them by date, a day's in this order).
    pub fn engine_portfolio(&self) -> Portfolio {
        Portfolio {
            base_currency: engine_currency(self.portfolio.base_currency),
            lot_method: self.portfolio.lot_method,
            holdings: self
                .holdings
                .iter()
                .map(|holding| HoldingActivities {
                    holding: engine_holding(holding),
                    activities: self
                        .activities
                        .iter()
                        .filter(|record| record.holding_id == holding.id)
                        .map(|record| record.activity.clone())
                        .collect(),
                })
                .collect(),
        }
    }

    /// The first activity's date.
    pub fn first_day(&self) -> Option<Date> {
        self.activities
            .iter()
            .map(|record| record.activity.date)
            .min()
    }

    /// The series the valuation reads: each symbol's closes, each foreign currency's rate.
    pub fn series(&self) -> Vec<Series> {
        let base = self.portfolio.base_currency;
        let mut series: Vec<Series> = self
            .holdings
            .iter()
            .map(|holding| Series::closes(&holding.symbol))
            .chain(
                self.holdings
                    .iter()
                    .filter(|holding| holding.currency != base)
                    .map(|holding| Series::fx(holding.currency.code(), base.code())),
            )
            .collect();
        series.sort();
        series.dedup();
        series
    }

    /// The market data of `stored` (one per [`Self::series`]), with each close series started
    /// at its holdings' first trade price where it starts later.
    pub fn market(&self, stored: Vec<DailySeries>) -> Result<MarketData, InvestmentError> {
        let mut market = MarketData::default();
        for (series, values) in self.series().into_iter().zip(stored) {
            match series {
                Series::Closes { symbol } => {
                    let values = self.with_first_trade(&symbol, values)?;
                    market.prices.insert(symbol, values);
                }
                Series::Fx { currency, .. } => {
                    market.fx_rates.insert(currency, values);
                }
            }
        }
        Ok(market)
    }

    fn with_first_trade(
        &self,
        symbol: &str,
        values: DailySeries,
    ) -> Result<DailySeries, InvestmentError> {
        let first_stored = values.points().first().map(|point| point.date);
        let first_trade = self
            .activities
            .iter()
            .filter(|record| {
                self.holdings
                    .iter()
                    .any(|holding| holding.id == record.holding_id && holding.symbol == symbol)
            })
            .filter_map(|record| {
                trade_price(&record.activity).map(|price| (record.activity.date, price))
            })
            .min_by_key(|(date, _)| *date);
        match (first_trade, first_stored) {
            (Some((date, value)), first) if first.is_none_or(|first| date < first) => {
                let mut points = vec![Point { date, value }];
                points.extend_from_slice(values.points());
                DailySeries::new(points).map_err(|err| InvestmentError::Conflict(err.to_string()))
            }
            _ => Ok(values),
        }
    }

    /// Evaluates the portfolio on `day` with `market`.
    pub fn evaluate(&self, market: &MarketData, day: Date) -> Result<Evaluation, InvestmentError> {
        evaluate(&self.engine_portfolio(), market, day).map_err(|err| self.refusal(err))
    }

    /// Replays the ledger through `day` without prices (every series is 1 from the first
    /// activity on): an activity the ledger cannot take (a sale of more than is held) is a 422.
    pub fn check_ledger(&self, day: Date) -> Result<(), InvestmentError> {
        let Some(first) = self.first_day() else {
            return Ok(());
        };
        let one = || {
            DailySeries::new(vec![Point {
                date: first,
                value: Decimal::ONE,
            }])
        };
        let mut market = MarketData::default();
        for series in self.series() {
            let values = one().map_err(|err| InvestmentError::Conflict(err.to_string()))?;
            match series {
                Series::Closes { symbol } => market.prices.insert(symbol, values),
                Series::Fx { currency, .. } => market.fx_rates.insert(currency, values),
            };
        }
        self.evaluate(&market, day).map(|_| ())
    }

    /// What an engine error means to the client: a refused activity is a 422 naming it; a
    /// missing rate is a 409 (it comes with the next price refresh).
    pub(crate) fn refusal(&self, err: EngineError) -> InvestmentError {
        match &err {
            EngineError::Oversold {
                symbol,
                account,
                date,
                ..
            }
            | EngineError::InvalidActivity {
                symbol,
                account,
                date,
                ..
            } => {
                let activity = self.activity_on(symbol, account, *date);
                let field = activity
                    .map_or_else(|| "activity".to_owned(), |id| format!("activities[{id}]"));
                InvestmentError::invalid(&field, err.to_string())
            }
            EngineError::NoFxRate { .. } | EngineError::NoPrice { .. } => {
                InvestmentError::Conflict(format!("{err}; prices and rates are refreshed daily"))
            }
            EngineError::InvalidRange { .. } => InvestmentError::invalid("range", err.to_string()),
            _ => InvestmentError::invalid("portfolio", err.to_string()),
        }
    }

    /// The last activity of the holding on `date` (the one a refused replay stopped at).
    fn activity_on(&self, symbol: &str, account: &str, date: Date) -> Option<&ActivityId> {
        let holding = self
            .holdings
            .iter()
            .find(|holding| holding.symbol == symbol && holding.account == account)?;
        self.activities
            .iter()
            .filter(|record| record.holding_id == holding.id && record.activity.date == date)
            .map(|record| &record.id)
            .next_back()
    }
}

fn engine_holding(holding: &HoldingRecord) -> Holding {
    Holding {
        symbol: holding.symbol.clone(),
        account: holding.account.clone(),
        currency: engine_currency(holding.currency),
        asset_class: holding.asset_class,
    }
}

/// The price an activity traded or transferred at, when above zero.
fn trade_price(activity: &Activity) -> Option<Decimal> {
    let price = match activity.kind {
        ActivityKind::Buy { unit_price, .. } | ActivityKind::Sell { unit_price, .. } => unit_price,
        ActivityKind::TransferIn { unit_cost, .. } => unit_cost,
        _ => return None,
    };
    (price > Decimal::ZERO).then_some(price)
}
