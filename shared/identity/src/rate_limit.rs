//! Rate limits as fixed-window counters in the table: one item per subject and window, expiring
//! with the window, so no clean-up is ever needed.

use std::sync::Arc;

use time::Duration;

use crate::keys;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{Table, TableError};

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
        let now = self.clock.now().unix_timestamp();
        let window = limit.window.whole_seconds().max(1);
        let start = now - now.rem_euclid(window);
        let end = start + window;
        let key = keys::rate_window(limit.scope, subject, start);
        let expires = time::OffsetDateTime::from_unix_timestamp(end)
            .map_err(|err| TableError::InvalidRequest(err.to_string()))?;
        let count = self
            .table
            .increment(&key, "count", 1, Some(expires))
            .await?;
        if count > limit.max {
            Ok(Err(Limited {
                retry_after_seconds: u64::try_from(end - now).unwrap_or(1).max(1),
            }))
        } else {
            Ok(Ok(()))
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
