//! The layout of a CSV file from its first bytes, before any mapping: its encoding, delimiter
//! and first records. Parsing starts from it; [`inspect_csv`] shows it (with a guess of which
//! columns hold dates and amounts) so a first upload can be mapped.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::StatementError;
use crate::amount::{NumberFormat, parse_amount};
use crate::csv::detect;
use crate::csv::mapping::Delimiter;
use crate::csv::settings::Setting;
use crate::date::{self, DateDetection};
use crate::encoding::{self, EncodingSource, TextEncoding};
use crate::sample::{SAMPLE_BYTES, Sampled, sample};

/// A file's first bytes, read and understood.
pub(crate) struct Opened<R> {
    pub sampled: Sampled<R>,
    pub encoding: TextEncoding,
    pub delimiter: Setting<Delimiter>,
    /// The non-blank records of the sample after the skipped ones (header included).
    pub records: Vec<Vec<String>>,
}

/// Reads the sample and settles the encoding and the delimiter.
pub(crate) fn open<R: Read>(
    input: R,
    hints: &CsvHints,
    max_record: usize,
) -> Result<Opened<R>, StatementError> {
    let sampled = sample(input, SAMPLE_BYTES)?;
    if sampled.head.is_empty() {
        return Err(StatementError::Empty);
    }
    let encoding = encoding::choose(hints.encoding.as_deref(), &sampled.head, sampled.whole)?;
    encoding::check_text(&sampled.head, &encoding)?;
    let text = sample_text(&sampled.head[encoding.bom_len..], &encoding, sampled.whole);
    if !sampled.whole && !text.contains(['\n', '\r']) {
        return Err(StatementError::TooLong {
            what: "a row",
            at: "row 1".to_owned(),
            limit: SAMPLE_BYTES.min(max_record),
        });
    }
    let delimiter = match hints.delimiter {
        Some(d) => Setting::given(d),
        None => detect::delimiter(&text, hints.skip_rows, sampled.whole)
            .map(Setting::detected)
            .ok_or_else(|| {
                StatementError::NotCsv(
                    "no delimiter (, ; tab |) splits the first rows into the same number of fields"
                        .to_owned(),
                )
            })?,
    };
    let records = detect::sample_records(&text, delimiter.value, hints.skip_rows, sampled.whole);
    if records.is_empty() {
        return Err(StatementError::Empty);
    }
    Ok(Opened {
        sampled,
        encoding,
        delimiter,
        records,
    })
}

/// The sample decoded for detection, cut after its last line break unless it is the whole file.
fn sample_text(bytes: &[u8], encoding: &TextEncoding, whole: bool) -> String {
    let (text, _) = encoding.encoding.decode_without_bom_handling(bytes);
    let mut text = text.into_owned();
    if !whole && let Some(end) = text.rfind('\n') {
        text.truncate(end + 1);
    }
    text
}

/// What is known of a file before its mapping; everything left out is detected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvHints {
    #[serde(default)]
    pub encoding: Option<String>,
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    #[serde(default)]
    pub skip_rows: u32,
}

/// What a column of the first rows looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnLayout {
    pub index: usize,
    /// The header cell, when the first row looks like a header.
    pub header: Option<String>,
    /// The named date formats that read every value (one: a date column in that format;
    /// several: a date column whose format the first rows leave ambiguous).
    pub date_formats: Vec<&'static str>,
    /// Every value reads as an amount in the detected number format.
    pub amounts: bool,
}

/// A CSV file as its first rows show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvLayout {
    pub encoding: String,
    pub encoding_source: EncodingSource,
    pub delimiter: Setting<Delimiter>,
    /// The first row has no digits and later rows do.
    pub has_header: bool,
    pub columns: Vec<ColumnLayout>,
    /// Up to `max_rows` data rows, as text.
    pub rows: Vec<Vec<String>>,
}

