//! The commit hook of the embedded table: one [`ChangeListener`] hears the new images of every
//! committed write, as DynamoDB Streams with `NEW_IMAGE` would deliver them (a transactional
//! outbox builds on it). The table calls it after the commit, with no lock held, so a listener
//! may read or write the table itself.

use std::sync::{Arc, RwLock};

use crate::ports::table::Item;

/// Hears every committed write.
pub trait ChangeListener: Send + Sync {
    /// Called once per successful `put`, `transact` or `increment`, after the commit, with the
    /// items as written (a transaction's deletes and checks are left out, so the list may be
    /// empty). Calls of concurrent writers may arrive in either order.
    fn committed(&self, new_images: Vec<Item>);
}

/// The table's listener, if one is registered.
#[derive(Default)]
pub(super) struct ListenerSlot(RwLock<Option<Arc<dyn ChangeListener>>>);

impl ListenerSlot {
    /// Registers `listener`, replacing any earlier one.
    pub(super) fn set(&self, listener: Arc<dyn ChangeListener>) {
        *self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(listener);
    }

    /// Tells the listener what a commit wrote; the images are only built when one listens.
    pub(super) fn notify(&self, new_images: impl FnOnce() -> Vec<Item>) {
        let listener = self
            .0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some(listener) = listener {
            listener.committed(new_images());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::adapters::embedded::table::{EmbeddedTable, condition_failed};
    use crate::ports::clock::ManualClock;
    use crate::ports::table::{AttributeValue, Condition, Key, Table, Write};
    use time::macros::datetime;

    fn table() -> EmbeddedTable {
        EmbeddedTable::new(Arc::new(ManualClock::at(datetime!(2026-01-01 0:00 UTC))))
    }

    fn item(pk: &str, sk: &str) -> Item {
        Key::new(pk, sk).to_item()
    }

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Vec<Item>>>);

    impl ChangeListener for Recorder {
        fn committed(&self, new_images: Vec<Item>) {
            self.0.lock().expect("lock").push(new_images);
        }
    }

    #[tokio::test]
    async fn the_listener_hears_the_new_images_of_each_commit_and_nothing_else() {
        let table = table();
        let recorder = Arc::new(Recorder::default());
        table.set_listener(recorder.clone());
        table
            .put(item("P", "a"), Condition::Always)
            .await
            .expect("put");
        let refused = table.put(item("P", "a"), Condition::NotExists).await;
        assert_eq!(refused, Err(condition_failed(None)));
        table
            .transact(vec![
                Write::Put {
                    item: item("P", "b"),
                    condition: Condition::NotExists,
                },
                Write::Delete {
                    key: Key::new("P", "a"),
                    condition: Condition::Exists,
                },
                Write::Check {
                    key: Key::new("P", "b0"),
                    condition: Condition::NotExists,
                },
                Write::Add {
                    key: Key::new("P", "total"),
                    deltas: vec![("n".into(), 5)],
                    condition: Condition::Always,
                },
            ])
            .await
            .expect("transact");
        let count = table
            .increment(&Key::new("P", "total"), "n", 2, None)
            .await
            .expect("increment");
        table
            .delete(&Key::new("P", "b"), Condition::Always)
            .await
            .expect("delete");

        let mut total = item("P", "total");
        total.insert("n".into(), AttributeValue::N("5".into()));
        let mut incremented = total.clone();
        incremented.insert("n".into(), AttributeValue::N("7".into()));
        assert_eq!(count, 7);
        assert_eq!(
            *recorder.0.lock().expect("lock"),
            vec![
                vec![item("P", "a")],
                vec![item("P", "b"), total],
                vec![incremented]
            ]
        );
    }
}
