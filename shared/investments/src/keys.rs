//! Investments' table keys: portfolios, holdings and activities in the owner's partition; daily
//! closes and FX rates in one item per series and year; the registry of what is held, which the
//! prices worker reads.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | portfolio | `USER#<uid>` | `PORTFOLIO#<pid>` | |
//! | a deleted portfolio whose items are being removed (tombstone) | `USER#<uid>` | `PORTFOLIO_DELETED#<pid>` | |
//! | holding | `USER#<uid>` | `PORTFOLIO_HOLDING#<pid>#<hid>` | `PRICE_HOLDERS#<symbol>` / `<uid>#<pid>#<hid>` |
//! | one holding per symbol x account (guard) | `USER#<uid>` | `PORTFOLIO_SLOT#<pid>#<symbol>#<account>` | |
//! | activity | `USER#<uid>` | `PORTFOLIO_ACTIVITY#<pid>#<aid>` | |
//! | a year of closes of a symbol | `PRICES#<symbol>` | `YEAR#<yyyy>` | |
//! | a year of rates of a currency in a base | `FX#<currency>#<base>` | `YEAR#<yyyy>` | |
//! | a series fetched for a day (guard) | `PRICES#<symbol>` or `FX#..` | `FETCHED#<yyyy-mm-dd>` | |
//! | how a series' source stands (last fetch, stale) | `PRICES#<symbol>` or `FX#..` | `STATUS` | |
//! | a series that is held (count of holdings) | `PRICE_SERIES` | `<series>` | |

use crate::ids::{ActivityId, HoldingId, PortfolioId};
use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;
use time::Date;

pub const PORTFOLIO_PREFIX: &str = "PORTFOLIO#";
pub const YEAR_PREFIX: &str = "YEAR#";
/// The registry partition: one item per held series.
pub const SERIES_REGISTRY: &str = "PRICE_SERIES";

pub fn portfolio(user_id: &UserId, id: &PortfolioId) -> Key {
    Key::new(user_partition(user_id), format!("{PORTFOLIO_PREFIX}{id}"))
}

/// The tombstone of a deleted portfolio, until the purge job has removed its items.
pub fn deleted_portfolio(user_id: &UserId, id: &PortfolioId) -> Key {
    Key::new(user_partition(user_id), format!("PORTFOLIO_DELETED#{id}"))
}

/// Sort-key prefix of a portfolio's holdings.
pub fn holdings_prefix(id: &PortfolioId) -> String {
    format!("PORTFOLIO_HOLDING#{id}#")
}

pub fn holding(user_id: &UserId, portfolio: &PortfolioId, id: &HoldingId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{id}", holdings_prefix(portfolio)),
    )
}

/// The index partition of the holdings of a symbol, for re-valuing after a price refresh.
pub fn price_holders(symbol: &str) -> String {
    format!("PRICE_HOLDERS#{symbol}")
}

pub fn price_holder_sort(user_id: &UserId, portfolio: &PortfolioId, holding: &HoldingId) -> String {
    format!("{user_id}#{portfolio}#{holding}")
}

pub fn holding_slot(user_id: &UserId, portfolio: &PortfolioId, symbol: &str, account: &str) -> Key {
    Key::new(
        user_partition(user_id),
        format!("PORTFOLIO_SLOT#{portfolio}#{symbol}#{account}"),
    )
}

/// Sort-key prefix of a portfolio's activities.
pub fn activities_prefix(id: &PortfolioId) -> String {
    format!("PORTFOLIO_ACTIVITY#{id}#")
}

pub fn activity(user_id: &UserId, portfolio: &PortfolioId, id: &ActivityId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{}{id}", activities_prefix(portfolio)),
    )
}

pub fn series_year(series: &str, year: i32) -> Key {
    Key::new(series, format!("{YEAR_PREFIX}{year:04}"))
}

pub fn series_fetched(series: &str, day: Date) -> Key {
    Key::new(
        series,
        format!("FETCHED#{}", ferrofin_platform::fields::format_date(day)),
    )
}

pub fn series_status(series: &str) -> Key {
    Key::new(series, "STATUS")
}

pub fn registered_series(series: &str) -> Key {
    Key::new(SERIES_REGISTRY, series)
}
