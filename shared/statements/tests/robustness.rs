//! Property-style checks with plain loops and a seeded generator: no input, random or a
//! mutated fixture, makes a parse panic, and every item is either a row, a row error or one
//! final fatal error.

mod common;

use common::{fixture, options};
use ferrofin_statements::{
    AmountColumns, Column, CsvHints, CsvMapping, Format, RowResult, StatementError, inspect_csv,
    parse, preview,
};
use std::io::Read;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn bytes(&mut self, len: usize, alphabet: &[u8]) -> Vec<u8> {
        (0..len)
            .map(|_| {
                if alphabet.is_empty() {
                    self.next() as u8
                } else {
                    alphabet[self.below(alphabet.len())]
                }
            })
            .collect()
    }
}

fn formats() -> Vec<Format> {
    let by_index = CsvMapping::new(Column::Index(0), Column::Index(1));
    let mut by_name = CsvMapping::new(Column::Name("date".into()), Column::Name("amount".into()));
    by_name.description = Some(Column::Index(2));
    by_name.currency = Some(Column::Index(3));
    let mut debit_credit = by_index.clone();
    debit_credit.amount = AmountColumns::DebitCredit {
        debit: Column::Index(1),
        credit: Column::Index(2),
    };
    debit_credit.has_header = Some(false);
    let mut direction = by_index.clone();
    direction.amount = AmountColumns::Direction {
        amount: Column::Index(1),
        direction: Column::Index(2),
        debit_values: vec!["D".into()],
        credit_values: vec!["C".into()],
    };
    direction.date_format = Some("DD.MM.YYYY".parse().unwrap());
    vec![
        Format::Csv(Box::new(by_index)),
        Format::Csv(Box::new(by_name)),
        Format::Csv(Box::new(debit_credit)),
        Format::Csv(Box::new(direction)),
        Format::Ofx,
    ]
}

/// Parses to the end; checks that a fatal error is the last item.
fn exercise(bytes: &[u8], format: &Format) {
    let Ok(rows) = parse(bytes, format, &options("EUR")) else {
        return;
    };
    let items: Vec<Result<RowResult, StatementError>> = rows.take(100_000).collect();
    if let Some(at) = items.iter().position(Result::is_err) {
        assert_eq!(at, items.len() - 1, "a fatal error ends the parse");
    }
    let _ = preview(bytes, format, &options("EUR"), 3);
    let _ = inspect_csv(bytes, &CsvHints::default(), 3);
}

const CSV_ALPHABET: &[u8] = b"0123456789,,;;..--\"\"\n\n\r\t| ()eE$\xe2\x82\xac\xc3\xa9/\xff\x00ab";
const OFX_ALPHABET: &[u8] = b"<>/<>/STMTRNAMDPOXF01239.-&;:[] \n\"?=";

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let formats = formats();
    for round in 0..300 {
        let len = rng.below(600);
        let bytes = match round % 3 {
            0 => rng.bytes(len, &[]),
            1 => rng.bytes(len, CSV_ALPHABET),
            _ => {
                let mut b = b"OFXHEADER:100\n\n<OFX><STMTRS><BANKTRANLIST><STMTTRN>".to_vec();
                b.extend(rng.bytes(len, OFX_ALPHABET));
                b
            }
        };
        for format in &formats {
            exercise(&bytes, format);
        }
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut rng = Rng(0xfeed_beef_0bad_cafe);
    let formats = formats();
    for name in [
        "bank_semicolon_decimal_comma.csv",
        "debit_credit.csv",
        "direction.tsv",
        "bom_crlf.csv",
        "windows1252.csv",
        "ofx1_bank.ofx",
        "ofx2_creditcard.ofx",
        "quicken.qfx",
    ] {
        let mut original = Vec::new();
        fixture(name).read_to_end(&mut original).unwrap();
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len().max(1));
                match rng.below(3) {
                    0 if !bytes.is_empty() => bytes[at] = rng.next() as u8,
                    1 if !bytes.is_empty() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at.min(bytes.len()), rng.next() as u8),
                }
            }
            if rng.below(4) == 0 {
                bytes.truncate(rng.below(bytes.len().max(1)));
            }
            for format in &formats {
                exercise(&bytes, format);
            }
        }
    }
}
