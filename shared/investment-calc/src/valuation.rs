//! The daily pass: [`evaluate`] replays every holding's ledger day by day from the first
//! activity to the valuation date, and values each day at its close.
//!
//! On each day, for each holding: the day's activities apply in order (at the day's FX rate),
//! then what is held is valued at the day's close (carried forward if the day has none) and
//! converted at the day's rate. A holding that holds something, or moves units by a transfer,
//! on a day before its first close is an error ([`Error::NoPrice`]); so is one in another
//! currency before its first rate ([`Error::NoFxRate`]). Activities after the valuation date
//! are left out.
//!
//! The result, an [`Evaluation`], keeps every day exactly (per holding in its currency and in
//! the base currency, and for the portfolio in the base currency); the returns, value
//! histories and allocation it answers are computed from those and rounded as they are
//! written.

use rust_decimal::Decimal;
use time::Date;

use crate::activity::Activity;
use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::holding::{Currency, Holding};
use crate::ledger::{DayFlows, HoldingLedger};
use crate::portfolio::Portfolio;
use crate::position::position;
use crate::prices::{Cursor, DailySeries, MarketData, Quote};
use crate::series::{Day, Series};

/// Replays `portfolio` against `market` and values it on every day up to `valuation_date`.
pub fn evaluate(
    portfolio: &Portfolio,
    market: &MarketData,
    valuation_date: Date,
) -> Result<Evaluation, Error> {
    let ledgers = portfolio.ledgers(valuation_date)?;
    let start = ledgers
        .iter()
        .filter_map(|ledger| ledger.first().map(|activity| activity.date))
        .min()
        .unwrap_or(valuation_date);
    let day_count = usize::try_from((valuation_date - start).whole_days() + 1).unwrap_or(0);
    let base = &portfolio.base_currency;
    let mut replays: Vec<Replay<'_>> = portfolio
        .holdings
        .iter()
        .zip(ledgers)
        .map(|(entry, activities)| {
            Replay::new(
                &entry.holding,
                activities,
                portfolio,
                market,
                start,
                day_count,
            )
        })
        .collect();
    let mut total = Series::with_capacity(start, day_count);
    let mut date = start;
    while date <= valuation_date {
        let mut day = Day::default();
        for replay in &mut replays {
            day.add(&replay.day(date, base)?);
        }
        total.days.push(day);
        match date.next_day() {
            Some(next) => date = next,
            None => break,
        }
    }
    let mut positions = Vec::with_capacity(replays.len());
    let mut local = Vec::with_capacity(replays.len());
    let mut in_base = Vec::with_capacity(replays.len());
    for replay in replays {
        let price = replay.prices.and_then(|series| series.on(valuation_date));
        let fx_rate = replay.rates.on(valuation_date);
        positions.push(position(
            replay.holding,
            &replay.ledger,
            price,
            fx_rate,
            base,
        ));
        local.push(replay.local);
        in_base.push(replay.base);
    }
    Ok(Evaluation::new(
        valuation_date,
        base.clone(),
        positions,
        total,
        local,
        in_base,
    ))
}

/// Where one unit of a holding's currency is read in the base currency.
enum Rates<'a> {
    /// The base currency itself.
    One,
    Series {
        series: Option<&'a DailySeries>,
        cursor: Option<Cursor<'a>>,
    },
}

impl Rates<'_> {
    fn today(&mut self, date: Date) -> Option<Quote> {
        match self {
            Rates::One => Some(one(date)),
            Rates::Series { cursor, .. } => cursor.as_mut().and_then(|cursor| cursor.on(date)),
        }
    }

    fn on(&self, date: Date) -> Option<Quote> {
        match self {
            Rates::One => Some(one(date)),
            Rates::Series { series, .. } => series.and_then(|series| series.on(date)),
        }
    }
}

fn one(date: Date) -> Quote {
    Quote {
        value: Decimal::ONE,
        as_of: date,
        stale: false,
    }
}

/// One holding being replayed.
struct Replay<'a> {
    holding: &'a Holding,
    activities: std::iter::Peekable<std::vec::IntoIter<&'a Activity>>,
    ledger: HoldingLedger,
    prices: Option<&'a DailySeries>,
    price_cursor: Option<Cursor<'a>>,
    rates: Rates<'a>,
    local: Series,
    base: Series,
}

impl<'a> Replay<'a> {
    fn new(
        holding: &'a Holding,
        activities: Vec<&'a Activity>,
        portfolio: &Portfolio,
        market: &'a MarketData,
        start: Date,
        day_count: usize,
    ) -> Self {
        let prices = market.prices.get(&holding.symbol);
        let rates = if holding.currency.code == portfolio.base_currency.code {
            Rates::One
        } else {
            let series = market.fx_rates.get(&holding.currency.code);
            Rates::Series {
                series,
                cursor: series.map(Cursor::new),
            }
        };
        Self {
            holding,
            activities: activities.into_iter().peekable(),
            ledger: HoldingLedger::new(portfolio.lot_method),
            prices,
            price_cursor: prices.map(Cursor::new),
            rates,
            local: Series::with_capacity(start, day_count),
            base: Series::with_capacity(start, day_count),
        }
    }

    /// Applies the day's activities, values the holding at the close, records the day in
    /// both currencies and gives it in the base currency.
    fn day(&mut self, date: Date, base: &Currency) -> Result<Day, Error> {
        let mut flows = DayFlows::default();
        let mut rate: Option<Quote> = None;
        while let Some(activity) = self.activities.next_if(|activity| activity.date == date) {
            let quote = match rate {
                Some(quote) => quote,
                None => *rate.insert(self.rate(date, base)?),
            };
            self.ledger
                .apply(self.holding, activity, quote.value, &mut flows)?;
        }
        let quantity = self.ledger.book.quantity();
        let priced = !quantity.is_zero() || !flows.units_in.is_zero() || !flows.units_out.is_zero();
        if !priced && flows.is_empty() {
            self.local.days.push(Day::default());
            self.base.days.push(Day::default());
            return Ok(Day::default());
        }
        let close = if priced {
            Some(self.close(date)?)
        } else {
            None
        };
        let rate = match rate {
            Some(quote) => quote,
            None => self.rate(date, base)?,
        };
        let price = close.map_or(Decimal::ZERO, |quote| quote.value);
        let local = Day {
            value: quantity * price,
            inflow: flows.bought + flows.units_in * price,
            outflow: flows.proceeds + flows.units_out * price,
            income: flows.income,
            charges: flows.charges,
            stale: close.is_some_and(|quote| quote.stale) || rate.stale,
        };
        let in_base = local.converted(rate.value);
        self.local.days.push(local);
        self.base.days.push(in_base);
        Ok(in_base)
    }

    fn close(&mut self, date: Date) -> Result<Quote, Error> {
        self.price_cursor
            .as_mut()
            .and_then(|cursor| cursor.on(date))
            .ok_or_else(|| Error::NoPrice {
                symbol: self.holding.symbol.clone(),
                date,
            })
    }

    fn rate(&mut self, date: Date, base: &Currency) -> Result<Quote, Error> {
        self.rates.today(date).ok_or_else(|| Error::NoFxRate {
            currency: self.holding.currency.code.clone(),
            base: base.code.clone(),
            date,
        })
    }
}
