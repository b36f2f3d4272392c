//! Listing a user's transactions, newest first, with filters. The date range and account are
//! served by the key design (the user's partition, or the account's partition of `gsi1`); the
//! other filters (category, merchant text, amount range, tag) are applied to the rows those
//! queries read, page by page — never a Scan.

use rust_decimal::Decimal;
use time::Date;

use crate::error::LedgerError;
use crate::ids::AccountId;
use crate::keys;
use crate::service::Ledger;
use crate::transactions::{Transaction, date_string};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Index, Position, Query, SortKey, from_record};

/// Most queries one list request makes while filters skip rows.
const MAX_QUERY_ROUNDS: usize = 10;
/// Sorts after every transaction id of a day.
const END_OF_DAY: &str = "#~";

/// Which transactions to list.
#[derive(Clone, Debug, Default)]
pub struct TransactionFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub account_id: Option<AccountId>,
    pub category: Option<String>,
    /// Case-insensitive text in the merchant or description.
    pub text: Option<String>,
    /// Inclusive bounds on the signed amount, in major units.
    pub min_amount: Option<Decimal>,
    pub max_amount: Option<Decimal>,
    pub tag: Option<String>,
    /// Only those marked (or not marked) as possible duplicates.
    pub possible_duplicate: Option<bool>,
}

impl TransactionFilter {
    fn matches(&self, transaction: &Transaction) -> bool {
        let amount = transaction.amount().to_decimal();
        let text_matches = self.text.as_ref().is_none_or(|needle| {
            let needle = needle.to_lowercase();
            transaction.description.to_lowercase().contains(&needle)
                || transaction
                    .merchant
                    .as_ref()
                    .is_some_and(|m| m.to_lowercase().contains(&needle))
        });
        self.category
            .as_ref()
            .is_none_or(|c| transaction.category.as_ref() == Some(c))
            && self
                .tag
                .as_ref()
                .is_none_or(|t| transaction.tags.contains(t))
            && self.min_amount.is_none_or(|min| amount >= min)
            && self.max_amount.is_none_or(|max| amount <= max)
            && self
                .possible_duplicate
                .is_none_or(|marked| transaction.possible_duplicate_of.is_some() == marked)
            && text_matches
    }

    /// The sort-key range of the date filter, after `prefix`.
    fn sort_range(&self, prefix: &str) -> SortKey {
        let low = self
            .from
            .map(|from| format!("{prefix}{}", date_string(from)))
            .unwrap_or_else(|| prefix.to_owned());
        let high = match self.to {
            Some(to) => format!("{prefix}{}{END_OF_DAY}", date_string(to)),
            None => format!("{prefix}~"),
        };
        SortKey::Between(low, high)
    }
}

impl Ledger {
    /// The query (oldest first) over the date range and account of `filter`.
    pub(super) async fn range_query(
        &self,
        user_id: &UserId,
        filter: &TransactionFilter,
        limit: u32,
    ) -> Result<Query, LedgerError> {
        Ok(match &filter.account_id {
            Some(account_id) => {
                // The index is keyed by account only: make sure the account is the caller's.
                self.account(user_id, account_id).await?;
                Query {
                    index: Index::Gsi1,
                    sort: filter.sort_range(""),
                    ..Query::partition(keys::account_transactions_partition(account_id), limit)
                }
            }
            None => Query {
                sort: filter.sort_range(keys::TRANSACTION_PREFIX),
                ..Query::partition(keys::user_partition(user_id), limit)
            },
        })
    }

    /// One page of the user's transactions matching `filter`, and where the next page starts.
    pub async fn list_transactions(
        &self,
        user_id: &UserId,
        filter: &TransactionFilter,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Transaction>, Option<Position>), LedgerError> {
        let mut query = self.range_query(user_id, filter, limit).await?;
        query.forward = false;
        query.start_after = start_after;
        let mut found = Vec::new();
        for _ in 0..MAX_QUERY_ROUNDS {
            let page = self.table.query(query.clone()).await?;
            for item in page.items {
                let position = Position::of_item(query.index, &item)?;
                let transaction: Transaction = from_record(item)?;
                if filter.matches(&transaction) {
                    found.push(transaction);
                    if found.len() == limit as usize {
                        return Ok((found, Some(position)));
                    }
                }
            }
            match page.next {
                Some(next) => query.start_after = Some(next),
                None => return Ok((found, None)),
            }
        }
        Ok((found, query.start_after))
    }
}
