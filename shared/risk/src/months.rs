//! Income, spending and net of every calendar month in the window, and which months the
//! metrics are computed from.
//!
//! Sums keep the entries' signs inside their bucket: income is the sum of income entries (a
//! reversed salary lowers it), expenses are minus the sum of spending entries, debt payments
//! included (a refund booked as an expense lowers them), debt payments the debt-service part of
//! the expenses, and net = income − expenses. Payments out are also totalled gross (refunds
//! not netted), with the largest one, for the largest-outflow share.
//!
//! Partial months (the window starts or ends inside them) are shown but not pro-rated: the
//! metrics use the complete months only, or, when the window has no complete month, every
//! month as it is (flagged `short_window`).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::calendar::{MonthSpan, month_index, months_of};
use crate::classify::{Classified, Flow};
use crate::present::money;
use crate::ser::display;
use time::Date;

/// One month's exact sums.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MonthTotals {
    pub span: MonthSpan,
    pub income: Decimal,
    pub expenses: Decimal,
    pub debt_payments: Decimal,
    /// Payments out, gross.
    pub outflows: Decimal,
    pub largest_outflow: Decimal,
}

impl MonthTotals {
    fn empty(span: MonthSpan) -> Self {
        Self {
            span,
            income: Decimal::ZERO,
            expenses: Decimal::ZERO,
            debt_payments: Decimal::ZERO,
            outflows: Decimal::ZERO,
            largest_outflow: Decimal::ZERO,
        }
    }

    pub fn net(&self) -> Decimal {
        self.income - self.expenses
    }

    fn add(&mut self, item: &Classified<'_>) {
        let amount = item.entry.amount;
        match item.flow {
            Flow::Income => self.income += amount,
            Flow::Spending { debt } => {
                self.expenses -= amount;
                if debt {
                    self.debt_payments -= amount;
                }
            }
            Flow::Ignored => {}
        }
        if let Some(outflow) = item.outflow() {
            self.outflows += outflow;
            self.largest_outflow = self.largest_outflow.max(outflow);
        }
    }

    /// The month as presented, money rounded to `digits` decimals.
    pub fn present(&self, digits: u32) -> MonthFlow {
        MonthFlow {
            month: self.span.label(),
            days_in_window: self.span.days_in_window,
            days_in_month: self.span.days_in_month,
            complete: self.span.complete(),
            income: money(self.income, digits),
            expenses: money(self.expenses, digits),
            debt_payments: money(self.debt_payments, digits),
            net: money(self.net(), digits),
        }
    }
}

/// One calendar month of the window, as presented.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthFlow {
    /// `YYYY-MM`.
    pub month: String,
    pub days_in_window: u8,
    pub days_in_month: u8,
    /// Whether the window covers the whole month (only complete months feed the metrics when
    /// there are any).
    pub complete: bool,
    #[serde(serialize_with = "display")]
    pub income: Decimal,
    /// All spending, debt payments included.
    #[serde(serialize_with = "display")]
    pub expenses: Decimal,
    #[serde(serialize_with = "display")]
    pub debt_payments: Decimal,
    /// `income − expenses`.
    #[serde(serialize_with = "display")]
    pub net: Decimal,
}

/// Every month from `from` to `to` with the sums of its entries (all dated in the window).
pub(crate) fn month_totals(from: Date, to: Date, items: &[Classified<'_>]) -> Vec<MonthTotals> {
    let mut months: Vec<MonthTotals> = months_of(from, to)
        .into_iter()
        .map(MonthTotals::empty)
        .collect();
    for item in items {
        let month = month_index(from, item.entry.date).and_then(|index| months.get_mut(index));
        if let Some(month) = month {
            month.add(item);
        }
    }
    months
}

/// The months the metrics are computed from: the complete ones, or all when none is complete.
pub(crate) fn basis(months: &[MonthTotals]) -> Vec<&MonthTotals> {
    let complete: Vec<&MonthTotals> = months.iter().filter(|m| m.span.complete()).collect();
    if complete.is_empty() {
        months.iter().collect()
    } else {
        complete
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::classify::classify_all;
    use crate::input::{Entry, EntryKind};

    fn entry(date: Date, amount: &str, kind: EntryKind) -> Entry {
        Entry::new(date, amount.parse().expect("decimal"), "x", kind)
    }

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn sums_per_month_in_any_entry_order() {
        let entries = [
            entry(date!(2026 - 02 - 03), "-450", EntryKind::DebtPayment),
            entry(date!(2026 - 01 - 25), "3000", EntryKind::Income),
            entry(date!(2026 - 02 - 25), "3000", EntryKind::Income),
            entry(date!(2026 - 01 - 10), "-800", EntryKind::Expense),
            entry(date!(2026 - 01 - 12), "25.50", EntryKind::Expense),
            entry(date!(2026 - 01 - 20), "-1000", EntryKind::Transfer),
            entry(date!(2026 - 02 - 28), "-200", EntryKind::Unknown),
        ];
        let items = classify_all(&entries);
        let months = month_totals(date!(2026 - 01 - 01), date!(2026 - 02 - 28), &items);
        let flows: Vec<MonthFlow> = months.iter().map(|m| m.present(2)).collect();
        assert_eq!(flows[0].income, d("3000.00"));
        assert_eq!(flows[0].expenses, d("774.50"), "the refund lowers spending");
        assert_eq!(flows[0].net, d("2225.50"));
        assert_eq!(months[0].outflows, d("800"), "gross, transfer left out");
        assert_eq!(flows[1].expenses, d("650.00"));
        assert_eq!(flows[1].debt_payments, d("450.00"));
        assert_eq!(months[1].largest_outflow, d("450"));
        assert_eq!(flows[1].income.to_string(), "3000.00");
    }

    #[test]
    fn a_window_with_no_entries_has_empty_months() {
        let months = month_totals(date!(2026 - 01 - 15), date!(2026 - 03 - 05), &[]);
        assert_eq!(months.len(), 3);
        assert!(months.iter().all(|m| m.net().is_zero()));
    }

    #[test]
    fn the_basis_is_the_complete_months_when_there_are_any() {
        let months = month_totals(date!(2026 - 01 - 15), date!(2026 - 03 - 05), &[]);
        let labels: Vec<String> = basis(&months).iter().map(|m| m.span.label()).collect();
        assert_eq!(labels, ["2026-02"]);
        let short = month_totals(date!(2026 - 01 - 15), date!(2026 - 02 - 05), &[]);
        assert_eq!(basis(&short).len(), 2, "no complete month: all months");
    }

    #[test]
    fn a_leap_day_counts_in_february() {
        let entries = [entry(date!(2024 - 02 - 29), "100", EntryKind::Income)];
        let items = classify_all(&entries);
        let months = month_totals(date!(2024 - 02 - 01), date!(2024 - 03 - 31), &items);
        assert_eq!(months[0].income, d("100"));
        assert!(months[0].span.complete());
        assert_eq!(months[0].span.days_in_month, 29);
    }
}
