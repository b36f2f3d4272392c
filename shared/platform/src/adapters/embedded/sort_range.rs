//! Turns a query (partition, sort-key condition, start position, direction) into a range over an
//! ordered index, so the embedded table reads only the entries a query can return, and that range
//! into the key ranges of the store's `items` and `gsi1` tables.

use std::ops::Bound;

use crate::ports::table::{Position, SortKey};

/// An entry of an ordered index: the index key, then the table key that breaks ties.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexEntry {
    pub partition: String,
    pub sort: String,
    pub pk: String,
    pub sk: String,
}

impl IndexEntry {
    fn first_with_sort(partition: &str, sort: String) -> Self {
        Self {
            partition: partition.to_owned(),
            sort,
            pk: String::new(),
            sk: String::new(),
        }
    }

    fn of_position(partition: &str, position: &Position) -> Self {
        let sort = match &position.index_key {
            Some((_, sort)) => sort.clone(),
            None => position.key.sk.clone(),
        };
        Self {
            partition: partition.to_owned(),
            sort,
            pk: position.key.pk.clone(),
            sk: position.key.sk.clone(),
        }
    }
}

/// A range bound on `gsi1` keys `(gsi1pk, gsi1sk, pk, sk)`: entries order the same way.
pub fn gsi1_bound(bound: &Bound<IndexEntry>) -> Bound<(&str, &str, &str, &str)> {
    match bound {
        Bound::Included(e) => Bound::Included((
            e.partition.as_str(),
            e.sort.as_str(),
            e.pk.as_str(),
            e.sk.as_str(),
        )),
        Bound::Excluded(e) => Bound::Excluded((
            e.partition.as_str(),
            e.sort.as_str(),
            e.pk.as_str(),
            e.sk.as_str(),
        )),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// A range bound on primary keys `(pk, sk)`. A primary entry is `(pk, sk, pk, sk)`, and the
/// bounds [`entry_range`] builds break ties either with the empty key (inclusive lower and
/// exclusive upper bounds) or with the item's own key (resume positions), so comparing on
/// `(partition, sort)` alone selects the same items.
pub fn primary_bound(bound: &Bound<IndexEntry>) -> Bound<(&str, &str)> {
    match bound {
        Bound::Included(e) => Bound::Included((e.partition.as_str(), e.sort.as_str())),
        Bound::Excluded(e) => Bound::Excluded((e.partition.as_str(), e.sort.as_str())),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// The smallest string greater than every string starting with `prefix`, if there is one.
fn prefix_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The smallest string greater than `value` (strings order by UTF-8 bytes, like DynamoDB).
fn successor(value: &str) -> String {
    format!("{value}\u{0}")
}

/// The range of index entries a query may return, or `None` when it is empty.
pub fn entry_range(
    partition: &str,
    sort: &SortKey,
    start_after: Option<&Position>,
    forward: bool,
) -> Option<(Bound<IndexEntry>, Bound<IndexEntry>)> {
    let at = |sort: &str| IndexEntry::first_with_sort(partition, sort.to_owned());
    let after = |sort: &str| IndexEntry::first_with_sort(partition, successor(sort));
    let (mut lower, mut upper) = match sort {
        SortKey::Any => (
            Bound::Included(at("")),
            Bound::Excluded(partition_end(partition)),
        ),
        SortKey::Equals(v) => (Bound::Included(at(v)), Bound::Excluded(after(v))),
        SortKey::BeginsWith(p) => (
            Bound::Included(at(p)),
            match prefix_successor(p) {
                Some(end) => Bound::Excluded(at(&end)),
                None => Bound::Excluded(partition_end(partition)),
            },
        ),
        SortKey::Between(low, high) => (Bound::Included(at(low)), Bound::Excluded(after(high))),
        SortKey::AtLeast(low) => (
            Bound::Included(at(low)),
            Bound::Excluded(partition_end(partition)),
        ),
        SortKey::AtMost(high) => (Bound::Included(at("")), Bound::Excluded(after(high))),
    };
    if let Some(position) = start_after {
        let resume = IndexEntry::of_position(partition, position);
        if forward {
            if bound_value(&lower).is_none_or(|low| &resume >= low) {
                lower = Bound::Excluded(resume);
            }
        } else if bound_value(&upper).is_none_or(|high| &resume <= high) {
            upper = Bound::Excluded(resume);
        }
    }
    is_non_empty(&lower, &upper).then_some((lower, upper))
}

/// The first entry after every entry of `partition`.
fn partition_end(partition: &str) -> IndexEntry {
    IndexEntry::first_with_sort(&successor(partition), String::new())
}

fn bound_value(bound: &Bound<IndexEntry>) -> Option<&IndexEntry> {
    match bound {
        Bound::Included(v) | Bound::Excluded(v) => Some(v),
        Bound::Unbounded => None,
    }
}

/// An inverted range is empty (and `BTreeMap::range` would panic on it).
fn is_non_empty(lower: &Bound<IndexEntry>, upper: &Bound<IndexEntry>) -> bool {
    match (lower, upper) {
        (Bound::Included(low), Bound::Included(high)) => low <= high,
        (
            Bound::Included(low) | Bound::Excluded(low),
            Bound::Included(high) | Bound::Excluded(high),
        ) => low < high,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_successor_bounds_every_string_with_the_prefix() {
        assert_eq!(prefix_successor("TX#2026-"), Some("TX#2026.".to_owned()));
        assert_eq!(prefix_successor(""), None);
        let max = char::MAX.to_string();
        assert_eq!(prefix_successor(&format!("a{max}")), Some("b".to_owned()));
    }

    #[test]
    fn an_inverted_between_is_an_empty_range() {
        let range = entry_range("P", &SortKey::Between("b".into(), "a".into()), None, true);
        assert!(range.is_none());
    }
}
