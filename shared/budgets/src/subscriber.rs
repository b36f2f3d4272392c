//! Budgets' reaction to the ledger's events: a recorded, imported or changed transaction may
//! have pushed a category's spending over a budget threshold.

use async_trait::async_trait;
use ferrofin_ledger::events::{
    TransactionChanged, TransactionFacts, TransactionRecorded, TransactionsImported,
};
use ferrofin_platform::AppState;
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::money::Currency;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::queue::{Envelope, Message};

use crate::Budgets;

/// Checks the budget thresholds of the spending a transaction event touched.
pub struct ThresholdWatch {
    budgets: Budgets,
}

impl ThresholdWatch {
    pub fn new(state: &AppState) -> Self {
        Self {
            budgets: Budgets::new(state),
        }
    }
}

/// The facts that are spending (money out of a category, not a transfer).
fn spending(facts: &TransactionFacts) -> Option<&TransactionFacts> {
    (facts.amount_minor < 0 && !facts.is_transfer && facts.category.is_some()).then_some(facts)
}

fn open<M: Message>(event: &Envelope) -> Result<M, ReactError> {
    event
        .open()
        .map_err(|err| ReactError::Permanent(err.to_string()))
}

#[async_trait]
impl Subscriber for ThresholdWatch {
    fn name(&self) -> &'static str {
        "budgets.thresholds"
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[
            TransactionRecorded::TYPE,
            TransactionsImported::TYPE,
            TransactionChanged::TYPE,
        ]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let (user_id, touched) = match event.message_type.as_str() {
            TransactionRecorded::TYPE => {
                let recorded: TransactionRecorded = open(event)?;
                (recorded.user_id, vec![recorded.transaction])
            }
            TransactionsImported::TYPE => {
                let imported: TransactionsImported = open(event)?;
                (imported.user_id, imported.transactions)
            }
            _ => {
                let changed: TransactionChanged = open(event)?;
                // Only the new state can cross a threshold; the old one only spent less.
                (changed.user_id, vec![changed.after])
            }
        };
        // A batch touches each month x currency x category once, however many rows it has.
        let mut spent: Vec<(Month, Currency, &str)> = touched
            .iter()
            .filter_map(spending)
            .filter_map(|facts| {
                let category = facts.category.as_deref()?;
                Some((Month::of(facts.date), facts.currency, category))
            })
            .collect();
        spent.sort_unstable();
        spent.dedup();
        let mut writes = Vec::new();
        for (month, currency, category) in spent {
            let found = self
                .budgets
                .threshold_writes(&user_id, month, currency, category)
                .await
                .map_err(|err| ReactError::Transient(err.to_string()))?;
            writes.extend(found);
        }
        Ok(Reaction::writes(writes))
    }
}
