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

/// The header and separator lines of the table [`markdown_table`] prints.
pub const MARKDOWN_HEADER: &str = "\
| binary | size | runs | init median | init p90 | first invoke median | first invoke p90 | peak RSS max | init vs reference | target |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

/// What every function must stay within: its init median at most `max_init_percent` % of the
/// reference's, its peak RSS under `max_rss_bytes` (decimal megabytes, as Lambda counts memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub max_init_percent: u128,
    pub max_rss_bytes: u64,
}

impl Default for Target {
    /// The target of BENCHMARKS.md: within 2x of hello-world, under 30 MB.
    fn default() -> Self {
        Self {
            max_init_percent: 200,
            max_rss_bytes: 30_000_000,
        }
    }
}

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

    /// The init median as a multiple of `reference`'s, e.g. `"2.05x"` (rounded to hundredths).
    pub fn init_ratio(&self, reference: &Report) -> String {
        let (own, base) = (
            self.init_median.as_nanos(),
            reference.init_median.as_nanos(),
        );
        if base == 0 {
            return "-".to_owned();
        }
        let hundredths = (own * 100 + base / 2) / base;
        format!("{}.{:02}x", hundredths / 100, hundredths % 100)
    }

    /// Whether this function meets `target` against `reference` (exactly, not rounded).
    pub fn meets(&self, reference: &Report, target: &Target) -> bool {
        self.init_median.as_nanos() * 100
            <= reference.init_median.as_nanos() * target.max_init_percent
            && self.peak_rss_max_kib * 1024 < target.max_rss_bytes
    }

    /// One row of the table under [`MARKDOWN_HEADER`].
    pub fn markdown_row(&self, reference: &Report, target: &Target) -> String {
        let (ratio, verdict) = if std::ptr::eq(self, reference) {
            ("1.00x".to_owned(), "reference")
        } else {
            let verdict = if self.meets(reference, target) {
                "met"
            } else {
                "**not met**"
            };
            (self.init_ratio(reference), verdict)
        };
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {ratio} | {verdict} |",
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

/// The whole table: header, then one row per report; the first report is the reference. Below
/// it, one line says whether every other function meets `target`.
pub fn markdown_table(reports: &[Report], target: &Target) -> String {
    let Some(reference) = reports.first() else {
        return MARKDOWN_HEADER.to_owned();
    };
    let mut table = MARKDOWN_HEADER.to_owned();
    for report in reports {
        table.push('\n');
        table.push_str(&report.markdown_row(reference, target));
    }
    let missed: Vec<&str> = reports[1..]
        .iter()
        .filter(|report| !report.meets(reference, target))
        .map(|report| report.label.as_str())
        .collect();
    let ratio = format!(
        "{}.{:02}",
        target.max_init_percent / 100,
        target.max_init_percent % 100
    );
    let goal = format!(
        "init within {}x of {}'s and peak RSS under {} MB",
        ratio.trim_end_matches('0').trim_end_matches('.'),
        reference.label,
        target.max_rss_bytes / 1_000_000
    );
    table.push_str("\n\n");
    if reports.len() == 1 {
        table.push_str(&format!("Target ({goal}): nothing to compare with."));
    } else if missed.is_empty() {
        table.push_str(&format!(
            "Target ({goal}): met by all {}.",
            reports.len() - 1
        ));
    } else {
        table.push_str(&format!(
            "Target ({goal}): NOT met by {}.",
            missed.join(", ")
        ));
    }
    table
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

    fn report(label: &str, init_ms: u64, rss_kib: u64) -> Report {
        let sample = Sample {
            init: Duration::from_millis(init_ms),
            first_invoke: Duration::from_micros(300),
            peak_rss_kib: rss_kib,
        };
        Report::new(label, 1024 * 1024, &[sample]).expect("one sample")
    }

    #[test]
    fn report_row_shows_median_p90_max_rss_and_the_ratio() {
        let samples: Vec<Sample> = (1..=10)
            .map(|i| Sample {
                init: Duration::from_micros(1000 * i),
                first_invoke: Duration::from_micros(100 * i),
                peak_rss_kib: 1000 + i,
            })
            .collect();
        let health = Report::new("health", 3 * 1024 * 1024, &samples).expect("samples");
        let reference = report("hello-lambda", 2, 3000);
        assert_eq!(
            health.markdown_row(&reference, &Target::default()),
            "| health | 3.0 MiB | 10 | 5.00 ms | 9.00 ms | 0.50 ms | 0.90 ms | 1.0 MiB | 2.50x | **not met** |"
        );
        assert_eq!(
            reference.markdown_row(&reference, &Target::default()),
            "| hello-lambda | 1.0 MiB | 1 | 2.00 ms | 2.00 ms | 0.30 ms | 0.30 ms | 2.9 MiB | 1.00x | reference |"
        );
    }

    #[test]
    fn the_target_needs_both_the_ratio_and_the_memory() {
        let reference = report("hello-lambda", 10, 3000);
        let target = Target::default();
        assert!(report("fast", 20, 10_000).meets(&reference, &target));
        assert!(!report("slow", 21, 10_000).meets(&reference, &target));
        // 29,296 KiB is 29.999 MB; 29,297 KiB is just over 30 MB.
        assert!(report("small", 12, 29_296).meets(&reference, &target));
        assert!(!report("big", 12, 29_297).meets(&reference, &target));
    }

    #[test]
    fn table_names_the_functions_that_miss_the_target() {
        let target = Target::default();
        let met = markdown_table(
            &[report("hello-lambda", 10, 3000), report("a", 15, 9000)],
            &target,
        );
        assert!(met.ends_with("met by all 1."), "{met}");
        let missed = markdown_table(
            &[
                report("hello-lambda", 10, 3000),
                report("a", 25, 9000),
                report("b", 15, 9000),
                report("c", 15, 40_000),
            ],
            &target,
        );
        assert!(missed.ends_with("NOT met by a, c."), "{missed}");
        assert_eq!(missed.lines().count(), 2 + 4 + 2);
    }

    #[test]
    fn header_and_row_have_the_same_number_of_columns() {
        let reference = report("a", 0, 0);
        let row = reference.markdown_row(&reference, &Target::default());
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
