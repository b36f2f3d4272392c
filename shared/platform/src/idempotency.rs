//! `Idempotency-Key` support for any create endpoint: the first request with a key records its
//! fingerprint and result in the same table transaction that creates the resource; a repeat
//! with the same body gets the original result, a repeat with another body is a conflict.
//! Records live in the user's partition (`IDEMPOTENCY#<scope>#<key>`) and expire after 24
//! hours. [`crate::http::idempotency_key`] reads the header.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::ids::UserId;
use crate::keys;
use crate::ports::table::{Condition, Item, Table, TableError, Write, from_record, to_record};
use crate::security::tokens::token_hash;

/// How long a key is remembered.
pub const IDEMPOTENCY_TTL: Duration = Duration::hours(24);
/// Longest accepted key.
pub const MAX_KEY_CHARS: usize = 128;

/// A client's key for one logical request, with a fingerprint of the request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey {
    key: String,
    fingerprint: String,
}

impl IdempotencyKey {
    /// A key of 1..=128 visible ASCII characters, for a request with `body`.
    pub fn parse(key: &str, body: &[u8]) -> Result<Self, String> {
        let valid = !key.is_empty()
            && key.len() <= MAX_KEY_CHARS
            && key.bytes().all(|b| b.is_ascii_graphic());
        if !valid {
            return Err(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_CHARS} visible ASCII characters"
            ));
        }
        Ok(Self {
            key: key.to_owned(),
            fingerprint: token_hash(&String::from_utf8_lossy(body)),
        })
    }
}

/// What a key's first request produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    pub fingerprint: String,
    /// Ids of the resources the request created.
    pub resource_ids: Vec<String>,
}

/// The write that claims the key for the resources being created.
pub fn claim(
    user_id: &UserId,
    scope: &str,
    key: &IdempotencyKey,
    resource_ids: Vec<String>,
    now: OffsetDateTime,
) -> Result<Write, TableError> {
    let record = IdempotencyRecord {
        fingerprint: key.fingerprint.clone(),
        resource_ids,
    };
    let item: Item = to_record(
        &record,
        &keys::idempotency(user_id, scope, &key.key),
        Some(now + IDEMPOTENCY_TTL),
    )?;
    Ok(Write::Put {
        item,
        condition: Condition::NotExists,
    })
}

/// The outcome of a key that was already claimed.
pub enum Replay {
    /// Same request: answer with these resources.
    Same(Vec<String>),
    /// Another request under the same key.
    Different,
}

/// Looks up what an earlier request with this key did.
pub async fn replay(
    table: &dyn Table,
    user_id: &UserId,
    scope: &str,
    key: &IdempotencyKey,
) -> Result<Option<Replay>, TableError> {
    let Some(item) = table
        .get(&keys::idempotency(user_id, scope, &key.key))
        .await?
    else {
        return Ok(None);
    };
    let record: IdempotencyRecord = from_record(item)?;
    Ok(Some(if record.fingerprint == key.fingerprint {
        Replay::Same(record.resource_ids)
    } else {
        Replay::Different
    }))
}
