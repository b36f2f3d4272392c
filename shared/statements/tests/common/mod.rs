//! Helpers shared by the integration tests: a small currency table and file loading.

#![allow(dead_code)]

use std::fs::File;
use std::path::PathBuf;

use ferrofin_statements::{Options, RowError, RowResult, StatementError, StatementRow};

pub fn exponent(code: &str) -> Option<u32> {
    match code {
        "EUR" | "USD" | "GBP" | "CAD" => Some(2),
        "JPY" => Some(0),
        "KWD" => Some(3),
        _ => None,
    }
}

pub fn options(currency: &str) -> Options {
    Options::new(currency, exponent)
}

pub fn fixture(name: &str) -> File {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every item of a parse, failing the test on a fatal error.
pub fn collect(rows: impl Iterator<Item = Result<RowResult, StatementError>>) -> Vec<RowResult> {
    rows.map(|item| item.unwrap_or_else(|e| panic!("fatal: {e}")))
        .collect()
}

pub fn ok(results: &[RowResult]) -> Vec<&StatementRow> {
    results.iter().filter_map(|r| r.as_ref().ok()).collect()
}

pub fn errors(results: &[RowResult]) -> Vec<&RowError> {
    results.iter().filter_map(|r| r.as_ref().err()).collect()
}
