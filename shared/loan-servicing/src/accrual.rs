//! Interest accrual: the interest earned by a date, straight line by days within each period
//! (`round(interest × days elapsed / days in the period)`, rounded per period), the period's
//! whole interest once its due date is reached, never more than the interest left after an
//! early settlement's waiver. [`Loan::accrual_delta`] between two dates is what a daily job
//! posts; because it is a difference of one function, running a date twice adds nothing and
//! day-by-day deltas add up to the delta over the whole span.

use rust_decimal::Decimal;
use time::Date;

use crate::events::LoanEvent;
use crate::history::HistoryError;
use crate::ledger::{Ledger, LedgerRow};
use crate::loan::Loan;
use crate::money::Money;

/// The row's scheduled interest earned by `date`, straight line by days over its period.
pub(crate) fn straight_line(row: &LedgerRow, date: Date, money: Money) -> Decimal {
    if date >= row.due_date {
        row.interest.due
    } else if date <= row.period_start {
        money.zero()
    } else {
        // period_start < date < due_date here, so the period has at least 2 days.
        let elapsed = Decimal::from((date - row.period_start).whole_days());
        let length = Decimal::from((row.due_date - row.period_start).whole_days());
        money.round(row.interest.due * elapsed / length)
    }
}

/// The interest of the rows earned by `date`, net of what an early settlement waived.
pub(crate) fn accrued(rows: &[LedgerRow], date: Date, money: Money) -> Decimal {
    rows.iter()
        .map(|row| straight_line(row, date, money).min(row.interest.due - row.interest.waived))
        .fold(money.zero(), |sum, interest| sum + interest)
}

impl Loan {
    /// The interest accrued from the disbursement up to `as_of`.
    pub fn accrued_interest(
        &self,
        history: &[LoanEvent],
        as_of: Date,
    ) -> Result<Decimal, HistoryError> {
        let ledger = Ledger::replay(self, history, as_of)?;
        Ok(accrued(&ledger.rows, as_of, self.money()))
    }

    /// The interest accrued after `from` up to `to`: `accrued_interest(to) −
    /// accrued_interest(from)` (negative when `to` is before `from`).
    pub fn accrual_delta(
        &self,
        history: &[LoanEvent],
        from: Date,
        to: Date,
    ) -> Result<Decimal, HistoryError> {
        Ok(self.accrued_interest(history, to)? - self.accrued_interest(history, from)?)
    }
}
