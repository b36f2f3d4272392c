//! Why a cash flow cannot be assessed. Everything else (no entries, a short window, no income)
//! is assessed and flagged instead of refused.

use time::Date;

/// The largest amount (and opening balance) taken, in major units: a trillion, as the ledger.
/// Bounding the inputs keeps every sum far from `Decimal`'s limits.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// A cash flow that cannot be assessed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RiskError {
    #[error("the window ends on {to}, before it starts on {from}")]
    WindowReversed { from: Date, to: Date },
    #[error("entry {index} is dated {date}, outside the window {from} to {to}")]
    EntryOutsideWindow {
        index: usize,
        date: Date,
        from: Date,
        to: Date,
    },
    #[error("entry {index} has an amount beyond a trillion")]
    AmountTooLarge { index: usize },
    #[error("the opening balance is beyond a trillion")]
    OpeningBalanceTooLarge,
}
