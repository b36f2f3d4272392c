//! The embedded store: one redb database holding the table's items and indexes and the queue's
//! undelivered and dead-lettered envelopes, in a file (devserver) or in memory (tests). Both
//! modes run the same code; only redb's storage backend differs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use redb::backends::InMemoryBackend;
use redb::{Database, DatabaseError, ReadTransaction, TableDefinition, WriteTransaction};

use crate::ports::table::TableError;

/// Items by primary key `(pk, sk)`; the value is the item's canonical encoding (`codec`).
pub(super) const ITEMS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("items");
/// The `gsi1` index: `(gsi1pk, gsi1sk, pk, sk)` of every item that has both index attributes.
pub(super) const GSI1: TableDefinition<(&str, &str, &str, &str), ()> = TableDefinition::new("gsi1");
/// The expiry index: `(expires_at, pk, sk)` of every item with a numeric `expires_at`.
pub(super) const EXPIRIES: TableDefinition<(i64, &str, &str), ()> =
    TableDefinition::new("expiries");
/// Envelopes sent and not yet delivered: `(queue, sequence)` -> envelope JSON.
pub(super) const QUEUE_PENDING: TableDefinition<(&str, u64), &[u8]> =
    TableDefinition::new("queue_pending");
/// Envelopes whose deliveries all failed: `(queue, sequence)` -> envelope JSON.
pub(super) const QUEUE_DEAD: TableDefinition<(&str, u64), &[u8]> =
    TableDefinition::new("queue_dead");

/// Page cache of an in-memory store (its data lives in the backend, not the cache).
const MEMORY_CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Page cache of a durable store.
const FILE_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// Where the embedded store keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// In memory, gone when the last handle is dropped (tests).
    InMemory,
    /// In this redb file, created when missing (the devserver: `<data dir>/table.redb`).
    Durable(PathBuf),
}

impl Storage {
    /// The file name of the durable store in a data dir.
    pub const FILE_NAME: &'static str = "table.redb";

    /// The durable store of a data dir: `<data_dir>/table.redb`.
    pub fn durable_in(data_dir: &Path) -> Self {
        Self::Durable(data_dir.join(Self::FILE_NAME))
    }

    /// What the store is, for messages: its file, or `:memory:`.
    pub fn describe(&self) -> PathBuf {
        match self {
            Self::InMemory => PathBuf::from(":memory:"),
            Self::Durable(path) => path.clone(),
        }
    }
}

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another process (or another store in this process) has the file open.
    #[error("{} is in use by another process (is another devserver running on this data dir?)", .0.display())]
    Locked(PathBuf),
    #[error("cannot open the embedded store {}: {reason}", path.display())]
    Failed { path: PathBuf, reason: String },
}

/// A handle on the database; clones share it. The file stays locked until the last is dropped.
#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
}

impl Store {
    /// Opens (or creates) the store and makes sure every table exists.
    pub fn open(storage: &Storage) -> Result<Self, OpenError> {
        match storage {
            Storage::InMemory => {
                let db = Database::builder()
                    .set_cache_size(MEMORY_CACHE_BYTES)
                    .create_with_backend(InMemoryBackend::new())
                    .map_err(|err| failed(Path::new(":memory:"), err))?;
                Self::init(db, Path::new(":memory:"))
            }
            Storage::Durable(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|err| failed(path, err))?;
                }
                let db = Database::builder()
                    .set_cache_size(FILE_CACHE_BYTES)
                    .create(path)
                    .map_err(|err| match err {
                        DatabaseError::DatabaseAlreadyOpen => OpenError::Locked(path.clone()),
                        other => failed(path, other),
                    })?;
                Self::init(db, path)
            }
        }
    }

    /// A new in-memory store.
    ///
    /// # Panics
    /// Only when redb cannot set up a database in memory, which needs no I/O (out of memory).
    pub fn in_memory() -> Self {
        Self::open(&Storage::InMemory)
            .unwrap_or_else(|err| panic!("an in-memory redb database: {err}"))
    }

    fn init(db: Database, path: &Path) -> Result<Self, OpenError> {
        let txn = db.begin_write().map_err(|err| failed(path, err))?;
        {
            let opened = (|| -> Result<(), redb::TableError> {
                txn.open_table(ITEMS)?;
                txn.open_table(GSI1)?;
                txn.open_table(EXPIRIES)?;
                txn.open_table(QUEUE_PENDING)?;
                txn.open_table(QUEUE_DEAD)?;
                Ok(())
            })();
            opened.map_err(|err| failed(path, err))?;
        }
        txn.commit().map_err(|err| failed(path, err))?;
        Ok(Self { db: Arc::new(db) })
    }

    /// Starts the write transaction (redb runs one at a time; this waits for the current one).
    pub(super) fn write(&self) -> Result<WriteTransaction, TableError> {
        self.db.begin_write().map_err(unavailable)
    }

    /// Starts a read transaction on the last committed state.
    pub(super) fn read(&self) -> Result<ReadTransaction, TableError> {
        use redb::ReadableDatabase;
        self.db.begin_read().map_err(unavailable)
    }
}

fn failed(path: &Path, err: impl std::fmt::Display) -> OpenError {
    OpenError::Failed {
        path: path.to_path_buf(),
        reason: err.to_string(),
    }
}

/// Any storage failure of redb, as the port reports it.
pub(super) fn unavailable(err: impl std::fmt::Display) -> TableError {
    TableError::Unavailable(format!("embedded store: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_store_on_the_same_file_is_refused_as_locked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested").join("table.redb");
        let first = Store::open(&Storage::Durable(path.clone())).expect("first open");
        let second = Store::open(&Storage::Durable(path.clone()));
        assert!(
            matches!(&second, Err(OpenError::Locked(locked)) if *locked == path),
            "{:?}",
            second.err()
        );
        drop(first);
        Store::open(&Storage::Durable(path)).expect("reopened once the first is closed");
    }

    #[test]
    fn a_file_that_is_not_a_store_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("table.redb");
        std::fs::write(&path, b"not a database, just some text").expect("write");
        let opened = Store::open(&Storage::Durable(path));
        assert!(
            matches!(opened, Err(OpenError::Failed { .. })),
            "{:?}",
            opened.err()
        );
    }
}
