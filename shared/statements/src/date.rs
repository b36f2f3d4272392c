//! Dates as statements write them: a small set of named formats (`YYYY-MM-DD`, `DD.MM.YYYY`,
//! …), or a `time` format description for anything else; and detection of the named format
//! from sample values when only one fits them all.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::format_description::OwnedFormatItem;
use time::{Date, Month};

/// The order of the parts of a named format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Ymd,
    Dmy,
    Mdy,
}

/// A named date format. Day and month may have one or two digits (`5/1/2024`); a time after
/// the date (`2024-01-05 10:30:00`, `2024-01-05T10:30`) is ignored. Two-digit years are
/// 2000–2099.
#[derive(Debug, PartialEq, Eq)]
pub struct NamedDateFormat {
    name: &'static str,
    order: Order,
    separator: Option<char>,
    short_year: bool,
}

const fn named(
    name: &'static str,
    order: Order,
    separator: Option<char>,
    short_year: bool,
) -> NamedDateFormat {
    NamedDateFormat {
        name,
        order,
        separator,
        short_year,
    }
}

/// Every named format, in the order detection reports them.
static NAMED: [NamedDateFormat; 12] = [
    named("YYYY-MM-DD", Order::Ymd, Some('-'), false),
    named("YYYY/MM/DD", Order::Ymd, Some('/'), false),
    named("YYYY.MM.DD", Order::Ymd, Some('.'), false),
    named("YYYYMMDD", Order::Ymd, None, false),
    named("DD/MM/YYYY", Order::Dmy, Some('/'), false),
    named("MM/DD/YYYY", Order::Mdy, Some('/'), false),
    named("DD.MM.YYYY", Order::Dmy, Some('.'), false),
    named("DD-MM-YYYY", Order::Dmy, Some('-'), false),
    named("MM-DD-YYYY", Order::Mdy, Some('-'), false),
    named("DD/MM/YY", Order::Dmy, Some('/'), true),
    named("MM/DD/YY", Order::Mdy, Some('/'), true),
    named("DD.MM.YY", Order::Dmy, Some('.'), true),
];

/// How the date column is written: a named format, or a `time` crate format description
/// (version 2 syntax, e.g. `[day] [month repr:short] [year]`). In JSON, a string.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateFormat {
    Named(&'static NamedDateFormat),
    Custom {
        description: String,
        items: Box<OwnedFormatItem>,
    },
}

impl DateFormat {
    /// The name or the format description, as given.
    pub fn name(&self) -> &str {
        match self {
            Self::Named(named) => named.name,
            Self::Custom { description, .. } => description,
        }
    }

    /// The names of the named formats.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMED.iter().map(|n| n.name)
    }

    /// Parses one value; the error says what was expected.
    pub fn parse_date(&self, value: &str) -> Result<Date, String> {
        let value = value.trim();
        match self {
            Self::Named(named) => named
                .parse(value)
                .ok_or_else(|| format!("{value} is not a date in the format {}", named.name)),
            Self::Custom { description, items } => Date::parse(value, items.as_ref())
                .map_err(|e| format!("{value} is not a date in the format {description}: {e}")),
        }
    }
}

impl NamedDateFormat {
    fn parse(&self, value: &str) -> Option<Date> {
        let date = strip_time(value);
        let (year, month, day) = match self.separator {
            None => {
                if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (
                    number(&date[..4])?,
                    number(&date[4..6])?,
                    number(&date[6..])?,
                )
            }
            Some(sep) => {
                let mut parts = date.split(sep);
                let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() {
                    return None;
                }
                let (y, m, d) = match self.order {
                    Order::Ymd => (a, b, c),
                    Order::Dmy => (c, b, a),
                    Order::Mdy => (c, a, b),
                };
                let year_len = if self.short_year { 2 } else { 4 };
                if y.len() != year_len || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len())
                {
                    return None;
                }
                let year = number(y)? + if self.short_year { 2000 } else { 0 };
                (year, number(m)?, number(d)?)
            }
        };
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
    }
}

