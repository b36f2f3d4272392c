//! A user's notification preferences: each kind on or off per channel (critical kinds always
//! on), quiet hours that hold email until they end, and a daily or weekly digest that bundles
//! non-critical email. When an email goes out is decided here ([`Preferences::email_due`]), in
//! the user's time zone.

use serde::{Deserialize, Serialize};
use time::macros::time;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, Weekday};
use utoipa::ToSchema;

use ferrofin_platform::ids::UserId;
use ferrofin_platform::time_zone::TimeZoneName;

use crate::kind::NotificationKind;

/// When digests are sent, in the user's time zone.
pub const DIGEST_TIME: Time = time!(08:00);
/// The day weekly digests are sent.
pub const DIGEST_WEEKDAY: Weekday = Weekday::Monday;

/// Where a notification can reach the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    InApp,
    Email,
}

/// Whether non-critical email is bundled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DigestFrequency {
    /// Each email is sent when it happens.
    #[default]
    Off,
    /// One email a day at 08:00 with what happened since the last.
    Daily,
    /// One email on Mondays at 08:00.
    Weekly,
}

/// Hours in which no non-critical email is sent (it waits until `end`); `start` after `end`
/// spans midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    #[serde(with = "hh_mm")]
    pub start: Time,
    #[serde(with = "hh_mm")]
    pub end: Time,
}

impl QuietHours {
    /// Whether the wall-clock `time` falls in the quiet hours.
    pub fn contains(&self, time: Time) -> bool {
        if self.start <= self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        }
    }
}

/// One kind's channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindChannels {
    pub kind: NotificationKind,
    pub in_app: bool,
    pub email: bool,
}

/// A user's preferences; kinds not listed are on for both channels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub user_id: UserId,
    #[serde(default)]
    pub channels: Vec<KindChannels>,
    #[serde(default)]
    pub quiet_hours: Option<QuietHours>,
    #[serde(default)]
    pub digest: DigestFrequency,
    #[serde(default)]
    pub version: u64,
}

impl Preferences {
    /// Everything on, no quiet hours, no digest.
    pub fn defaults(user_id: UserId) -> Self {
        Self {
            user_id,
            channels: Vec::new(),
            quiet_hours: None,
            digest: DigestFrequency::Off,
            version: 0,
        }
    }

    /// The channels of `kind` as the user set them (critical kinds: both on).
    pub fn channels_of(&self, kind: NotificationKind) -> KindChannels {
        let set = self.channels.iter().find(|channels| channels.kind == kind);
        match set {
            Some(channels) if !kind.is_critical() => *channels,
            _ => KindChannels {
                kind,
                in_app: true,
                email: true,
            },
        }
    }

    pub fn wants(&self, kind: NotificationKind, channel: Channel) -> bool {
        let channels = self.channels_of(kind);
        match channel {
            Channel::InApp => channels.in_app,
            Channel::Email => channels.email,
        }
    }

    /// When an email of `kind` made at `now` goes out: `None` for now, or the instant it is
    /// held until (the next digest, or the end of quiet hours, whichever applies last).
    pub fn email_due(
        &self,
        kind: NotificationKind,
        now: OffsetDateTime,
        zone: &TimeZoneName,
    ) -> Option<OffsetDateTime> {
        if kind.is_critical() {
            return None;
        }
        let digest = match self.digest {
            DigestFrequency::Off => None,
            DigestFrequency::Daily => Some(zone.next_at(now, DIGEST_TIME)),
            DigestFrequency::Weekly => Some(next_weekly_digest(now, zone)),
        };
        let due = digest.unwrap_or(now);
        match self.quiet_hours {
            Some(quiet) if quiet.contains(zone.local(due).time()) => {
                Some(zone.next_at(due, quiet.end))
            }
            _ => digest,
        }
    }
}

/// The first Monday 08:00 in `zone` after `now`.
fn next_weekly_digest(now: OffsetDateTime, zone: &TimeZoneName) -> OffsetDateTime {
    let mut day: Date = zone.today(now);
    loop {
        if day.weekday() == DIGEST_WEEKDAY {
            let at = zone.instant(PrimitiveDateTime::new(day, DIGEST_TIME));
            if at > now {
                return at;
            }
        }
        match day.next_day() {
            Some(next) => day = next,
            None => return now,
        }
    }
}

/// `HH:MM` on the wire.
pub mod hh_mm {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Time;

    pub const SHAPE: &str = "must be a time of day HH:MM (00:00 to 23:59)";

