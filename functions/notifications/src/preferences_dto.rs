//! Request and response bodies of the preference routes.

use std::collections::BTreeMap;

use ferrofin_notifications::preferences::hh_mm;
use ferrofin_notifications::{
    DigestFrequency, KindChannels, NotificationKind, Preferences, QuietHours,
};
use ferrofin_platform::fields::{FieldErrors, Invalid};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// One kind's channels as shown: critical kinds are always on and cannot be changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelsView {
    pub in_app: bool,
    pub email: bool,
    /// Security and loan notices: always on, read-only.
    pub critical: bool,
}

/// Hours without non-critical email, `HH:MM` in the user's time zone (`start` after `end`
/// spans midnight).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursBody {
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "22:00")]
    pub start: String,
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "07:00")]
    pub end: String,
}

/// The caller's notification preferences.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesView {
    /// Every kind (`budget.threshold`, ...) with its channels.
    pub channels: BTreeMap<String, ChannelsView>,
    pub quiet_hours: Option<QuietHoursBody>,
    pub digest: DigestFrequency,
    /// The user's time zone, in which quiet hours and digests are read (set on the profile).
    pub time_zone: String,
}

impl PreferencesView {
    pub fn new(preferences: &Preferences, time_zone: String) -> Self {
        let channels = NotificationKind::ALL
            .into_iter()
            .map(|kind| {
                let set = preferences.channels_of(kind);
                let view = ChannelsView {
                    in_app: set.in_app,
                    email: set.email,
                    critical: kind.is_critical(),
                };
                (kind.name().to_owned(), view)
            })
            .collect();
        Self {
            channels,
            quiet_hours: preferences.quiet_hours.map(|quiet| QuietHoursBody {
                start: hh_mm::format(quiet.start),
                end: hh_mm::format(quiet.end),
            }),
            digest: preferences.digest,
            time_zone,
        }
    }
}

/// One kind's channels to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelsBody {
    pub in_app: bool,
    pub email: bool,
}

/// The preferences, replaced as a whole: kinds left out are on for both channels; critical
/// kinds may be given only as on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channels": {"budget.threshold": {"in_app": true, "email": false}}, "quiet_hours": {"start": "22:00", "end": "07:00"}, "digest": "daily"}))]
pub struct PutPreferences {
    #[serde(default)]
    #[schema(schema_with = channels_by_kind)]
    pub channels: BTreeMap<String, ChannelsBody>,
    pub quiet_hours: Option<QuietHoursBody>,
    #[serde(default)]
    pub digest: DigestFrequency,
}

/// `channels`: an object whose keys are notification kinds, each with its channels.
fn channels_by_kind() -> Schema {
    let kinds = NotificationKind::ALL.map(NotificationKind::name);
    ObjectBuilder::new()
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(kinds)),
        ))
        .additional_properties(Some(AdditionalProperties::RefOr(ChannelsBody::schema())))
        .build()
        .into()
}

impl PutPreferences {
    /// Applies the body to `preferences`, every field checked.
    pub fn apply(self, preferences: &mut Preferences) -> Result<(), Invalid> {
        let mut errors = FieldErrors::default();
        let mut channels = Vec::new();
        for (name, set) in self.channels {
            let field = format!("channels.{name}");
            match NotificationKind::from_name(&name) {
                None => errors.push(&field, "unknown notification kind"),
                Some(kind) if kind.is_critical() && !(set.in_app && set.email) => {
                    errors.push(&field, "a critical kind cannot be turned off");
                }
                Some(kind) if !kind.is_critical() => channels.push(KindChannels {
                    kind,
                    in_app: set.in_app,
                    email: set.email,
                }),
                Some(_) => {}
            }
        }
        let quiet_hours = self.quiet_hours.and_then(|quiet| {
            let start = hh_mm::parse(&quiet.start);
            let end = hh_mm::parse(&quiet.end);
            if start.is_none() {
                errors.push("quiet_hours.start", hh_mm::SHAPE);
            }
            if end.is_none() {
                errors.push("quiet_hours.end", hh_mm::SHAPE);
            }
            let (start, end) = (start?, end?);
            if start == end {
                errors.push("quiet_hours.end", "must differ from start");
            }
            Some(QuietHours { start, end })
        });
        errors.finish()?;
        preferences.channels = channels;
        preferences.quiet_hours = quiet_hours;
        preferences.digest = self.digest;
        Ok(())
    }
}

/// The token of an unsubscribe link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "eyJ1IjoiMDFKIiwiayI6ImdvYWwucmVhY2hlZCJ9.c2lnbmF0dXJl"}))]
pub struct UnsubscribeBody {
    pub token: String,
}

/// What an unsubscribe link turned off.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnsubscribedView {
    pub kind: NotificationKind,
    pub email: bool,
}
