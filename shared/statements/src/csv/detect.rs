//! Detection of CSV settings from the decoded first bytes of a file: the delimiter (the one
//! that splits the first rows into the same number of fields), the header, and the decimal and
//! thousands separators of the amounts.

use crate::amount::{DecimalSeparator, ThousandsSeparator};
use crate::csv::mapping::Delimiter;
use crate::csv::settings::Setting;
use crate::date::DateFormat;

/// How many records of the sample detection reads.
const SAMPLE_RECORDS: usize = 200;

/// The records of the sample, less `skip` leading ones. The last record is dropped when the
/// sample is not the whole file, as it may be cut.
pub(crate) fn sample_records(
    text: &str,
    delimiter: Delimiter,
    skip: u32,
    whole: bool,
) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter.as_byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map_while(Result::ok)
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .take(SAMPLE_RECORDS + 1)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    if !whole || records.len() > SAMPLE_RECORDS {
        records.pop();
    }
    records
}

/// The delimiter whose field count is the same on most of the first records (at least two
/// fields); ties go to the one giving more fields, then to the order `,` `;` tab `|`.
pub(crate) fn delimiter(text: &str, skip: u32, whole: bool) -> Option<Delimiter> {
    let mut best: Option<(usize, usize, Delimiter)> = None;
    for candidate in Delimiter::ALL {
        let records = sample_records(text, candidate, skip, whole);
        let Some((fields, agreeing)) = mode(records.iter().map(Vec::len)) else {
            continue;
        };
        if fields < 2 {
            continue;
        }
        let better = best.is_none_or(|(f, a, _)| (agreeing, fields) > (a, f));
        if better {
            best = Some((fields, agreeing, candidate));
        }
    }
    best.map(|(_, _, delimiter)| delimiter)
}

/// The most frequent value and how often it occurs.
fn mode(values: impl Iterator<Item = usize>) -> Option<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(value, _)| *value == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(value, n)| (n, value))
}

