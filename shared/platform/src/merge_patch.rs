//! PATCH bodies as JSON Merge Patch (RFC 7396): a member left out leaves the field as it is,
//! `null` removes (clears) it, a value sets it. A [`Patch`] field keeps the three apart (serde
//! alone reads both an absent member and `null` as `None`); a field that cannot be cleared
//! refuses `null` with 422 naming it ([`Patch::required`]).

use serde::{Deserialize, Deserializer};

use crate::fields::FieldErrors;

/// Why `null` is refused for a field every record has.
pub const CANNOT_BE_CLEARED: &str =
    "cannot be cleared: send a value, or leave the field out to keep it";

/// One member of a merge patch. Declare it `#[serde(default)]` so a left-out member is
/// [`Patch::Unchanged`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    #[default]
    Unchanged,
    /// `null`: remove the value.
    Clear,
    Set(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Self::Clear,
            Some(value) => Self::Set(value),
        })
    }
}

impl<T> Patch<T> {
    /// For a field every record has: the new value, `None` to keep it; `null` is recorded in
    /// `errors` as refused for `field`.
    pub fn required(self, field: &str, errors: &mut FieldErrors) -> Option<T> {
        match self {
            Self::Unchanged => None,
            Self::Set(value) => Some(value),
            Self::Clear => {
                errors.push(field, CANNOT_BE_CLEARED);
                None
            }
        }
    }

    /// For an optional field: `None` to keep it, `Some(None)` to clear it, `Some(Some(v))` to
    /// set it.
    pub fn change(self) -> Option<Option<T>> {
        match self {
            Self::Unchanged => None,
            Self::Clear => Some(None),
            Self::Set(value) => Some(Some(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Invalid;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        name: Patch<String>,
        #[serde(default)]
        note: Patch<String>,
    }

    fn read(json: &str) -> Body {
        serde_json::from_str(json).expect("body")
    }

    #[test]
    fn absent_null_and_a_value_are_three_things() {
        let body = read(r#"{"note": null}"#);
        assert_eq!(
            (body.name, body.note.clone()),
            (Patch::Unchanged, Patch::Clear)
        );
        assert_eq!(body.note.change(), Some(None));
        let mut errors = FieldErrors::default();
        let body = read(r#"{"name": "Ada", "note": "hi"}"#);
        assert_eq!(
            body.name.required("name", &mut errors),
            Some("Ada".to_owned())
        );
        assert_eq!(body.note.change(), Some(Some("hi".to_owned())));
        assert_eq!(read("{}").name.required("name", &mut errors), None);
        assert_eq!(errors.finish(), Ok(()));
    }

    #[test]
    fn a_required_field_refuses_null_naming_it() {
        let mut errors = FieldErrors::default();
        assert_eq!(
            read(r#"{"name": null}"#).name.required("name", &mut errors),
            None
        );
        let Err(Invalid(details)) = errors.finish() else {
            panic!("null accepted");
        };
        assert_eq!(details[0].field, "name");
    }
}
