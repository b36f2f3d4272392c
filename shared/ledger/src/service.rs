//! `Ledger`: the accounts and transactions services over the ports.

use std::sync::Arc;

use crate::accounts::AccountStore;
use crate::transactions::TransactionStore;
use ferrofin_platform::AppState;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::Table;

/// Accounts, transactions and their rollups.
#[derive(Clone)]
pub struct Ledger {
    pub accounts: AccountStore,
    pub transactions: TransactionStore,
    pub(super) table: Arc<dyn Table>,
    pub(super) clock: Arc<dyn Clock>,
}

impl Ledger {
    pub fn new(state: &AppState) -> Self {
        Self {
            accounts: AccountStore::new(state.table.clone()),
            transactions: TransactionStore::new(state.table.clone()),
            table: state.table.clone(),
            clock: state.clock.clone(),
        }
    }
}
