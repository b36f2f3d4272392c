//! Cutting the writes of many transactions into table transactions. Each transaction costs
//! writes of its own (its item, pointer, reference guard) plus the shared items it touches
//! (rollups, category guards, the account's balance), which count once per table transaction
//! because their writes are merged; each table transaction also has writes of its own (an
//! event, a batch record). A run grows while all of that fits the table's limit.

use std::collections::HashSet;
use std::ops::Range;

use ferrofin_platform::ports::table::{Key, Write};

/// What one transaction adds to a table transaction.
pub(crate) struct Cost {
    /// Writes only this transaction makes.
    pub own: usize,
    /// Items other transactions of the run may touch too (counted once).
    pub shared: Vec<Key>,
}

impl Cost {
    /// The keys of `writes`, as shared items.
    pub fn shared_of(writes: &[Write]) -> Vec<Key> {
        writes.iter().filter_map(|write| write.key().ok()).collect()
    }
}

/// Consecutive ranges of `items` whose writes fit `limit` each, with `per_run` writes added
/// to every range. An item too big on its own still gets a range (the table refuses it).
pub(crate) fn runs<T>(
    items: &[T],
    limit: usize,
    per_run: usize,
    cost: impl Fn(&T) -> Cost,
) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut own = 0;
    let mut shared: HashSet<Key> = HashSet::new();
    for (at, item) in items.iter().enumerate() {
        let Cost {
            own: item_own,
            shared: item_shared,
        } = cost(item);
        let new_shared = |shared: &HashSet<Key>| -> HashSet<Key> {
            item_shared
                .iter()
                .filter(|key| !shared.contains(*key))
                .cloned()
                .collect()
        };
        let mut added = new_shared(&shared);
        if per_run + own + item_own + shared.len() + added.len() > limit && at > start {
            runs.push(start..at);
            start = at;
            own = 0;
            shared.clear();
            // Counted against the new run: what the item shared with the last one is new here.
            added = new_shared(&shared);
        }
        own += item_own;
        shared.extend(added);
    }
    if start < items.len() {
        runs.push(start..items.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(shared: &[&str]) -> Cost {
        Cost {
            own: 3,
            shared: shared.iter().map(|sk| Key::new("P", *sk)).collect(),
        }
    }

    #[test]
    fn shared_items_count_once_per_run() {
        // Each item: 3 own + the same 2 shared keys; per run 2. Four items: 2 + 12 + 2 = 16.
        let items = [["a", "b"]; 4];
        assert_eq!(runs(&items, 16, 2, |keys| cost(keys)), vec![0..4]);
        // Limit 15: three items (2 + 9 + 2 = 13) fit, the fourth (16) does not.
        assert_eq!(runs(&items, 15, 2, |keys| cost(keys)), vec![0..3, 3..4]);
    }

    #[test]
    fn new_shared_items_cut_a_run() {
        let items = [["a"], ["b"], ["c"]];
        // 1 + (3 + 1) + (3 + 1) = 9 for two items; the third would make 13.
        assert_eq!(runs(&items, 9, 1, |keys| cost(keys)), vec![0..2, 2..3]);
    }

    #[test]
    fn a_new_run_counts_the_shared_items_of_its_first_item() {
        // Every item shares "a" and "b". Limit 12: three items fit (1 + 9 + 2 = 12), a fourth
        // would make 15. The fourth opens a run of its own, which must count "a" and "b" again.
        let items = [["a", "b"]; 5];
        let cut = runs(&items, 12, 1, |keys| cost(keys));
        assert_eq!(cut, vec![0..3, 3..5]);
        for run in cut {
            let total = 1 + 3 * run.len() + 2;
            assert!(total <= 12, "{run:?} has {total} writes");
        }
    }

    #[test]
    fn an_item_too_big_alone_still_gets_its_run() {
        let items = [["a"], ["b"]];
        assert_eq!(runs(&items, 2, 1, |keys| cost(keys)), vec![0..1, 1..2]);
        assert!(runs::<[&str; 1]>(&[], 10, 1, |keys| cost(keys)).is_empty());
    }
}
