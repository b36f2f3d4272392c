//! `coldstart-bench`: measures the cold start of Lambda function binaries on this machine.
//!
//! It plays the AWS Lambda Runtime API on 127.0.0.1, starts each binary N times from scratch, and
//! prints median/p90 init and first-invocation times, the max peak RSS and each binary's init
//! against the reference's (the first one, normally hello-lambda) as a Markdown table (see
//! BENCHMARKS.md). With several binaries the runs are interleaved (one run of each binary per
//! round), so a change in the machine's load touches every row alike. Network and Firecracker
//! costs are not included, so the figures compare binaries on one machine; they are not what
//! Lambda would bill.
//!
//! ```text
//! coldstart-bench --function hello-lambda=target/release/hello-lambda \
//!     --function health=target/release/health,events/health/get-health.json \
//!     --env TABLE_NAME=bench-table
//! coldstart-bench --binary target/release/health --event events/health/get-health.json
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
use crate::stats::{Report, Sample, Target, markdown_table, mib_from_bytes, ms};

/// The event used without one: enough for a function that ignores its input.
const DEFAULT_EVENT: &str = "{}";
/// How much of the first response is echoed to stderr.
const SHOW_RESPONSE: usize = 300;

/// Measure Lambda binaries' cold starts against a local Runtime API.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// A function to measure, `LABEL=BINARY` or `LABEL=BINARY,EVENT` (repeatable). The first is
    /// the reference the other rows' init is compared with.
    #[arg(long = "function", value_name = "LABEL=BINARY[,EVENT]", value_parser = parse_function)]
    functions: Vec<FunctionSpec>,
    /// One function binary to start (a release build), measured after the `--function` ones.
    #[arg(long)]
    binary: Option<PathBuf>,
    /// The event JSON for `--binary` (e.g. an API Gateway v2 HTTP event); default `{}`.
    #[arg(long, requires = "binary")]
    event: Option<PathBuf>,
    /// Name of `--binary` in the table (and its function name); default: the file name.
    #[arg(long, requires = "binary")]
    label: Option<String>,
    /// How many measured cold starts of each binary.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Unmeasured cold starts of each binary first, so every measured run finds it in the page cache.
    #[arg(long, default_value_t = 1)]
    warmup: u32,
    /// Extra environment for every function, e.g. `--env TABLE_NAME=bench-table` (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env_pair)]
    env: Vec<(String, String)>,
    /// Bound in seconds on every wait: for init, for the response, for the kill.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    timeout_secs: u64,
}

/// One `--function`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FunctionSpec {
    label: String,
    binary: PathBuf,
    event: Option<PathBuf>,
}

fn parse_function(raw: &str) -> Result<FunctionSpec, String> {
    let Some((label, rest)) = raw.split_once('=') else {
        return Err(format!("expected LABEL=BINARY[,EVENT], got `{raw}`"));
    };
    let (binary, event) = match rest.split_once(',') {
        Some((binary, event)) => (binary, Some(event)),
        None => (rest, None),
    };
    if label.is_empty() || label.contains(char::is_whitespace) || binary.is_empty() {
        return Err(format!("expected LABEL=BINARY[,EVENT], got `{raw}`"));
    }
    Ok(FunctionSpec {
        label: label.to_owned(),
        binary: PathBuf::from(binary),
        event: event.filter(|event| !event.is_empty()).map(PathBuf::from),
    })
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

/// A function to measure: how to run it, its file size and its samples so far.
struct Subject {
    config: RunConfig,
    binary_bytes: u64,
    samples: Vec<Sample>,
}

async fn bench(args: &Args) -> Result<()> {
    let mut subjects = Vec::new();
    for spec in function_specs(args)? {
        let config = run_config(&spec, &args.env, args.timeout_secs)?;
        let binary_bytes = std::fs::metadata(&config.binary)
            .with_context(|| format!("cannot read {}", config.binary.display()))?
            .len();
        subjects.push(Subject {
            config,
            binary_bytes,
            samples: Vec::new(),
        });
    }

    for subject in &subjects {
        warm_up(&subject.config, args.warmup).await?;
    }
    // Round-robin: run r of every binary, then run r + 1.
    for run in 1..=args.runs {
        for subject in &mut subjects {
            let label = &subject.config.function_name;
            let outcome = cold_start(&subject.config, usize::try_from(run)?)
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
            subject.samples.push(sample);
        }
    }

    let mut reports = Vec::new();
    for subject in &subjects {
        let label = &subject.config.function_name;
        let Some(report) = Report::new(label, subject.binary_bytes, &subject.samples) else {
            bail!("{label}: no runs were measured");
        };
        reports.push(report);
    }
    println!("{}", markdown_table(&reports, &Target::default()));
    Ok(())
}

/// Unmeasured runs; the first one's response is echoed, to check the event and the settings.
async fn warm_up(config: &RunConfig, runs: u32) -> Result<()> {
    let label = &config.function_name;
    for warmup in 1..=runs {
        let outcome = cold_start(config, 0)
            .await
            .with_context(|| format!("{label}: warm-up run {warmup} failed"))?;
        if warmup == 1 {
            eprintln!("{label}: first response: {}", excerpt(&outcome.response));
            if let Some(status) = server_error_status(&outcome.response) {
                eprintln!("{label}: warning: the function answered HTTP {status}; check its --env");
            }
        }
    }
    Ok(())
}

/// The `--function`s, then `--binary`; at least one.
fn function_specs(args: &Args) -> Result<Vec<FunctionSpec>> {
    let mut specs = args.functions.clone();
    if let Some(binary) = &args.binary {
        let label = args.label.clone().unwrap_or_else(|| {
            binary
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| "function".to_owned())
        });
        specs.push(FunctionSpec {
            label,
            binary: binary.clone(),
            event: args.event.clone(),
        });
    }
    if specs.is_empty() {
        bail!("nothing to measure: give --function LABEL=BINARY[,EVENT] or --binary PATH");
    }
    for (index, spec) in specs.iter().enumerate() {
        if specs[..index].iter().any(|other| other.label == spec.label) {
            bail!("the label `{}` is given twice", spec.label);
        }
    }
    Ok(specs)
}

