//! The devserver's timed work, as AWS does it for the deployed API: every worker's schedules
//! (EventBridge Scheduler in template.yaml) send their messages to the embedded queue on their
//! cadence, and the uploads bucket's lifecycle expiry runs on the local blobs at start and then
//! hourly.

use std::time::Duration;

use ferrofin_platform::Embedded;
use ferrofin_platform::adapters::embedded::UPLOADS_BUCKET_EXPIRY;
use ferrofin_platform::schedule::{self, Schedule};

/// How often the local blobs are checked against the bucket's lifecycle rules.
const EXPIRY_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Every schedule of every worker: the list the devserver runs and the drift test compares with
/// template.yaml. A worker with a schedule adds its list here.
pub fn schedules() -> Vec<Schedule> {
    [
        ferrofin_fn_jobs_worker::SCHEDULES,
        ferrofin_fn_prices_worker::SCHEDULES,
    ]
    .concat()
}

/// Starts the schedules and the lifecycle expiry as background tasks of the runtime.
pub fn start(embedded: &Embedded) {
    let state = embedded.state();
    for schedule in schedules() {
        tokio::spawn(schedule::run(
            schedule,
            state.queue.clone(),
            state.clock.clone(),
        ));
    }
    let blobs = embedded.blobs.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EXPIRY_INTERVAL);
        loop {
            every.tick().await;
            match blobs.expire(UPLOADS_BUCKET_EXPIRY).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "expired local uploads removed"),
                Err(err) => tracing::warn!(%err, "local upload expiry failed"),
            }
        }
    });
}
