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
    /// A calendar date `YYYY-MM-DD` of any year (a date of birth, a registration date).
    AnyDateText => text(
        "A date, YYYY-MM-DD",
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$".to_owned(),
        "1990-04-17",
    )
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

/// Most whole digits of an amount: [`crate::money::MAX_MAJOR_UNITS`] has 13, so 12 always fit.
/// Trailing zeros after the significant decimals are exact and accepted.
fn amount_pattern(signed: bool) -> String {
    let sign = if signed { "-?" } else { "" };
    format!(
        "^{sign}[0-9]{{1,12}}(\\.[0-9]{{1,{}}}0*)?$",
        crate::money::MAX_DECIMALS
    )
}

text_schema!(
    /// An amount of money as a decimal string; how many decimals a currency takes is a rule
    /// between two fields, checked by the server ("has more decimal places than JPY allows").
    AmountText => text(
        "A decimal string: optional '-', digits, '.', at most as many significant decimals as the currency has",
        amount_pattern(true),
        "125.50",
    )
);

text_schema!(
    /// An amount that cannot be negative (a target, a limit, a payment).
    UnsignedAmountText => text(
        "A decimal string: digits, '.', at most as many significant decimals as the currency has",
        amount_pattern(false),
        "125.50",
    )
);

/// Above zero: no leading zeros before a whole part of at least 1, or `0.` and a non-zero
/// significant decimal.
fn positive_amount_pattern() -> String {
    let decimals = crate::money::MAX_DECIMALS;
    format!(
        "^([1-9][0-9]{{0,11}}(\\.[0-9]{{1,{decimals}}}0*)?|0\\.[0-9]{{0,{}}}[1-9]0*)$",
        decimals - 1
    )
}

text_schema!(
    /// An amount above zero (a budget, a target, a contribution, a payment).
    PositiveAmountText => text(
        "A decimal string above zero: digits, '.', at most as many significant decimals as the currency has",
        positive_amount_pattern(),
        "125.50",
    )
);

text_schema!(
    /// An email address as [`crate::email_address::EmailAddress`] takes it.
    EmailText => ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(254))
        .pattern(Some("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"))
        .examples(["ada@example.com"])
);

text_schema!(
    /// A new password: 8 to 128 characters (a very common one is still refused).
    NewPasswordText => ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
        .min_length(Some(crate::security::password::MIN_PASSWORD_CHARS))
        .max_length(Some(crate::security::password::MAX_PASSWORD_CHARS))
        .examples(["correct horse battery staple"])
);

text_schema!(
    /// An IANA time zone name from the tz database bundled in the binary.
    TimeZoneText => ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some("An IANA time zone, e.g. Europe/Lisbon or UTC"))
        .enum_values(Some(crate::time_zone::TimeZoneName::known_names()))
        .examples(["Europe/Lisbon"])
);

/// Characters [`crate::fields::text`] refuses: the controls (Unicode category Cc).
const CONTROL: &str = "\\u0000-\\u001f\\u007f-\\u009f";
/// What `str::trim` removes: Unicode White_Space.
const SPACE: &str = "\\t\\n\\u000b\\u000c\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/// Text that is 1 (`required`) or 0 to `max` printable characters once trimmed, with any
/// surrounding space: the length is in the pattern, since `maxLength` would count the spaces
/// that the server trims away.
fn printable_pattern(required: bool, max: usize) -> String {
    printable_pattern_without(required, max, "")
}

/// [`printable_pattern`] that also refuses the characters in `excluded` (escaped for a class).
fn printable_pattern_without(required: bool, max: usize, excluded: &str) -> String {
    let edge = format!("[^{SPACE}{CONTROL}{excluded}]");
    let content = if max > 1 {
        format!("{edge}([^{CONTROL}{excluded}]{{0,{}}}{edge})?", max - 2)
    } else {
        edge
    };
    let optional = if required { "" } else { "?" };
    format!("^[{SPACE}]*({content}){optional}[{SPACE}]*$")
}

fn printable(required: bool, max: usize) -> ObjectBuilder {
    let least = usize::from(required);
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(format!(
            "{least} to {max} printable characters (surrounding spaces are trimmed)"
        )))
        .pattern(Some(printable_pattern(required, max)))
}

/// `#[schema(schema_with = required_text::<100>)]`: what [`crate::fields::text`] takes with
/// `required`: 1 to `MAX` printable characters once trimmed.
pub fn required_text<const MAX: usize>() -> Schema {
    Schema::Object(printable(true, MAX).build())
}

/// A field that must not be blank when sent, and may be left out or `null` (a PATCH of a
/// name): 1 to `MAX` printable characters, or `null`.
pub fn required_text_or_null<const MAX: usize>() -> Schema {
    Schema::Object(
        printable(true, MAX)
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .build(),
    )
}