    /// Exactly `HH:MM`.
    pub fn parse(text: &str) -> Option<Time> {
        let (hours, minutes) = text.split_once(':')?;
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hours) || !two_digits(minutes) {
            return None;
        }
        Time::from_hms(hours.parse().ok()?, minutes.parse().ok()?, 0).ok()
    }

    pub fn format(time: Time) -> String {
        format!("{:02}:{:02}", time.hour(), time.minute())
    }

    pub fn serialize<S: Serializer>(time: &Time, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(*time))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| D::Error::custom(SHAPE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn lisbon() -> TimeZoneName {
        TimeZoneName::parse("Europe/Lisbon").expect("zone")
    }

    fn user() -> UserId {
        UserId::from("u1".to_owned())
    }

    #[test]
    fn critical_kinds_stay_on_whatever_is_stored() {
        let mut preferences = Preferences::defaults(user());
        preferences.channels = vec![
            KindChannels {
                kind: NotificationKind::SecurityChanged,
                in_app: false,
                email: false,
            },
            KindChannels {
                kind: NotificationKind::BudgetThreshold,
                in_app: true,
                email: false,
            },
        ];
        assert!(preferences.wants(NotificationKind::SecurityChanged, Channel::Email));
        assert!(!preferences.wants(NotificationKind::BudgetThreshold, Channel::Email));
        assert!(preferences.wants(NotificationKind::BudgetThreshold, Channel::InApp));
        assert!(preferences.wants(NotificationKind::GoalReached, Channel::Email));
    }

    #[test]
    fn quiet_hours_span_midnight() {
        let quiet = QuietHours {
            start: time!(22:00),
            end: time!(07:00),
        };
        assert!(quiet.contains(time!(23:30)));
        assert!(quiet.contains(time!(06:59)));
        assert!(!quiet.contains(time!(07:00)));
        assert!(!quiet.contains(time!(12:00)));
        let lunch = QuietHours {
            start: time!(12:00),
            end: time!(13:00),
        };
        assert!(lunch.contains(time!(12:30)));
        assert!(!lunch.contains(time!(13:00)));
    }

    #[test]
    fn email_is_held_until_quiet_hours_end_except_critical() {
        let mut preferences = Preferences::defaults(user());
        preferences.quiet_hours = Some(QuietHours {
            start: time!(22:00),
            end: time!(07:00),
        });
        // 23:00 UTC on 1 December is 23:00 in Lisbon (winter time): held until 07:00.
        let night = datetime!(2026-12-01 23:00 UTC);
        let zone = lisbon();
        assert_eq!(
            preferences.email_due(NotificationKind::BudgetThreshold, night, &zone),
            Some(datetime!(2026-12-02 07:00 UTC))
        );
        assert_eq!(
            preferences.email_due(NotificationKind::NewSignIn, night, &zone),
            None
        );
        assert_eq!(
            preferences.email_due(
                NotificationKind::BudgetThreshold,
                datetime!(2026-12-01 15:00 UTC),
                &zone
            ),
            None
        );
    }

    #[test]
    fn digests_wait_for_08_00_or_monday_and_for_quiet_hours() {
        let zone = TimeZoneName::parse("Asia/Tokyo").expect("zone");
        let mut preferences = Preferences::defaults(user());
        preferences.digest = DigestFrequency::Daily;
        // Wednesday 2 December 2026, 12:00 in Tokyo (03:00 UTC): the next 08:00 is Thursday's.
        let now = datetime!(2026-12-02 03:00 UTC);
        assert_eq!(
            preferences.email_due(NotificationKind::GoalReached, now, &zone),
            Some(datetime!(2026-12-02 23:00 UTC))
        );
        preferences.digest = DigestFrequency::Weekly;
        // The next Monday is 7 December: 08:00 in Tokyo is 23:00 UTC on the 6th.
        assert_eq!(
            preferences.email_due(NotificationKind::GoalReached, now, &zone),
            Some(datetime!(2026-12-06 23:00 UTC))
        );
        // Quiet until 09:00: the digest waits for it.
        preferences.quiet_hours = Some(QuietHours {
            start: time!(22:00),
            end: time!(09:00),
        });
        assert_eq!(
            preferences.email_due(NotificationKind::GoalReached, now, &zone),
            Some(datetime!(2026-12-07 00:00 UTC))
        );
    }

    #[test]
    fn times_of_day_are_exactly_hh_mm() {
        assert_eq!(hh_mm::parse("07:05"), Some(time!(07:05)));
        for bad in ["7:05", "24:00", "07:60", "07:05:00", " 07:05", "0705"] {
            assert_eq!(hh_mm::parse(bad), None, "{bad}");
        }
    }
}
