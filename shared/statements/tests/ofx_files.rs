//! The OFX and QFX fixtures: SGML 1.x bank statement, XML 2.x credit-card statement, QFX.

mod common;

use common::{collect, errors, fixture, ok, options};
use ferrofin_statements::{
    EncodingSource, Format, OfxSyntax, StatementKind, looks_like_ofx, parse, parse_ofx, preview,
};
use std::io::Read;
use time::macros::date;

#[test]
fn sgml_bank_statement() {
    let mut rows = parse_ofx(fixture("ofx1_bank.ofx"), &options("EUR")).unwrap();
    assert_eq!(rows.info().syntax, OfxSyntax::Sgml);
    assert_eq!(rows.info().version.as_deref(), Some("102"));
    assert_eq!(rows.info().encoding, "windows-1252");
    let results = collect(rows.by_ref());
    let good = ok(&results);
    assert_eq!(good.len(), 3);
    let first = good[0];
    assert_eq!(first.row, 1);
    assert_eq!(
        first.date,
        date!(2024 - 01 - 05),
        "the date as written, not moved to UTC"
    );
    assert_eq!(first.amount.to_string(), "-80.32");
    assert_eq!(first.currency.as_deref(), Some("USD"));
    assert_eq!(first.external_id.as_deref(), Some("219378"));
    assert_eq!(
        first.description, "AT&T WIRELESS",
        "a bare & in SGML text is kept"
    );
    assert_eq!(first.payee.as_deref(), Some("AT&T WIRELESS"));
    assert_eq!(first.notes.as_deref(), Some("Phone bill"));
    assert_eq!(good[1].description, "PAYROLL ACME & CO");
    assert_eq!(good[1].amount.to_string(), "1500.00");
    assert_eq!(good[2].row, 4);
    assert_eq!(good[2].payee.as_deref(), Some("CORNER CAFE"), "PAYEE/NAME");
    let bad = errors(&results);
    assert_eq!(bad.len(), 1);
    assert_eq!(
        bad[0].to_string(),
        "row 3, column TRNAMT: -25.005 has more decimals than USD allows (2)"
    );

    let statements = rows.statements();
    assert_eq!(statements.len(), 1);
    let s = &statements[0];
    assert_eq!(s.kind, StatementKind::Bank);
    assert_eq!(s.currency.as_deref(), Some("USD"));
    assert_eq!(s.account_id.as_deref(), Some("999988"));
    assert_eq!(s.transactions, 4);
    let balance = s.ledger_balance.as_ref().unwrap();
    assert_eq!(balance.amount.to_string(), "1390.18");
    assert_eq!(balance.date, date!(2024 - 01 - 31));
}

#[test]
fn xml_credit_card_statement() {
    let mut rows = parse_ofx(fixture("ofx2_creditcard.ofx"), &options("EUR")).unwrap();
    assert_eq!(rows.info().syntax, OfxSyntax::Xml);
    assert_eq!(rows.info().version.as_deref(), Some("211"));
    let results = collect(rows.by_ref());
    let good = ok(&results);
    assert_eq!(good.len(), 3);
    assert_eq!(good[0].description, "Librairie & Café");
    assert_eq!(good[0].notes.as_deref(), Some("Livres <poche>"));
    assert_eq!(good[0].amount.to_string(), "-42.90");
    assert_eq!(
        good[1].currency.as_deref(),
        Some("GBP"),
        "the transaction's own CURRENCY"
    );
    assert_eq!(good[2].amount.to_string(), "500.00", "a comma radix point");
    let bad = errors(&results);
    assert_eq!(bad.len(), 1);
    assert_eq!(
        (bad[0].row, bad[0].column.as_deref()),
        (4, Some("DTPOSTED"))
    );
    let s = &rows.statements()[0];
    assert_eq!(s.kind, StatementKind::CreditCard);
    assert_eq!(s.account_id.as_deref(), Some("4111111111111111"));
    assert_eq!(
        s.ledger_balance.as_ref().unwrap().amount.to_string(),
        "-337.10"
    );
}

#[test]
fn qfx_with_intuit_elements_and_latin1() {
    let mut bytes = Vec::new();
    fixture("quicken.qfx").read_to_end(&mut bytes).unwrap();
    assert!(looks_like_ofx(&bytes));
    let mut rows = parse(&bytes[..], &Format::Ofx, &options("CAD")).unwrap();
    let results = collect(rows.by_ref());
    let good = ok(&results);
    assert_eq!(good.len(), 3);
    assert_eq!(good[0].description, "Interest", "an explicitly closed leaf");
    assert_eq!(good[1].description, "Café du coin");
    assert_eq!(good[1].notes.as_deref(), Some("Carte 1234"));
    assert_eq!(good[2].external_id, None);
    assert_eq!(good[2].currency.as_deref(), Some("CAD"));
    let s = &rows.statements()[0];
    assert_eq!(
        s.ledger_balance.as_ref().unwrap().amount.to_string(),
        "990.43"
    );
    assert_eq!(s.account_id.as_deref(), Some("12345"));
}

#[test]
fn statement_without_curdef_uses_the_account_currency() {
    let file = "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST>\
                <STMTTRN><DTPOSTED>20240101<TRNAMT>-1500<NAME>x</STMTTRN>\
                <STMTTRN><DTPOSTED>20240101<TRNAMT>-1.5<NAME>y</STMTTRN>";
    let results = collect(parse_ofx(file.as_bytes(), &options("JPY")).unwrap());
    assert_eq!(ok(&results)[0].amount.to_string(), "-1500");
    assert_eq!(ok(&results)[0].currency, None);
    assert_eq!(
        errors(&results)[0].message,
        "-1.5 has more decimals than JPY allows (0)"
    );
}

#[test]
fn not_ofx_and_no_statement() {
    let err = parse_ofx(&b"Date,Amount\n"[..], &options("USD"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("not an OFX statement"), "{err}");
    let investment = "OFXHEADER:100\n\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>";
    let mut rows = parse_ofx(investment.as_bytes(), &options("USD")).unwrap();
    let err = rows.next().unwrap().unwrap_err().to_string();
    assert!(err.contains("no bank statement"), "{err}");
    assert!(rows.next().is_none());
}

#[test]
fn malformed_xml_is_fatal_with_a_position() {
    let file = "<?xml version=\"1.0\"?><?OFX VERSION=\"211\"?><OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>-1.00</TRNAMT></STMTTRN><STMTTRN><NAME <";
    let items: Vec<_> = parse_ofx(file.as_bytes(), &options("USD"))
        .unwrap()
        .collect();
    assert!(items[0].as_ref().unwrap().is_ok());
    let err = items.last().unwrap().as_ref().unwrap_err().to_string();
    assert!(err.contains("malformed"), "{err}");
}

#[test]
fn preview_reads_the_first_rows() {
    let p = preview(fixture("ofx1_bank.ofx"), &Format::Ofx, &options("USD"), 2).unwrap();
    assert_eq!(p.rows.len(), 2);
    assert!(!p.complete);
    let whole = preview(fixture("ofx1_bank.ofx"), &Format::Ofx, &options("USD"), 100).unwrap();
    assert_eq!(whole.rows.len(), 4);
    assert!(whole.complete);
    assert_eq!(whole.statements.len(), 1);
    match whole.settings {
        ferrofin_statements::Settings::Ofx(info) => {
            assert_eq!(info.encoding_source, EncodingSource::Given)
        }
        other => panic!("{other:?}"),
    }
}
