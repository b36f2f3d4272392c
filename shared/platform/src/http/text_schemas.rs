//! The OpenAPI schemas of text the edge parses: a date, a month, a decimal filter, a currency
//! code. A parameter or field that is read as text by one of the platform's parsers names one of
//! these as its documented type (`#[param(value_type = Option<IsoDateText>, inline)]`), so that
//! what the document allows is what the parser accepts and a client generated from it sends
//! nothing the server refuses. Each schema's pattern is written from the parser's rules
//! ([`crate::fields::iso_date`], [`crate::month::Month::parse`], [`crate::money::parse_decimal`]);
//! the tests below hold the two together. Currency codes are the list the parser knows.

use std::borrow::Cow;

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// Years the ledger accepts: 1970..=2100 ([`crate::fields::FIRST_DATE`]..=`LAST_DATE`).
const YEAR: &str = "(19[7-9][0-9]|20[0-9][0-9]|2100)";

fn text(description: &str, pattern: String, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
        .pattern(Some(pattern))
        .examples([example])
}

macro_rules! text_schema {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                RefOr::T(Schema::Object($schema.build()))
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

fn date_pattern() -> String {
    format!("^{YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
}

fn month_pattern() -> String {
    format!("^{YEAR}-(0[1-9]|1[0-2])$")
}

/// Signed, at most 12 whole digits (below [`crate::money::MAX_MAJOR_UNITS`]) and 4 decimals: the
/// amount filters and rule bounds, which have no currency.
fn decimal_pattern() -> String {
    "^-?[0-9]{1,12}(\\.[0-9]{1,4})?$".to_owned()
}

text_schema!(
    /// A calendar date `YYYY-MM-DD` between 1970-01-01 and 2100-12-31.
    IsoDateText => text("A date, YYYY-MM-DD, 1970-01-01 to 2100-12-31", date_pattern(), "2026-03-01")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
);

text_schema!(
    /// A calendar month `YYYY-MM` between 1970-01 and 2100-12.
    MonthText => text("A month, YYYY-MM, 1970-01 to 2100-12", month_pattern(), "2026-03")
);

text_schema!(
    /// A signed decimal with at most 4 decimals, such as an amount bound.
    DecimalText => text("A decimal string: optional '-', digits, at most 4 decimals", decimal_pattern(), "-25.50")
);

text_schema!(
    /// An ISO 4217 currency code the API supports.
    CurrencyText => ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some("A supported ISO 4217 currency code"))
        .enum_values(Some(crate::money::Currency::supported_codes()))
        .examples(["EUR"])
);

/// Characters [`crate::fields::text`] refuses: the controls (Unicode category Cc).
const CONTROL: &str = "\\u0000-\\u001f\\u007f-\\u009f";

fn printable_pattern(required: bool) -> String {
    if required {
        format!("^[^{CONTROL}]*[^\\s{CONTROL}][^{CONTROL}]*$")
    } else {
        format!("^[^{CONTROL}]*$")
    }
}

fn printable(required: bool, max: usize) -> ObjectBuilder {
    let least = usize::from(required);
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(format!(
            "{least} to {max} printable characters (surrounding spaces are trimmed)"
        )))
        .min_length(Some(least))
        .max_length(Some(max))
        .pattern(Some(printable_pattern(required)))
}

/// `#[schema(schema_with = required_text::<100>)]`: what [`crate::fields::text`] takes with
/// `required`: 1 to `MAX` printable characters once trimmed.
pub fn required_text<const MAX: usize>() -> Schema {
    Schema::Object(printable(true, MAX).build())
}

/// An optional field read with [`crate::fields::optional_text`]: 0 to `MAX` printable
/// characters, or `null`.
pub fn optional_text<const MAX: usize>() -> Schema {
    Schema::Object(
        printable(false, MAX)
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::iso_date;
    use crate::money::parse_decimal;
    use crate::month::Month;

    fn matches(pattern: &str, text: &str) -> bool {
        regex_lite::Regex::new(pattern)
            .expect("the pattern compiles")
            .is_match(text)
    }

    #[test]
    fn every_date_the_pattern_allows_is_parsed() {
        for text in ["1970-01-01", "2026-02-28", "2024-02-29", "2100-12-31"] {
            assert!(matches(&date_pattern(), text), "{text}");
            assert!(iso_date(text).is_ok(), "{text}");
        }
        for text in [
            "1969-12-31",
            "2101-01-01",
            "+2024-01-01",
            " 2024-01-01",
            "2024-13-01",
        ] {
            assert!(!matches(&date_pattern(), text), "{text}");
            assert!(iso_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn every_month_the_pattern_allows_is_parsed() {
        for text in ["1970-01", "2026-12", "2100-12"] {
            assert!(matches(&month_pattern(), text), "{text}");
            assert!(Month::parse(text).is_ok(), "{text}");
        }
        for text in ["1969-12", "2026-13", "2026-1", ""] {
            assert!(!matches(&month_pattern(), text), "{text}");
            assert!(Month::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn every_decimal_the_pattern_allows_is_parsed() {
        for text in ["0", "-25.50", "999999999999.9999", "007.5"] {
            assert!(matches(&decimal_pattern(), text), "{text}");
            assert!(parse_decimal(text, 4).is_ok(), "{text}");
        }
        for text in ["+1", "1e3", " 1", "1.", "1.23456", "-"] {
            assert!(!matches(&decimal_pattern(), text), "{text}");
            assert!(parse_decimal(text, 4).is_err(), "{text}");
        }
    }

    #[test]
    fn every_text_the_printable_pattern_allows_is_taken() {
        use crate::fields::text;
        for sample in ["Groceries", " padded ", "Café ☕", "a\u{a0}b"] {
            assert!(matches(&printable_pattern(true), sample), "{sample:?}");
            assert!(text(sample, 100, true).is_ok(), "{sample:?}");
        }
        for sample in [
            "",
            "   ",
            "tab\tinside",
            "line\nbreak",
            "nul\u{0}",
            "c1\u{85}inside",
        ] {
            assert!(!matches(&printable_pattern(true), sample), "{sample:?}");
            assert!(text(sample, 100, true).is_err(), "{sample:?}");
        }
        assert!(matches(&printable_pattern(false), ""));
        assert!(text("", 100, false).is_ok());
    }
}