fn run_config(
    spec: &FunctionSpec,
    env: &[(String, String)],
    timeout_secs: u64,
) -> Result<RunConfig> {
    let binary = std::path::absolute(&spec.binary)
        .with_context(|| format!("bad binary path {}", spec.binary.display()))?;
    if !binary.is_file() {
        bail!(
            "{} is not a file (build it with `cargo build --release` first)",
            binary.display()
        );
    }
    let event = match &spec.event {
        None => Bytes::from_static(DEFAULT_EVENT.as_bytes()),
        Some(path) => Bytes::from(
            std::fs::read(path).with_context(|| format!("cannot read event {}", path.display()))?,
        ),
    };
    serde_json::from_slice::<serde_json::Value>(&event)
        .with_context(|| format!("{}: the event is not valid JSON", spec.label))?;
    Ok(RunConfig {
        binary,
        function_name: spec.label.clone(),
        event,
        extra_env: env.to_vec(),
        timeout: Duration::from_secs(timeout_secs),
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
    fn function_specs_take_an_optional_event() {
        assert_eq!(
            parse_function("health=target/release/health,events/health/get-health.json"),
            Ok(FunctionSpec {
                label: "health".to_owned(),
                binary: PathBuf::from("target/release/health"),
                event: Some(PathBuf::from("events/health/get-health.json")),
            })
        );
        assert_eq!(
            parse_function("hello=bin/hello"),
            Ok(FunctionSpec {
                label: "hello".to_owned(),
                binary: PathBuf::from("bin/hello"),
                event: None,
            })
        );
        assert!(parse_function("bin/hello").is_err());
        assert!(parse_function("=bin/hello").is_err());
        assert!(parse_function("hello=").is_err());
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
        assert!(Args::try_parse_from(["coldstart-bench", "--event", "e.json"]).is_err());
    }

    #[test]
    fn functions_come_before_the_single_binary_and_labels_are_unique() {
        let args = Args::try_parse_from([
            "coldstart-bench",
            "--function",
            "hello=bin/hello",
            "--binary",
            "bin/health",
        ])
        .expect("valid arguments");
        let labels: Vec<String> = function_specs(&args)
            .expect("two functions")
            .into_iter()
            .map(|spec| spec.label)
            .collect();
        assert_eq!(labels, ["hello", "health"]);

        let twice = Args::try_parse_from([
            "coldstart-bench",
            "--function",
            "a=bin/a",
            "--function",
            "a=bin/b",
        ])
        .expect("valid arguments");
        assert!(function_specs(&twice).is_err());
        let none = Args::try_parse_from(["coldstart-bench"]).expect("valid arguments");
        assert!(function_specs(&none).is_err());
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
