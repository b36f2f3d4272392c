//! Per-run samples, their summary (median, p90, max) and the Markdown table it is printed as.
//!
//! Percentiles use the nearest-rank method on the sorted samples: the median of 20 runs is the
//! 10th fastest, p90 the 18th. No interpolation, so every figure is one that was really measured.

use std::time::Duration;

/// What one cold start measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// From spawning the process to its first `next` request.
    pub init: Duration,
    /// From handing out the event to receiving its response.
    pub first_invoke: Duration,
    /// `VmHWM` after the first response.
    pub peak_rss_kib: u64,
}

/// The summary of all runs of one binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub label: String,
    pub binary_bytes: u64,
    pub runs: usize,
    pub init_median: Duration,
    pub init_p90: Duration,
    pub invoke_median: Duration,
    pub invoke_p90: Duration,
    pub peak_rss_max_kib: u64,
}

/// The header and separator lines of the table [`Report::markdown_row`] belongs to.
pub const MARKDOWN_HEADER: &str = "\
| binary | size | runs | init median | init p90 | first invoke median | first invoke p90 | peak RSS max |
|---|---:|---:|---:|---:|---:|---:|---:|";

/// The nearest-rank `pct` percentile (1..=100) of `samples`; `None` when there are none.
pub fn percentile(samples: &[Duration], pct: usize) -> Option<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = (pct * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

impl Report {
    /// Summarises `samples`; `None` when there are none.
    pub fn new(label: &str, binary_bytes: u64, samples: &[Sample]) -> Option<Self> {
        let init: Vec<Duration> = samples.iter().map(|s| s.init).collect();
        let invoke: Vec<Duration> = samples.iter().map(|s| s.first_invoke).collect();
        Some(Self {
            label: label.to_owned(),
            binary_bytes,
            runs: samples.len(),
            init_median: percentile(&init, 50)?,
            init_p90: percentile(&init, 90)?,
            invoke_median: percentile(&invoke, 50)?,
            invoke_p90: percentile(&invoke, 90)?,
            peak_rss_max_kib: samples.iter().map(|s| s.peak_rss_kib).max()?,
        })
    }

    /// One row of the table under [`MARKDOWN_HEADER`].
    pub fn markdown_row(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            self.label,
            mib_from_bytes(self.binary_bytes),
            self.runs,
            ms(self.init_median),
            ms(self.init_p90),
            ms(self.invoke_median),
            ms(self.invoke_p90),
            mib_from_bytes(self.peak_rss_max_kib * 1024),
        )
    }
}

/// `1234567 µs` -> `"1234.57 ms"` (rounded to 10 µs).
pub fn ms(duration: Duration) -> String {
    let hundredths = (duration.as_micros() + 5) / 10;
    format!("{}.{:02} ms", hundredths / 100, hundredths % 100)
}

/// Bytes as MiB with one decimal, rounded.
pub fn mib_from_bytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let tenths = (bytes * 10 + MIB / 2) / MIB;
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().copied().map(Duration::from_millis).collect()
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let twenty = millis(&(1..=20).rev().collect::<Vec<_>>());
        assert_eq!(percentile(&twenty, 50), Some(Duration::from_millis(10)));
        assert_eq!(percentile(&twenty, 90), Some(Duration::from_millis(18)));
        assert_eq!(percentile(&twenty, 100), Some(Duration::from_millis(20)));
    }

    #[test]
    fn percentile_of_one_sample_is_that_sample() {
        let one = millis(&[7]);
        assert_eq!(percentile(&one, 50), Some(Duration::from_millis(7)));
        assert_eq!(percentile(&one, 90), Some(Duration::from_millis(7)));
    }

    #[test]
    fn no_samples_give_no_report() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(Report::new("x", 0, &[]), None);
    }

    #[test]
    fn report_row_shows_median_p90_and_max_rss() {
        let samples: Vec<Sample> = (1..=10)
            .map(|i| Sample {
                init: Duration::from_micros(1000 * i),
                first_invoke: Duration::from_micros(100 * i),
                peak_rss_kib: 1000 + i,
            })
            .collect();
        let report = Report::new("hello-lambda", 3 * 1024 * 1024, &samples).expect("samples");
        assert_eq!(
            report.markdown_row(),
            "| hello-lambda | 3.0 MiB | 10 | 5.00 ms | 9.00 ms | 0.50 ms | 0.90 ms | 1.0 MiB |"
        );
    }

    #[test]
    fn header_and_row_have_the_same_number_of_columns() {
        let sample = Sample {
            init: Duration::ZERO,
            first_invoke: Duration::ZERO,
            peak_rss_kib: 0,
        };
        let row = Report::new("a", 0, &[sample])
            .expect("one sample")
            .markdown_row();
        for line in MARKDOWN_HEADER.lines() {
            assert_eq!(line.matches('|').count(), row.matches('|').count());
        }
    }

    #[test]
    fn durations_and_sizes_are_rounded_for_display() {
        assert_eq!(ms(Duration::from_micros(14_236)), "14.24 ms");
        assert_eq!(ms(Duration::from_micros(4)), "0.00 ms");
        assert_eq!(mib_from_bytes(15 * 1024 * 1024 + 100 * 1024), "15.1 MiB");
    }
}
