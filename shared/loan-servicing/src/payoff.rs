//! Early full settlement. The payoff on a date is what closes the loan that day: the
//! outstanding principal, the interest of the current period accrued up to the date (see
//! [`crate::accrual`]), and everything still unpaid of the installments due by then (interest,
//! fees, penalties). Interest not accrued yet and fees of installments not due yet are not
//! charged: a repayment that covers the payoff waives them (see [`crate::ledger`]), and the
//! quote says how much that is.

use serde::Serialize;
use time::Date;

use crate::accrual::straight_line;
use crate::components::{Breakdown, Component};
use crate::events::LoanEvent;
use crate::history::HistoryError;
use crate::ledger::{Ledger, LedgerRow};
use crate::loan::Loan;
use crate::money::Money;
use crate::text;

/// What settles the loan on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PayoffQuote {
    #[serde(with = "text::date")]
    pub date: Date,
    /// What to pay; `amount.total` closes the loan.
    pub amount: Breakdown,
    /// What settling that day waives: the interest not accrued yet and the fees not due yet.
    pub waived: Breakdown,
}

/// The early settlement a history holds: the repayment that covered the payoff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EarlySettlement {
    pub repayment_id: String,
    #[serde(with = "text::date")]
    pub date: Date,
    pub waived: Breakdown,
}

/// What settling on a date asks and waives of one installment.
struct Settling {
    payable: Breakdown,
    waived: Breakdown,
}

fn settling(row: &LedgerRow, date: Date, money: Money) -> Settling {
    let zero = money.zero();
    let unpaid_accrued = straight_line(row, date, money) - row.interest.paid - row.interest.waived;
    let interest = unpaid_accrued.max(zero).min(row.interest.outstanding);
    let fees = if row.due_date <= date {
        row.fees.outstanding
    } else {
        zero
    };
    let payable = Breakdown::from_fn(|component| match component {
        Component::Interest => interest,
        Component::Fees => fees,
        Component::Principal | Component::Penalties => row.component(component).outstanding,
    });
    // Zero for principal and penalties, which are payable in full.
    let waived = Breakdown::from_fn(|component| {
        row.component(component).outstanding - payable.component(component)
    });
    Settling { payable, waived }
}

/// The payoff of `rows` on `date`.
pub(crate) fn quote(rows: &[LedgerRow], date: Date, money: Money) -> PayoffQuote {
    let (amount, waived) = rows.iter().map(|row| settling(row, date, money)).fold(
        (Breakdown::zero(money), Breakdown::zero(money)),
        |(amount, waived), row| (amount + row.payable, waived + row.waived),
    );
    PayoffQuote {
        date,
        amount,
        waived,
    }
}

/// Waives on `rows` what settling on `date` does not charge.
pub(crate) fn waive_unearned(rows: &mut [LedgerRow], date: Date, money: Money) {
    for row in rows {
        let waived = settling(row, date, money).waived;
        row.interest.waive(waived.interest);
        row.fees.waive(waived.fees);
    }
}

impl Loan {
    /// The payoff on `date`, after the events of `history` up to that date.
    pub fn payoff_quote(
        &self,
        history: &[LoanEvent],
        date: Date,
    ) -> Result<PayoffQuote, HistoryError> {
        let ledger = Ledger::replay(self, history, date)?;
        Ok(quote(&ledger.rows, date, self.money()))
    }
}
