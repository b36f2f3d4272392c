//! Edge cases: malformed rows, fatal errors, over-long input refused without buffering it,
//! other encodings, the preview, and fingerprints of identical rows.

mod common;

use std::io::{self, Read};

use common::{collect, errors, ok, options};
use ferrofin_statements::{
    Column, CsvMapping, Fingerprint, Format, Limits, Occurrences, StatementError, parse_csv,
    parse_ofx, preview,
};

fn simple() -> CsvMapping {
    let mut m = CsvMapping::new(Column::Name("date".into()), Column::Name("amount".into()));
    m.description = Some(Column::Name("text".into()));
    m
}

fn csv(text: &str) -> Vec<ferrofin_statements::RowResult> {
    collect(parse_csv(text.as_bytes(), &simple(), &options("EUR")).unwrap())
}

fn fatal(text: &[u8], mapping: &CsvMapping) -> StatementError {
    match parse_csv(text, mapping, &options("EUR")) {
        Ok(rows) => rows.filter_map(Result::err).next().expect("a fatal error"),
        Err(e) => e,
    }
}

/// A reader of `prefix`, then `len` bytes of `fill`, then `suffix`, generated as read, that
/// counts how much was read.
struct Generated {
    prefix: io::Cursor<Vec<u8>>,
    fill: u8,
    left: usize,
    suffix: io::Cursor<Vec<u8>>,
    read: usize,
}

impl Generated {
    fn new(prefix: &str, fill: u8, len: usize, suffix: &str) -> Self {
        Self {
            prefix: io::Cursor::new(prefix.as_bytes().to_vec()),
            fill,
            left: len,
            suffix: io::Cursor::new(suffix.as_bytes().to_vec()),
            read: 0,
        }
    }
}

impl Read for &mut Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.prefix.read(buf)?;
        if n == 0 && self.left > 0 {
            n = buf.len().min(self.left);
            buf[..n].fill(self.fill);
            self.left -= n;
        }
        if n == 0 {
            n = self.suffix.read(buf)?;
        }
        self.read += n;
        Ok(n)
    }
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn malformed_rows_are_reported_and_the_file_goes_on() {
    let results = csv("date,amount,text\n\
         2024-01-01,1.00,ok\n\
         2024-01-02\n\
         2024-13-01,1.00,bad date\n\
         2024-01-04,abc,bad amount\n\
         2024-01-05,,empty amount\n\
         2024-01-06,\"1,5\",wrong separator\n\
         2024-01-07,2.00,ok again\n");
    assert_eq!(ok(&results).len(), 2);
    let messages: Vec<String> = errors(&results).iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "row 3, column amount: the row has 1 fields, and amount is field 1 (0-based)",
            "row 4, column date: 2024-13-01 is not a date in the format YYYY-MM-DD",
            "row 5, column amount: abc is not an amount: 'a' is not a digit",
            "row 6, column amount: is empty",
            "row 7, column amount: 1,5 is not an amount: ',' is not the decimal separator ('.') nor the thousands separator of this file",
        ]
    );
    assert_eq!(ok(&results)[1].row, 8);
}

#[test]
fn a_header_without_rows_is_an_empty_statement() {
    let rows = parse_csv(&b"date,amount,text\r\n"[..], &simple(), &options("EUR")).unwrap();
    assert_eq!(
        rows.settings().date_format.source,
        ferrofin_statements::SettingSource::Default
    );
    assert_eq!(rows.count(), 0);
}

#[test]
fn quoted_delimiters_quotes_and_newlines() {
    let results =
        csv("date,amount,text\n2024-01-01,\"-1,234.50\",\"say \"\"hi\"\", then\nleave\"\n");
    let row = ok(&results)[0];
    assert_eq!(row.amount.to_string(), "-1234.50");
    assert_eq!(row.description, "say \"hi\", then\nleave");
}

#[test]
fn too_many_decimals_and_exponents_are_refused() {
    let results =
        csv("date,amount,text\n2024-01-01,12.345,x\n2024-01-01,1e3,y\n2024-01-01,12.340,z\n");
    let e = errors(&results);
    assert_eq!(
        e[0].to_string(),
        "row 2, column amount: 12.345 has more decimals than EUR allows (2)"
    );
    assert!(e[1].message.contains("exponent notation"));
    assert_eq!(
        ok(&results)[0].amount.to_string(),
        "12.34",
        "trailing zeros are exact"
    );
}

