//! A user's IANA time zone (`Europe/Lisbon`): every per-user day, quiet hour and digest time is
//! read in it. The tz database is bundled in the binary (jiff), so a zone resolves the same on
//! a laptop and in a Lambda image without `/usr/share/zoneinfo`. Local times that a clock change
//! skips resolve to the instant after the gap, and repeated ones to the first of the two.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// A time zone name that the tz database knows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimeZoneName(String);

/// A name that is not an IANA time zone.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("must be an IANA time zone such as Europe/Lisbon or UTC")]
pub struct UnknownTimeZone;

impl TimeZoneName {
    /// `name` exactly as the tz database spells it (`Europe/Lisbon`, `UTC`).
    pub fn parse(name: &str) -> Result<Self, UnknownTimeZone> {
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| UnknownTimeZone)?;
        // The database matches names case-insensitively; keep one spelling per zone.
        match zone.iana_name() {
            Some(canonical) if canonical == name => Ok(Self(name.to_owned())),
            _ => Err(UnknownTimeZone),
        }
    }

    /// Every name [`Self::parse`] takes, sorted: the document's list of time zones.
    pub fn known_names() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .filter(|name| Self::parse(name).is_ok())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub fn utc() -> Self {
        Self("UTC".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn zone(&self) -> jiff::tz::TimeZone {
        // Only names that resolved are ever built, and the bundled database does not change.
        jiff::tz::TimeZone::get(&self.0).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// The wall-clock date and time in this zone at `at`.
    pub fn local(&self, at: OffsetDateTime) -> PrimitiveDateTime {
        let civil = timestamp(at).to_zoned(self.zone()).datetime();
        to_primitive(civil).unwrap_or_else(|| to_utc_primitive(at))
    }

    /// The date in this zone at `at`.
    pub fn today(&self, at: OffsetDateTime) -> Date {
        self.local(at).date()
    }

    /// The instant at which this zone's clocks show `local` (after a skipped hour for a time in
    /// a gap, the earlier of two for a time shown twice).
    pub fn instant(&self, local: PrimitiveDateTime) -> OffsetDateTime {
        let civil = jiff::civil::DateTime::new(
            i16::try_from(local.year()).unwrap_or(i16::MAX),
            local.month() as i8,
            local.day() as i8,
            local.hour() as i8,
            local.minute() as i8,
            local.second() as i8,
            0,
        );
        civil
            .ok()
            .and_then(|civil| self.zone().to_ambiguous_zoned(civil).compatible().ok())
            .and_then(|zoned| {
                OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok()
            })
            .unwrap_or_else(|| local.assume_utc())
    }

    /// The first instant after `after` at which this zone's clocks show `time` of day.
    pub fn next_at(&self, after: OffsetDateTime, time: Time) -> OffsetDateTime {
        let today = self.today(after);
        [
            Some(today),
            today.next_day(),
            today.next_day().and_then(Date::next_day),
        ]
        .into_iter()
        .flatten()
        .map(|day| self.instant(PrimitiveDateTime::new(day, time)))
        .find(|at| *at > after)
        .unwrap_or(after)
    }
}

fn timestamp(at: OffsetDateTime) -> jiff::Timestamp {
    jiff::Timestamp::from_second(at.unix_timestamp()).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn to_primitive(civil: jiff::civil::DateTime) -> Option<PrimitiveDateTime> {
    let month = Month::try_from(u8::try_from(civil.month()).ok()?).ok()?;
    let date = Date::from_calendar_date(
        i32::from(civil.year()),
        month,
        u8::try_from(civil.day()).ok()?,
    )
    .ok()?;
    let time = Time::from_hms(
        u8::try_from(civil.hour()).ok()?,
        u8::try_from(civil.minute()).ok()?,
        u8::try_from(civil.second()).ok()?,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

fn to_utc_primitive(at: OffsetDateTime) -> PrimitiveDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    PrimitiveDateTime::new(utc.date(), utc.time())
}

impl Default for TimeZoneName {
    fn default() -> Self {
        Self::utc()
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TimeZoneName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TimeZoneName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, time};

    fn zone(name: &str) -> TimeZoneName {
        TimeZoneName::parse(name).expect("known zone")
    }

    #[test]
    fn only_names_of_the_database_as_it_spells_them() {
        assert_eq!(zone("Europe/Lisbon").as_str(), "Europe/Lisbon");
        assert_eq!(zone("UTC"), TimeZoneName::utc());
        for bad in ["", "europe/lisbon", "Mars/Olympus", " UTC", "+01:00"] {
            assert_eq!(TimeZoneName::parse(bad), Err(UnknownTimeZone), "{bad:?}");
        }
    }

    #[test]
    fn local_dates_follow_the_zone() {
        let at = datetime!(2026-12-01 23:30 UTC);
        assert_eq!(zone("UTC").today(at), time::macros::date!(2026 - 12 - 01));
        assert_eq!(
            zone("Asia/Tokyo").today(at),
            time::macros::date!(2026 - 12 - 02)
        );
        assert_eq!(
            zone("America/New_York").local(at),
            datetime!(2026-12-01 18:30)
        );
    }

    #[test]
    fn instants_of_local_times_across_clock_changes() {
        let lisbon = zone("Europe/Lisbon");
        // 2026-03-29: 01:00 becomes 02:00 in Lisbon; 01:30 never shows: the instant after the gap.
        assert_eq!(
            lisbon.instant(datetime!(2026-03-29 01:30)),
            datetime!(2026-03-29 01:30 UTC)
        );
        // 2026-10-25: 02:00 goes back to 01:00; 01:30 shows twice: the first (summer time).
        assert_eq!(
            lisbon.instant(datetime!(2026-10-25 01:30)),
            datetime!(2026-10-25 00:30 UTC)
        );
    }

    #[test]
    fn the_next_time_of_day_is_today_or_tomorrow() {
        let tokyo = zone("Asia/Tokyo");
        // 22:00 UTC is 07:00 the next day in Tokyo: 08:00 is an hour away.
        assert_eq!(
            tokyo.next_at(datetime!(2026-12-01 22:00 UTC), time!(08:00)),
            datetime!(2026-12-01 23:00 UTC)
        );
        // Exactly at 08:00, the next one is the day after.
        assert_eq!(
            tokyo.next_at(datetime!(2026-12-01 23:00 UTC), time!(08:00)),
            datetime!(2026-12-02 23:00 UTC)
        );
    }

    #[test]
    fn serde_refuses_unknown_zones() {
        let parsed: TimeZoneName = serde_json::from_str("\"Europe/Lisbon\"").expect("zone");
        assert_eq!(parsed.as_str(), "Europe/Lisbon");
        assert!(serde_json::from_str::<TimeZoneName>("\"Nowhere\"").is_err());
    }
}
