//! Scheduled work: a message that an EventBridge Scheduler schedule sends to a queue on a
//! cadence (`AWS::Scheduler::Schedule` in template.yaml, its `Input` an [`Envelope`] with an
//! empty payload). Each worker crate lists the schedules it consumes; the devserver runs them on
//! timers ([`run`]) so that local work happens as it does in AWS, and a drift test keeps the lists
//! equal to the template.

use std::sync::Arc;

use time::{Duration, OffsetDateTime, Time};

use crate::ids::EventId;
use crate::ports::clock::Clock;
use crate::ports::queue::{Envelope, Queue, QueueName};

/// When a schedule fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Every so many minutes: `rate(N minutes)`.
    EveryMinutes(u32),
    /// Once a day at this UTC time: `cron(M H * * ? *)` with `ScheduleExpressionTimezone: UTC`.
    DailyAt { hour: u8, minute: u8 },
}

impl Cadence {
    /// The schedule expression EventBridge Scheduler reads.
    pub fn expression(&self) -> String {
        match self {
            Self::EveryMinutes(1) => "rate(1 minute)".to_owned(),
            Self::EveryMinutes(minutes) => format!("rate({minutes} minutes)"),
            Self::DailyAt { hour, minute } => format!("cron({minute} {hour} * * ? *)"),
        }
    }

    /// The first time after `now` that the schedule fires (a rate counts from `now`).
    pub fn next_after(&self, now: OffsetDateTime) -> OffsetDateTime {
        match *self {
            Self::EveryMinutes(minutes) => now + Duration::minutes(i64::from(minutes.max(1))),
            Self::DailyAt { hour, minute } => {
                let now = now.to_offset(time::UtcOffset::UTC);
                let at = Time::from_hms(hour.min(23), minute.min(59), 0).unwrap_or(Time::MIDNIGHT);
                let today = now.replace_time(at);
                if today > now {
                    today
                } else {
                    today + Duration::days(1)
                }
            }
        }
    }
}

/// One schedule: the message of `message_type` (version `version`, empty payload) sent to
/// `queue` on `cadence`. `resource` is its logical id in template.yaml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub resource: &'static str,
    pub cadence: Cadence,
    pub queue: QueueName,
    pub message_type: &'static str,
    pub version: u32,
}

impl Schedule {
    /// The envelope one firing sends: a fresh id, the time it fired, no payload.
    pub fn envelope(&self, clock: &dyn Clock) -> Envelope {
        Envelope {
            message_type: self.message_type.to_owned(),
            version: self.version,
            id: EventId::generate(clock),
            occurred_at: clock.now(),
            payload: serde_json::json!({}),
        }
    }
}

/// Fires `schedule` on its cadence, for as long as the task runs: sleeps until the next time by
/// `clock`, sends its envelope to the queue, and goes on (a failed send is logged; the next
/// firing comes as usual, as with a schedule whose target refused one message).
pub async fn run(schedule: Schedule, queue: Arc<dyn Queue>, clock: Arc<dyn Clock>) {
    loop {
        let now = clock.now();
        let wait = schedule.cadence.next_after(now) - now;
        tokio::time::sleep(wait.try_into().unwrap_or_default()).await;
        let envelope = schedule.envelope(clock.as_ref());
        match queue.send(schedule.queue, &envelope).await {
            Ok(()) => tracing::info!(schedule = schedule.resource, "scheduled message sent"),
            Err(err) => tracing::warn!(schedule = schedule.resource, %err, "scheduled send failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn expressions_are_what_eventbridge_scheduler_reads() {
        assert_eq!(Cadence::EveryMinutes(15).expression(), "rate(15 minutes)");
        assert_eq!(Cadence::EveryMinutes(1).expression(), "rate(1 minute)");
        assert_eq!(
            Cadence::DailyAt {
                hour: 0,
                minute: 30
            }
            .expression(),
            "cron(30 0 * * ? *)"
        );
    }

    #[test]
    fn a_daily_schedule_fires_next_at_its_time_today_or_tomorrow() {
        let daily = Cadence::DailyAt {
            hour: 0,
            minute: 30,
        };
        assert_eq!(
            daily.next_after(datetime!(2026-05-01 00:10 UTC)),
            datetime!(2026-05-01 00:30 UTC)
        );
        assert_eq!(
            daily.next_after(datetime!(2026-05-01 00:30 UTC)),
            datetime!(2026-05-02 00:30 UTC)
        );
        assert_eq!(
            daily.next_after(datetime!(2026-05-01 01:00 +02:00)),
            datetime!(2026-05-01 00:30 UTC)
        );
    }

    #[test]
    fn a_rate_counts_from_now() {
        assert_eq!(
            Cadence::EveryMinutes(15).next_after(datetime!(2026-05-01 10:07 UTC)),
            datetime!(2026-05-01 10:22 UTC)
        );
    }
}
