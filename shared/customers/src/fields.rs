//! Parse-don't-validate newtypes for customer fields: an E.164 phone number, a national or tax
//! id (masked when shown), a label (segment or tag), a short text (names, address lines) and an
//! ISO 3166 country code. Each is built only through `parse`, so a value in hand is valid.

use serde::{Deserialize, Serialize};

/// Why a field value was refused; the message is shown to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidField(&'static str);

/// Implements `TryFrom<String>`, `From<Self> for String`, `as_str` and `Display` for a
/// `String` newtype whose constructor is `parse`.
macro_rules! string_newtype {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = InvalidField;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

/// A phone number in E.164: `+`, then 8 to 15 digits, the first not 0. Spaces, dashes, dots
/// and parentheses are dropped (`+44 (20) 7946-0958` is `+442079460958`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);
string_newtype!(PhoneNumber);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        const WRONG: InvalidField =
            InvalidField("must be an E.164 phone number: + then 8 to 15 digits");
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or(WRONG)?;
        let valid = (8..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        valid.then_some(Self(compact)).ok_or(WRONG)
    }
}

/// A national or tax id: 4 to 32 letters and digits, upper-cased, separators dropped. It is
/// sensitive: `Debug` hides it and [`NationalId::masked`] shows only the last four characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);
string_newtype!(NationalId);

impl NationalId {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '/'))
            .collect::<String>()
            .to_uppercase();
        let valid =
            (4..=32).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric());
        valid
            .then_some(Self(compact))
            .ok_or(InvalidField("must be 4 to 32 letters and digits"))
    }

    /// `•••••` and the last four characters.
    pub fn masked(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .skip(self.0.len().saturating_sub(4))
            .collect();
        format!("•••••{tail}")
    }
}

impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

/// A segment or tag: 1 to 40 of `a-z`, `0-9`, `-`, `_`, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Label(String);
string_newtype!(Label);

impl Label {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        let lower = raw.trim().to_lowercase();
        let valid = (1..=40).contains(&lower.len())
            && lower
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        valid
            .then_some(Self(lower))
            .ok_or(InvalidField("must be 1 to 40 of a-z, 0-9, - and _"))
    }
}

/// A short text (a name, an address line): trimmed, 1 to 200 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);
string_newtype!(Text);

impl Text {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        let trimmed = raw.trim();
        let valid =
            (1..=200).contains(&trimmed.chars().count()) && !trimmed.chars().any(char::is_control);
        valid.then(|| Self(trimmed.to_owned())).ok_or(InvalidField(
            "must be 1 to 200 characters without control characters",
        ))
    }
}

/// An ISO 3166-1 alpha-2 country code, upper-cased (`GB`, `US`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);
string_newtype!(CountryCode);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        let upper = raw.trim().to_uppercase();
        let valid = upper.len() == 2 && upper.chars().all(|c| c.is_ascii_uppercase());
        valid
            .then_some(Self(upper))
            .ok_or(InvalidField("must be an ISO 3166-1 alpha-2 country code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_e164_after_dropping_separators() {
        assert_eq!(
            PhoneNumber::parse("+44 (20) 7946-0958")
                .expect("valid")
                .as_str(),
            "+442079460958"
        );
        for raw in [
            "442079460958",
            "+0442079460958",
            "+1234",
            "+1234567890123456",
            "+44abc",
        ] {
            assert!(PhoneNumber::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn national_ids_are_normalised_and_masked_to_their_last_four() {
        let id = NationalId::parse("ab-123 456 789").expect("valid");
        assert_eq!(id.as_str(), "AB123456789");
        assert_eq!(id.masked(), "•••••6789");
        assert!(!format!("{id:?}").contains("12345"));
        assert!(NationalId::parse("12").is_err());
        assert!(NationalId::parse("12#45").is_err());
    }

    #[test]
    fn labels_texts_and_countries_refuse_what_they_cannot_hold() {
        assert_eq!(Label::parse(" VIP ").expect("valid").as_str(), "vip");
        for raw in ["", "has space", "é", &"x".repeat(41)] {
            assert!(Label::parse(raw).is_err(), "{raw}");
        }
        assert!(Text::parse("  ").is_err());
        assert!(Text::parse("a\u{0}b").is_err());
        assert_eq!(CountryCode::parse("gb").expect("valid").as_str(), "GB");
        assert!(CountryCode::parse("GBR").is_err());
    }
}
