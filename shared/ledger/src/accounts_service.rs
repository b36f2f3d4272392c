//! Account operations of a user: open, list, read, rename or archive.

use crate::accounts::{Account, AccountKind};
use crate::error::LedgerError;
use crate::ids::AccountId;
use crate::service::Ledger;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::{optional_text, text};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{Position, Query, SortKey, TableError};
use ferrofin_platform::records::page_matching;

use crate::keys;

/// Accounts one listing request reads at most (a user has at most a few hundred).
const ACCOUNTS_READ_BUDGET: u32 = 1_000;

const MAX_NAME_CHARS: usize = 100;
const MAX_INSTITUTION_CHARS: usize = 100;
/// Attempts of a read-modify-write that lost a race with a transaction write.
const SAVE_ATTEMPTS: usize = 3;

/// What opening an account takes.
pub struct NewAccount {
    pub kind: AccountKind,
    pub name: String,
    pub currency: String,
    pub opening_balance: String,
    pub institution: Option<String>,
}

/// Changes to an account's description; the balance is not among them.
#[derive(Default)]
pub struct AccountChanges {
    pub name: Option<String>,
    /// `Some(None)` clears it.
    pub institution: Option<Option<String>>,
    pub archived: Option<bool>,
}

impl Ledger {
    pub async fn open_account(
        &self,
        user_id: &UserId,
        new: NewAccount,
    ) -> Result<Account, LedgerError> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text(&new.name, MAX_NAME_CHARS, true));
        let institution = errors.take(
            "institution",
            optional_text(new.institution.as_deref(), MAX_INSTITUTION_CHARS),
        );
        let currency = errors.take("currency", Currency::parse(&new.currency));
        let opening = currency.and_then(|currency| {
            errors.take(
                "opening_balance",
                Money::parse(&new.opening_balance, currency),
            )
        });
        errors.finish()?;
        let (Some(name), Some(institution), Some(currency), Some(opening)) =
            (name, institution, currency, opening)
        else {
            return Err(LedgerError::invalid("", "invalid account"));
        };
        let now = self.clock.now();
        let account = Account {
            id: AccountId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            kind: new.kind,
            name,
            currency,
            opening_balance_minor: opening.minor(),
            balance_minor: opening.minor(),
            institution,
            archived: false,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        self.accounts.create(&account).await?;
        Ok(account)
    }

    /// The user's account, or 404 (also for another user's account).
    pub async fn account(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
    ) -> Result<Account, LedgerError> {
        self.accounts
            .get(user_id, account_id)
            .await?
            .ok_or(LedgerError::NotFound("account"))
    }

    /// One page of the user's accounts in the order they were opened; archived ones only when
    /// asked for.
    pub async fn accounts(
        &self,
        user_id: &UserId,
        include_archived: bool,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Account>, Option<Position>), LedgerError> {
        let query = Query {
            sort: SortKey::BeginsWith(keys::ACCOUNT_PREFIX.to_owned()),
            start_after,
            ..Query::partition(keys::user_partition(user_id), limit)
        };
        let keep = |account: &Account| include_archived || !account.archived;
        Ok(page_matching(self.table.as_ref(), query, ACCOUNTS_READ_BUDGET, keep).await?)
    }

    /// Renames, re-labels or (un)archives an account.
    pub async fn change_account(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        changes: AccountChanges,
    ) -> Result<Account, LedgerError> {
        let mut errors = FieldErrors::default();
        let name = changes
            .name
            .as_deref()
            .and_then(|name| errors.take("name", text(name, MAX_NAME_CHARS, true)));
        let institution = changes.institution.as_ref().and_then(|raw| {
            errors.take(
                "institution",
                optional_text(raw.as_deref(), MAX_INSTITUTION_CHARS),
            )
        });
        errors.finish()?;
        for _ in 0..SAVE_ATTEMPTS {
            let mut account = self.account(user_id, account_id).await?;
            if let Some(name) = &name {
                account.name = name.clone();
            }
            if let Some(institution) = &institution {
                account.institution = institution.clone();
            }
            if let Some(archived) = changes.archived {
                account.archived = archived;
            }
            match self.accounts.save(&mut account, self.clock.now()).await {
                Ok(()) => return Ok(account),
                // A transaction moved the balance meanwhile: read again and reapply.
                Err(TableError::ConditionFailed { .. }) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(LedgerError::Conflict(
            "the account is changing too often right now; try again",
        ))
    }
}
