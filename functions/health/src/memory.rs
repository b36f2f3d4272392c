//! Memory use of this process, from `/proc/self/status` (Linux, which Lambda is).

use serde::Serialize;
use utoipa::ToSchema;

/// Resident memory now and at its peak; absent where the platform does not say.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct MemoryUsage {
    pub rss_bytes: Option<u64>,
    pub peak_rss_bytes: Option<u64>,
}

impl MemoryUsage {
    pub fn of_this_process() -> Self {
        std::fs::read_to_string("/proc/self/status")
            .map(|status| Self::parse(&status))
            .unwrap_or_default()
    }

    fn parse(status: &str) -> Self {
        let kib = |field: &str| {
            status.lines().find_map(|line| {
                let value = line.strip_prefix(field)?.trim().strip_suffix("kB")?;
                value.trim().parse::<u64>().ok().map(|kib| kib * 1024)
            })
        };
        Self {
            rss_bytes: kib("VmRSS:"),
            peak_rss_bytes: kib("VmHWM:"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_peak_from_proc_status() {
        let usage = MemoryUsage::parse("Name:\thealth\nVmHWM:\t   14336 kB\nVmRSS:\t   12288 kB\n");
        assert_eq!(usage.rss_bytes, Some(12 * 1024 * 1024));
        assert_eq!(usage.peak_rss_bytes, Some(14 * 1024 * 1024));
    }
}
