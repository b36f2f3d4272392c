//! The `PriceSource` port: where daily closes and FX rates come from. The embedded adapter
//! ([`crate::file_source::FilePriceSource`]) reads a local JSON file (devserver, tests); the
//! HTTP adapter ([`crate::http_source::HttpPriceSource`]) asks a provider by URL template.

use async_trait::async_trait;
use ferrofin_investment_calc::Point;
use time::Date;

use crate::series::Series;

/// Why a source gave no values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// Worth retrying (a timeout, a 5xx, a rate limit).
    #[error("source unavailable: {0}")]
    Transient(String),
    /// Will not succeed by retrying (an unknown symbol, a malformed answer).
    #[error("source refused: {0}")]
    Permanent(String),
}

/// Daily values of series.
#[async_trait]
pub trait PriceSource: Send + Sync {
    /// The values of `series` from `from` through `to`, in date order (days without a value —
    /// weekends, holidays — are left out).
    async fn daily(&self, series: &Series, from: Date, to: Date)
    -> Result<Vec<Point>, SourceError>;
}
