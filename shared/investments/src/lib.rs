//! Investments: a user's portfolios, holdings and activity ledgers, the daily prices and FX
//! rates they are valued with, and the figures the engine (`ferrofin-investment-calc`) computes
//! from them.
//!
//! - [`Investments`] is the service: portfolios, holdings and activities (an activity the
//!   ledger cannot take is a 422 naming it, before anything is stored), and their evaluation
//!   today on stored prices — positions, returns over a range, value history, allocation.
//! - [`PriceStore`] keeps each series (a symbol's closes, a currency's rate in a base) in one
//!   item per year, so five years of daily closes are five reads.
//! - [`PriceSource`] is where values come from: [`FilePriceSource`] (a local JSON file) or
//!   [`HttpPriceSource`] (a provider by URL template and API key); [`PriceRefresher`] runs the
//!   prices worker's fetches, idempotent per series and day, with retries and a stale flag.
//! - Events: [`HoldingAdded`] (its subscriber [`NewSeriesFetch`] queues a fetch of the new
//!   holding's series) and [`PortfolioValued`] (the wallet's net worth keeps the value).

pub mod error;
pub mod events;
pub mod file_source;
pub mod http_source;
pub mod ids;
pub mod input;
pub mod keys;
pub mod price_source;
pub mod price_store;
pub mod purge;
pub mod records;
pub mod refresh;
pub mod series;
pub mod service;
pub mod store;
pub mod subscriber;
pub mod valuation;

pub use error::InvestmentError;
pub use events::{HoldingAdded, MonthEndValue, PortfolioValued};
pub use file_source::FilePriceSource;
pub use http_source::{HttpPriceSource, HttpSourceConfig};
pub use price_source::{PriceSource, SourceError};
pub use price_store::PriceStore;
pub use purge::PurgePortfolio;
pub use refresh::{FetchPrices, PriceRefresher, RefreshPrices, RetryPolicy};
pub use series::Series;
pub use service::Investments;
pub use subscriber::NewSeriesFetch;
