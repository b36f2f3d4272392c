//! The investments area's own subscriber: a holding added queues a fetch of its series on the
//! prices queue (the symbol may be new), under an id made from the event's, so a redelivered
//! event queues the same message and the worker's per-day guard fetches once.

use async_trait::async_trait;
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::ports::queue::{Envelope, Message, QueueName};

use crate::events::HoldingAdded;
use crate::refresh::FetchPrices;

/// `investments.new_series`.
#[derive(Clone, Copy, Debug, Default)]
pub struct NewSeriesFetch;

const NAME: &str = "investments.new_series";

#[async_trait]
impl Subscriber for NewSeriesFetch {
    fn name(&self) -> &'static str {
        NAME
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[HoldingAdded::TYPE]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let added: HoldingAdded = event
            .open()
            .map_err(|err| ReactError::Permanent(err.to_string()))?;
        let fetch = FetchPrices {
            day: None,
            series: added.series,
        };
        Reaction::nothing().queue(QueueName::Prices, event, NAME, &fetch)
    }
}
