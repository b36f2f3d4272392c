//! The prices worker: consumes the prices queue. A `prices.refresh` (the daily schedule) queues
//! a `prices.fetch` per batch of held series; a `prices.fetch` fetches each series not fetched
//! for its day yet (idempotent per series and day), retrying transient source failures, marking
//! a failing series stale, and fails the message when retrying may do more (SQS retries it, then
//! the dead-letter queue takes it). Malformed messages are permanent failures. Each refresh is
//! a scheduled run in the job log (`GET /v1/admin/jobs?kind=scheduled`).

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_investments::{
    FetchPrices, FilePriceSource, HttpPriceSource, HttpSourceConfig, PriceRefresher, PriceSource,
    RefreshPrices, RetryPolicy,
};
use ferrofin_platform::AppState;
use ferrofin_platform::job_status::{JobKind, JobLog, RunOf, Step};
use ferrofin_platform::ports::queue::{
    ConsumeError, Consumer, Envelope, Message, Queue, QueueName,
};
use ferrofin_platform::schedule::{Cadence, Schedule};

/// The work this worker gets on a schedule (`AWS::Scheduler::Schedule` in template.yaml): the
/// daily refresh, after the main markets close.
pub const SCHEDULES: &[Schedule] = &[Schedule {
    resource: "PricesDailySchedule",
    cadence: Cadence::DailyAt {
        hour: 22,
        minute: 30,
    },
    queue: QueueName::Prices,
    message_type: RefreshPrices::TYPE,
    version: RefreshPrices::VERSION,
}];

pub struct PricesConsumer {
    refresher: PriceRefresher,
    runs: JobLog,
    queue: Arc<dyn Queue>,
}

impl PricesConsumer {
    pub fn new(state: &AppState, source: Arc<dyn PriceSource>, retry: RetryPolicy) -> Self {
        Self {
            runs: JobLog::new(state.table.clone(), state.clock.clone()),
            queue: state.queue.clone(),
            refresher: PriceRefresher::new(
                state.table.clone(),
                state.queue.clone(),
                state.clock.clone(),
                source,
                retry,
            ),
        }
    }
}

#[async_trait]
impl Consumer for PricesConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        let transient = |err: ferrofin_investments::refresh::RefreshError| {
            ConsumeError::Transient(err.to_string())
        };
        let permanent = |err: ferrofin_platform::ports::queue::QueueError| {
            ConsumeError::Permanent(err.to_string())
        };
        match envelope.message_type.as_str() {
            RefreshPrices::TYPE => {
                let refresh = envelope.open::<RefreshPrices>().map_err(permanent)?;
                let of = RunOf {
                    kind: JobKind::Scheduled,
                    name: RefreshPrices::TYPE,
                    user_id: None,
                    run: refresh.run.clone(),
                };
                self.runs
                    .run_step(self.queue.as_ref(), QueueName::Prices, of, |_| async {
                        let batches = self
                            .refresher
                            .refresh(&envelope, &refresh)
                            .await
                            .map_err(transient)?;
                        tracing::info!(batches, "price refresh queued");
                        Ok(Step::<RefreshPrices> {
                            detail: format!("{batches} fetch batches queued"),
                            next: None,
                        })
                    })
                    .await
            }
            FetchPrices::TYPE => {
                let fetch = envelope.open::<FetchPrices>().map_err(permanent)?;
                let outcome = self.refresher.fetch(&fetch).await.map_err(transient)?;
                tracing::info!(
                    fetched = outcome.fetched.len(),
                    skipped = outcome.skipped.len(),
                    failed = outcome.failed.len(),
                    "prices fetched"
                );
                if outcome.worth_retrying() {
                    return Err(ConsumeError::Transient(format!(
                        "{} series failed transiently",
                        outcome.failed.len()
                    )));
                }
                Ok(())
            }
            other => Err(ConsumeError::Permanent(format!(
                "unknown message type {other:?}"
            ))),
        }
    }
}

/// The price source the environment names: `PRICES_FILE` (a local JSON file), or the HTTP
/// provider of `PRICES_URL_TEMPLATE` and `FX_URL_TEMPLATE` with the key `PRICES_API_KEY`.
pub fn source_from_env(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Arc<dyn PriceSource>, String> {
    let given = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    if let Some(path) = given("PRICES_FILE") {
        return Ok(Arc::new(FilePriceSource::open(&PathBuf::from(path))?));
    }
    let required =
        |name: &str| given(name).ok_or_else(|| format!("missing environment variable {name}"));
    let config = HttpSourceConfig {
        closes_url: required("PRICES_URL_TEMPLATE")?,
        fx_url: required("FX_URL_TEMPLATE")?,
        api_key: required("PRICES_API_KEY")?,
    };
    Ok(Arc::new(HttpPriceSource::new(config)?))
}
