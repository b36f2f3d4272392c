//! How far the assessment can be trusted, and the flags that say why not more:
//!
//! - `low`: the window has fewer than three complete months, or no income was seen;
//! - `medium`: otherwise, when it has fewer than six complete months or no opening balance;
//! - `high`: six complete months or more, income seen and the balance known.

use serde::Serialize;

/// Complete months below which confidence is low.
const FEW_MONTHS: usize = 3;
/// Complete months from which confidence can be high.
const ENOUGH_MONTHS: usize = 6;

/// How far the assessment can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Something the caller should know about the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The cash flow has no entries.
    NoEntries,
    /// No complete calendar month: the metrics come from partial months as they are.
    ShortWindow,
    /// One or two complete months.
    FewMonths,
    /// No income in the months assessed.
    NoIncome,
    /// No opening balance: negative-balance days are unknown.
    BalanceUnknown,
    /// Partial first or last months are shown but left out of the metrics.
    PartialMonthsExcluded,
}

/// What the confidence is judged from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Evidence {
    pub entries: usize,
    pub complete_months: usize,
    pub partial_months: usize,
    pub income_seen: bool,
    pub balance_known: bool,
}

/// The confidence and its flags, in the order of [`Flag`].
pub(crate) fn judge(evidence: Evidence) -> (Confidence, Vec<Flag>) {
    let mut flags = Vec::new();
    if evidence.entries == 0 {
        flags.push(Flag::NoEntries);
    }
    match evidence.complete_months {
        0 => flags.push(Flag::ShortWindow),
        n if n < FEW_MONTHS => flags.push(Flag::FewMonths),
        _ => {}
    }
    if !evidence.income_seen {
        flags.push(Flag::NoIncome);
    }
    if !evidence.balance_known {
        flags.push(Flag::BalanceUnknown);
    }
    if evidence.complete_months > 0 && evidence.partial_months > 0 {
        flags.push(Flag::PartialMonthsExcluded);
    }
    let confidence = if evidence.complete_months < FEW_MONTHS || !evidence.income_seen {
        Confidence::Low
    } else if evidence.complete_months < ENOUGH_MONTHS || !evidence.balance_known {
        Confidence::Medium
    } else {
        Confidence::High
    };
    (confidence, flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(complete_months: usize, income_seen: bool, balance_known: bool) -> Evidence {
        Evidence {
            entries: 10,
            complete_months,
            partial_months: 0,
            income_seen,
            balance_known,
        }
    }

    #[test]
    fn confidence_grows_with_months_income_and_balance() {
        assert_eq!(
            judge(evidence(2, true, true)),
            (Confidence::Low, vec![Flag::FewMonths])
        );
        assert_eq!(judge(evidence(3, true, true)), (Confidence::Medium, vec![]));
        assert_eq!(
            judge(evidence(12, true, false)),
            (Confidence::Medium, vec![Flag::BalanceUnknown])
        );
        assert_eq!(judge(evidence(6, true, true)), (Confidence::High, vec![]));
        assert_eq!(
            judge(evidence(12, false, true)),
            (Confidence::Low, vec![Flag::NoIncome])
        );
    }

    #[test]
    fn an_empty_short_window_says_so() {
        let empty = Evidence {
            entries: 0,
            complete_months: 0,
            partial_months: 1,
            income_seen: false,
            balance_known: false,
        };
        assert_eq!(
            judge(empty),
            (
                Confidence::Low,
                vec![
                    Flag::NoEntries,
                    Flag::ShortWindow,
                    Flag::NoIncome,
                    Flag::BalanceUnknown
                ]
            )
        );
    }

    #[test]
    fn partial_months_are_flagged_only_beside_complete_ones() {
        let mut with_partial = evidence(3, true, true);
        with_partial.partial_months = 2;
        assert_eq!(
            judge(with_partial),
            (Confidence::Medium, vec![Flag::PartialMonthsExcluded])
        );
    }
}