/// A file name: 1 to `MAX` printable characters without `/` or `\` (and not `.` or `..`,
/// which the server also refuses).
pub fn file_name<const MAX: usize>() -> Schema {
    Schema::Object(
        printable(true, MAX)
            .description(Some(format!(
                "1 to {MAX} printable characters without / or \\ (surrounding spaces are trimmed)"
            )))
            .pattern(Some(printable_pattern_without(true, MAX, "/\\\\")))
            .build(),
    )
}

/// Text that may be blank but not `null` (a description that defaults to ""): 0 to `MAX`
/// printable characters.
pub fn text_up_to<const MAX: usize>() -> Schema {
    Schema::Object(printable(false, MAX).build())
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

/// `#[schema(schema_with = tag_list)]`: what [`crate::fields::tags`] takes, at most
/// [`crate::fields::MAX_TAGS`] tags of `a-z 0-9 - _` (upper case is lowered).
pub fn tag_list() -> Schema {
    tags()
}

/// A tag list that may also be `null` (a PATCH).
pub fn tag_list_or_null() -> Schema {
    let mut schema = tags();
    if let Schema::Array(array) = &mut schema {
        array.schema_type = SchemaType::from_iter([Type::Array, Type::Null]);
    }
    schema
}

fn tags() -> Schema {
    let tag = ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .pattern(Some(format!(
            "^[A-Za-z0-9_-]{{1,{}}}$",
            crate::fields::MAX_TAG_CHARS
        )));
    Schema::Array(
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(tag)
            .max_items(Some(crate::fields::MAX_TAGS))
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
        let longest = format!(" {} ", "é".repeat(100));
        for sample in [
            "Groceries",
            " padded ",
            "\tCafé ☕\n",
            "a\u{a0}b",
            "x",
            &longest,
        ] {
            assert!(matches(&printable_pattern(true, 100), sample), "{sample:?}");
            assert!(text(sample, 100, true).is_ok(), "{sample:?}");
        }
        let too_long = "é".repeat(101);
        for sample in [
            "",
            "   ",
            "tab\tinside",
            "line\nbreak",
            "nul\u{0}",
            "c1\u{85}inside",
            &too_long,
        ] {
            assert!(
                !matches(&printable_pattern(true, 100), sample),
                "{sample:?}"
            );
            assert!(text(sample, 100, true).is_err(), "{sample:?}");
        }
        for sample in ["", "  ", "x"] {
            assert!(
                matches(&printable_pattern(false, 100), sample),
                "{sample:?}"
            );
            assert!(text(sample, 100, false).is_ok(), "{sample:?}");
        }
        assert!(matches(&printable_pattern(true, 1), " x "));
        assert!(matches(
            &printable_pattern_without(true, 10, "/\\\\"),
            "a.csv"
        ));
        assert!(!matches(
            &printable_pattern_without(true, 10, "/\\\\"),
            "a/b"
        ));
        assert!(!matches(
            &printable_pattern_without(true, 10, "/\\\\"),
            "a\\b"
        ));
        assert!(!matches(&printable_pattern(true, 1), "xy"));
    }

    #[test]
    fn every_amount_the_pattern_allows_is_parsed() {
        for text in ["0", "-25.50", "999999999999.9999", "10.5000", "1"] {
            assert!(matches(&amount_pattern(true), text), "{text}");
            assert!(parse_decimal(text, 4).is_ok(), "{text}");
        }
        for text in ["+1", "1e3", " 1", "1.", ".5", "1.23456", "-", "1,5"] {
            assert!(!matches(&amount_pattern(true), text), "{text}");
            assert!(parse_decimal(text, 4).is_err(), "{text}");
        }
        assert!(!matches(&amount_pattern(false), "-1"));
    }

    #[test]
    fn every_positive_amount_the_pattern_allows_is_above_zero() {
        for text in [
            "1",
            "0.5",
            "0.0001",
            "125.50",
            "999999999999.9999",
            "10.5000",
        ] {
            assert!(matches(&positive_amount_pattern(), text), "{text}");
            assert!(
                parse_decimal(text, 4).is_ok_and(|value| value > rust_decimal::Decimal::ZERO),
                "{text}"
            );
        }
        for text in ["0", "0.0", "0.00000", "-1", "+1", "1.", "0.00001"] {
            assert!(!matches(&positive_amount_pattern(), text), "{text}");
        }
    }

    #[test]
    fn every_listed_time_zone_is_taken() {
        let names = crate::time_zone::TimeZoneName::known_names();
        assert!(names.len() > 300, "the bundled database has the zones");
        assert!(names.iter().any(|name| name == "Europe/Lisbon"));
        assert!(names.iter().any(|name| name == "UTC"));
    }
}
