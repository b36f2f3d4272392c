//! Recurring obligations: payments out (spending, debt payments included; never transfers or
//! income) that repeat to the same payee at a steady amount and interval.
//!
//! - Payments are grouped by the [`series_key`] of their counterparty, or of their description
//!   when there is no counterparty (or nothing is left of it).
//! - In a group, oldest first, each payment joins the first open series it fits, otherwise
//!   it opens a new one. It fits when its interval from the series' latest payment is 6–8 days
//!   (weekly) or 28–35 days (monthly) and its amount is within ±10 % of the series' first
//!   payment (`|amount − first| · 10 ≤ first`).
//! - Weekly series are found first; the payments of weekly series of three or more are then
//!   left out of the monthly search (four weekly payments are not four monthly ones).
//! - A series of at least three payments is an obligation. Its typical amount is the median of
//!   its payments; its monthly amount is the typical amount for a monthly series and
//!   `typical · 52 / 12` for a weekly one. The monthly total sums the exact monthly amounts.
//!
//! Payments in partial months count here too: more payments show the cadence better.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::classify::Classified;
use crate::present::money;
use crate::ser::display;
use crate::stats::median;
use crate::text::series_key;

/// The fewest payments that make an obligation.
const MIN_PAYMENTS: usize = 3;

/// How often an obligation is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Monthly,
}

impl Cadence {
    /// The days allowed between two payments.
    fn interval(self) -> RangeInclusive<i64> {
        match self {
            Cadence::Weekly => 6..=8,
            Cadence::Monthly => 28..=35,
        }
    }

    /// What a payment of `amount` at this cadence costs per month.
    fn per_month(self, amount: Decimal) -> Decimal {
        match self {
            Cadence::Weekly => amount * Decimal::from(52) / Decimal::from(12),
            Cadence::Monthly => amount,
        }
    }
}

/// A recurring obligation, as presented.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Obligation {
    /// The payee as written on the latest payment (its counterparty, else its description).
    pub counterparty: String,
    pub cadence: Cadence,
    /// Payments seen.
    pub count: u32,
    #[serde(serialize_with = "display")]
    pub first: Date,
    #[serde(serialize_with = "display")]
    pub last: Date,
    /// The median payment.
    #[serde(serialize_with = "display")]
    pub typical_amount: Decimal,
    /// The typical amount per month (`· 52 / 12` when weekly).
    #[serde(serialize_with = "display")]
    pub monthly_amount: Decimal,
}

/// The obligations found, largest monthly amount first, and their exact monthly total.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Recurring {
    pub obligations: Vec<Obligation>,
    pub monthly_total: Decimal,
}

/// A payment out, as the search sees it.
#[derive(Clone, Copy, Debug)]
struct Payment<'a> {
    date: Date,
    amount: Decimal,
    name: &'a str,
}

/// Payments that belong together: the positions of a group's payments.
struct Series {
    first_amount: Decimal,
    last_date: Date,
    members: Vec<usize>,
}

