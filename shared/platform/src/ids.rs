//! Typed entity ids: one newtype over `String` per kind of entity, so the compiler refuses a
//! transaction id where an account id is expected. [`typed_id!`](crate::typed_id) makes them;
//! the platform defines the ids it uses itself ([`UserId`], [`EventId`]) and each domain crate
//! defines its own.
//!
//! An id is stored and sent exactly as the string it wraps (in items, event payloads, API
//! bodies and path segments), reads from any string (an id that names nothing is the caller's
//! "not found", as before), and documents itself in OpenAPI as a plain string. New ids come
//! from `generate`, a ULID stamped with the clock ([`new_id`](crate::ports::clock::new_id)).
//!
//! Fields of a derived `ToSchema` type refer to any non-primitive type by `$ref`, so an id field
//! of an API body carries `#[schema(value_type = String)]` to stay an inline `string`.

/// The crates `typed_id!` expands to, reached through `$crate`: its users need not depend on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use utoipa;
}

/// Defines a typed id: `typed_id! { /// An account of a user. pub struct AccountId; }`.
///
/// The type is `Clone`, `Eq`, `Ord`, `Hash`, `Debug`, `Display`, `AsRef<str>`, made `From` a
/// `String` or `&str`, read with `as_str` / `into_string`, serialised as its string (what
/// `#[serde(transparent)]` derives, written out so the calling crate needs no `serde` of its
/// own), and documented in OpenAPI as a string. `generate(clock)` makes a fresh one.
#[macro_export]
macro_rules! typed_id {
    ($(#[$attr:meta])* $vis:vis struct $name:ident;) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(String);

        impl $name {
            /// A new unique, time-ordered id stamped with the clock's time.
            pub fn generate(clock: &dyn $crate::ports::clock::Clock) -> Self {
                Self($crate::ports::clock::new_id(clock))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl $crate::ids::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::ids::__private::serde::Serializer,
            {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::ids::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::ids::__private::serde::Deserializer<'de>,
            {
                <String as $crate::ids::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(Self)
            }
        }

        impl $crate::ids::__private::utoipa::PartialSchema for $name {
            fn schema() -> $crate::ids::__private::utoipa::openapi::RefOr<
                $crate::ids::__private::utoipa::openapi::schema::Schema,
            > {
                <String as $crate::ids::__private::utoipa::PartialSchema>::schema()
            }
        }

        impl $crate::ids::__private::utoipa::ToSchema for $name {}
    };
}

typed_id! {
    /// A user: the partition key of everything the user owns, the actor of audit entries.
    pub struct UserId;
}

typed_id! {
    /// An envelope: a domain event in the outbox or a message on a queue. Consumers and
    /// subscribers deduplicate on it.
    pub struct EventId;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;
    use time::macros::datetime;
    use utoipa::{PartialSchema, ToSchema};

    #[test]
    fn an_id_is_stored_and_read_as_its_plain_string() {
        let id = UserId::from("01JUSER");
        assert_eq!(serde_json::to_value(&id).expect("json"), "01JUSER");
        let back: UserId = serde_json::from_str(r#""anything at all""#).expect("any string");
        assert_eq!(back.as_str(), "anything at all");
        assert!(serde_json::from_str::<UserId>("42").is_err());
    }

    #[test]
    fn an_id_documents_itself_as_a_string() {
        let json = |schema| serde_json::to_value(schema).expect("json");
        assert_eq!(json(UserId::schema()), json(String::schema()));
        assert_eq!(UserId::name(), "UserId");
    }

    #[test]
    fn generated_ids_are_fresh_ulids() {
        let clock = ManualClock::at(datetime!(2026-01-01 00:00 UTC));
        let first = EventId::generate(&clock);
        let second = EventId::generate(&clock);
        assert!(first < second);
        assert_eq!(first.as_str().len(), 26);
        assert_eq!(first.to_string(), first.clone().into_string());
    }
}
