//! Metrics in CloudWatch's embedded metric format (EMF): one JSON line on standard output per
//! data point, which CloudWatch Logs turns into metrics of the `Ferrofin` namespace — no network
//! call on the request path. Lambda entries turn it on ([`crate::telemetry::init_json`]); the
//! devserver does not; tests read what a piece of work recorded with [`capture`].
//!
//! | metric | unit | dimensions | from |
//! |---|---|---|---|
//! | `Requests`, `Latency` | count, microseconds | `Service`, `Route`, `StatusClass` | the HTTP stack |
//! | `BatchSize`, `BatchFailures` | count | `Service` | the SQS worker kit and the stream worker |
//! | `DeadLetters` | count | `Service`, `Queue` | the embedded queue (SQS counts its DLQs itself) |
//! | `LoginFailures`, `Lockouts` | count | `Service` | identity |
//!
//! `Service` is the Lambda function's name (`AWS_LAMBDA_FUNCTION_NAME`), `local` elsewhere.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

/// The CloudWatch namespace of every metric.
pub const NAMESPACE: &str = "Ferrofin";

/// The unit of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Microseconds,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Self::Count => "Count",
            Self::Microseconds => "Microseconds",
        }
    }
}

static STDOUT: AtomicBool = AtomicBool::new(false);

tokio::task_local! {
    static CAPTURED: std::cell::RefCell<Vec<Value>>;
}

/// Writes metrics to standard output from now on (Lambda).
pub fn enable_stdout() {
    STDOUT.store(true, Ordering::Relaxed);
}

/// The `Service` dimension: the Lambda function's name, or `local`.
fn service() -> &'static str {
    static SERVICE: OnceLock<String> = OnceLock::new();
    SERVICE.get_or_init(|| {
        std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "local".to_owned())
    })
}

/// Records one data point: `values` under the dimensions `Service` and `dimensions`.
pub fn record(dimensions: &[(&str, &str)], values: &[(&str, Unit, f64)]) {
    let captured = CAPTURED.try_with(|_| ()).is_ok();
    if !captured && !STDOUT.load(Ordering::Relaxed) {
        return;
    }
    let line = emf_line(service(), dimensions, values, now_millis());
    if captured {
        let _ = CAPTURED.try_with(|lines| lines.borrow_mut().push(line));
    } else {
        println!("{line}");
    }
}

/// Counts one event of `name`.
pub fn count(name: &str, dimensions: &[(&str, &str)]) {
    record(dimensions, &[(name, Unit::Count, 1.0)]);
}

/// Records a worker batch: its records and how many failed.
pub fn batch(size: usize, failures: usize) {
    let as_value = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
    record(
        &[],
        &[
            ("BatchSize", Unit::Count, as_value(size)),
            ("BatchFailures", Unit::Count, as_value(failures)),
        ],
    );
}

/// Runs `work` and answers what it recorded, as EMF objects, instead of writing them out.
pub async fn capture<F: std::future::Future>(work: F) -> (F::Output, Vec<Value>) {
    CAPTURED
        .scope(std::cell::RefCell::new(Vec::new()), async {
            let output = work.await;
            let lines = CAPTURED.with(|lines| lines.take());
            (output, lines)
        })
        .await
}

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default()
}

/// The EMF object of one data point.
fn emf_line(
    service: &str,
    dimensions: &[(&str, &str)],
    values: &[(&str, Unit, f64)],
    timestamp: u64,
) -> Value {
    let mut names = vec!["Service"];
    names.extend(dimensions.iter().map(|(name, _)| *name));
    let definitions: Vec<Value> = values
        .iter()
        .map(|(name, unit, _)| json!({"Name": name, "Unit": unit.as_str()}))
        .collect();
    let mut line = Map::new();
    line.insert(
        "_aws".to_owned(),
        json!({
            "Timestamp": timestamp,
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": [names],
                "Metrics": definitions,
            }],
        }),
    );
    line.insert("Service".to_owned(), Value::from(service));
    for (name, value) in dimensions {
        line.insert((*name).to_owned(), Value::from(*value));
    }
    for (name, _, value) in values {
        line.insert((*name).to_owned(), Value::from(*value));
    }
    Value::Object(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_point_is_one_emf_object() {
        let line = emf_line(
            "admin",
            &[("Route", "GET /v1/admin/users"), ("StatusClass", "2xx")],
            &[
                ("Requests", Unit::Count, 1.0),
                ("Latency", Unit::Microseconds, 12.5),
            ],
            1_795_348_800_000,
        );
        assert_eq!(
            line,
            json!({
                "_aws": {
                    "Timestamp": 1_795_348_800_000_u64,
                    "CloudWatchMetrics": [{
                        "Namespace": "Ferrofin",
                        "Dimensions": [["Service", "Route", "StatusClass"]],
                        "Metrics": [
                            {"Name": "Requests", "Unit": "Count"},
                            {"Name": "Latency", "Unit": "Microseconds"}
                        ]
                    }]
                },
                "Service": "admin",
                "Route": "GET /v1/admin/users",
                "StatusClass": "2xx",
                "Requests": 1.0,
                "Latency": 12.5
            })
        );
    }

    #[tokio::test]
    async fn a_capture_holds_what_its_work_recorded_and_nothing_leaks_out() {
        let ((), lines) = capture(async { count("Lockouts", &[]) }).await;
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["Lockouts"], 1.0);
        count("Lockouts", &[]);
    }
}