/// Whether the first record is a header: its date cell is not a date and its amount cells have
/// no digits (a data row with a bad date is kept, to be reported, rather than taken as header).
pub(crate) fn first_is_header(
    date_cell: Option<&str>,
    amount_cells: &[&str],
    given: Option<&DateFormat>,
) -> bool {
    if amount_cells
        .iter()
        .any(|c| c.bytes().any(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let Some(cell) = date_cell.map(str::trim).filter(|c| !c.is_empty()) else {
        return true;
    };
    match given {
        Some(format) => format.parse_date(cell).is_err(),
        None => !matches!(
            crate::date::detect([cell]),
            crate::date::DateDetection::Found(_) | crate::date::DateDetection::Ambiguous(_)
        ),
    }
}

/// The separators of the sample amounts. Each value votes: with both `.` and `,` the last is
/// the decimal separator; one separator repeated is the thousands separator; one separator
/// followed by other than three digits is the decimal separator; one followed by exactly three
/// digits (`1,234`) is ambiguous and does not vote. Disagreement or no vote leaves the default
/// (`.`, no thousands separator).
pub(crate) fn number_format<'a>(
    samples: impl IntoIterator<Item = &'a str>,
) -> (Setting<DecimalSeparator>, Setting<ThousandsSeparator>) {
    let mut decimal: Option<Option<DecimalSeparator>> = None;
    let mut thousands: Option<Option<ThousandsSeparator>> = None;
    for sample in samples {
        let (d, t) = classify(sample);
        if let Some(d) = d {
            vote(&mut decimal, d);
        }
        if let Some(t) = t {
            vote(&mut thousands, t);
        }
    }
    let decimal = match decimal.flatten() {
        Some(d) => Setting::detected(d),
        None => match thousands.flatten() {
            Some(ThousandsSeparator::Dot) => Setting::detected(DecimalSeparator::Comma),
            Some(ThousandsSeparator::Comma) => Setting::detected(DecimalSeparator::Dot),
            _ => Setting::default_value(DecimalSeparator::Dot),
        },
    };
    let thousands = match thousands.flatten() {
        Some(t) if !conflicts(decimal.value, t) => Setting::detected(t),
        _ => Setting::default_value(ThousandsSeparator::None),
    };
    (decimal, thousands)
}

fn conflicts(decimal: DecimalSeparator, thousands: ThousandsSeparator) -> bool {
    matches!(
        (decimal, thousands),
        (DecimalSeparator::Dot, ThousandsSeparator::Dot)
            | (DecimalSeparator::Comma, ThousandsSeparator::Comma)
    )
}

/// Records one vote: `None` before the first, `Some(None)` after disagreeing ones.
fn vote<T: PartialEq>(slot: &mut Option<Option<T>>, value: T) {
    match slot {
        None => *slot = Some(Some(value)),
        Some(Some(v)) if *v != value => *slot = Some(None),
        _ => {}
    }
}

/// The separators one value shows, if any.
fn classify(value: &str) -> (Option<DecimalSeparator>, Option<ThousandsSeparator>) {
    let digits_and_marks: Vec<char> = value
        .trim()
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .collect();
    let end = digits_and_marks
        .iter()
        .rposition(char::is_ascii_digit)
        .map_or(0, |i| i + 1);
    let body = &digits_and_marks[..end];
    let other_thousands = body.windows(3).find_map(|w| {
        let between_digits = w[0].is_ascii_digit() && w[2].is_ascii_digit();
        match w[1] {
            ' ' | '\u{a0}' | '\u{202f}' if between_digits => Some(ThousandsSeparator::Space),
            '\'' | '\u{2019}' if between_digits => Some(ThousandsSeparator::Apostrophe),
            _ => None,
        }
    });
    let last_dot = body.iter().rposition(|&c| c == '.');
    let last_comma = body.iter().rposition(|&c| c == ',');
    let count = |mark| body.iter().filter(|&&c| c == mark).count();
    let as_decimal = |mark| match mark {
        '.' => DecimalSeparator::Dot,
        _ => DecimalSeparator::Comma,
    };
    let as_thousands = |mark| match mark {
        '.' => ThousandsSeparator::Dot,
        _ => ThousandsSeparator::Comma,
    };
    let (decimal, thousands) = match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            let (last, first) = if d > c { ('.', ',') } else { (',', '.') };
            (Some(as_decimal(last)), Some(as_thousands(first)))
        }
        (Some(at), None) | (None, Some(at)) => {
            let mark = body[at];
            let after = body.len() - at - 1;
            if count(mark) > 1 {
                (None, Some(as_thousands(mark)))
            } else if after != 3 {
                (Some(as_decimal(mark)), None)
            } else {
                (None, None)
            }
        }
        (None, None) => (None, None),
    };
    (decimal, thousands.or(other_thousands))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_by_consistent_field_count() {
        let semi = "Datum;Betrag;Text\n01.02.2024;-1,50;Kaffee, Milch\n02.02.2024;3,00;Brot\n";
        assert_eq!(delimiter(semi, 0, true), Some(Delimiter::Semicolon));
        let comma = "date,amount,description\n2024-01-01,1.00,\"a; b\"\n2024-01-02,2.00,c\n";
        assert_eq!(delimiter(comma, 0, true), Some(Delimiter::Comma));
        let tab = "a\tb\tc\n1\t2\t3\n";
        assert_eq!(delimiter(tab, 0, true), Some(Delimiter::Tab));
        let pipe = "a|b\n1|2\n";
        assert_eq!(delimiter(pipe, 0, true), Some(Delimiter::Pipe));
        assert_eq!(delimiter("just some words\nand more\n", 0, true), None);
    }

    #[test]
    fn preamble_rows_are_skipped_or_outvoted() {
        let text = "Account: 123\nPeriod: January\nDate;Amount\n2024-01-01;1\n2024-01-02;2\n";
        assert_eq!(delimiter(text, 2, true), Some(Delimiter::Semicolon));
        assert_eq!(delimiter(text, 0, true), Some(Delimiter::Semicolon));
        let records = sample_records(text, Delimiter::Semicolon, 2, true);
        assert_eq!(records[0], ["Date", "Amount"]);
        assert_eq!(records.len(), 3);
    }

    #[test]
    fn a_cut_sample_drops_its_last_record() {
        let records = sample_records("a;b\n1;2\n3;", Delimiter::Semicolon, 0, false);
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn header_detection() {
        assert!(first_is_header(Some("Date"), &["Amount"], None));
        assert!(!first_is_header(Some("2024-01-05"), &["1.00"], None));
        assert!(!first_is_header(Some("01/02/2024"), &[], None));
        let dmy: DateFormat = "DD.MM.YYYY".parse().unwrap();
        assert!(first_is_header(
            Some("Buchungstag"),
            &["Betrag"],
            Some(&dmy)
        ));
        assert!(!first_is_header(Some("05.01.2024"), &[], Some(&dmy)));
        assert!(first_is_header(None, &[], None));
        assert!(
            !first_is_header(Some("2024-02-30"), &["-12.00"], None),
            "a bad date over a number is a data row"
        );
    }

    #[test]
    fn number_formats() {
        let d = |values: &[&str]| {
            let (d, t) = number_format(values.iter().copied());
            (d.value, t.value, d.source)
        };
        use crate::csv::settings::SettingSource::*;
        use DecimalSeparator::*;
        use ThousandsSeparator as T;
        assert_eq!(d(&["-1,50", "3,00"]), (Comma, T::None, Detected));
        assert_eq!(d(&["1.234,56", "-2,00"]), (Comma, T::Dot, Detected));
        assert_eq!(d(&["1,234.56"]), (Dot, T::Comma, Detected));
        assert_eq!(d(&["1,234"]), (Dot, T::None, Default));
        assert_eq!(d(&["1,234", "5,00"]), (Comma, T::None, Detected));
        assert_eq!(d(&["1.234.567"]), (Comma, T::Dot, Detected));
        assert_eq!(d(&["12", "-3"]), (Dot, T::None, Default));
        assert_eq!(d(&["1 234,50"]), (Comma, T::Space, Detected));
        assert_eq!(d(&["1'234.50"]), (Dot, T::Apostrophe, Detected));
        assert_eq!(d(&["€ 12.50", "(3.10)"]), (Dot, T::None, Detected));
        assert_eq!(d(&["1,5", "2.5"]), (Dot, T::None, Default));
    }
}
