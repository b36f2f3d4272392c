//! What each entry counts as. The caller's [`EntryKind`] wins; an [`EntryKind::Unknown`] entry
//! is classified by its sign (positive: income, negative: spending) and, when negative, counts
//! as debt service if its description, counterparty or category mentions one of
//! [`DEBT_KEYWORDS`]. A keyword matches at the start of a word (`loan` matches `loans` but not
//! `sloane`; `kredit` matches `kreditkarte`); for a two-word keyword the first word must match
//! whole. Transfers, and unknown entries of zero, count as nothing (they still move the
//! balance).

use crate::input::{Entry, EntryKind};
use crate::text::words;
use rust_decimal::Decimal;

/// Words that mark an unclassified outflow as a debt payment (English and German).
pub const DEBT_KEYWORDS: &[&str] = &[
    "loan",
    "mortgage",
    "credit card",
    "creditcard",
    "repayment",
    "installment",
    "instalment",
    "debt",
    "kredit",
    "darlehen",
    "tilgung",
];

/// How an entry counts in income and spending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Income,
    /// Spending; `debt` when it services a loan, mortgage or card.
    Spending {
        debt: bool,
    },
    Ignored,
}

/// An entry and what it counts as.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Classified<'a> {
    pub entry: &'a Entry,
    pub flow: Flow,
}

impl Classified<'_> {
    /// The size of a payment out (a spending entry with a negative amount).
    pub fn outflow(&self) -> Option<Decimal> {
        match self.flow {
            Flow::Spending { .. } if self.entry.amount.is_sign_negative() => {
                Some(-self.entry.amount)
            }
            _ => None,
        }
    }
}

/// Every entry with what it counts as, in the input's order.
pub(crate) fn classify_all(entries: &[Entry]) -> Vec<Classified<'_>> {
    entries
        .iter()
        .map(|entry| Classified {
            entry,
            flow: classify(entry),
        })
        .collect()
}

fn classify(entry: &Entry) -> Flow {
    match entry.kind {
        EntryKind::Income => Flow::Income,
        EntryKind::Expense => Flow::Spending { debt: false },
        EntryKind::DebtPayment => Flow::Spending { debt: true },
        EntryKind::Transfer => Flow::Ignored,
        EntryKind::Unknown if entry.amount > Decimal::ZERO => Flow::Income,
        EntryKind::Unknown if entry.amount < Decimal::ZERO => Flow::Spending {
            debt: mentions_debt(entry),
        },
        EntryKind::Unknown => Flow::Ignored,
    }
}

fn mentions_debt(entry: &Entry) -> bool {
    let texts = [
        Some(entry.description.as_str()),
        entry.counterparty.as_deref(),
        entry.category.as_deref(),
    ];
    texts.into_iter().flatten().any(|text| {
        DEBT_KEYWORDS
            .iter()
            .any(|keyword| contains(&words(text), keyword))
    })
}

/// Whether `words` contain `keyword`'s words in a row, the last one as a word start.
fn contains(words: &[String], keyword: &str) -> bool {
    let wanted: Vec<&str> = keyword.split(' ').collect();
    let Some((last, leading)) = wanted.split_last() else {
        return false;
    };
    words.windows(wanted.len()).any(|window| {
        window
            .iter()
            .zip(leading)
            .all(|(word, expected)| word == expected)
            && window.last().is_some_and(|word| word.starts_with(last))
    })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn unknown(amount: i64, description: &str) -> Entry {
        Entry::new(
            date!(2026 - 01 - 01),
            Decimal::from(amount),
            description,
            EntryKind::Unknown,
        )
    }

    fn flow(entry: &Entry) -> Flow {
        classify(entry)
    }

    #[test]
    fn the_callers_kind_wins() {
        let mut entry = unknown(-100, "Car loan");
        entry.kind = EntryKind::Expense;
        assert_eq!(flow(&entry), Flow::Spending { debt: false });
        entry.kind = EntryKind::Transfer;
        assert_eq!(flow(&entry), Flow::Ignored);
        entry.kind = EntryKind::Income;
        assert_eq!(flow(&entry), Flow::Income, "a reversed salary is income");
        entry.kind = EntryKind::DebtPayment;
        assert_eq!(flow(&entry), Flow::Spending { debt: true });
    }

    #[test]
    fn unknown_entries_go_by_sign() {
        assert_eq!(flow(&unknown(2500, "Client A invoice")), Flow::Income);
        assert_eq!(flow(&unknown(2500, "Loan payout")), Flow::Income);
        assert_eq!(
            flow(&unknown(-40, "Supermarket")),
            Flow::Spending { debt: false }
        );
        assert_eq!(flow(&unknown(0, "Card check")), Flow::Ignored);
    }

    #[test]
    fn debt_keywords_match_word_starts() {
        for description in [
            "CREDIT-CARD payment",
            "Mortgages Ltd",
            "Student LOANS",
            "Kreditkarte Abrechnung",
            "Rate Darlehen 12",
            "instalment 3/12",
            "debt collection",
        ] {
            assert_eq!(
                flow(&unknown(-100, description)),
                Flow::Spending { debt: true },
                "{description}"
            );
        }
        for description in [
            "Sloane Square Cafe",
            "Credit union fee",
            "Card shop",
            "Autoloan",
        ] {
            assert_eq!(
                flow(&unknown(-100, description)),
                Flow::Spending { debt: false },
                "{description}"
            );
        }
    }

    #[test]
    fn counterparty_and_category_are_read_too() {
        let entry = unknown(-300, "Direct debit 0042").with_counterparty("Car Loan Bank");
        assert_eq!(flow(&entry), Flow::Spending { debt: true });
        let entry = unknown(-300, "Direct debit 0042").with_category("mortgage");
        assert_eq!(flow(&entry), Flow::Spending { debt: true });
    }

    #[test]
    fn outflows_are_negative_spending_only() {
        let entries = [
            unknown(-300, "Shop"),
            unknown(40, "Refund").with_category("x"),
            Entry::new(
                date!(2026 - 01 - 02),
                Decimal::from(25),
                "Refund",
                EntryKind::Expense,
            ),
            Entry::new(
                date!(2026 - 01 - 02),
                Decimal::from(-500),
                "Savings",
                EntryKind::Transfer,
            ),
        ];
        let outflows: Vec<Option<Decimal>> = classify_all(&entries)
            .iter()
            .map(Classified::outflow)
            .collect();
        assert_eq!(outflows, [Some(Decimal::from(300)), None, None, None]);
    }
}
