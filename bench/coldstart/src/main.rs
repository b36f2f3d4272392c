//! `coldstart-bench`: measures the cold start of a Lambda function binary on this machine.
//!
//! It plays the AWS Lambda Runtime API on 127.0.0.1, starts the binary N times from scratch, and
//! prints median/p90 init and first-invocation times and the max peak RSS as a Markdown table row
//! (see BENCHMARKS.md). Network and Firecracker costs are not included, so the figures compare
//! binaries on one machine; they are not what Lambda would bill.
//!
//! ```text
//! coldstart-bench --binary target/release/health --event events/health/get-health.json \
//!     --env TABLE_NAME=bench-table --label health
//! ```

mod child;
mod measure;
mod runtime_api;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use axum::body::Bytes;
use clap::Parser;

use crate::measure::{RunConfig, cold_start};
use crate::stats::{MARKDOWN_HEADER, Report, mib_from_bytes, ms};

/// The event used without `--event`: enough for a function that ignores its input.
const DEFAULT_EVENT: &str = "{}";
/// How much of the first response is echoed to stderr.
const SHOW_RESPONSE: usize = 300;

/// Measure a Lambda binary's cold start against a local Runtime API.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// The function binary to start (a release build).
    #[arg(long)]
    binary: PathBuf,
    /// The event JSON to invoke it with (e.g. an API Gateway v2 HTTP event); default `{}`.
    #[arg(long)]
    event: Option<PathBuf>,
    /// How many measured cold starts.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Unmeasured cold starts first, so every measured run finds the binary in the page cache.
    #[arg(long, default_value_t = 1)]
    warmup: u32,
    /// Extra environment for the function, e.g. `--env TABLE_NAME=bench-table` (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env_pair)]
    env: Vec<(String, String)>,
    /// Name in the results row (and the function name); default: the binary's file name.
    #[arg(long)]
    label: Option<String>,
    /// Bound in seconds on every wait: for init, for the response, for the kill.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    timeout_secs: u64,
    /// Print the table header before the row.
    #[arg(long)]
    header: bool,
}

fn parse_env_pair(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((key, value)) if !key.is_empty() && !key.contains(char::is_whitespace) => {
            Ok((key.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected KEY=VALUE, got `{raw}`")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    let result = tokio::select! {
        result = bench(&args) => result,
        // Dropping the benchmark kills the running function (see `child`).
        _ = tokio::signal::ctrl_c() => Err(anyhow!("interrupted")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain without a backtrace: the causes already say what failed and where.
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn bench(args: &Args) -> Result<()> {
    let config = run_config(args)?;
    let label = config.function_name.clone();
    let binary_bytes = std::fs::metadata(&config.binary)
        .with_context(|| format!("cannot read {}", config.binary.display()))?
        .len();

    for warmup in 1..=args.warmup {
        let outcome = cold_start(&config, 0)
            .await
            .with_context(|| format!("{label}: warm-up run {warmup} failed"))?;
        if warmup == 1 {
            eprintln!("{label}: first response: {}", excerpt(&outcome.response));
            if let Some(status) = server_error_status(&outcome.response) {
                eprintln!("{label}: warning: the function answered HTTP {status}; check its --env");
            }
        }
    }

    let mut samples = Vec::new();
    for run in 1..=args.runs {
        let outcome = cold_start(&config, usize::try_from(run)?)
            .await
            .with_context(|| format!("{label}: run {run} of {} failed", args.runs))?;
        let sample = outcome.sample;
        eprintln!(
            "{label}: run {run:>2}/{}: init {}, first invoke {}, peak RSS {}",
            args.runs,
            ms(sample.init),
            ms(sample.first_invoke),
            mib_from_bytes(sample.peak_rss_kib * 1024),
        );
        samples.push(sample);
    }

    let Some(report) = Report::new(&label, binary_bytes, &samples) else {
        bail!("no runs were measured");
    };
    if args.header {
        println!("{MARKDOWN_HEADER}");
    }
    println!("{}", report.markdown_row());
    Ok(())
}

fn run_config(args: &Args) -> Result<RunConfig> {
    let binary = std::path::absolute(&args.binary)
        .with_context(|| format!("bad binary path {}", args.binary.display()))?;
    if !binary.is_file() {
        bail!(
            "{} is not a file (build it with `cargo build --release` first)",
            binary.display()
        );
    }
    let event = match &args.event {
        None => Bytes::from_static(DEFAULT_EVENT.as_bytes()),
        Some(path) => Bytes::from(
            std::fs::read(path).with_context(|| format!("cannot read event {}", path.display()))?,
        ),
    };
    serde_json::from_slice::<serde_json::Value>(&event).context("the event is not valid JSON")?;
    let function_name = binary
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "function".to_owned());
    Ok(RunConfig {
        binary,
        function_name: args.label.clone().unwrap_or(function_name),
        event,
        extra_env: args.env.clone(),
        timeout: Duration::from_secs(args.timeout_secs),
    })
}

/// The start of a response body, on one line.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body).replace('\n', " ");
    match text.char_indices().nth(SHOW_RESPONSE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The `statusCode` of an API Gateway proxy response when it is a 5xx.
fn server_error_status(response: &[u8]) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_slice(response).ok()?;
    let status = value.get("statusCode")?.as_u64()?;
    (status >= 500).then_some(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pairs_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_env_pair("CURSOR_SECRET=a=b"),
            Ok(("CURSOR_SECRET".to_owned(), "a=b".to_owned()))
        );
        assert_eq!(
            parse_env_pair("EMPTY="),
            Ok(("EMPTY".to_owned(), String::new()))
        );
    }

    #[test]
    fn env_pairs_without_a_key_are_rejected() {
        assert!(parse_env_pair("NOVALUE").is_err());
        assert!(parse_env_pair("=value").is_err());
    }

    #[test]
    fn command_line_reads_repeated_env_and_defaults() {
        let args = Args::try_parse_from([
            "coldstart-bench",
            "--binary",
            "/bin/true",
            "--env",
            "A=1",
            "--env",
            "B=2",
        ])
        .expect("valid arguments");
        assert_eq!(args.runs, 20);
        assert_eq!(args.env.len(), 2);
        assert!(Args::try_parse_from(["coldstart-bench", "--binary", "x", "--runs", "0"]).is_err());
    }

    #[test]
    fn gateway_5xx_responses_are_spotted() {
        assert_eq!(
            server_error_status(br#"{"statusCode":503,"body":""}"#),
            Some(503)
        );
        assert_eq!(
            server_error_status(br#"{"statusCode":200,"body":""}"#),
            None
        );
        assert_eq!(server_error_status(br#"{"message":"hello"}"#), None);
    }

    #[test]
    fn long_responses_are_cut() {
        let long = "x".repeat(SHOW_RESPONSE + 10);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), SHOW_RESPONSE + 1);
        assert_eq!(excerpt(b"{\n}"), "{ }");
    }
}
