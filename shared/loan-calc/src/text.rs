//! Strict parsing of the request's text: decimals written as plain digits with an optional
//! single `.` (no sign, exponent, spaces or thousands separators) and dates as `YYYY-MM-DD`.

use rust_decimal::Decimal;
use time::{Date, Month};

/// The most significant digits a decimal may have (what `Decimal` holds exactly).
const MAX_DIGITS: usize = 28;

/// A non-negative decimal such as `"1234.50"`; `Err` says what is wrong, in words.
pub fn parse_decimal(text: &str) -> Result<Decimal, &'static str> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(
            "must be a decimal written as digits with an optional single '.' (e.g. \"1234.50\"), without sign, exponent or spaces",
        );
    }
    let significant = whole.trim_start_matches('0').len() + fraction.map_or(0, str::len);
    if significant > MAX_DIGITS {
        return Err("has more than 28 digits");
    }
    Decimal::from_str_exact(text).map_err(|_| "has more than 28 digits")
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, &'static str> {
    const FORMAT: &str = "must be a date written YYYY-MM-DD";
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(FORMAT);
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0_u16, |n, b| n * 10 + u16::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or("has no such month")?;
    let day = u8::try_from(day).map_err(|_| "has no such day")?;
    Date::from_calendar_date(i32::from(year), month, day).map_err(|_| "has no such day")
}

/// The number of decimals a value needs (trailing zeros do not count: `"10.50"` needs 1).
pub(crate) fn decimal_places(value: Decimal) -> u32 {
    value.normalize().scale()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn plain_decimals_are_read() {
        assert_eq!(parse_decimal("1234.50"), Ok(Decimal::new(123_450, 2)));
        assert_eq!(parse_decimal("0"), Ok(Decimal::ZERO));
        assert_eq!(parse_decimal("007.5"), Ok(Decimal::new(75, 1)));
    }

    #[test]
    fn anything_but_digits_and_one_point_is_refused() {
        for text in [
            "", " 1", "1 ", "-1", "+1", "1e5", "1.", ".5", "1.2.3", "1,000", "١", "NaN", "0x10",
        ] {
            assert!(parse_decimal(text).is_err(), "{text:?} was taken");
        }
    }

    #[test]
    fn more_than_28_digits_is_refused() {
        assert!(parse_decimal("1234567890123456789012345678").is_ok());
        assert!(parse_decimal("12345678901234567890123456789").is_err());
        assert!(parse_decimal("0.12345678901234567890123456789").is_err());
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_date("2024-02-29"), Ok(date!(2024 - 02 - 29)));
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T00:00",
            " 2024-01-01",
        ] {
            assert!(parse_date(text).is_err(), "{text:?} was taken");
        }
    }

    #[test]
    fn decimal_places_ignore_trailing_zeros() {
        assert_eq!(decimal_places(Decimal::new(1050, 2)), 1);
        assert_eq!(decimal_places(Decimal::new(100, 2)), 0);
        assert_eq!(decimal_places(Decimal::new(1005, 3)), 3);
    }
}
