//! Recording, changing and removing transactions (and transfers between two accounts), each in
//! one table transaction with its balance and rollup changes. Without a category, a recorded
//! transaction gets one (and tags) from the user's rules.

use time::Date;

use crate::accounts::Account;
use crate::category_service::category_guard;
use crate::error::LedgerError;
use crate::events;
use crate::ids::{AccountId, TransactionId};
use crate::service::Ledger;
use crate::transactions::{Transaction, TransferLink, create_writes};
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::{iso_date, optional_text, tags, text};
use ferrofin_platform::idempotency::{self, IdempotencyKey, Replay};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::TableError;

pub const MAX_DESCRIPTION_CHARS: usize = 200;
pub const MAX_MERCHANT_CHARS: usize = 100;
pub const MAX_NOTES_CHARS: usize = 1000;
const IDEMPOTENCY_SCOPE: &str = "transactions";

/// A transaction to record. With `transfer_to_account_id`, `amount` (positive) moves from
/// `account_id` to that account: two legs, written together.
pub struct NewTransaction {
    pub account_id: AccountId,
    pub date: String,
    pub amount: String,
    pub currency: String,
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer_to_account_id: Option<AccountId>,
}

/// Changes to a transaction; absent fields stay.
#[derive(Default)]
pub struct TransactionChanges {
    pub account_id: Option<AccountId>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub description: Option<String>,
    /// `Some(None)` clears it, as do the category's and the notes'.
    pub merchant: Option<Option<String>>,
    pub category: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<Option<String>>,
}

/// The descriptive fields of a transaction as given, before checking.
pub(super) struct RawDetails<'a> {
    pub date: &'a str,
    pub description: &'a str,
    pub merchant: Option<&'a str>,
    pub category: Option<&'a str>,
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
}

/// The checked descriptive fields of a transaction.
pub(super) struct Details {
    pub date: Date,
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

impl Ledger {
    /// An account of the user that can take new transactions, in `currency`.
    pub(super) async fn usable_account(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        field: &str,
    ) -> Result<Account, LedgerError> {
        let account = self
            .accounts
            .get(user_id, account_id)
            .await?
            .ok_or_else(|| LedgerError::invalid(field, "no such account"))?;
        if account.archived {
            return Err(LedgerError::invalid(field, "the account is archived"));
        }
        Ok(account)
    }