/// Reads the first 64 KiB of a CSV file and describes it, for mapping a bank's first file.
pub fn inspect_csv<R: Read>(
    input: R,
    hints: &CsvHints,
    max_rows: usize,
) -> Result<CsvLayout, StatementError> {
    let opened = open(input, hints, usize::MAX)?;
    let records = opened.records;
    let has_digit = |r: &Vec<String>| r.iter().any(|c| c.bytes().any(|b| b.is_ascii_digit()));
    let has_header = !has_digit(&records[0]) && records[1..].iter().any(has_digit);
    let data = &records[usize::from(has_header)..];
    let width = records.iter().map(Vec::len).max().unwrap_or(0);
    let columns = (0..width)
        .map(|index| {
            let values: Vec<&str> = data
                .iter()
                .filter_map(|r| r.get(index).map(|v| v.trim()))
                .filter(|v| !v.is_empty())
                .collect();
            let date_formats = match date::detect(values.iter().copied()) {
                DateDetection::Found(format) => date::DateFormat::names()
                    .filter(|n| *n == format.name())
                    .collect(),
                DateDetection::Ambiguous(names) => names,
                DateDetection::NoneFits(_) | DateDetection::NoSamples => Vec::new(),
            };
            let (decimal, thousands) = detect::number_format(values.iter().copied());
            let format = NumberFormat {
                decimal: decimal.value,
                thousands: thousands.value,
            };
            let amounts = !values.is_empty()
                && date_formats.is_empty()
                && values
                    .iter()
                    .all(|v| parse_amount(v, format, 18, "", &[]).is_ok());
            ColumnLayout {
                index,
                header: has_header
                    .then(|| records[0].get(index).map(|h| h.trim().to_owned()))
                    .flatten(),
                date_formats,
                amounts,
            }
        })
        .collect();
    Ok(CsvLayout {
        encoding: opened.encoding.name().to_owned(),
        encoding_source: opened.encoding.source,
        delimiter: opened.delimiter,
        has_header,
        columns,
        rows: data.iter().take(max_rows).cloned().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_first_upload() {
        let file =
            "Buchungstag;Betrag;Text\n13.01.2024;-1.234,50;Miete\n14.01.2024;20,00;Erstattung\n";
        let layout = inspect_csv(file.as_bytes(), &CsvHints::default(), 1).unwrap();
        assert_eq!(layout.delimiter.value, Delimiter::Semicolon);
        assert!(layout.has_header);
        assert_eq!(layout.columns[0].header.as_deref(), Some("Buchungstag"));
        assert_eq!(layout.columns[0].date_formats, ["DD.MM.YYYY"]);
        assert!(layout.columns[1].amounts);
        assert!(!layout.columns[2].amounts);
        assert_eq!(layout.rows, [["13.01.2024", "-1.234,50", "Miete"]]);
    }

    #[test]
    fn ambiguous_dates_and_no_header() {
        let file = "01/02/2024,5.00\n03/04/2024,6.00\n";
        let layout = inspect_csv(file.as_bytes(), &CsvHints::default(), 10).unwrap();
        assert!(!layout.has_header);
        assert_eq!(layout.columns[0].header, None);
        assert_eq!(layout.columns[0].date_formats, ["DD/MM/YYYY", "MM/DD/YYYY"]);
        assert_eq!(layout.rows.len(), 2);
    }

    #[test]
    fn hints_are_used() {
        let file = "skip me\nx|y\n1|2\n";
        let hints = CsvHints {
            delimiter: Some(Delimiter::Pipe),
            skip_rows: 1,
            ..CsvHints::default()
        };
        let layout = inspect_csv(file.as_bytes(), &hints, 10).unwrap();
        assert!(layout.has_header);
        assert_eq!(layout.columns[1].header.as_deref(), Some("y"));
        assert!(matches!(
            inspect_csv(&b""[..], &hints, 1),
            Err(StatementError::Empty)
        ));
    }
}