/// The recurring obligations among `items`; money presented with `digits` decimals.
pub(crate) fn detect(items: &[Classified<'_>], digits: u32) -> Recurring {
    let mut found: Vec<(Cadence, Vec<Payment<'_>>)> = Vec::new();
    for payments in groups(items).into_values() {
        let mut taken = vec![false; payments.len()];
        for cadence in [Cadence::Weekly, Cadence::Monthly] {
            for series in series_of(&payments, &taken, cadence) {
                for &position in &series {
                    if let Some(slot) = taken.get_mut(position) {
                        *slot = true;
                    }
                }
                let members = series.iter().filter_map(|&p| payments.get(p).copied());
                found.push((cadence, members.collect()));
            }
        }
    }
    let mut monthly_total = Decimal::ZERO;
    let mut obligations = Vec::new();
    for (cadence, payments) in found {
        let amounts: Vec<Decimal> = payments.iter().map(|p| p.amount).collect();
        let (Some(typical), Some(first), Some(last)) =
            (median(&amounts), payments.first(), payments.last())
        else {
            continue;
        };
        let monthly = cadence.per_month(typical);
        monthly_total += monthly;
        obligations.push(Obligation {
            counterparty: last.name.to_owned(),
            cadence,
            count: u32::try_from(payments.len()).unwrap_or(u32::MAX),
            first: first.date,
            last: last.date,
            typical_amount: money(typical, digits),
            monthly_amount: money(monthly, digits),
        });
    }
    obligations.sort_by(|a, b| {
        b.monthly_amount
            .cmp(&a.monthly_amount)
            .then_with(|| a.counterparty.cmp(&b.counterparty))
            .then_with(|| a.first.cmp(&b.first))
    });
    Recurring {
        obligations,
        monthly_total,
    }
}

/// The payments out of `items` by series key, each group oldest (then smallest) first.
fn groups<'a>(items: &[Classified<'a>]) -> BTreeMap<String, Vec<Payment<'a>>> {
    let mut groups: BTreeMap<String, Vec<Payment<'a>>> = BTreeMap::new();
    for item in items {
        let Some(amount) = item.outflow() else {
            continue;
        };
        let entry = item.entry;
        let counterparty = entry
            .counterparty
            .as_deref()
            .map(|name| (series_key(name), name))
            .filter(|(key, _)| !key.is_empty());
        let (key, name) =
            counterparty.unwrap_or_else(|| (series_key(&entry.description), &entry.description));
        if key.is_empty() {
            continue;
        }
        groups.entry(key).or_default().push(Payment {
            date: entry.date,
            amount,
            name: name.trim(),
        });
    }
    for payments in groups.values_mut() {
        payments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.amount.cmp(&b.amount)));
    }
    groups
}

