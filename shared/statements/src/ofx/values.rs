//! OFX values: dates (`YYYYMMDD`, `YYYYMMDDHHMMSS`, `YYYYMMDDHHMMSS.XXX[-5:EST]`) and amounts
//! (signed, `.` or `,` as the radix point, no grouping).
//!
//! Time zones: the posting date is the date part as the bank wrote it, whatever the time and
//! offset after it. That is the day the bank's own statement shows; converting to UTC would move
//! late-evening transactions to the next day.

use rust_decimal::Decimal;
use time::{Date, Month};

use crate::amount::{DecimalSeparator, NumberFormat, ThousandsSeparator, parse_amount};

/// The date part of an OFX date-time.
pub(crate) fn date(value: &str) -> Result<Date, String> {
    let value = value.trim();
    let invalid = || {
        format!(
            "{value} is not an OFX date (YYYYMMDD, optionally followed by HHMMSS.XXX[offset:zone])"
        )
    };
    let (digits, rest) = value.split_at_checked(8).ok_or_else(invalid)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !valid_time(rest) {
        return Err(invalid());
    }
    let part = |range: std::ops::Range<usize>| digits[range].parse::<u16>().map_err(|_| invalid());
    let month = u8::try_from(part(4..6)?)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(invalid)?;
    let day = u8::try_from(part(6..8)?).map_err(|_| invalid())?;
    Date::from_calendar_date(i32::from(part(0..4)?), month, day)
        .map_err(|_| format!("{value} is not a calendar date"))
}

/// `HHMMSS`, `HHMMSS.XXX`, `HHMM`, or nothing, then an optional `[offset:zone]`.
fn valid_time(rest: &str) -> bool {
    let (time, zone) = match rest.find('[') {
        Some(at) => (&rest[..at], Some(&rest[at..])),
        None => (rest, None),
    };
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let clock_ok = matches!(clock.len(), 0 | 4 | 6) && clock.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok =
        fraction.bytes().all(|b| b.is_ascii_digit()) && (fraction.is_empty() || !clock.is_empty());
    let zone_ok = zone.is_none_or(|z| z.ends_with(']') && z.len() > 2);
    clock_ok && fraction_ok && zone_ok
}

/// A signed OFX amount with the exponent of `currency`.
pub(crate) fn amount(value: &str, exponent: u32, currency: &str) -> Result<Decimal, String> {
    let decimal = if value.contains(',') && !value.contains('.') {
        DecimalSeparator::Comma
    } else {
        DecimalSeparator::Dot
    };
    let format = NumberFormat {
        decimal,
        thousands: ThousandsSeparator::None,
    };
    parse_amount(value, format, exponent, currency, &[]).map_err(|e| e.message(value, currency))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date as d;

    #[test]
    fn dates_with_and_without_time_and_zone() {
        for value in [
            "20240105",
            "202401051230",
            "20240105123000",
            "20240105233000.000",
            "20240105233000.000[-5:EST]",
            "20240105233000[+3.5:IRST]",
            "20240105[0:GMT]",
            " 20240105120000 ",
        ] {
            assert_eq!(date(value), Ok(d!(2024 - 01 - 05)), "{value}");
        }
    }

    #[test]
    fn bad_dates() {
        for value in [
            "2024010",
            "2024-01-05",
            "20241305",
            "20240105T1200",
            "20240105.5",
            "20240105[",
            "",
            "2024010é",
        ] {
            assert!(date(value).is_err(), "{value}");
        }
        assert_eq!(
            date("20240230").unwrap_err(),
            "20240230 is not a calendar date"
        );
    }

    #[test]
    fn amounts() {
        assert_eq!(amount("-80.32", 2, "USD").unwrap().to_string(), "-80.32");
        assert_eq!(amount("+5", 2, "USD").unwrap().to_string(), "5.00");
        assert_eq!(amount("-12,5", 2, "EUR").unwrap().to_string(), "-12.50");
        assert_eq!(amount("-.50", 2, "EUR").unwrap().to_string(), "-0.50");
        assert_eq!(
            amount("1.005", 2, "USD").unwrap_err(),
            "1.005 has more decimals than USD allows (2)"
        );
        assert!(amount("1,234.00", 2, "USD").is_err());
        assert!(amount("1E3", 2, "USD").is_err());
    }
}