/// The date part of `2024-01-05 10:30:00` or `2024-01-05T10:30`: a time is digits, `:` and `.`.
fn strip_time(value: &str) -> &str {
    match value.split_once([' ', 'T']) {
        Some((date, time))
            if time.bytes().any(|b| b.is_ascii_digit())
                && time
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.') =>
        {
            date
        }
        _ => value,
    }
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl Default for DateFormat {
    /// `YYYY-MM-DD`.
    fn default() -> Self {
        Self::Named(&NAMED[0])
    }
}

/// `date_format`: one of the named formats, or a format description (it has a `[`), or `null`.
#[cfg(feature = "openapi")]
pub(crate) fn date_format_schema() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(DateFormat::names())),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[^\\[]*\\[.*$"))
                .description(Some(
                    "a time format description, e.g. [day] [month repr:short] [year]",
                )),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .build()
        .into()
}

impl FromStr for DateFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(named) = NAMED.iter().find(|n| n.name.eq_ignore_ascii_case(s)) {
            return Ok(Self::Named(named));
        }
        if s.contains('[') {
            let items = time::format_description::parse_owned::<2>(s)
                .map_err(|e| format!("'{s}' is not a valid format description: {e}"))?;
            return Ok(Self::Custom {
                description: s.to_owned(),
                items: Box::new(items),
            });
        }
        Err(format!(
            "unknown date format '{s}': use one of {} or a format description such as [day]/[month]/[year]",
            Self::names().collect::<Vec<_>>().join(", ")
        ))
    }
}

impl TryFrom<String> for DateFormat {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<DateFormat> for String {
    fn from(format: DateFormat) -> String {
        format.name().to_owned()
    }
}

impl fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateFormat({})", self.name())
    }
}

