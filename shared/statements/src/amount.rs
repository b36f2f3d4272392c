//! Strict, exact amount parsing: digits with the configured decimal and thousands separators,
//! an optional sign (leading `-`/`+` or surrounding parentheses), a currency sign or the row's
//! currency code around it. No exponents, no rounding: more significant decimals than the
//! currency has are refused, extra trailing zeros are dropped (`10.500` EUR is `10.50`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The character between the units and the decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecimalSeparator {
    #[serde(rename = ".")]
    Dot,
    #[serde(rename = ",")]
    Comma,
}

impl DecimalSeparator {
    pub fn as_char(self) -> char {
        match self {
            Self::Dot => '.',
            Self::Comma => ',',
        }
    }
}

/// The character between groups of three digits, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ThousandsSeparator {
    #[serde(rename = "none")]
    None,
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ".")]
    Dot,
    /// A space; the no-break spaces U+00A0 and U+202F count as well.
    #[serde(rename = " ")]
    Space,
    /// An apostrophe; U+2019 (’) counts as well.
    #[serde(rename = "'")]
    Apostrophe,
}

impl ThousandsSeparator {
    fn matches(self, c: char) -> bool {
        match self {
            Self::None => false,
            Self::Comma => c == ',',
            Self::Dot => c == '.',
            Self::Space => matches!(c, ' ' | '\u{a0}' | '\u{202f}'),
            Self::Apostrophe => matches!(c, '\'' | '\u{2019}'),
        }
    }
}

/// How numbers are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberFormat {
    pub decimal: DecimalSeparator,
    pub thousands: ThousandsSeparator,
}

impl Default for NumberFormat {
    fn default() -> Self {
        Self {
            decimal: DecimalSeparator::Dot,
            thousands: ThousandsSeparator::None,
        }
    }
}

/// Currency signs stripped from around an amount wherever they appear: they never change the
/// value, and the currency itself comes from the currency column or the account.
const CURRENCY_SIGNS: &[char] = &[
    '$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '₫', '₴', '₦', '₱', '฿', '₡', '₲', '₵', '₸', '₼',
    '₾',
];

/// The most integer digits an amount may have (a quintillion is beyond any statement).
const MAX_INTEGER_DIGITS: usize = 20;

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AmountError {
    Empty,
    Exponent,
    Invalid { found: char, hint: Option<char> },
    Grouping { separator: char },
    NoDigits,
    NoDecimals,
    TwoDecimalSeparators,
    TwoSigns,
    TooManyDecimals { allowed: u32 },
    TooLarge,
}

impl AmountError {
    /// A message naming the value as written and, for decimals, the currency.
    pub fn message(&self, text: &str, currency: &str) -> String {
        let text = text.trim();
        match self {
            Self::Empty => "is empty".to_owned(),
            Self::Exponent => {
                format!("{text} is in exponent notation; amounts must be written out in full")
            }
            Self::Invalid {
                found,
                hint: Some(decimal),
            } => format!(
                "{text} is not an amount: '{found}' is not the decimal separator ('{decimal}') nor the thousands separator of this file"
            ),
            Self::Invalid { found, hint: None } => {
                format!("{text} is not an amount: '{found}' is not a digit")
            }
            Self::Grouping { separator } => format!(
                "{text} is not an amount: the thousands separator '{separator}' must separate groups of three digits"
            ),
            Self::NoDigits => format!("{text} is not an amount: it has no digits"),
            Self::NoDecimals => {
                format!("{text} is not an amount: no digits follow the decimal separator")
            }
            Self::TwoDecimalSeparators => {
                format!("{text} is not an amount: it has more than one decimal separator")
            }
            Self::TwoSigns => format!("{text} has more than one sign"),
            Self::TooManyDecimals { allowed } => {
                format!("{text} has more decimals than {currency} allows ({allowed})")
            }
            Self::TooLarge => format!("{text} is too large for an amount"),
        }
    }
}

