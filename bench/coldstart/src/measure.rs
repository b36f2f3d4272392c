//! One cold start: a fresh Runtime API server, a fresh process, one invocation, then kill.
//!
//! Timeline of a run (all instants from the harness's monotonic clock):
//! `spawn` -> first `next` request (= init) -> event handed out -> response received
//! (= first invoke) -> `VmHWM` read -> child killed. Every wait is bounded by the timeout.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use axum::body::Bytes;
use tokio::time::sleep;

use crate::child::{FunctionProcess, Launch};
use crate::runtime_api::{ApiEvent, Invocation, RuntimeApi};
use crate::stats::Sample;

/// How often the child is checked for an early exit while waiting for the Runtime API.
const EXIT_POLL: Duration = Duration::from_millis(2);
/// How long the output pipes get to close after the child died, for error reports.
const OUTPUT_GRACE: Duration = Duration::from_secs(1);

/// What to run and how.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub binary: PathBuf,
    pub function_name: String,
    pub event: Bytes,
    pub extra_env: Vec<(String, String)>,
    /// Bound on each wait: for init, for the response, for the kill.
    pub timeout: Duration,
}

/// A successful run: its figures and what the function answered.
#[derive(Debug)]
pub struct RunOutcome {
    pub sample: Sample,
    pub response: Bytes,
}

/// Why waiting for the function failed.
enum Stalled {
    Exited(ExitStatus),
    TimedOut,
    Io(std::io::Error),
    ServerGone,
}

/// Runs the binary once from a cold process and measures it. `run` numbers the request id.
pub async fn cold_start(config: &RunConfig, run: usize) -> Result<RunOutcome> {
    let invocation = Invocation {
        request_id: format!("00000000-0000-4000-8000-{run:012}"),
        function_arn: format!(
            "arn:aws:lambda:us-east-1:000000000000:function:{}",
            config.function_name
        ),
        event: config.event.clone(),
    };
    let mut api = RuntimeApi::start(invocation.clone())
        .await
        .context("cannot start the local Runtime API server")?;
    let launch = Launch {
        binary: &config.binary,
        function_name: &config.function_name,
        runtime_api: api.addr(),
        extra_env: &config.extra_env,
    };
    let spawned = Instant::now();
    let mut child = FunctionProcess::spawn(&launch)
        .with_context(|| format!("cannot start {}", config.binary.display()))?;
    let result = invoke_once(&mut api, &mut child, config, &invocation, spawned).await;
    let killed = child.kill(config.timeout);
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(err) => {
            let (stdout, stderr) = child.output(OUTPUT_GRACE);
            api.stop().await;
            return Err(with_output(err, &stdout, &stderr));
        }
    };
    api.stop().await;
    killed.context("cannot kill the function process")?;
    Ok(outcome)
}

async fn invoke_once(
    api: &mut RuntimeApi,
    child: &mut FunctionProcess,
    config: &RunConfig,
    invocation: &Invocation,
    spawned: Instant,
) -> Result<RunOutcome> {
    let timeout = config.timeout;
    let (arrived, handed_out) = match next_event(api, child, timeout).await {
        Ok(ApiEvent::Ready {
            arrived,
            handed_out,
        }) => (arrived, handed_out),
        Ok(ApiEvent::InitError { body }) => bail!("init failed: {}", text(&body)),
        Ok(other) => bail!("unexpected call before the first `next`: {other:?}"),
        Err(stalled) => return Err(stalled.explain("calling `next`", timeout)),
    };
    let (body, answered) = match next_event(api, child, timeout).await {
        Ok(ApiEvent::Response {
            request_id,
            body,
            at,
        }) if request_id == invocation.request_id => (body, at),
        Ok(ApiEvent::InvocationError { request_id, body }) => {
            bail!("invocation {request_id} failed: {}", text(&body))
        }
        Ok(other) => bail!("unexpected call instead of the response: {other:?}"),
        Err(stalled) => return Err(stalled.explain("responding", timeout)),
    };
    let peak_rss_kib = child.peak_rss_kib().context("cannot read peak RSS")?;
    Ok(RunOutcome {
        sample: Sample {
            init: arrived.duration_since(spawned),
            first_invoke: answered.duration_since(handed_out),
            peak_rss_kib,
        },
        response: body,
    })
}

/// The next Runtime API call, unless the child exits or `timeout` passes first.
async fn next_event(
    api: &mut RuntimeApi,
    child: &mut FunctionProcess,
    timeout: Duration,
) -> Result<ApiEvent, Stalled> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        tokio::select! {
            biased;
            event = api.recv() => return event.ok_or(Stalled::ServerGone),
            () = tokio::time::sleep_until(deadline) => return Err(Stalled::TimedOut),
            () = sleep(EXIT_POLL) => match child.try_exit() {
                Ok(Some(status)) => return Err(Stalled::Exited(status)),
                Ok(None) => {}
                Err(err) => return Err(Stalled::Io(err)),
            },
        }
    }
}

impl Stalled {
    fn explain(self, doing: &str, timeout: Duration) -> anyhow::Error {
        match self {
            Self::Exited(status) => anyhow!("the function exited ({status}) before {doing}"),
            Self::TimedOut => anyhow!("the function did not finish {doing} within {timeout:?}"),
            Self::Io(err) => anyhow!("cannot check the function process: {err}"),
            Self::ServerGone => anyhow!("the local Runtime API server stopped unexpectedly"),
        }
    }
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn with_output(err: anyhow::Error, stdout: &str, stderr: &str) -> anyhow::Error {
    let show = |stream: &str| {
        if stream.trim().is_empty() {
            "(empty)".to_owned()
        } else {
            stream.trim_end().to_owned()
        }
    };
    anyhow!(
        "{err:#}\n--- function stderr ---\n{}\n--- function stdout ---\n{}",
        show(stderr),
        show(stdout)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(binary: &str) -> RunConfig {
        RunConfig {
            binary: PathBuf::from(binary),
            function_name: "f".to_owned(),
            event: Bytes::from_static(b"{}"),
            extra_env: vec![("EXTRA".to_owned(), "1".to_owned())],
            timeout: Duration::from_secs(1),
        }
    }

    #[tokio::test]
    async fn a_binary_that_exits_before_next_fails_with_its_status() {
        let err = cold_start(&config("/bin/false"), 1)
            .await
            .expect_err("must fail");
        let message = format!("{err:#}");
        assert!(message.contains("exited"), "{message}");
        assert!(message.contains("function stderr"), "{message}");
    }

    #[tokio::test]
    async fn a_binary_that_never_calls_next_times_out_and_is_killed() {
        use std::os::unix::fs::PermissionsExt;
        let script =
            std::env::temp_dir().join(format!("coldstart-stall-{}.sh", std::process::id()));
        std::fs::write(&script, "#!/bin/sh\necho stalling >&2\nexec sleep 30\n").expect("write");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let started = Instant::now();
        let err = cold_start(&config(&script.to_string_lossy()), 1)
            .await
            .expect_err("must fail");
        let _ = std::fs::remove_file(&script);
        let message = format!("{err:#}");
        assert!(message.contains("within 1s"), "{message}");
        assert!(message.contains("stalling"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
