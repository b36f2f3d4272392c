//! The CSV fixtures, parsed with mappings as the import API receives them in JSON.

mod common;

use common::{collect, errors, fixture, ok, options};
use ferrofin_statements::{
    CsvMapping, DecimalSeparator, Delimiter, EncodingSource, SettingSource, ThousandsSeparator,
    parse_csv,
};
use time::macros::date;

fn mapping(json: &str) -> CsvMapping {
    serde_json::from_str(json).unwrap()
}

#[test]
fn semicolon_decimal_comma_german_export() {
    let m = mapping(
        r#"{"date": "Buchungstag", "amount": {"kind": "single", "column": "Betrag"},
            "payee": "Empfänger", "description": "Verwendungszweck", "currency": "Währung"}"#,
    );
    let rows = parse_csv(
        fixture("bank_semicolon_decimal_comma.csv"),
        &m,
        &options("EUR"),
    )
    .unwrap();
    let s = rows.settings().clone();
    assert_eq!(s.delimiter.value, Delimiter::Semicolon);
    assert_eq!(s.delimiter.source, SettingSource::Detected);
    assert_eq!(s.date_format.value.name(), "DD.MM.YYYY");
    assert_eq!(s.decimal_separator.value, DecimalSeparator::Comma);
    assert_eq!(s.thousands_separator.value, ThousandsSeparator::Dot);
    assert_eq!(
        (s.encoding.as_str(), s.encoding_source),
        ("UTF-8", EncodingSource::ValidUtf8)
    );
    assert!(s.has_header.value);
    assert_eq!(s.headers[2], "Empfänger");

    let results = collect(rows);
    assert_eq!(
        errors(&results),
        Vec::<&ferrofin_statements::RowError>::new()
    );
    let rows = ok(&results);
    assert_eq!(
        rows.len(),
        4,
        "the empty line and the ;;;;; row are skipped"
    );
    assert_eq!(rows[0].row, 2);
    assert_eq!(rows[0].date, date!(2024 - 01 - 02));
    assert_eq!(rows[0].amount.to_string(), "-4.50");
    assert_eq!(rows[0].payee.as_deref(), Some("Bäckerei Müller"));
    assert_eq!(rows[0].currency.as_deref(), Some("EUR"));
    assert_eq!(rows[1].description, "Gehalt; Januar");
    assert_eq!(rows[1].amount.to_string(), "2500.00");
    assert_eq!(rows[2].description, "Abschlag\nStrom");
    assert_eq!(rows[2].amount.to_string(), "-1234.56");
    assert_eq!(
        rows[3].row, 6,
        "rows count as in a spreadsheet: the empty line is a row, the quoted newline is not"
    );
    assert_eq!(rows[3].amount.to_string(), "-3.90");
}

#[test]
fn debit_and_credit_columns() {
    let m = mapping(
        r#"{"date": "Date", "description": "Description",
            "amount": {"kind": "debit_credit", "debit": "Debit", "credit": "Credit"}}"#,
    );
    let rows = parse_csv(fixture("debit_credit.csv"), &m, &options("GBP")).unwrap();
    assert_eq!(rows.settings().date_format.value.name(), "DD/MM/YYYY");
    assert_eq!(
        rows.settings().thousands_separator.value,
        ThousandsSeparator::Comma
    );
    let results = collect(rows);
    let good = ok(&results);
    let amounts: Vec<String> = good.iter().map(|r| r.amount.to_string()).collect();
    assert_eq!(amounts, ["-23.10", "2000.00", "-1100.00"]);
    assert_eq!(good[2].date, date!(2024 - 02 - 29));
    assert_eq!(
        good[0].currency, None,
        "no currency column: the account currency"
    );
    let bad: Vec<String> = errors(&results).iter().map(|e| e.to_string()).collect();
    assert_eq!(
        bad,
        [
            "row 4: debit (5.00) and credit (6.00) are both filled; one must be empty",
            "row 5: debit and credit are both empty",
        ]
    );
}