/// Parses `text` as a signed amount with exactly `exponent` decimals. The currency `code` and
/// the `markers` may stand before or after the number (matched ignoring ASCII case).
pub(crate) fn parse_amount(
    text: &str,
    format: NumberFormat,
    exponent: u32,
    code: &str,
    markers: &[String],
) -> Result<Decimal, AmountError> {
    let codes = Codes { code, markers };
    let mut s = text.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    s = strip_markers(s, &codes);
    if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        if negative {
            return Err(AmountError::TwoSigns);
        }
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    s = strip_markers(s.trim_start(), &codes);
    if s.starts_with(['-', '+', '\u{2212}']) {
        return Err(AmountError::TwoSigns);
    }
    let magnitude = parse_magnitude(s, format, exponent)?;
    let signed = if negative { -magnitude } else { magnitude };
    Decimal::try_from_i128_with_scale(signed, exponent).map_err(|_| AmountError::TooLarge)
}

/// The texts that may stand around a number besides currency signs.
struct Codes<'a> {
    code: &'a str,
    markers: &'a [String],
}

impl Codes<'_> {
    fn iter(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.code).chain(self.markers.iter().map(String::as_str))
    }
}

/// Removes one currency sign or code before the number and one after it.
fn strip_markers<'a>(s: &'a str, codes: &Codes<'_>) -> &'a str {
    let mut s = s;
    if let Some(rest) = s.strip_prefix(CURRENCY_SIGNS) {
        s = rest.trim_start();
    } else if let Some(rest) = codes.iter().find_map(|code| strip_prefix_ci(s, code)) {
        s = rest.trim_start();
    }
    if let Some(rest) = s.strip_suffix(CURRENCY_SIGNS) {
        s = rest.trim_end();
    } else if let Some(rest) = codes.iter().find_map(|code| strip_suffix_ci(s, code)) {
        s = rest.trim_end();
    }
    s
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    (!prefix.is_empty() && head.eq_ignore_ascii_case(prefix)).then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let start = s.len().checked_sub(suffix.len())?;
    let tail = s.get(start..)?;
    (!suffix.is_empty() && tail.eq_ignore_ascii_case(suffix)).then(|| &s[..start])
}