/// The series of at least [`MIN_PAYMENTS`] at `cadence` among the payments not yet `taken`.
fn series_of(payments: &[Payment<'_>], taken: &[bool], cadence: Cadence) -> Vec<Vec<usize>> {
    let mut open: Vec<Series> = Vec::new();
    for (position, payment) in payments.iter().enumerate() {
        if taken.get(position).copied().unwrap_or(true) {
            continue;
        }
        let fitting = open.iter_mut().find(|series| {
            let interval = (payment.date - series.last_date).whole_days();
            cadence.interval().contains(&interval)
                && (payment.amount - series.first_amount).abs() * Decimal::TEN
                    <= series.first_amount
        });
        match fitting {
            Some(series) => {
                series.last_date = payment.date;
                series.members.push(position);
            }
            None => open.push(Series {
                first_amount: payment.amount,
                last_date: payment.date,
                members: vec![position],
            }),
        }
    }
    open.into_iter()
        .map(|series| series.members)
        .filter(|members| members.len() >= MIN_PAYMENTS)
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::classify::classify_all;
    use crate::input::{Entry, EntryKind};

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn pay(date: Date, amount: &str, description: &str) -> Entry {
        Entry::new(date, -d(amount), description, EntryKind::Expense)
    }

    fn found(entries: &[Entry]) -> Recurring {
        detect(&classify_all(entries), 2)
    }

    #[test]
    fn monthly_payments_to_one_payee_are_an_obligation() {
        let entries = [
            pay(date!(2026 - 03 - 01), "1000", "Rent").with_counterparty("ACME Properties"),
            pay(date!(2026 - 01 - 01), "1000", "Rent").with_counterparty("Acme properties"),
            pay(date!(2026 - 02 - 01), "1000", "Rent").with_counterparty("acme  PROPERTIES"),
        ];
        let recurring = found(&entries);
        assert_eq!(
            recurring.obligations,
            [Obligation {
                counterparty: "ACME Properties".to_owned(),
                cadence: Cadence::Monthly,
                count: 3,
                first: date!(2026 - 01 - 01),
                last: date!(2026 - 03 - 01),
                typical_amount: d("1000.00"),
                monthly_amount: d("1000.00"),
            }]
        );
        assert_eq!(recurring.monthly_total, d("1000"));
    }

    #[test]
    fn two_payments_are_not_enough() {
        let entries = [
            pay(date!(2026 - 01 - 01), "50", "Gym"),
            pay(date!(2026 - 02 - 01), "50", "Gym"),
        ];
        assert!(found(&entries).obligations.is_empty());
    }

    #[test]
    fn amounts_may_vary_by_ten_percent_of_the_first() {
        let entries = [
            pay(date!(2026 - 01 - 15), "200", "Credit card repayment"),
            pay(date!(2026 - 02 - 16), "220", "Credit card repayment"),
            pay(date!(2026 - 03 - 16), "180", "Credit card repayment"),
        ];
        let recurring = found(&entries);
        assert_eq!(recurring.obligations.len(), 1);
        assert_eq!(recurring.obligations[0].typical_amount, d("200.00"));
        let too_far = [
            pay(date!(2026 - 01 - 15), "200", "Phone"),
            pay(date!(2026 - 02 - 15), "221", "Phone"),
            pay(date!(2026 - 03 - 15), "200", "Phone"),
        ];
        assert!(found(&too_far).obligations.is_empty(), "221 is beyond 10 %");
    }

    #[test]
    fn intervals_must_fit_the_cadence() {
        let gaps = [
            pay(date!(2026 - 01 - 01), "30", "Stream"),
            pay(date!(2026 - 01 - 29), "30", "Stream"),
            pay(date!(2026 - 03 - 05), "30", "Stream"),
        ];
        assert_eq!(
            found(&gaps).obligations.len(),
            1,
            "28 and 35 days are monthly"
        );
        let broken = [
            pay(date!(2026 - 01 - 01), "30", "Stream"),
            pay(date!(2026 - 01 - 28), "30", "Stream"),
            pay(date!(2026 - 03 - 05), "30", "Stream"),
        ];
        assert!(
            found(&broken).obligations.is_empty(),
            "27 and 36 days are not"
        );
    }

    #[test]
    fn weekly_payments_are_weekly_not_monthly() {
        let entries: Vec<Entry> = [6, 13, 20, 27]
            .into_iter()
            .map(|day| {
                let date = Date::from_calendar_date(2026, time::Month::March, day).expect("date");
                pay(date, "100", &format!("DAYCARE Sunshine REF 03{day:02}"))
            })
            .collect();
        let recurring = found(&entries);
        assert_eq!(recurring.obligations.len(), 1);
        let daycare = &recurring.obligations[0];
        assert_eq!(daycare.cadence, Cadence::Weekly);
        assert_eq!(daycare.count, 4);
        assert_eq!(daycare.counterparty, "DAYCARE Sunshine REF 0327");
        assert_eq!(daycare.monthly_amount, d("433.33"));
        assert_eq!(recurring.monthly_total.round_dp(6), d("433.333333"));
    }

    #[test]
    fn income_transfers_and_other_payees_are_left_out() {
        let mut entries = Vec::new();
        for month in [
            time::Month::January,
            time::Month::February,
            time::Month::March,
        ] {
            let date = Date::from_calendar_date(2026, month, 3).expect("date");
            entries.push(Entry::new(date, d("3000"), "Salary", EntryKind::Income));
            entries.push(Entry::new(date, d("-500"), "Savings", EntryKind::Transfer));
            let other = if month == time::Month::February {
                "Shop B"
            } else {
                "Shop A"
            };
            entries.push(pay(date, "40", other));
        }
        assert!(found(&entries).obligations.is_empty());
    }

    #[test]
    fn obligations_are_listed_largest_first() {
        let mut entries = Vec::new();
        for month in [
            time::Month::January,
            time::Month::February,
            time::Month::March,
        ] {
            let date = Date::from_calendar_date(2026, month, 1).expect("date");
            entries.push(pay(date, "20", "Phone"));
            entries.push(pay(date, "900", "Rent"));
        }
        let names: Vec<String> = found(&entries)
            .obligations
            .into_iter()
            .map(|o| o.counterparty)
            .collect();
        assert_eq!(names, ["Rent", "Phone"]);
    }
}
