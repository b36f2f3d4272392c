//! Parses a generated 1,000,000-row CSV statement from memory and prints rows per second, for
//! parsing alone and with fingerprints (what the import job does per row). `harness = false`:
//! run with `cargo bench -p ferrofin-statements`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ferrofin_statements::{Column, CsvMapping, Occurrences, Options, parse_csv};

const ROWS: usize = 1_000_000;
const RUNS: usize = 3;

fn exponent(code: &str) -> Option<u32> {
    matches!(code, "EUR" | "USD").then_some(2)
}

/// A bank export: date, signed amount with thousands separators, payee, a description that is
/// sometimes quoted with a comma inside, a reference (not mapped as external id, so every
/// fingerprint is the content kind, the costlier one).
fn statement() -> Vec<u8> {
    let mut out = String::with_capacity(ROWS * 80);
    out.push_str("Date,Amount,Payee,Description,Reference\n");
    for i in 0..ROWS {
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let cents = (i * 7919) % 500_000;
        let sign = if i % 5 == 0 { "" } else { "-" };
        let (units, cents) = (cents / 100, cents % 100);
        let amount = if units >= 1000 {
            format!("\"{sign}{},{:03}.{cents:02}\"", units / 1000, units % 1000)
        } else {
            format!("{sign}{units}.{cents:02}")
        };
        let description = if i % 3 == 0 {
            format!("\"Card payment, shop {}\"", i % 977)
        } else {
            format!("Transfer {}", i % 1013)
        };
        out.push_str(&format!(
            "2024-{month:02}-{day:02},{amount},Payee {},{description},REF{i:08}\n",
            i % 499
        ));
    }
    out.into_bytes()
}

fn run(data: &[u8], fingerprints: bool) -> (usize, Duration) {
    let mut mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
    mapping.payee = Some(Column::Name("Payee".into()));
    mapping.description = Some(Column::Name("Description".into()));
    let options = Options::new("EUR", exponent);
    let start = Instant::now();
    let mut occurrences = Occurrences::new();
    let mut rows = 0;
    for item in parse_csv(data, &mapping, &options).expect("the statement opens") {
        let row = item.expect("no fatal error").expect("every row is good");
        if fingerprints {
            black_box(occurrences.fingerprint(&row).key());
        }
        black_box(&row);
        rows += 1;
    }
    (rows, start.elapsed())
}

fn main() {
    let data = statement();
    println!("generated {ROWS} rows, {} KB", data.len() / 1000);
    for (label, fingerprints) in [("parse", false), ("parse + fingerprint key", true)] {
        let mut best = Duration::MAX;
        for _ in 0..RUNS {
            let (rows, elapsed) = run(&data, fingerprints);
            assert_eq!(rows, ROWS);
            best = best.min(elapsed);
        }
        let micros = best.as_micros().max(1);
        println!(
            "{label}: best of {RUNS}: {} ms, {} rows/s",
            best.as_millis(),
            ROWS as u128 * 1_000_000 / micros
        );
    }
}
