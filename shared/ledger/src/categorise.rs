//! How a transaction being recorded or changed gets its category: the id must be a default
//! category or one of the user's, and without one the user's rules may set it (and add tags).

use crate::error::LedgerError;
use crate::rules::{self, Subject, merge_tags};
use crate::service::Ledger;
use crate::transaction_service::Details;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Money;

impl Ledger {
    /// A category the user has (a default one or their own), or why not.
    pub(super) async fn category(
        &self,
        user_id: &UserId,
        raw: Option<&str>,
    ) -> Result<Result<Option<String>, String>, LedgerError> {
        let Some(id) = raw.map(str::trim).filter(|id| !id.is_empty()) else {
            return Ok(Ok(None));
        };
        Ok(match self.known_category(user_id, id).await? {
            Some(category) => Ok(Some(category.id)),
            None => Err(format!("unknown category {id:?}")),
        })
    }

    /// Sets the category (when none was given) and adds the tags of the user's rules.
    pub(super) async fn apply_rules(
        &self,
        user_id: &UserId,
        details: &mut Details,
        amount: Money,
    ) -> Result<(), LedgerError> {
        let rules = rules::user_rules(self.table.as_ref(), user_id).await?;
        let outcome = rules::apply(
            &rules,
            &Subject {
                merchant: details.merchant.as_deref(),
                description: &details.description,
                amount: amount.to_decimal(),
            },
        );
        if details.category.is_none() {
            details.category = outcome.category;
        }
        details.tags = merge_tags(&details.tags, &outcome.tags);
        Ok(())
    }
}
