//! Late penalties: [`Loan::penalties_to_apply`] finds the installments that deserve the
//! product's penalty by a date and have none yet.
//!
//! An installment is penalised on its penalty date, the first day after `due date +
//! grace_days`, if on that day (after that day's events) it is still overdue: its outstanding
//! amount is above the arrears tolerance. The penalty is the product's flat amount, or its
//! percent of that outstanding amount, rounded to the currency. Each installment gets at most
//! one: an installment with a penalty event in the history is skipped. The result does not
//! depend on when it is asked (only on which penalty dates have passed), so a daily job that
//! missed days catches up with the same penalties, dated on their penalty dates; installments
//! are taken in order, each seeing the penalties found before it.

use std::collections::HashSet;

use time::{Date, Duration};

use crate::events::{LoanEvent, Penalty};
use crate::history::HistoryError;
use crate::ledger::Ledger;
use crate::loan::Loan;
use crate::status::{InstallmentStatus, installment_status};

impl Loan {
    /// The penalties to add to `history` as of `as_of`; empty when the product has no late
    /// penalty.
    pub fn penalties_to_apply(
        &self,
        history: &[LoanEvent],
        as_of: Date,
    ) -> Result<Vec<Penalty>, HistoryError> {
        let Some(late) = self.settings().late_penalty else {
            return Ok(Vec::new());
        };
        let penalised: HashSet<u32> = history
            .iter()
            .filter_map(|event| match event {
                LoanEvent::Penalty(penalty) => Some(penalty.installment),
                _ => None,
            })
            .collect();
        let grace = Duration::days(i64::from(late.grace_days) + 1);
        let tolerance = self.settings().arrears_tolerance;
        let mut with_new = history.to_vec();
        let mut new = Vec::new();
        for (index, row) in self.schedule().rows.iter().enumerate() {
            let Some(date) = row.due_date.checked_add(grace) else {
                continue;
            };
            if date > as_of || penalised.contains(&row.number) {
                continue;
            }
            let ledger = Ledger::replay(self, &with_new, date)?;
            let serviced = &ledger.rows[index];
            if installment_status(serviced, date, tolerance) != InstallmentStatus::Overdue {
                continue;
            }
            let amount = late.charge.on(serviced.total().outstanding, self.money());
            if amount.is_zero() {
                continue;
            }
            let penalty = Penalty {
                installment: row.number,
                date,
                amount,
            };
            with_new.push(LoanEvent::Penalty(penalty.clone()));
            new.push(penalty);
        }
        Ok(new)
    }
}
