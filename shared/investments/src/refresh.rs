//! The price refresh: the messages of the prices queue and what the prices worker does with
//! them.
//!
//! - `prices.refresh` (the daily schedule): every series some holding needs, from the registry
//!   (data, no list in code), queued as `prices.fetch` messages of [`FETCH_BATCH`] series.
//! - `prices.fetch` (a batch, or one new holding's series): each series not yet fetched for the
//!   day is asked from the source — from the day after its last good fetch, or
//!   [`HISTORY_YEARS`] back for a new one — with [`RetryPolicy`] retries of transient failures,
//!   and stored with its day's guard (once per series and day). A source that keeps failing
//!   marks its series stale; a transient failure fails the message so the queue retries it
//!   (the series already done are skipped), up to its dead-letter queue. Then every portfolio
//!   holding a refreshed symbol is valued again (`investments.portfolio_valued`).

use ferrofin_platform::job_status::JobId;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use ferrofin_investment_calc::DailySeries;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Envelope, Message, Queue, QueueError, QueueName};
use ferrofin_platform::ports::table::{Table, TableError};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::InvestmentError;
use crate::price_source::{PriceSource, SourceError};
use crate::price_store::PriceStore;
use crate::series::Series;
use crate::service::Investments;
use crate::store::PortfolioStore;

/// Series per `prices.fetch` message of the daily refresh.
pub const FETCH_BATCH: usize = 25;
/// How far back a new series' history is fetched.
pub const HISTORY_YEARS: i32 = 10;

/// `prices.refresh`: fetch every held series for the day (the worker's today when absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshPrices {
    #[serde(default, with = "ferrofin_platform::fields::date_text::option")]
    pub day: Option<Date>,
    /// The scheduled run it is (begun by the worker when absent).
    #[serde(default)]
    pub run: Option<JobId>,
}

impl Message for RefreshPrices {
    const TYPE: &'static str = "prices.refresh";
    const VERSION: u32 = 1;
}

/// `prices.fetch`: fetch these series for the day (the worker's today when absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchPrices {
    #[serde(default, with = "ferrofin_platform::fields::date_text::option")]
    pub day: Option<Date>,
    pub series: Vec<Series>,
}

impl Message for FetchPrices {
    const TYPE: &'static str = "prices.fetch";
    const VERSION: u32 = 1;
}

/// How often, and how far apart, a transient source failure is retried within one message.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    pub attempts: u32,
    /// Doubles after each attempt.
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            first_delay: Duration::from_millis(500),
        }
    }
}

/// What one fetch message did.
#[derive(Debug, Default, PartialEq)]
pub struct FetchOutcome {
    pub fetched: Vec<Series>,
    /// Already fetched for the day.
    pub skipped: Vec<Series>,
    pub failed: Vec<(Series, SourceError)>,
}

impl FetchOutcome {
    /// Whether retrying the message may do more.
    pub fn worth_retrying(&self) -> bool {
        self.failed
            .iter()
            .any(|(_, err)| matches!(err, SourceError::Transient(_)))
    }
}

/// Why a refresh step failed (the message is retried).
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Investments(#[from] InvestmentError),
}

/// Runs the refresh on a source.
pub struct PriceRefresher {
    table: Arc<dyn Table>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
    source: Arc<dyn PriceSource>,
    retry: RetryPolicy,
}

impl PriceRefresher {
    pub fn new(
        table: Arc<dyn Table>,
        queue: Arc<dyn Queue>,
        clock: Arc<dyn Clock>,
        source: Arc<dyn PriceSource>,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            table,
            queue,
            clock,
            source,
            retry,
        }
    }

    fn day(&self, day: Option<Date>) -> Date {
        day.unwrap_or_else(|| self.clock.now().date())
    }

    /// Queues a fetch of every held series, in batches; the envelopes' ids come from
    /// `refresh`'s, so a redelivered refresh queues the same messages.
    pub async fn refresh(
        &self,
        refresh: &Envelope,
        message: &RefreshPrices,
    ) -> Result<usize, RefreshError> {
        let day = self.day(message.day);
        let series = PortfolioStore::new(self.table.clone())
            .held_series()
            .await?;
        let envelopes = series
            .chunks(FETCH_BATCH)
            .enumerate()
            .map(|(n, batch)| {
                let fetch = FetchPrices {
                    day: Some(day),
                    series: batch.to_vec(),
                };
                Envelope::derived(&fetch, refresh, &format!("prices.fetch.{n}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.queue.send_batch(QueueName::Prices, &envelopes).await?;
        Ok(envelopes.len())
    }

    /// Fetches and stores each series of `message` not yet fetched for its day, then values
    /// the portfolios holding a refreshed symbol again.
    pub async fn fetch(&self, message: &FetchPrices) -> Result<FetchOutcome, RefreshError> {
        let day = self.day(message.day);
        let prices = PriceStore::new(self.table.clone());
        let mut outcome = FetchOutcome::default();
        for series in &message.series {
            if prices.fetched(series, day).await? {
                outcome.skipped.push(series.clone());
                continue;
            }
            let status = prices.status(series).await?;
            let from = status
                .fetched_through
                .and_then(Date::next_day)
                .unwrap_or_else(|| years_before(day, HISTORY_YEARS));
            match self.ask(series, from.min(day), day).await {
                Ok(values) => {
                    prices.store(series, day, values.points()).await?;
                    outcome.fetched.push(series.clone());
                }
                Err(err) => {
                    tracing::warn!(%series, error = %err, "price source failed; the series is stale");
                    prices
                        .mark_stale(series, self.clock.now(), &err.to_string())
                        .await?;
                    outcome.failed.push((series.clone(), err));
                }
            }
        }
        self.revalue(&outcome.fetched).await?;
        Ok(outcome)
    }

    /// Asks the source, retrying transient failures; the answer must be a daily series.
    async fn ask(&self, series: &Series, from: Date, to: Date) -> Result<DailySeries, SourceError> {
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            match self.source.daily(series, from, to).await {
                Ok(points) => {
                    return DailySeries::new(points)
                        .map_err(|err| SourceError::Permanent(format!("{series}: {err}")));
                }
                Err(SourceError::Transient(reason)) if attempt < self.retry.attempts => {
                    tracing::info!(%series, attempt, %reason, "price source failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                    attempt += 1;
                }
                Err(err) => return Err(err),
            }
        }
    }

    async fn revalue(&self, fetched: &[Series]) -> Result<(), RefreshError> {
        let store = PortfolioStore::new(self.table.clone());
        let investments = Investments::on(self.table.clone(), self.clock.clone());
        let mut holders = BTreeSet::new();
        for series in fetched {
            if let Series::Closes { symbol } = series {
                holders.extend(store.holders_of(symbol).await?);
            }
        }
        for (user_id, portfolio_id) in holders {
            investments.revalue(&user_id, &portfolio_id).await?;
        }
        Ok(())
    }
}

/// The same day `years` earlier (28 February for 29 February).
fn years_before(day: Date, years: i32) -> Date {
    let year = day.year() - years;
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, day.month(), day.day() - 1))
        .unwrap_or(day)
}
