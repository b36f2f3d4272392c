//! Input fields, parsed at the edge: the problems found with a field ([`ErrorDetail`],
//! collected by [`FieldErrors`] into one [`Invalid`]) and the parsers of the free-text, tag and
//! date fields every domain shares.

use serde::Serialize;
use time::Date;
use time::macros::date;
use utoipa::ToSchema;

/// One problem with one field of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Where the problem is (`amount`, `items[2].date`, `query.limit`).
    pub field: String,
    /// What is wrong, for a developer.
    pub message: String,
}

/// The input has invalid fields (a 422 with the details).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid input")]
pub struct Invalid(pub Vec<ErrorDetail>);

impl Invalid {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

/// Collects field errors and fails with all of them at once.
#[derive(Default)]
pub struct FieldErrors(Vec<ErrorDetail>);

impl FieldErrors {
    /// Keeps the value of a successful parse, records the message of a failed one.
    pub fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.push(field, err.to_string());
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// `Ok` when nothing failed.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }
}

/// The earliest and latest dates a transaction may have.
pub const FIRST_DATE: Date = date!(1970 - 01 - 01);
pub const LAST_DATE: Date = date!(2100 - 12 - 31);
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 32;

/// Trimmed text of 1..=`max` printable characters (`required`), or 0..=`max` (optional).
pub fn text(raw: &str, max: usize, required: bool) -> Result<String, String> {
    let value = raw.trim();
    let length = value.chars().count();
    if (required && length == 0) || length > max || value.chars().any(char::is_control) {
        let least = if required { 1 } else { 0 };
        return Err(format!("must be {least} to {max} printable characters"));
    }
    Ok(value.to_owned())
}

/// An optional text field: blank becomes absent.
pub fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, String> {
    raw.map(|raw| text(raw, max, false))
        .transpose()
        .map(|value| value.filter(|v| !v.is_empty()))
}

/// Tags: at most ten, each 1..=32 of `a-z 0-9 - _`, lower-cased, without duplicates.
pub fn tags(raw: &[String]) -> Result<Vec<String>, String> {
    if raw.len() > MAX_TAGS {
        return Err(format!("at most {MAX_TAGS} tags"));
    }
    let mut tags: Vec<String> = Vec::with_capacity(raw.len());
    for tag in raw {
        let tag = tag.trim().to_lowercase();
        let valid = !tag.is_empty()
            && tag.chars().count() <= MAX_TAG_CHARS
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(format!(
                "each tag must be 1 to {MAX_TAG_CHARS} of a-z, 0-9, - and _"
            ));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// An ISO date (`YYYY-MM-DD`) within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn iso_date(raw: &str) -> Result<Date, String> {
    let date = exact_date(raw).ok_or_else(|| DATE_SHAPE.to_owned())?;
    if date < FIRST_DATE || date > LAST_DATE {
        return Err(format!("must be between {FIRST_DATE} and {LAST_DATE}"));
    }
    Ok(date)
}

const DATE_SHAPE: &str = "must be a date written YYYY-MM-DD";

/// The date `raw` names when it is exactly `YYYY-MM-DD`: no sign or expanded year
/// (`+2024-01-01`), no surrounding spaces, a real day.
/// A date as `YYYY-MM-DD`, the one shape the API writes and reads.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn exact_date(raw: &str) -> Option<Date> {
    let shaped = raw.len() == 10
        && raw.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    let format = time::macros::format_description!("[year]-[month]-[day]");
    shaped.then(|| Date::parse(raw, format).ok()).flatten()
}

/// `#[serde(with = "...")]` for a `Date` written exactly `YYYY-MM-DD` (any year; ranges are the
/// field's business), and `option` for an `Option<Date>`.
pub mod date_text {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::exact_date(&text).ok_or_else(|| D::Error::custom(super::DATE_SHAPE))
    }

    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::Date;

        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapped(#[serde(with = "super")] Date);
            Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(date)| date))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_and_checked() {
        assert_eq!(
            tags(&["Work".into(), "work".into(), "q1-2026".into()]),
            Ok(vec!["work".into(), "q1-2026".into()])
        );
        assert!(tags(&["has space".into()]).is_err());
        assert!(tags(&vec!["a".to_owned(); 11]).is_err());
    }

    #[test]
    fn dates_must_be_iso_and_in_range() {
        assert!(iso_date("2026-02-28").is_ok());
        assert!(iso_date("2026-02-30").is_err());
        assert!(iso_date("28/02/2026").is_err());
        assert!(iso_date("1969-12-31").is_err());
        assert!(iso_date("2101-01-01").is_err());
        for shaped_wrong in [
            "+2024-01-01",
            " 2024-01-01",
            "2024-01-01 ",
            "2024-1-01",
            "20240101",
        ] {
            assert!(iso_date(shaped_wrong).is_err(), "{shaped_wrong:?}");
        }
    }

    #[test]
    fn dates_in_json_are_exactly_iso() {
        #[derive(serde::Deserialize, Serialize)]
        struct Dated {
            #[serde(with = "date_text")]
            on: Date,
            #[serde(default, with = "date_text::option")]
            until: Option<Date>,
        }
        let read: Dated =
            serde_json::from_str(r#"{"on": "1950-03-09", "until": null}"#).expect("a date");
        assert_eq!(read.on, date!(1950 - 03 - 09));
        assert_eq!(
            serde_json::to_string(&read).expect("json"),
            r#"{"on":"1950-03-09","until":null}"#
        );
        for wrong in [r#"{"on": "+1950-03-09"}"#, r#"{"on": " 1950-03-09"}"#] {
            assert!(serde_json::from_str::<Dated>(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("  Rent ", 10, true), Ok("Rent".into()));
        assert!(text("   ", 10, true).is_err());
        assert!(text("x".repeat(11).as_str(), 10, true).is_err());
        assert_eq!(optional_text(Some("  "), 10), Ok(None));
    }
}