impl PartialEq for DateFormat {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for DateFormat {}

/// What the sample dates say about their format.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateDetection {
    /// One named format reads more samples than any other, and at least half of them.
    Found(DateFormat),
    /// Several read as many (e.g. `01/02/2024`: DD/MM/YYYY and MM/DD/YYYY).
    Ambiguous(Vec<&'static str>),
    /// None reads half of them; the first sample.
    NoneFits(String),
    /// There were no non-empty samples.
    NoSamples,
}

impl DateDetection {
    /// The format, or a message telling the user to set it.
    pub fn into_result(self) -> Result<DateFormat, String> {
        match self {
            Self::Found(format) => Ok(format),
            Self::Ambiguous(names) => Err(format!(
                "the dates of the first rows fit {}; set date_format",
                names.join(" and ")
            )),
            Self::NoneFits(sample) => Err(format!(
                "{sample} fits none of the date formats {}; set date_format to a format description such as [day]/[month]/[year]",
                DateFormat::names().collect::<Vec<_>>().join(", ")
            )),
            Self::NoSamples => Err(
                "no dates in the first rows to detect their format from; set date_format"
                    .to_owned(),
            ),
        }
    }
}

/// Which named format reads the most samples, if it reads at least half of them: a footer or a
/// malformed row among the first rows does not hide the format.
pub(crate) fn detect<'a>(samples: impl IntoIterator<Item = &'a str>) -> DateDetection {
    let mut counts = [0usize; NAMED.len()];
    let mut total = 0usize;
    let mut first = None;
    for sample in samples.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
        total += 1;
        first.get_or_insert(sample);
        for (count, format) in counts.iter_mut().zip(&NAMED) {
            if format.parse(sample).is_some() {
                *count += 1;
            }
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    match first {
        None => DateDetection::NoSamples,
        Some(sample) if best == 0 || best * 2 < total => DateDetection::NoneFits(sample.to_owned()),
        Some(_) => {
            let fits: Vec<&'static NamedDateFormat> = NAMED
                .iter()
                .zip(counts)
                .filter(|(_, count)| *count == best)
                .map(|(format, _)| format)
                .collect();
            match fits.as_slice() {
                [only] => DateDetection::Found(DateFormat::Named(only)),
                many => DateDetection::Ambiguous(many.iter().map(|f| f.name).collect()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn format(name: &str) -> DateFormat {
        name.parse().unwrap()
    }

    #[test]
    fn named_formats_parse() {
        let jan5 = date!(2024 - 01 - 05);
        for (name, value) in [
            ("YYYY-MM-DD", "2024-01-05"),
            ("YYYY/MM/DD", "2024/1/5"),
            ("YYYYMMDD", "20240105"),
            ("DD/MM/YYYY", "05/01/2024"),
            ("MM/DD/YYYY", "1/5/2024"),
            ("DD.MM.YYYY", " 05.01.2024 "),
            ("DD-MM-YYYY", "05-01-2024"),
            ("DD/MM/YY", "05/01/24"),
            ("dd.mm.yyyy", "05.01.2024"),
            ("YYYY-MM-DD", "2024-01-05 23:59:59"),
            ("YYYY-MM-DD", "2024-01-05T23:59"),
        ] {
            assert_eq!(format(name).parse_date(value), Ok(jan5), "{name} {value}");
        }
    }

    #[test]
    fn wrong_shapes_and_impossible_dates_are_refused() {
        let dmy = format("DD.MM.YYYY");
        assert_eq!(
            dmy.parse_date("31.02.2024").unwrap_err(),
            "31.02.2024 is not a date in the format DD.MM.YYYY"
        );
        for bad in [
            "2024-01-05",
            "5.1.24",
            "05.01.2024.1",
            "aa.bb.cccc",
            "",
            "05.01.2024 x",
            "+5.01.2024",
        ] {
            assert!(dmy.parse_date(bad).is_err(), "{bad}");
        }
        assert!(format("YYYYMMDD").parse_date("2024015").is_err());
        assert!(format("YYYYMMDD").parse_date("2024010a").is_err());
    }

    #[test]
    fn custom_descriptions() {
        let f = format("[day] [month repr:short] [year]");
        assert_eq!(f.parse_date("05 Jan 2024"), Ok(date!(2024 - 01 - 05)));
        assert!(
            f.parse_date("05/01/2024")
                .unwrap_err()
                .contains("[day] [month repr:short] [year]")
        );
        assert!(
            "[nope]"
                .parse::<DateFormat>()
                .unwrap_err()
                .contains("not a valid format description")
        );
        assert!(
            "DD MM"
                .parse::<DateFormat>()
                .unwrap_err()
                .contains("unknown date format")
        );
    }

    #[test]
    fn serde_round_trip_as_string() {
        let f: DateFormat = serde_json::from_str("\"DD/MM/YYYY\"").unwrap();
        assert_eq!(f, format("DD/MM/YYYY"));
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"DD/MM/YYYY\"");
        assert!(serde_json::from_str::<DateFormat>("\"bogus\"").is_err());
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(["13.01.2024", "02.02.2024"]),
            DateDetection::Found(format("DD.MM.YYYY"))
        );
        assert_eq!(
            detect(["01/02/2024", "12/12/2024"]),
            DateDetection::Ambiguous(vec!["DD/MM/YYYY", "MM/DD/YYYY"])
        );
        assert_eq!(
            detect(["01/02/2024", "01/13/2024"]),
            DateDetection::Found(format("MM/DD/YYYY"))
        );
        assert_eq!(
            detect(["yesterday"]),
            DateDetection::NoneFits("yesterday".into())
        );
        assert_eq!(detect(["", " "]), DateDetection::NoSamples);
        assert!(
            detect(["01/02/2024"])
                .into_result()
                .unwrap_err()
                .contains("set date_format")
        );
    }
}