#[test]
fn amount_with_a_direction_column_and_currencies() {
    let m = mapping(
        r#"{"date": 0, "has_header": true, "currency": "Currency", "external_id": "Reference",
            "description": "Narrative", "date_format": "YYYYMMDD",
            "amount": {"kind": "direction", "amount": "Amount", "direction": "DR/CR",
                       "debit_values": ["DR", "D"], "credit_values": ["CR", "C"]}}"#,
    );
    let rows = parse_csv(fixture("direction.tsv"), &m, &options("USD")).unwrap();
    assert_eq!(rows.settings().delimiter.value, Delimiter::Tab);
    assert_eq!(rows.settings().date_format.source, SettingSource::Given);
    let results = collect(rows);
    let good = ok(&results);
    assert_eq!(good.len(), 3);
    assert_eq!(good[0].amount.to_string(), "-12.00");
    assert_eq!(
        good[1].amount.to_string(),
        "100.00",
        "direction values ignore case"
    );
    assert_eq!(good[2].amount.to_string(), "-1500");
    assert_eq!(good[2].currency.as_deref(), Some("JPY"));
    assert_eq!(good[0].external_id.as_deref(), Some("REF001"));
    let bad: Vec<String> = errors(&results).iter().map(|e| e.to_string()).collect();
    assert_eq!(
        bad,
        [
            "row 5, column direction: 'xx' is neither a debit value (dr, d) nor a credit value (cr, c)",
            "row 6, column amount: 12.345 has more decimals than USD allows (2)",
        ]
    );
}

#[test]
fn utf8_bom_crlf_quoted_newline_and_expenses_positive() {
    let m = mapping(
        r#"{"date": "date", "amount": {"kind": "single", "column": "amount"},
            "payee": "payee", "notes": "memo", "sign": "outflow_positive"}"#,
    );
    let rows = parse_csv(fixture("bom_crlf.csv"), &m, &options("USD")).unwrap();
    let s = rows.settings().clone();
    assert_eq!(
        (s.encoding.as_str(), s.encoding_source),
        ("UTF-8", EncodingSource::ByteOrderMark)
    );
    assert_eq!(
        s.headers,
        ["date", "amount", "payee", "memo"],
        "the BOM is not in the header"
    );
    assert_eq!(s.delimiter.value, Delimiter::Comma);
    let results = collect(rows);
    let good = ok(&results);
    assert_eq!(good.len(), 2);
    assert_eq!(good[0].amount.to_string(), "-19.99");
    assert_eq!(good[0].payee.as_deref(), Some("Netflix, Inc."));
    assert_eq!(good[0].notes.as_deref(), Some("monthly\r\nplan"));
    assert_eq!(good[1].amount.to_string(), "250.00");
    assert_eq!(good[1].row, 3);
    let bad = errors(&results);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].row, 4);
    assert_eq!(bad[0].column.as_deref(), Some("amount"));
    assert!(
        bad[0].message.contains("exponent notation"),
        "{}",
        bad[0].message
    );
}

#[test]
fn windows_1252_is_detected_and_decoded() {
    let m = mapping(
        r#"{"date": "Date", "amount": {"kind": "single", "column": "Montant"}, "description": "Libellé"}"#,
    );
    let rows = parse_csv(fixture("windows1252.csv"), &m, &options("EUR")).unwrap();
    let s = rows.settings().clone();
    assert_eq!(
        (s.encoding.as_str(), s.encoding_source),
        ("windows-1252", EncodingSource::Guessed)
    );
    assert_eq!(s.date_format.value.name(), "DD/MM/YYYY");
    let results = collect(rows);
    let good = ok(&results);
    assert_eq!(good.len(), 3);
    assert_eq!(good[0].description, "Café crème à Paris");
    assert_eq!(good[1].description, "Livre £ sterling");
    assert_eq!(good[2].amount.to_string(), "45.00");
}

#[test]
fn windows_1252_given_explicitly() {
    let m = mapping(
        r#"{"date": 0, "amount": {"kind": "single", "column": 2}, "description": 1,
            "encoding": "iso-8859-1", "delimiter": ";", "decimal_separator": ","}"#,
    );
    let rows = parse_csv(fixture("windows1252.csv"), &m, &options("EUR")).unwrap();
    let s = rows.settings().clone();
    assert_eq!(s.encoding_source, EncodingSource::Given);
    assert!(s.has_header.value, "the first row's date column says Date");
    assert_eq!(s.has_header.source, SettingSource::Detected);
    let results = collect(rows);
    assert_eq!(ok(&results)[0].description, "Café crème à Paris");
}

#[test]
fn mapping_errors_are_fatal_and_say_what_the_header_has() {
    let m = mapping(r#"{"date": "Datum", "amount": {"kind": "single", "column": "Betrag"}}"#);
    let err = parse_csv(
        fixture("bank_semicolon_decimal_comma.csv"),
        &m,
        &options("EUR"),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(err.contains("no column 'Datum' (for date)"), "{err}");
    assert!(err.contains("Buchungstag, Valuta"), "{err}");
}