    /// Records a transaction or a transfer; with an idempotency key, a repeat of the same request
    /// answers the original transactions.
    pub async fn record(
        &self,
        user_id: &UserId,
        new: NewTransaction,
        key: Option<IdempotencyKey>,
    ) -> Result<Vec<Transaction>, LedgerError> {
        if let Some(key) = &key
            && let Some(replay) =
                idempotency::replay(self.table.as_ref(), user_id, IDEMPOTENCY_SCOPE, key).await?
        {
            return self.replayed(user_id, replay).await;
        }
        let mut errors = FieldErrors::default();
        let currency = errors.take("currency", Currency::parse(&new.currency));
        let amount = currency
            .and_then(|currency| errors.take("amount", Money::parse(&new.amount, currency)));
        let details = self
            .details(
                &mut errors,
                user_id,
                RawDetails {
                    date: &new.date,
                    description: &new.description,
                    merchant: new.merchant.as_deref(),
                    category: new.category.as_deref(),
                    tags: &new.tags,
                    notes: new.notes.as_deref(),
                },
            )
            .await?;
        errors.finish()?;
        let (Some(amount), Some(mut details)) = (amount, details) else {
            return Err(LedgerError::invalid("", "invalid transaction"));
        };
        // Rules categorise plain transactions the client did not categorise.
        if details.category.is_none() && new.transfer_to_account_id.is_none() {
            self.apply_rules(user_id, &mut details, amount).await?;
        }
        let account = self
            .usable_account(user_id, &new.account_id, "account_id")
            .await?;
        if account.currency != amount.currency() {
            return Err(LedgerError::invalid(
                "currency",
                format!("must be the account's currency, {}", account.currency),
            ));
        }
        let legs = match new.transfer_to_account_id {
            None => vec![self.transaction(user_id, &account.id, amount, details, None)],
            Some(target_id) => {
                self.transfer_legs(user_id, &account, &target_id, amount, details)
                    .await?
            }
        };
        let mut writes = create_writes(&legs.iter().collect::<Vec<_>>())?;
        for leg in &legs {
            writes.push(events::recorded(leg, self.clock.as_ref())?);
        }
        let category = legs.first().and_then(|leg| leg.category.as_deref());
        writes.extend(category_guard(user_id, category));
        if let Some(key) = &key {
            let ids = legs.iter().map(|leg| leg.id.as_str().to_owned()).collect();
            writes.push(idempotency::claim(
                user_id,
                IDEMPOTENCY_SCOPE,
                key,
                ids,
                self.clock.now(),
            )?);
        }
        let claim_index = writes.len() - 1;
        match self.table.transact(writes).await {
            Ok(()) => Ok(legs),
            // Another request with the same key won the race.
            Err(TableError::ConditionFailed { at: Some(at) })
                if key.is_some() && at == claim_index =>
            {
                let key = key.as_ref().ok_or(LedgerError::Conflict("idempotency"))?;
                match idempotency::replay(self.table.as_ref(), user_id, IDEMPOTENCY_SCOPE, key)
                    .await?
                {
                    Some(replay) => self.replayed(user_id, replay).await,
                    None => Err(LedgerError::Conflict(
                        "the request was being processed; try again",
                    )),
                }
            }
            Err(TableError::ConditionFailed { .. }) => {
                Err(LedgerError::Conflict("the account changed; try again"))
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn replayed(
        &self,
        user_id: &UserId,
        replay: Replay,
    ) -> Result<Vec<Transaction>, LedgerError> {
        let Replay::Same(ids) = replay else {
            return Err(LedgerError::IdempotencyKeyReused);
        };
        let mut transactions = Vec::with_capacity(ids.len());
        for id in ids {
            transactions.push(
                self.transactions
                    .get(user_id, &TransactionId::from(id))
                    .await?
                    .ok_or(LedgerError::NotFound("transaction"))?,
            );
        }
        Ok(transactions)
    }

    /// Checks the descriptive fields, recording every problem in `errors`.
    pub(super) async fn details(
        &self,
        errors: &mut FieldErrors,
        user_id: &UserId,
        raw: RawDetails<'_>,
    ) -> Result<Option<Details>, LedgerError> {
        let date = errors.take("date", iso_date(raw.date));
        let description = errors.take(
            "description",
            text(raw.description, MAX_DESCRIPTION_CHARS, true),
        );
        let merchant = errors.take("merchant", optional_text(raw.merchant, MAX_MERCHANT_CHARS));
        let category = errors.take("category", self.category(user_id, raw.category).await?);
        let tags = errors.take("tags", tags(raw.tags));
        let notes = errors.take("notes", optional_text(raw.notes, MAX_NOTES_CHARS));
        let (
            Some(date),
            Some(description),
            Some(merchant),
            Some(category),
            Some(tags),
            Some(notes),
        ) = (date, description, merchant, category, tags, notes)
        else {
            return Ok(None);
        };
        Ok(Some(Details {
            date,
            description,
            merchant,
            category,
            tags,
            notes,
        }))
    }

    pub(super) fn transaction(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        amount: Money,
        details: Details,
        transfer: Option<TransferLink>,
    ) -> Transaction {
        let now = self.clock.now();
        Transaction {
            id: TransactionId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            account_id: account_id.clone(),
            date: details.date,
            amount_minor: amount.minor(),
            currency: amount.currency(),
            description: details.description,
            merchant: details.merchant,
            category: if transfer.is_some() {
                None
            } else {
                details.category
            },
            tags: details.tags,
            notes: details.notes,
            transfer,
            external_ref: None,
            imported_by: None,
            possible_duplicate_of: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    async fn transfer_legs(
        &self,
        user_id: &UserId,
        from: &Account,
        target_id: &AccountId,
        amount: Money,
        details: Details,
    ) -> Result<Vec<Transaction>, LedgerError> {
        if amount.minor() <= 0 {
            return Err(LedgerError::invalid(
                "amount",
                "a transfer moves a positive amount",
            ));
        }
        let to = self
            .usable_account(user_id, target_id, "transfer_to_account_id")
            .await?;
        if to.id == from.id {
            return Err(LedgerError::invalid(
                "transfer_to_account_id",
                "must be another account",
            ));
        }
        if to.currency != from.currency {
            return Err(LedgerError::invalid(
                "transfer_to_account_id",
                "must be in the same currency",
            ));
        }
        let second = Details {
            date: details.date,
            description: details.description.clone(),
            merchant: details.merchant.clone(),
            category: None,
            tags: details.tags.clone(),
            notes: details.notes.clone(),
        };
        let mut out = self.transaction(user_id, &from.id, amount.negated(), details, None);
        let mut into = self.transaction(user_id, &to.id, amount, second, None);
        out.transfer = Some(TransferLink {
            account_id: to.id.clone(),
            transaction_id: into.id.clone(),
        });
        into.transfer = Some(TransferLink {
            account_id: from.id.clone(),
            transaction_id: out.id.clone(),
        });
        Ok(vec![out, into])
    }
}
