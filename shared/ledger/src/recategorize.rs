//! Reapplying the user's rules to the transactions of a date range (optionally one account),
//! oldest first, at most [`MAX_EXAMINED`] per call. Each changed transaction goes through the
//! normal update writes, so balances and rollups stay consistent; the range is read by Query on
//! the keys, as the listing does.

use crate::error::LedgerError;
use crate::listing::TransactionFilter;
use crate::rules::{self, Rule, Subject, merge_tags, user_rules};
use crate::service::Ledger;
use crate::transactions::Transaction;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Position, from_record};

/// Most transactions one call examines.
pub const MAX_EXAMINED: usize = 500;
const PAGE: u32 = 100;

/// What one call did, and where the next call continues (`None`: the range is done).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recategorized {
    pub examined: usize,
    pub changed: usize,
    pub next: Option<Position>,
}

/// The transaction with the rules applied: the first matching category (the current one when
/// no rule sets one) and the tags of all matches added. Transfers are left alone.
pub fn with_rules(
    rules: &[Rule],
    transaction: &Transaction,
) -> Option<(Option<String>, Vec<String>)> {
    if transaction.transfer.is_some() {
        return None;
    }
    let outcome = rules::apply(
        rules,
        &Subject {
            merchant: transaction.merchant.as_deref(),
            description: &transaction.description,
            amount: transaction.amount().to_decimal(),
        },
    );
    let category = outcome.category.or_else(|| transaction.category.clone());
    let tags = merge_tags(&transaction.tags, &outcome.tags);
    (category != transaction.category || tags != transaction.tags).then_some((category, tags))
}

impl Ledger {
    /// Reapplies the rules to the range of `filter` (its date range and account only), from
    /// `start_after`.
    pub async fn recategorize(
        &self,
        user_id: &UserId,
        filter: &TransactionFilter,
        start_after: Option<Position>,
    ) -> Result<Recategorized, LedgerError> {
        let rules = user_rules(self.table.as_ref(), user_id).await?;
        let mut query = self.range_query(user_id, filter, PAGE).await?;
        query.start_after = start_after;
        let mut done = Recategorized::default();
        loop {
            let page = self.table.query(query.clone()).await?;
            let count = page.items.len();
            for (index, item) in page.items.into_iter().enumerate() {
                let position = Position::of_item(query.index, &item)?;
                let old: Transaction = from_record(item)?;
                done.examined += 1;
                if let Some((category, tags)) = with_rules(&rules, &old) {
                    let new = Transaction {
                        category,
                        tags,
                        updated_at: self.clock.now(),
                        version: old.version + 1,
                        ..old.clone()
                    };
                    self.store_change(&old, new).await?;
                    done.changed += 1;
                }
                if done.examined == MAX_EXAMINED {
                    let more = index + 1 < count || page.next.is_some();
                    done.next = more.then_some(position);
                    return Ok(done);
                }
            }
            match page.next {
                Some(next) => query.start_after = Some(next),
                None => return Ok(done),
            }
        }
    }
}