#[test]
fn unknown_currency_in_a_row() {
    let mut m = simple();
    m.currency = Some(Column::Name("cur".into()));
    let text = "date,amount,text,cur\n2024-01-01,1.00,x,XYZ\n2024-01-01,1.000,x,KWD\n";
    let results = collect(parse_csv(text.as_bytes(), &m, &options("EUR")).unwrap());
    assert_eq!(
        errors(&results)[0].to_string(),
        "row 2, column currency: currency XYZ is unknown"
    );
    assert_eq!(ok(&results)[0].amount.to_string(), "1.000");
}

#[test]
fn invalid_utf8_is_a_row_error() {
    let mut text = b"date,amount,text\n2024-01-01,1.00,ok\n".to_vec();
    text.extend_from_slice(b"2024-01-02,2.00,caf\xe9\n");
    let mut m = simple();
    m.encoding = Some("utf-8".into());
    let results = collect(parse_csv(&text[..], &m, &options("EUR")).unwrap());
    let e = errors(&results);
    assert_eq!(e[0].column.as_deref(), Some("description"));
    assert!(e[0].message.contains("not valid UTF-8"), "{}", e[0].message);
}

#[test]
fn long_fields_are_row_errors() {
    let long = "x".repeat(2000);
    let results = csv(&format!("date,amount,text\n2024-01-01,1.00,{long}\n"));
    assert!(
        errors(&results)[0]
            .message
            .contains("2000 characters long; at most 1024")
    );
}

#[test]
fn utf16_with_bom() {
    let text = "\u{feff}date;amount;text\r\n2024-01-01;-1,50;Café\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let rows = parse_csv(&bytes[..], &simple(), &options("EUR")).unwrap();
    assert_eq!(rows.settings().encoding, "UTF-16LE");
    let results = collect(rows);
    assert_eq!(ok(&results)[0].description, "Café");
    assert_eq!(ok(&results)[0].amount.to_string(), "-1.50");
}

#[test]
fn fatal_errors_say_why() {
    let m = simple();
    assert!(matches!(fatal(b"", &m), StatementError::Empty));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    assert!(
        matches!(fatal(png, &m), StatementError::Binary(_)),
        "{}",
        fatal(png, &m)
    );
    let mut unknown = simple();
    unknown.encoding = Some("ebcdic-klingon".into());
    assert!(matches!(
        fatal(b"date,amount\n", &unknown),
        StatementError::UnknownEncoding(_)
    ));
    let prose = b"Dear customer, here is your statement\nThank you\n";
    let e = fatal(prose, &m).to_string();
    assert!(
        e.contains("no column 'date'") || e.contains("not a CSV"),
        "{e}"
    );
    let ambiguous = b"date,amount,text\n01/02/2024,1.00,x\n03/04/2024,2.00,y\n";
    let e = fatal(ambiguous, &m).to_string();
    assert!(
        e.contains("DD/MM/YYYY and MM/DD/YYYY; set date_format"),
        "{e}"
    );
    let words = b"aaa\nbbb\nccc\n";
    assert!(matches!(fatal(words, &m), StatementError::NotCsv(_)));
    let bad_account = parse_csv(&b"date,amount\n"[..], &m, &options("XXX"))
        .err()
        .unwrap();
    assert!(matches!(bad_account, StatementError::Options(_)));
}

#[test]
fn a_10_mb_first_line_is_refused_after_reading_only_the_sample() {
    let mut input = Generated::new("", b'a', TEN_MB, "\n");
    let err = fatal_from(&mut input);
    assert!(
        matches!(&err, StatementError::TooLong { at, .. } if at == "row 1"),
        "{err}"
    );
    assert!(input.read <= 128 * 1024, "read {} bytes", input.read);
}

fn fatal_from(input: &mut Generated) -> StatementError {
    match parse_csv(input, &simple(), &options("EUR")) {
        Ok(rows) => rows.filter_map(Result::err).next().expect("a fatal error"),
        Err(e) => e,
    }
}

#[test]
fn a_10_mb_line_after_good_rows_ends_the_parse_without_buffering_it() {
    let mut head = String::from("date,amount,text\n");
    for day in 1..=9 {
        head.push_str(&format!("2024-01-0{day},1.00,row\n"));
    }
    head.push_str("2024-01-10,1.00,");
    let mut input = Generated::new(&head, b'x', TEN_MB, "\n2024-01-11,1.00,after\n");
    let rows = parse_csv(&mut input, &simple(), &options("EUR")).unwrap();
    let items: Vec<_> = rows.collect();
    assert_eq!(items.iter().filter(|i| matches!(i, Ok(Ok(_)))).count(), 9);
    let err = items.last().unwrap().as_ref().unwrap_err().to_string();
    assert!(
        err.contains("a row at row 11 is longer than the limit of 65536 bytes"),
        "{err}"
    );
    assert!(input.read <= 256 * 1024, "read {} bytes", input.read);
}