/// The unsigned value of `s` in minor units (`exponent` decimals).
fn parse_magnitude(s: &str, format: NumberFormat, exponent: u32) -> Result<i128, AmountError> {
    if s.contains(['e', 'E']) && s.chars().any(|c| c.is_ascii_digit()) {
        return Err(AmountError::Exponent);
    }
    let decimal = format.decimal.as_char();
    let (int_part, frac_part) = match s.split_once(decimal) {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    let mut value: i128 = 0;
    let integer_digits = parse_integer(int_part, format, &mut value)?;
    let frac = match frac_part {
        None => "",
        Some("") => return Err(AmountError::NoDecimals),
        Some(frac) => frac,
    };
    if let Some(found) = frac.chars().find(|c| !c.is_ascii_digit()) {
        return Err(if found == decimal {
            AmountError::TwoDecimalSeparators
        } else {
            invalid(found, format)
        });
    }
    if integer_digits == 0 && frac.is_empty() {
        return Err(AmountError::NoDigits);
    }
    let allowed = usize::try_from(exponent).map_err(|_| AmountError::TooLarge)?;
    let kept = match frac.get(allowed..) {
        Some(extra) if extra.bytes().any(|b| b != b'0') => {
            return Err(AmountError::TooManyDecimals { allowed: exponent });
        }
        Some(_) => &frac[..allowed],
        None => frac,
    };
    for b in kept.bytes() {
        value = push_digit(value, u32::from(b - b'0'))?;
    }
    for _ in kept.len()..allowed {
        value = push_digit(value, 0)?;
    }
    Ok(value)
}

/// Reads the integer part into `value`, checking the grouping; returns its digit count.
fn parse_integer(int: &str, format: NumberFormat, value: &mut i128) -> Result<usize, AmountError> {
    let mut digits = 0;
    let mut significant = 0;
    let mut group = 0;
    let mut separators = 0;
    for c in int.chars() {
        if let Some(d) = c.to_digit(10) {
            digits += 1;
            group += 1;
            if significant > 0 || d != 0 {
                significant += 1;
                if significant > MAX_INTEGER_DIGITS {
                    return Err(AmountError::TooLarge);
                }
            }
            *value = push_digit(*value, d)?;
        } else if format.thousands.matches(c) {
            let first_group_ok = separators > 0 || (1..=3).contains(&group);
            if !first_group_ok || (separators > 0 && group != 3) {
                return Err(AmountError::Grouping { separator: c });
            }
            separators += 1;
            group = 0;
        } else {
            return Err(invalid(c, format));
        }
    }
    if separators > 0 && group != 3 {
        let separator = int
            .chars()
            .find(|&c| format.thousands.matches(c))
            .unwrap_or(' ');
        return Err(AmountError::Grouping { separator });
    }
    Ok(digits)
}

fn push_digit(value: i128, digit: u32) -> Result<i128, AmountError> {
    value
        .checked_mul(10)
        .and_then(|v| v.checked_add(i128::from(digit)))
        .ok_or(AmountError::TooLarge)
}

fn invalid(found: char, format: NumberFormat) -> AmountError {
    let hint = matches!(found, '.' | ',').then_some(format.decimal.as_char());
    AmountError::Invalid { found, hint }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOT: NumberFormat = NumberFormat {
        decimal: DecimalSeparator::Dot,
        thousands: ThousandsSeparator::Comma,
    };
    const COMMA: NumberFormat = NumberFormat {
        decimal: DecimalSeparator::Comma,
        thousands: ThousandsSeparator::Dot,
    };

    fn ok(text: &str, format: NumberFormat, exponent: u32) -> String {
        parse_amount(text, format, exponent, "EUR", &[])
            .unwrap_or_else(|e| panic!("{text}: {e:?}"))
            .to_string()
    }

    fn err(text: &str, format: NumberFormat, exponent: u32) -> AmountError {
        parse_amount(text, format, exponent, "EUR", &[]).unwrap_err()
    }

    #[test]
    fn plain_signed_and_grouped() {
        assert_eq!(ok("12.5", DOT, 2), "12.50");
        assert_eq!(ok("-1,234.56", DOT, 2), "-1234.56");
        assert_eq!(ok("+7", DOT, 2), "7.00");
        assert_eq!(ok("(42.10)", DOT, 2), "-42.10");
        assert_eq!(ok("1.234.567,89", COMMA, 2), "1234567.89");
        assert_eq!(ok("-0,07", COMMA, 2), "-0.07");
        assert_eq!(ok("1500", DOT, 0), "1500");
        assert_eq!(ok(".5", DOT, 2), "0.50");
        assert_eq!(ok("0", DOT, 2), "0.00");
        assert_eq!(ok("-0", DOT, 2), "0.00");
    }

    #[test]
    fn other_thousands_separators() {
        let space = NumberFormat {
            decimal: DecimalSeparator::Comma,
            thousands: ThousandsSeparator::Space,
        };
        assert_eq!(ok("1 234,50", space, 2), "1234.50");
        assert_eq!(ok("1\u{a0}234\u{202f}567,50", space, 2), "1234567.50");
        let apostrophe = NumberFormat {
            decimal: DecimalSeparator::Dot,
            thousands: ThousandsSeparator::Apostrophe,
        };
        assert_eq!(ok("1'234.50", apostrophe, 2), "1234.50");
        assert_eq!(ok("1’234.50", apostrophe, 2), "1234.50");
    }

    #[test]
    fn currency_signs_and_codes_are_stripped() {
        assert_eq!(ok("€12.50", DOT, 2), "12.50");
        assert_eq!(ok("-€12.50", DOT, 2), "-12.50");
        assert_eq!(ok("€ -12.50", DOT, 2), "-12.50");
        assert_eq!(ok("12,50 €", COMMA, 2), "12.50");
        assert_eq!(ok("EUR 12.50", DOT, 2), "12.50");
        assert_eq!(ok("-12.50eur", DOT, 2), "-12.50");
        assert_eq!(ok("($5.00)", DOT, 2), "-5.00");
        assert!(matches!(
            err("USD 5", DOT, 2),
            AmountError::Invalid { found: 'U', .. }
        ));
        let fr = parse_amount("Fr. 5.00", DOT, 2, "CHF", &["Fr.".to_owned()]).unwrap();
        assert_eq!(fr.to_string(), "5.00");
    }

    #[test]
    fn trailing_zeros_beyond_the_exponent_are_exact() {
        assert_eq!(ok("10.500", DOT, 2), "10.50");
        assert_eq!(ok("100.00", DOT, 0), "100");
    }

    #[test]
    fn too_many_decimals_is_refused_with_the_currency() {
        let e = err("12.345", DOT, 2);
        assert_eq!(e, AmountError::TooManyDecimals { allowed: 2 });
        assert_eq!(
            e.message("12.345", "EUR"),
            "12.345 has more decimals than EUR allows (2)"
        );
        assert_eq!(
            err("1.5", DOT, 0),
            AmountError::TooManyDecimals { allowed: 0 }
        );
    }

    #[test]
    fn exponents_and_garbage_are_refused() {
        assert_eq!(err("1.2E3", DOT, 2), AmountError::Exponent);
        assert_eq!(err("1e5", DOT, 2), AmountError::Exponent);
        assert_eq!(err("", DOT, 2), AmountError::Empty);
        assert_eq!(err("  ", DOT, 2), AmountError::Empty);
        assert_eq!(err("-", DOT, 2), AmountError::NoDigits);
        assert_eq!(err("12.", DOT, 2), AmountError::NoDecimals);
        assert_eq!(err("--5", DOT, 2), AmountError::TwoSigns);
        assert_eq!(err("(-5)", DOT, 2), AmountError::TwoSigns);
        assert_eq!(err("1.2.3", DOT, 2), AmountError::TwoDecimalSeparators);
        assert_eq!(
            err("abc", DOT, 2),
            AmountError::Invalid {
                found: 'a',
                hint: None
            }
        );
        assert_eq!(
            err("NaN", DOT, 2),
            AmountError::Invalid {
                found: 'N',
                hint: None
            }
        );
        assert_eq!(
            err("١٢", DOT, 2),
            AmountError::Invalid {
                found: '١',
                hint: None
            }
        );
    }

    #[test]
    fn wrong_separator_says_which_is_expected() {
        let plain = NumberFormat {
            decimal: DecimalSeparator::Comma,
            thousands: ThousandsSeparator::None,
        };
        let e = err("12.50", plain, 2);
        assert_eq!(
            e,
            AmountError::Invalid {
                found: '.',
                hint: Some(',')
            }
        );
        assert!(
            e.message("12.50", "EUR")
                .contains("decimal separator (',')")
        );
    }

    #[test]
    fn grouping_must_be_by_three() {
        assert!(matches!(
            err("1,23.00", DOT, 2),
            AmountError::Grouping { .. }
        ));
        assert!(matches!(
            err("1234,567.00", DOT, 2),
            AmountError::Grouping { .. }
        ));
        assert!(matches!(err(",123", DOT, 2), AmountError::Grouping { .. }));
        assert!(matches!(
            err("1,2345", DOT, 2),
            AmountError::Grouping { .. }
        ));
        assert!(matches!(
            err("1.50,5", COMMA, 2),
            AmountError::Grouping { .. }
        ));
    }

    #[test]
    fn huge_values_are_refused_not_wrapped() {
        assert_eq!(err("123456789012345678901", DOT, 2), AmountError::TooLarge);
        assert_eq!(ok("00000000000000000000000001", DOT, 2), "1.00");
        assert_eq!(err("99999999999999999999", DOT, 18), AmountError::TooLarge);
    }
}
