//! The uploads bucket's lifecycle expiration rules, applied to the embedded blobs as S3 applies
//! them to the bucket: an object under a rule's prefix is removed once it is older than the
//! rule's days, counted as S3 counts them (creation time plus the days, rounded up to the next
//! midnight UTC). `template.yaml` declares the same rules on `UploadsBucket`; a drift test keeps
//! the two equal.

use time::{Duration, OffsetDateTime, Time};

/// One expiration rule: objects whose key starts with `prefix` expire after `days` days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpiryRule {
    pub prefix: &'static str,
    pub days: u32,
}

/// The uploads bucket's expiration rules (`LifecycleConfiguration` of `UploadsBucket`).
pub const UPLOADS_BUCKET_EXPIRY: &[ExpiryRule] = &[
    // Scratch objects of background work.
    ExpiryRule {
        prefix: "tmp/",
        days: 7,
    },
    // Uploads of files that were declared but never completed (completion moves the object).
    ExpiryRule {
        prefix: "uploads/",
        days: 1,
    },
    // Audit exports, downloaded within 15 minutes of their presigned link.
    ExpiryRule {
        prefix: "exports/",
        days: 1,
    },
];

impl ExpiryRule {
    /// When an object created at `created` expires under this rule: `days` later, rounded up to
    /// the next midnight UTC (an object created exactly at midnight expires at a midnight).
    pub fn expires_at(&self, created: OffsetDateTime) -> OffsetDateTime {
        let due = created.to_offset(time::UtcOffset::UTC) + Duration::days(i64::from(self.days));
        if due.time() == Time::MIDNIGHT {
            return due;
        }
        due.replace_time(Time::MIDNIGHT) + Duration::days(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const ONE_DAY: ExpiryRule = ExpiryRule {
        prefix: "uploads/",
        days: 1,
    };

    #[test]
    fn expiry_is_rounded_up_to_the_next_midnight_utc() {
        assert_eq!(
            ONE_DAY.expires_at(datetime!(2026-03-10 14:25 UTC)),
            datetime!(2026-03-12 00:00 UTC)
        );
        assert_eq!(
            ONE_DAY.expires_at(datetime!(2026-03-10 23:30 -02:00)),
            datetime!(2026-03-13 00:00 UTC)
        );
    }

    #[test]
    fn an_object_created_at_midnight_expires_at_a_midnight() {
        assert_eq!(
            ONE_DAY.expires_at(datetime!(2026-03-10 00:00 UTC)),
            datetime!(2026-03-11 00:00 UTC)
        );
    }
}