#[test]
fn a_quoted_field_of_many_short_lines_is_capped_too() {
    let mut head = String::from("date,amount,text\n2024-01-01,1.00,ok\n");
    head.push_str("2024-01-02,1.00,\"");
    let mut input = Generated::new(&head, b'\n', TEN_MB, "\"\n");
    let rows = parse_csv(&mut input, &simple(), &options("EUR")).unwrap();
    let items: Vec<_> = rows.collect();
    assert!(matches!(
        items.last(),
        Some(Err(StatementError::TooLong { .. }))
    ));
    assert!(input.read <= 256 * 1024, "read {} bytes", input.read);
}

#[test]
fn a_smaller_record_limit_applies() {
    let mut options = options("EUR");
    options.limits = Limits {
        max_record_bytes: 100,
        ..Limits::default()
    };
    let text = format!("date,amount,text\n2024-01-01,1.00,{}\n", "y".repeat(200));
    let items: Vec<_> = parse_csv(text.as_bytes(), &simple(), &options)
        .unwrap()
        .collect();
    assert!(matches!(
        items.last(),
        Some(Err(StatementError::TooLong { limit: 100, .. }))
    ));
}

#[test]
fn a_10_mb_ofx_value_is_refused_without_buffering_it() {
    let head =
        "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><NAME>";
    let mut input = Generated::new(head, b'n', TEN_MB, "</STMTTRN>");
    let items: Vec<_> = parse_ofx(&mut input, &options("EUR")).unwrap().collect();
    let err = items.last().unwrap().as_ref().unwrap_err().to_string();
    assert!(err.contains("an OFX element or value at line 3"), "{err}");
    assert!(input.read <= 256 * 1024, "read {} bytes", input.read);
}

#[test]
fn csv_preview_reports_detected_settings_and_first_rows() {
    let mut text = String::from("date;amount;text\n");
    for day in 10..=28 {
        text.push_str(&format!("{day}.01.2024;-{day},50;row {day}\n"));
    }
    text.push_str("bad;1;x\n");
    let p = preview(
        text.as_bytes(),
        &Format::Csv(Box::new(simple())),
        &options("EUR"),
        5,
    )
    .unwrap();
    assert_eq!(p.rows.len(), 5);
    assert!(!p.complete);
    let json = serde_json::to_value(&p.settings).unwrap();
    assert_eq!(json["format"], "csv");
    assert_eq!(json["delimiter"]["value"], ";");
    assert_eq!(json["delimiter"]["source"], "detected");
    assert_eq!(json["date_format"]["value"], "DD.MM.YYYY");
    assert_eq!(json["decimal_separator"]["value"], ",");
    assert_eq!(json["has_header"]["value"], true);
    assert_eq!(json["encoding"], "UTF-8");
    let all = preview(
        text.as_bytes(),
        &Format::Csv(Box::new(simple())),
        &options("EUR"),
        100,
    )
    .unwrap();
    assert!(all.complete);
    assert_eq!(all.rows.len(), 20);
    assert!(all.rows[19].is_err());
}

#[test]
fn identical_rows_in_one_file_get_occurrences_one_and_two() {
    let text = "date,amount,text\n2024-01-01,-3.50,Coffee\n2024-01-01,-3.50,COFFEE \n2024-01-01,-3.50,Tea\n";
    let fingerprints = || {
        let mut occurrences = Occurrences::new();
        csv(text)
            .into_iter()
            .map(|r| occurrences.fingerprint(&r.unwrap()))
            .collect::<Vec<_>>()
    };
    let first = fingerprints();
    let occurrence = |f: &Fingerprint| match f {
        Fingerprint::Content { occurrence, .. } => *occurrence,
        Fingerprint::ExternalId(_) => 0,
    };
    assert_eq!(first.iter().map(occurrence).collect::<Vec<_>>(), [1, 2, 1]);
    assert_ne!(first[0].key(), first[1].key());
    let again: Vec<String> = fingerprints().iter().map(Fingerprint::key).collect();
    assert_eq!(
        first.iter().map(Fingerprint::key).collect::<Vec<_>>(),
        again
    );
}
