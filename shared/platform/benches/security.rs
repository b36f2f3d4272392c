//! Times the identity service's costly security operations (argon2id hashing and verifying,
//! the dummy verify for unknown accounts) and its per-request ones (access token verify, token
//! hash), and prints median and p90 per operation as a Markdown table for BENCHMARKS.md.
//!
//! Run with `cargo bench -p ferrofin-platform --bench security` (release profile).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ferrofin_platform::security::{
    ACCESS_TOKEN_TTL, JwtKeys, Password, PasswordHasher, token_hash,
};
use time::OffsetDateTime;

/// Runs of each argon2id operation (each takes tens of milliseconds).
const PASSWORD_RUNS: usize = 30;
/// Runs of each fast operation.
const FAST_RUNS: usize = 20_000;
/// Unmeasured runs before each measured series.
const WARM_UP_RUNS: usize = 3;

struct Figures {
    operation: &'static str,
    runs: usize,
    median: Duration,
    p90: Duration,
}

/// Times `runs` calls of `operation` after a short warm-up.
fn measure(name: &'static str, runs: usize, mut operation: impl FnMut()) -> Figures {
    for _ in 0..WARM_UP_RUNS {
        operation();
    }
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            operation();
            started.elapsed()
        })
        .collect();
    samples.sort_unstable();
    Figures {
        operation: name,
        runs,
        median: nearest_rank(&samples, 50),
        p90: nearest_rank(&samples, 90),
    }
}

/// The sample at `percent` by nearest rank (a real sample, no interpolation).
fn nearest_rank(sorted: &[Duration], percent: usize) -> Duration {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

/// `1.234 ms` or `5.67 µs`, with integer arithmetic only.
fn readable(duration: Duration) -> String {
    let nanos = duration.as_nanos();
    if nanos >= 1_000_000 {
        format!(
            "{}.{:02} ms",
            nanos / 1_000_000,
            (nanos % 1_000_000) / 10_000
        )
    } else {
        format!("{}.{:02} µs", nanos / 1_000, (nanos % 1_000) / 10)
    }
}

fn main() {
    let hasher = PasswordHasher::new();
    let Ok(password) = Password::parse("bench-Password-k3#vLq9z") else {
        eprintln!("the bench password does not meet the policy");
        std::process::exit(1);
    };
    let Ok(stored) = hasher.hash(&password) else {
        eprintln!("hashing the bench password failed");
        std::process::exit(1);
    };
    let keys = JwtKeys::new(
        b"bench-secret-of-at-least-32-bytes!",
        "ferrofin",
        "ferrofin-api",
    );
    let now = OffsetDateTime::now_utc();
    let Ok(token) = keys.issue("user-1", "customer", "session-1", now, ACCESS_TOKEN_TTL) else {
        eprintln!("issuing the bench token failed");
        std::process::exit(1);
    };
    let refresh_token = ferrofin_platform::security::random_token();

    let figures = [
        measure("PasswordHasher::hash", PASSWORD_RUNS, || {
            black_box(hasher.hash(black_box(&password)).is_ok());
        }),
        measure("PasswordHasher::verify (match)", PASSWORD_RUNS, || {
            black_box(hasher.verify(black_box("bench-Password-k3#vLq9z"), &stored));
        }),
        measure("PasswordHasher::verify_dummy", PASSWORD_RUNS, || {
            hasher.verify_dummy(black_box("bench-Password-k3#vLq9z"));
        }),
        measure("JwtKeys::verify (valid token)", FAST_RUNS, || {
            black_box(keys.verify(black_box(&token), now).is_ok());
        }),
        measure("token_hash", FAST_RUNS, || {
            black_box(token_hash(black_box(&refresh_token)));
        }),
    ];

    println!("| operation | runs | median | p90 |");
    println!("|---|---:|---:|---:|");
    for row in figures {
        println!(
            "| {} | {} | {} | {} |",
            row.operation,
            row.runs,
            readable(row.median),
            readable(row.p90)
        );
    }
}
