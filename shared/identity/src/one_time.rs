//! Single-use tokens with an expiry (email verification, password reset, MFA challenge). Only
//! the token's hash is stored; consuming one deletes it under a condition, so two concurrent
//! uses cannot both succeed.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::keys::{self, TokenPurpose};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, Table, TableError, from_record, to_record};
use ferrofin_platform::security::tokens::{random_token, token_hash};

/// What a token stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenGrant {
    pub user_id: UserId,
    /// Purpose-specific data (e.g. the address being verified).
    pub subject: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
}

/// Issues and redeems single-use tokens.
#[derive(Clone)]
pub struct OneTimeTokens {
    table: Arc<dyn Table>,
}

impl OneTimeTokens {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Issues a token valid for `ttl`; returns the token to hand out (never stored).
    pub async fn issue(
        &self,
        purpose: TokenPurpose,
        user_id: &UserId,
        subject: &str,
        ttl: Duration,
        now: OffsetDateTime,
    ) -> Result<String, TableError> {
        let token = random_token();
        let grant = TokenGrant {
            user_id: user_id.clone(),
            subject: subject.to_owned(),
            expires: now + ttl,
        };
        let item = to_record(
            &grant,
            &keys::one_time_token(purpose, &token_hash(&token)),
            Some(grant.expires),
        )?;
        self.table.put(item, Condition::NotExists).await?;
        Ok(token)
    }

    /// Reads a live token without using it.
    pub async fn peek(
        &self,
        purpose: TokenPurpose,
        token: &str,
    ) -> Result<Option<TokenGrant>, TableError> {
        self.table
            .get(&keys::one_time_token(purpose, &token_hash(token)))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Uses a token: returns its grant once, `None` ever after (or if it never existed).
    pub async fn consume(
        &self,
        purpose: TokenPurpose,
        token: &str,
    ) -> Result<Option<TokenGrant>, TableError> {
        let Some(grant) = self.peek(purpose, token).await? else {
            return Ok(None);
        };
        let key = keys::one_time_token(purpose, &token_hash(token));
        match self.table.delete(&key, Condition::Exists).await {
            Ok(()) => Ok(Some(grant)),
            Err(TableError::ConditionFailed { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }
}
