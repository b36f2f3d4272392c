//! The rule of a badge, as data: what a user must have done to earn it. Each kind reads the
//! user's [`Stats`] after an event.
//!
//! | kind | earned when |
//! |---|---|
//! | `first` | the activity happened once |
//! | `tiers` | the activity's count reached each tier (one award per tier) |
//! | `streak` | the activity happened on `days` consecutive days (the user's days) |
//! | `window` | the activity happened `times` times within `days` days |
//! | `savings` | goal contributions in `currency` add up to `amount_minor` |
//! | `under_budget` | `days` consecutive days ended under one budget (`budget.day_under`) |

use serde::{Deserialize, Serialize};
use time::Date;

use ferrofin_platform::money::Currency;

use crate::activity::{Activity, Occurrences};
use crate::stats::Stats;

/// What earns a badge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    First {
        activity: Activity,
    },
    /// Ascending counts, each a tier.
    Tiers {
        activity: Activity,
        tiers: Vec<u64>,
    },
    Streak {
        activity: Activity,
        days: u32,
    },
    Window {
        activity: Activity,
        times: u64,
        days: u32,
    },
    Savings {
        currency: Currency,
        amount_minor: i64,
    },
    /// Days in a row that ended under the same budget (the user's days).
    UnderBudget {
        days: u32,
    },
}

impl Rule {
    /// Whether an event with these occurrences may change the rule's outcome.
    pub fn concerns(&self, occurrences: &Occurrences) -> bool {
        match self {
            Self::First { activity }
            | Self::Tiers { activity, .. }
            | Self::Streak { activity, .. }
            | Self::Window { activity, .. } => occurrences.count_of(*activity) > 0,
            Self::Savings { currency, .. } => occurrences
                .saved
                .is_some_and(|saved| saved.currency == *currency),
            Self::UnderBudget { .. } => occurrences.under_budget.is_some(),
        }
    }

    /// What the rule awards on `day` given `stats`: `[None]` for a plain badge reached, each
    /// reached tier for a tiered one, nothing when it is not reached.
    pub fn reached(&self, stats: &Stats, day: Date) -> Vec<Option<u64>> {
        let plain = |reached: bool| if reached { vec![None] } else { Vec::new() };
        match self {
            Self::First { activity } => plain(stats.count(*activity) >= 1),
            Self::Tiers { activity, tiers } => {
                let count = stats.count(*activity);
                tiers
                    .iter()
                    .filter(|tier| count >= **tier)
                    .map(|tier| Some(*tier))
                    .collect()
            }
            Self::Streak { activity, days } => plain(
                stats
                    .streak(*activity)
                    .is_some_and(|streak| streak.current_on(day) >= *days),
            ),
            Self::Window {
                activity,
                times,
                days,
            } => plain(stats.times_within(*activity, *days, day) >= *times),
            Self::Savings {
                currency,
                amount_minor,
            } => plain(stats.saved(*currency) >= *amount_minor),
            Self::UnderBudget { days } => plain(stats.under_budget_on(day) >= *days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::Saved;
    use ferrofin_platform::ids::UserId;
    use ferrofin_platform::ports::table::{Key, from_record, to_record};
    use time::macros::date;

    fn categorised(count: u64) -> Occurrences {
        Occurrences {
            counts: vec![(Activity::TransactionCategorised, count)],
            ..Occurrences::default()
        }
    }

    #[test]
    fn tiers_are_reached_one_by_one() {
        let rule = Rule::Tiers {
            activity: Activity::TransactionCategorised,
            tiers: vec![10, 100, 1000],
        };
        let mut stats = Stats::new(UserId::from("u1"));
        let day = date!(2026 - 11 - 21);
        stats.record(&categorised(9), day);
        assert!(rule.reached(&stats, day).is_empty());
        stats.record(&categorised(95), day);
        assert_eq!(rule.reached(&stats, day), vec![Some(10), Some(100)]);
        assert!(rule.concerns(&categorised(1)));
    }

    #[test]
    fn savings_count_their_currency_only() {
        let eur = Currency::parse("EUR").expect("EUR");
        let rule = Rule::Savings {
            currency: eur,
            amount_minor: 50_000,
        };
        let mut stats = Stats::new(UserId::from("u1"));
        let saved = |currency, minor| Occurrences {
            counts: vec![(Activity::GoalContributed, 1)],
            saved: Some(Saved { currency, minor }),
            under_budget: None,
        };
        let usd = Currency::parse("USD").expect("USD");
        stats.record(&saved(usd, 90_000), date!(2026 - 11 - 21));
        assert!(!rule.concerns(&saved(usd, 1)));
        assert!(rule.reached(&stats, date!(2026 - 11 - 21)).is_empty());
        stats.record(&saved(eur, 50_000), date!(2026 - 11 - 21));
        assert_eq!(rule.reached(&stats, date!(2026 - 11 - 21)), vec![None]);
    }

    #[test]
    fn days_under_a_budget_are_reached_by_one_budget_in_a_row() {
        let rule = Rule::UnderBudget { days: 2 };
        let under = |budget: &str, day| Occurrences {
            under_budget: Some(crate::activity::UnderBudget {
                budget_id: budget.to_owned(),
                day,
            }),
            ..Occurrences::default()
        };
        let mut stats = Stats::new(UserId::from("u1"));
        // Two budgets on two days are not two days under one budget.
        stats.record(&under("food", date!(2026 - 11 - 20)), date!(2026 - 11 - 21));
        stats.record(&under("fun", date!(2026 - 11 - 21)), date!(2026 - 11 - 22));
        assert!(rule.concerns(&under("fun", date!(2026 - 11 - 21))));
        assert!(!rule.concerns(&categorised(1)));
        assert!(rule.reached(&stats, date!(2026 - 11 - 22)).is_empty());
        stats.record(&under("fun", date!(2026 - 11 - 22)), date!(2026 - 11 - 23));
        assert_eq!(rule.reached(&stats, date!(2026 - 11 - 23)), vec![None]);
    }

    #[test]
    fn every_kind_round_trips_through_a_stored_item() {
        let rules = vec![
            Rule::First {
                activity: Activity::BudgetCreated,
            },
            Rule::Tiers {
                activity: Activity::TransactionCategorised,
                tiers: vec![10, 100],
            },
            Rule::Streak {
                activity: Activity::SignedIn,
                days: 3,
            },
            Rule::Window {
                activity: Activity::TransactionRecorded,
                times: 5,
                days: 7,
            },
            Rule::Savings {
                currency: Currency::parse("EUR").expect("EUR"),
                amount_minor: 50_000,
            },
            Rule::UnderBudget { days: 7 },
        ];
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Holder {
            rule: Rule,
        }
        for rule in rules {
            let item = to_record(&Holder { rule: rule.clone() }, &Key::new("P", "S"), None)
                .expect("record");
            let back: Holder = from_record(item).expect("read");
            assert_eq!(back.rule, rule);
        }
    }
}
