//! Duplicate detection for imports: a row's fingerprint is the bank's transaction id when it
//! has one, otherwise its date, amount, currency and normalised description with the
//! occurrence of that combination in the file, so two identical rows of one file differ and a
//! re-import of the same file gives the same fingerprints.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use time::Date;

use crate::StatementRow;

/// What identifies a row across imports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fingerprint {
    /// The bank's id (OFX `FITID` or the mapped external id column), trimmed.
    ExternalId(String),
    /// The row's content, and which occurrence of it in the file this is (1 for the first).
    Content {
        date: Date,
        amount: Decimal,
        currency: Option<String>,
        description: String,
        occurrence: u32,
    },
}

impl Fingerprint {
    /// A stable key: the SHA-256 in hex of a canonical text of the fingerprint. The amount is
    /// written without trailing zeros, so `12.5` and `12.50` match. A content fingerprint's
    /// key starts with the row's date (`2024-03-01.<sha256>`), so the keys of a statement,
    /// which runs in date order, sit together in the store's index instead of all over it.
    pub fn key(&self) -> String {
        let (prefix, canonical) = match self {
            Self::ExternalId(id) => (None, format!("id\u{1f}{id}")),
            Self::Content {
                date,
                amount,
                currency,
                description,
                occurrence,
            } => (
                Some(*date),
                format!(
                    "row\u{1f}{}\u{1f}{occurrence}",
                    content_text(*date, *amount, currency.as_deref(), description)
                ),
            ),
        };
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut key = String::with_capacity(75);
        if let Some(date) = prefix {
            key.push_str(&date.to_string());
            key.push('.');
        }
        for b in Sha256::digest(canonical.as_bytes()) {
            key.push(char::from(HEX[usize::from(b >> 4)]));
            key.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        key
    }
}

/// The content a row is counted by, as text.
fn content_text(date: Date, amount: Decimal, currency: Option<&str>, description: &str) -> String {
    format!(
        "{date}\u{1f}{}\u{1f}{}\u{1f}{description}",
        amount.normalize(),
        currency.unwrap_or("")
    )
}

/// Lower case, inner runs of white space as one space, trimmed.
pub fn normalise_description(description: &str) -> String {
    let mut out = String::with_capacity(description.len());
    for word in description.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Counts the rows of one file without an external id by their content. Memory grows with the
/// number of distinct (date, amount, currency, description) combinations: 8 bytes of their
/// SHA-256 each (about 18 MB for a million distinct rows), plus a count for each content seen
/// more than once. Two contents sharing those 8 bytes (odds of about 1 in 30 million for a
/// million-row file) only share a counter: their keys still differ by content, and the same
/// file always numbers them the same way.
#[derive(Debug, Default)]
pub struct Occurrences {
    seen: HashSet<u64>,
    /// The count of each content seen more than once.
    repeated: HashMap<u64, u32>,
}

impl Occurrences {
    pub fn new() -> Self {
        Self::default()
    }

    /// The fingerprint of the next row of the file (rows must be given in file order).
    pub fn fingerprint(&mut self, row: &StatementRow) -> Fingerprint {
        if let Some(id) = row
            .external_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            return Fingerprint::ExternalId(id.to_owned());
        }
        let description = normalise_description(&row.description);
        let content = content_text(row.date, row.amount, row.currency.as_deref(), &description);
        let digest = Sha256::digest(content.as_bytes());
        let mut prefix = [0u8; 8];
        prefix.copy_from_slice(&digest[..8]);
        let content = u64::from_be_bytes(prefix);
        let occurrence = if self.seen.insert(content) {
            1
        } else {
            let count = self.repeated.entry(content).or_insert(1);
            *count = count.saturating_add(1);
            *count
        };
        Fingerprint::Content {
            date: row.date,
            amount: row.amount,
            currency: row.currency.clone(),
            description,
            occurrence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn row(description: &str, amount: i64, external_id: Option<&str>) -> StatementRow {
        StatementRow {
            row: 1,
            date: date!(2024 - 01 - 05),
            amount: Decimal::new(amount, 2),
            currency: None,
            description: description.to_owned(),
            payee: None,
            category: None,
            notes: None,
            external_id: external_id.map(str::to_owned),
        }
    }

    #[test]
    fn identical_rows_get_occurrences_one_and_two() {
        let mut occurrences = Occurrences::new();
        let first = occurrences.fingerprint(&row("Coffee  Shop", -350, None));
        let second = occurrences.fingerprint(&row("coffee shop ", -350, None));
        let other = occurrences.fingerprint(&row("Coffee Shop", -351, None));
        assert!(matches!(first, Fingerprint::Content { occurrence: 1, .. }));
        assert!(matches!(second, Fingerprint::Content { occurrence: 2, .. }));
        assert!(matches!(other, Fingerprint::Content { occurrence: 1, .. }));
        assert_ne!(first.key(), second.key());
    }

    #[test]
    fn keys_are_stable_across_imports() {
        let keys = || {
            let mut occurrences = Occurrences::new();
            [
                row("A", 100, None),
                row("A", 100, None),
                row("B", 100, Some(" 42 ")),
            ]
            .iter()
            .map(|r| occurrences.fingerprint(r).key())
            .collect::<Vec<_>>()
        };
        let first = keys();
        assert_eq!(first, keys());
        assert_eq!(first[0].len(), 75, "date, dot, 64 hex digits: {}", first[0]);
        assert!(first[0].starts_with("2024-"), "{}", first[0]);
        assert_eq!(
            first[2],
            Fingerprint::ExternalId("42".into()).key(),
            "the external id wins and is trimmed"
        );
    }

    #[test]
    fn amount_scale_does_not_change_the_key() {
        let a = Fingerprint::Content {
            date: date!(2024 - 01 - 05),
            amount: Decimal::new(1250, 2),
            currency: Some("EUR".into()),
            description: "x".into(),
            occurrence: 1,
        };
        let mut b = a.clone();
        if let Fingerprint::Content { amount, .. } = &mut b {
            *amount = Decimal::new(125, 1);
        }
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise_description("  CAFÉ\t Crème  "), "café crème");
    }
}
