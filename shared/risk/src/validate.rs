//! Refuses what cannot be assessed: a reversed window, an entry dated outside it, amounts
//! beyond [`MAX_AMOUNT`]. The first offending entry (lowest index) is reported.

use rust_decimal::Decimal;

use crate::error::{MAX_AMOUNT, RiskError};
use crate::input::Cashflow;

/// `Ok` when every entry is dated inside the window and every amount is within bounds.
pub fn validate(cashflow: &Cashflow) -> Result<(), RiskError> {
    let (from, to) = (cashflow.from, cashflow.to);
    if to < from {
        return Err(RiskError::WindowReversed { from, to });
    }
    if cashflow.opening_balance.is_some_and(|b| !within_bounds(b)) {
        return Err(RiskError::OpeningBalanceTooLarge);
    }
    for (index, entry) in cashflow.entries.iter().enumerate() {
        if entry.date < from || entry.date > to {
            return Err(RiskError::EntryOutsideWindow {
                index,
                date: entry.date,
                from,
                to,
            });
        }
        if !within_bounds(entry.amount) {
            return Err(RiskError::AmountTooLarge { index });
        }
    }
    Ok(())
}

fn within_bounds(amount: Decimal) -> bool {
    amount.abs() <= Decimal::from(MAX_AMOUNT)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::input::{Entry, EntryKind};

    fn cashflow(entries: Vec<Entry>) -> Cashflow {
        Cashflow {
            currency: "EUR".to_owned(),
            opening_balance: None,
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 01 - 31),
            entries,
        }
    }

    fn entry(date: time::Date, amount: i64) -> Entry {
        Entry::new(date, Decimal::from(amount), "x", EntryKind::Unknown)
    }

    #[test]
    fn entries_on_both_edges_of_the_window_are_taken() {
        let flow = cashflow(vec![
            entry(date!(2026 - 01 - 01), 1),
            entry(date!(2026 - 01 - 31), -1),
        ]);
        assert_eq!(validate(&flow), Ok(()));
    }

    #[test]
    fn an_entry_outside_the_window_is_refused_with_its_index() {
        let flow = cashflow(vec![
            entry(date!(2026 - 01 - 10), 1),
            entry(date!(2026 - 02 - 01), -1),
            entry(date!(2025 - 12 - 31), -1),
        ]);
        assert_eq!(
            validate(&flow),
            Err(RiskError::EntryOutsideWindow {
                index: 1,
                date: date!(2026 - 02 - 01),
                from: date!(2026 - 01 - 01),
                to: date!(2026 - 01 - 31),
            })
        );
    }

    #[test]
    fn a_reversed_window_is_refused() {
        let mut flow = cashflow(Vec::new());
        flow.to = date!(2025 - 12 - 31);
        assert!(matches!(
            validate(&flow),
            Err(RiskError::WindowReversed { .. })
        ));
    }

    #[test]
    fn a_one_day_window_is_taken() {
        let mut flow = cashflow(vec![entry(date!(2026 - 01 - 01), 5)]);
        flow.to = flow.from;
        assert_eq!(validate(&flow), Ok(()));
    }

    #[test]
    fn amounts_beyond_a_trillion_are_refused() {
        let mut flow = cashflow(vec![
            entry(date!(2026 - 01 - 02), MAX_AMOUNT),
            entry(date!(2026 - 01 - 03), -MAX_AMOUNT),
        ]);
        assert_eq!(validate(&flow), Ok(()));
        flow.entries
            .push(entry(date!(2026 - 01 - 04), -MAX_AMOUNT - 1));
        assert_eq!(validate(&flow), Err(RiskError::AmountTooLarge { index: 2 }));
        flow.entries.clear();
        flow.opening_balance = Some(Decimal::from(MAX_AMOUNT + 1));
        assert_eq!(validate(&flow), Err(RiskError::OpeningBalanceTooLarge));
    }
}
