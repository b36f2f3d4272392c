//! Rate limits as fixed-window counters in the table: one item per subject and window, expiring
//! with the window, so no clean-up is ever needed.

use std::sync::Arc;

use time::Duration;

use crate::keys;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{AttributeValue, Key, Table, TableError};

/// A limit: at most `max` events per `window` for one subject (an IP, an account).
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub scope: &'static str,
    pub max: i64,
    pub window: Duration,
}

/// A limit was exceeded; the subject may try again after `retry_after_seconds`.
#[derive(Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after_seconds: u64,
}

/// Counts events against limits.
#[derive(Clone)]
pub struct RateLimiter {
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl RateLimiter {
    pub fn new(table: Arc<dyn Table>, clock: Arc<dyn Clock>) -> Self {
        Self { table, clock }
    }

    /// Counts one event; `Ok(Err(Limited))` once the subject is over the limit in this window.
    pub async fn hit(
        &self,
        limit: &RateLimit,
        subject: &str,
    ) -> Result<Result<(), Limited>, TableError> {
        let window = self.window(limit, subject);
        let expires = time::OffsetDateTime::from_unix_timestamp(window.end)
            .map_err(|err| TableError::InvalidRequest(err.to_string()))?;
        let count = self
            .table
            .increment(&window.key, COUNT, 1, Some(expires))
            .await?;
        Ok(window.verdict(count > limit.max))
    }

    /// Whether the events counted so far in this window already reach the limit, counting
    /// nothing (for limits on failures: check first, [`Self::hit`] when one fails).
    pub async fn check(
        &self,
        limit: &RateLimit,
        subject: &str,
    ) -> Result<Result<(), Limited>, TableError> {
        let window = self.window(limit, subject);
        let count = self
            .table
            .get(&window.key)
            .await?
            .and_then(|item| match item.get(COUNT) {
                Some(AttributeValue::N(count)) => count.parse::<i64>().ok(),
                _ => None,
            })
            .unwrap_or(0);
        Ok(window.verdict(count >= limit.max))
    }

    fn window(&self, limit: &RateLimit, subject: &str) -> Window {
        let now = self.clock.now().unix_timestamp();
        let length = limit.window.whole_seconds().max(1);
        let start = now - now.rem_euclid(length);
        Window {
            key: keys::rate_window(limit.scope, subject, start),
            now,
            end: start + length,
        }
    }
}

/// The counted attribute of a window's item.
const COUNT: &str = "count";

/// The current window of a limit for a subject.
struct Window {
    key: Key,
    now: i64,
    end: i64,
}

impl Window {
    fn verdict(&self, over: bool) -> Result<(), Limited> {
        if over {
            Err(Limited {
                retry_after_seconds: u64::try_from(self.end - self.now).unwrap_or(1).max(1),
            })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_platform::adapters::embedded::EmbeddedTable;
    use ferrofin_platform::ports::clock::ManualClock;
    use time::macros::datetime;

    #[tokio::test]
    async fn the_limit_resets_with_the_next_window() {
        let clock = Arc::new(ManualClock::at(datetime!(2026-11-21 12:00 UTC)));
        let limiter = RateLimiter::new(Arc::new(EmbeddedTable::new(clock.clone())), clock.clone());
        let limit = RateLimit {
            scope: "otp",
            max: 3,
            window: Duration::minutes(15),
        };
        for _ in 0..3 {
            assert_eq!(limiter.hit(&limit, "ada").await.expect("hit"), Ok(()));
        }
        let limited = limiter
            .hit(&limit, "ada")
            .await
            .expect("hit")
            .expect_err("limited");
        assert_eq!(limited.retry_after_seconds, 15 * 60);
        assert_eq!(limiter.hit(&limit, "bob").await.expect("hit"), Ok(()));
        clock.advance(Duration::minutes(15));
        assert_eq!(limiter.hit(&limit, "ada").await.expect("hit"), Ok(()));
    }
}
