//! Tracing setup: JSON lines for Lambda (CloudWatch; metrics on standard output too, and the
//! X-Ray trace id on the lines of each request and batch), readable lines for the devserver —
//! coloured only on a terminal and without `NO_COLOR` (<https://no-color.org>), so logs piped to
//! a file or a CI log carry no ANSI escape codes. The level comes from `RUST_LOG` (default
//! `info`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// The X-Ray trace id of the invocation being handled (`_X_AMZN_TRACE_ID`, which the Lambda
/// runtime sets per invocation), empty outside Lambda.
pub fn trace_id() -> String {
    std::env::var("_X_AMZN_TRACE_ID").unwrap_or_default()
}

/// JSON logs with the current span's fields (request id, trace id) on every line, and the
/// embedded-format metrics on standard output.
pub fn init_json() {
    crate::metrics::enable_stdout();
    // A second initialisation (tests, benches) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter())
        .with_current_span(true)
        .with_span_list(false)
        .flatten_event(true)
        .with_target(false)
        .try_init();
}

/// Human-readable logs for local development, on standard output.
pub fn init_pretty() {
    let colours = colours(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let _ = tracing_subscriber::fmt()
        .compact()
        .with_ansi(colours)
        .with_env_filter(filter())
        .with_target(false)
        .try_init();
}

/// Whether to colour the logs: on a terminal, unless `NO_COLOR` is set to anything non-empty.
fn colours(on_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    on_terminal && no_color.is_none_or(|value| value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::colours;
    use std::ffi::OsStr;

    #[test]
    fn logs_are_coloured_only_on_a_terminal_without_no_color() {
        assert!(colours(true, None));
        assert!(colours(true, Some(OsStr::new(""))));
        assert!(!colours(true, Some(OsStr::new("1"))));
        assert!(
            !colours(false, None),
            "a pipe or a file gets no escape codes"
        );
    }
}
