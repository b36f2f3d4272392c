//! The Clock port and id generation: the system clock in production, a steppable clock in tests.

use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// The current time, always UTC.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<OffsetDateTime>,
}

impl ManualClock {
    pub fn at(start: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    pub fn set(&self, to: OffsetDateTime) {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A new unique, time-ordered id (ULID) stamped with the clock's time. Ids made in the same
/// millisecond (or under a clock that stands still) still sort in the order they were made.
pub fn new_id(clock: &dyn Clock) -> String {
    static GENERATOR: Mutex<ulid::Generator> = Mutex::new(ulid::Generator::new());
    let at = clock.now().into();
    let mut generator = GENERATOR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    generator
        .generate_from_datetime(at)
        .unwrap_or_else(|_| ulid::Ulid::from_datetime(at))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::at(datetime!(2026-01-01 00:00 UTC));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:00 UTC));
        clock.advance(Duration::minutes(30));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:30 UTC));
    }

    #[test]
    fn ids_made_at_one_instant_sort_in_creation_order() {
        let clock = ManualClock::at(datetime!(2026-01-01 00:00 UTC));
        let ids: Vec<String> = (0..100).map(|_| new_id(&clock)).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn ids_are_unique_and_ordered_by_clock_time() {
        let clock = ManualClock::at(datetime!(2026-01-01 00:00 UTC));
        let first = new_id(&clock);
        clock.advance(Duration::seconds(1));
        let second = new_id(&clock);
        assert_ne!(first, second);
        assert!(first < second);
        assert_eq!(first.len(), 26);
    }
}
