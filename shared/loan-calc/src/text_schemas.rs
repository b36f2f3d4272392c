//! The OpenAPI schemas of the request's text fields (feature `openapi`), written from the
//! parsers in [`crate::text`] and the bounds in [`crate::validate`], so that what the document
//! allows is what [`crate::validate`] takes; the tests hold the two together. Rules between two
//! fields (an amount's decimals against its currency, a date against another) stay in the
//! validator. The currency refers to the `CurrencyText` schema of the API that embeds the
//! engine: which codes are supported is the caller's business (see [`crate::validate`]).

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{Ref, RefOr, Schema};

/// Above zero, at most 12 whole digits (below [`crate::validate::MAX_AMOUNT`]) and 4 decimals.
const POSITIVE: &str = "^([1-9][0-9]{0,11}(\\.[0-9]{1,4})?|0\\.[0-9]{0,3}[1-9])$";
/// Zero or more, at most 12 whole digits and 4 decimals.
const UNSIGNED: &str = "^[0-9]{1,12}(\\.[0-9]{1,4})?$";
/// 0 to 100, at most 4 decimals.
const PERCENT: &str = "^(100(\\.0{1,4})?|[0-9]{1,2}(\\.[0-9]{1,4})?)$";
/// 1900-01-01 to 2200-12-31.
const DATE: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// What `str::trim` removes (Unicode White_Space), as a character class body.
macro_rules! space {
    () => {
        "\\t\\n\\u000b\\u000c\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
    };
}

/// Not blank once trimmed, at most 100 characters.
const FEE_NAME: &str = concat!(
    "^[",
    space!(),
    "]*[^",
    space!(),
    "]([\\s\\S]{0,98}[^",
    space!(),
    "])?[",
    space!(),
    "]*$"
);

fn text(pattern: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .examples([example])
}

fn nullable(builder: ObjectBuilder) -> Schema {
    builder
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .build()
        .into()
}

pub fn positive_amount() -> Schema {
    text(POSITIVE, "10000.00").build().into()
}

pub fn optional_positive_amount() -> Schema {
    nullable(text(POSITIVE, "0.05"))
}

pub fn unsigned_amount() -> Schema {
    text(UNSIGNED, "25.00").build().into()
}

pub fn optional_unsigned_amount() -> Schema {
    nullable(text(UNSIGNED, "25.00"))
}

pub fn percent() -> Schema {
    text(PERCENT, "12").build().into()
}

pub fn optional_percent() -> Schema {
    nullable(text(PERCENT, "1.5"))
}

pub fn date() -> Schema {
    text(DATE, "2026-01-15")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .build()
        .into()
}

pub fn optional_date() -> Schema {
    nullable(text(DATE, "2026-02-15").format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))))
}

pub fn fee_name() -> Schema {
    text(FEE_NAME, "Arrangement").build().into()
}

/// The embedding API's list of currency codes.
pub fn currency() -> RefOr<Schema> {
    Ref::from_schema_name("CurrencyText").into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{parse_date, parse_decimal};

    fn matches(pattern: &str, text: &str) -> bool {
        regex_lite::Regex::new(pattern)
            .expect("the pattern compiles")
            .is_match(text)
    }

    #[test]
    fn every_amount_the_patterns_allow_is_parsed() {
        for text in ["1", "0.5", "0.0001", "999999999999.9999"] {
            assert!(matches(POSITIVE, text), "{text}");
            assert!(parse_decimal(text).is_ok_and(|v| !v.is_zero()), "{text}");
        }
        for text in ["0", "0.0", "-1", "1.", "1e3", " 1", "1.23456"] {
            assert!(!matches(POSITIVE, text), "{text}");
        }
        assert!(matches(UNSIGNED, "0"));
        assert!(!matches(UNSIGNED, "-1"));
    }

    #[test]
    fn every_percent_the_pattern_allows_is_within_0_and_100() {
        for text in ["0", "12", "99.9999", "100", "100.0"] {
            assert!(matches(PERCENT, text), "{text}");
            assert!(parse_decimal(text).is_ok_and(|v| v <= rust_decimal::Decimal::ONE_HUNDRED));
        }
        for text in ["100.01", "101", "-1", "1000"] {
            assert!(!matches(PERCENT, text), "{text}");
        }
    }

    #[test]
    fn every_date_the_pattern_allows_is_parsed() {
        for text in ["1900-01-01", "2026-02-28", "2200-12-31"] {
            assert!(matches(DATE, text), "{text}");
            assert!(parse_date(text).is_ok(), "{text}");
        }
        for text in ["1899-12-31", "2201-01-01", "+2026-01-01", "2026-13-01"] {
            assert!(!matches(DATE, text), "{text}");
        }
    }

    #[test]
    fn a_fee_name_is_not_blank_and_at_most_100_characters() {
        assert!(matches(FEE_NAME, " Arrangement "));
        assert!(matches(FEE_NAME, &"x".repeat(100)));
        assert!(!matches(FEE_NAME, &"x".repeat(101)));
        assert!(!matches(FEE_NAME, "   "));
        assert!(
            !matches(FEE_NAME, "\u{c}\t\u{85}\r\u{b}"),
            "all of it is trimmed"
        );
        assert!(
            matches(FEE_NAME, "\u{88}"),
            "a control character is not trimmed"
        );
    }
}
