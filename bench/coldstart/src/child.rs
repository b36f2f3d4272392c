//! The function under test as a child process: started with the environment Lambda gives a
//! function, its stdout/stderr captured (for error reports), its peak RSS read from `/proc`.
//!
//! The child runs in its own process group, which is always killed and the child reaped:
//! explicitly with [`FunctionProcess::kill`], or on drop. Linux only (`/proc`, process groups).

use std::io::{self, Read};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How much of each output stream is kept (the tail).
const KEEP_OUTPUT: usize = 16 * 1024;
/// How often a pending exit is polled for.
const POLL: Duration = Duration::from_millis(1);
/// How long a killed child gets to be reaped when dropped.
const DROP_REAP: Duration = Duration::from_secs(2);

/// What to start and with which extra settings.
pub struct Launch<'a> {
    pub binary: &'a Path,
    pub function_name: &'a str,
    pub runtime_api: SocketAddr,
    /// `KEY=VALUE` pairs from the command line, applied last (they win).
    pub extra_env: &'a [(String, String)],
}

/// The environment Lambda sets for a function (minus credentials and X-Ray details).
fn lambda_env(launch: &Launch<'_>) -> Vec<(&'static str, String)> {
    let name = launch.function_name;
    vec![
        ("AWS_LAMBDA_RUNTIME_API", launch.runtime_api.to_string()),
        ("AWS_LAMBDA_FUNCTION_NAME", name.to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256".to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}")),
        (
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/11/21/[$LATEST]bench".to_owned(),
        ),
        ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_DEFAULT_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "bench".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "bench".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("TZ", ":UTC".to_owned()),
    ]
}

/// A captured output stream: a bounded tail, plus a signal when the pipe closed.
struct Captured {
    tail: Arc<Mutex<Vec<u8>>>,
    closed: mpsc::Receiver<()>,
}

impl Captured {
    fn start(mut pipe: impl Read + Send + 'static) -> Self {
        let tail = Arc::new(Mutex::new(Vec::new()));
        let (done, closed) = mpsc::channel();
        let sink = Arc::clone(&tail);
        thread::spawn(move || {
            let mut chunk = [0_u8; 4096];
            while let Ok(read @ 1..) = pipe.read(&mut chunk) {
                let mut buf = sink.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                buf.extend_from_slice(&chunk[..read]);
                let excess = buf.len().saturating_sub(KEEP_OUTPUT);
                buf.drain(..excess);
            }
            let _ = done.send(());
        });
        Self { tail, closed }
    }

    /// The kept text, after waiting up to `wait` for the writer to close the pipe.
    fn text(&self, wait: Duration) -> String {
        let _ = self.closed.recv_timeout(wait);
        let buf = self
            .tail
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        String::from_utf8_lossy(&buf).into_owned()
    }
}

/// A started function binary.
pub struct FunctionProcess {
    child: Child,
    stdout: Captured,
    stderr: Captured,
    /// Set once [`FunctionProcess::kill`] has run: the group is killed, the child reaped.
    killed: bool,
}

/// `ETXTBSY`: the executable is still open for writing somewhere.
const TEXT_FILE_BUSY: i32 = 26;

/// Spawns `command`, retrying briefly while the binary is "text file busy": a binary written
/// just before (a fresh build, a test's script) can be held open for a moment by a child that
/// another thread forked meanwhile, until that child's exec closes it.
fn spawn_retrying_busy(command: &mut Command) -> io::Result<std::process::Child> {
    let mut attempt = 0;
    loop {
        match command.spawn() {
            Err(err) if err.raw_os_error() == Some(TEXT_FILE_BUSY) && attempt < 20 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

impl FunctionProcess {
    /// Starts the binary with a clean environment: `PATH`, the Lambda variables, then `extra_env`.
    pub fn spawn(launch: &Launch<'_>) -> io::Result<Self> {
        let mut command = Command::new(launch.binary);
        command
            .process_group(0)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        command.envs(lambda_env(launch));
        command.envs(launch.extra_env.iter().map(|(k, v)| (k, v)));
        let mut child = spawn_retrying_busy(&mut command)?;
        let stdout = child.stdout.take().map(Captured::start);
        let stderr = child.stderr.take().map(Captured::start);
        match (stdout, stderr) {
            (Some(stdout), Some(stderr)) => Ok(Self {
                child,
                stdout,
                stderr,
                killed: false,
            }),
            _ => Err(io::Error::other("child output pipes were not set up")),
        }
    }

    /// Its exit status if it has exited, without waiting.
    pub fn try_exit(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Peak resident set size so far, in KiB (`VmHWM` of `/proc/<pid>/status`; Linux only).
    pub fn peak_rss_kib(&self) -> io::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        parse_vm_hwm(&status).ok_or_else(|| io::Error::other("no VmHWM line in /proc/<pid>/status"))
    }

    /// Kills its process group (so nothing it started lingers) and waits up to `timeout` for it
    /// to be reaped.
    pub fn kill(&mut self, timeout: Duration) -> io::Result<ExitStatus> {
        self.killed = true;
        self.kill_group();
        // Fails only if it already exited, which the wait below picks up.
        let _ = self.child.kill();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit()? {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "child {} not reaped {timeout:?} after SIGKILL",
                        self.child.id()
                    ),
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Best effort, std has no `killpg`: `kill -KILL -- -PGID`; the group id is the child's pid.
    fn kill_group(&self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// The tails of its stdout and stderr, waiting up to `wait` for the pipes to close.
    pub fn output(&self, wait: Duration) -> (String, String) {
        (self.stdout.text(wait), self.stderr.text(wait))
    }
}

impl Drop for FunctionProcess {
    fn drop(&mut self) {
        if !self.killed {
            let _ = self.kill(DROP_REAP);
        }
    }
}

/// The `VmHWM` value in KiB from the text of `/proc/<pid>/status`.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let mut fields = line["VmHWM:".len()..].split_whitespace();
    let value = fields.next()?.parse().ok()?;
    (fields.next()? == "kB").then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_hwm_is_read_in_kib() {
        let status =
            "Name:\thello\nVmPeak:\t  12000 kB\nVmHWM:\t    4312 kB\nVmRSS:\t    4300 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(4312));
    }

    #[test]
    fn vm_hwm_missing_or_malformed_is_none() {
        assert_eq!(parse_vm_hwm("Name:\thello\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\tlots kB\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\t12 MB\n"), None);
    }

    #[test]
    fn own_peak_rss_is_readable_on_linux() {
        let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
        assert!(parse_vm_hwm(&status).is_some_and(|kib| kib > 0));
    }
}
