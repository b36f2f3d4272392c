//! Money another area pays into a user's account in its own table transaction (a loan's
//! disbursement): the writes that record it as the API would — the transaction with its
//! balance, rollups and `transactions.recorded` event — under a reference that keeps it unique
//! on the account, so the paying area's step is all or nothing with the money arriving.

use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Money;
use ferrofin_platform::ports::table::Write;
use time::Date;

use crate::error::LedgerError;
use crate::events;
use crate::ids::AccountId;
use crate::service::Ledger;
use crate::transaction_service::Details;
use crate::transactions::{Transaction, create_writes};

/// A payment into an account.
#[derive(Clone, Debug, PartialEq)]
pub struct Payout {
    pub account_id: AccountId,
    pub amount: Money,
    pub date: Date,
    pub description: String,
    /// Unique on the account while the transaction exists (`loan:<id>`).
    pub reference: String,
}

impl Ledger {
    /// Checks that the user's account can take `amount` (usable, same currency); 422 naming
    /// `field` otherwise.
    pub async fn payout_account(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        amount: Money,
        field: &str,
    ) -> Result<(), LedgerError> {
        let account = self.usable_account(user_id, account_id, field).await?;
        if account.currency != amount.currency() {
            return Err(LedgerError::invalid(
                field,
                format!("holds {}, not {}", account.currency, amount.currency()),
            ));
        }
        Ok(())
    }

    /// The transaction of `payout` and the writes that record it.
    pub async fn payout_writes(
        &self,
        user_id: &UserId,
        payout: Payout,
    ) -> Result<(Transaction, Vec<Write>), LedgerError> {
        self.payout_account(user_id, &payout.account_id, payout.amount, "account_id")
            .await?;
        let details = Details {
            date: payout.date,
            description: payout.description,
            merchant: None,
            category: None,
            tags: Vec::new(),
            notes: None,
        };
        let mut transaction =
            self.transaction(user_id, &payout.account_id, payout.amount, details, None);
        transaction.external_ref = Some(payout.reference);
        let mut writes = create_writes(&[&transaction])?;
        writes.push(events::recorded(&transaction, self.clock.as_ref())?);
        Ok((transaction, writes))
    }
}
