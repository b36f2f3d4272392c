//! Serialisation helpers: the workspace's `rust_decimal` has no `serde` feature and its `time`
//! serialises a `Date` as a tuple, so decimals and dates are written through `Display`
//! (`"888.49"`, `"2026-01-31"`) with `#[serde(serialize_with)]`. Public so that the crates
//! built on the engine (loan servicing) write their amounts and dates the same way.

use std::fmt::Display;

use serde::Serializer;

/// Writes `value` as its `Display` string.
pub fn display<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Writes `Some(value)` as its `Display` string and `None` as null.
pub fn optional_display<T: Display, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}
