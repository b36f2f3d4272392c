//! The delivery of held emails (`notifications.deliver`, on the jobs queue every quarter of an
//! hour): reads the emails due by now hour by hour from where the last run stopped, sends each
//! user one email (the notification itself when one is due, a digest when several are), then
//! lets them go. A user who turned the kind's email off meanwhile, or is gone, gets nothing.
//!
//! At least once: an email is queued before its held items are deleted, under an envelope id
//! made from the items it holds, so a run repeated after a crash queues the same envelope and
//! the email worker sends it once.

use ferrofin_platform::job_status::JobId;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use ferrofin_identity::users::{User, UserStatus, UserStore};
use ferrofin_platform::AppState;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Envelope, Message, Queue, QueueError, QueueName};
use ferrofin_platform::ports::table::{
    Condition, Index, Query, SortKey, Table, TableError, from_record, to_record,
};
use ferrofin_platform::security::Signer;

use crate::compose::{digest_email, notification_email};
use crate::held::HeldEmail;
use crate::keys;
use crate::preference_store::PreferenceStore;
use crate::preferences::Channel;

/// Held emails one step reads from an hour.
pub const EMAILS_PER_STEP: u32 = 200;
/// How far back a first run looks.
const FIRST_LOOK_BACK: Duration = Duration::days(1);
/// Writes per table transaction when letting emails go.
const RELEASES_PER_TRANSACTION: usize = 100;

/// `notifications.deliver`: send the held emails due by now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverHeld {
    /// The run this step belongs to (`None` on the scheduled first step, which begins it).
    #[serde(default)]
    pub run: Option<JobId>,
}

impl Message for DeliverHeld {
    const TYPE: &'static str = "notifications.deliver";
    const VERSION: u32 = 1;
}

/// The first hour (UTC) not yet read to its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct DeliveryState {
    #[serde(with = "time::serde::rfc3339")]
    next_hour: OffsetDateTime,
}

/// What a step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryStep {
    /// Emails queued.
    pub sent: u32,
    /// Held emails let go (sent, or no longer wanted).
    pub released: u32,
    /// An hour had more than one step reads: run another step.
    pub more: bool,
}

/// Sends held emails.
pub struct HeldDelivery {
    table: Arc<dyn Table>,
    queue: Arc<dyn Queue>,
    clock: Arc<dyn Clock>,
    signer: Signer,
    users: UserStore,
    preferences: PreferenceStore,
}

impl HeldDelivery {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            queue: state.queue.clone(),
            clock: state.clock.clone(),
            signer: state.signer.clone(),
            users: UserStore::new(state.table.clone()),
            preferences: PreferenceStore::new(state),
        }
    }

    /// Sends what is due by now, from the first hour not read to its end.
    pub async fn step(&self) -> Result<DeliveryStep, DeliveryError> {
        let now = self.clock.now();
        let current = hour_of(now);
        let mut hour = self.next_hour(current).await?;
        let mut done = DeliveryStep {
            sent: 0,
            released: 0,
            more: false,
        };
        while hour <= current {
            let query = Query {
                index: Index::Gsi1,
                sort: SortKey::AtMost(keys::held_email_due_by(now)),
                ..Query::partition(keys::held_email_hour(hour), EMAILS_PER_STEP)
            };
            let page = self.table.query(query).await?;
            let held = page
                .items
                .into_iter()
                .map(from_record)
                .collect::<Result<Vec<HeldEmail>, _>>()?;
            let (sent, released) = self.deliver(held).await?;
            done.sent += sent;
            done.released += released;
            if page.next.is_some() {
                done.more = true;
                return Ok(done);
            }
            hour += Duration::hours(1);
            // The hour before the current one is read once more by the next run: an email held
            // just as a run read its hour is not left behind.
            if hour < current {
                self.save_next_hour(hour).await?;
            }
        }
        Ok(done)
    }

    async fn next_hour(&self, current: OffsetDateTime) -> Result<OffsetDateTime, TableError> {
        Ok(match self.table.get(&keys::delivery_state()).await? {
            Some(item) => from_record::<DeliveryState>(item)?.next_hour,
            None => current - FIRST_LOOK_BACK,
        })
    }

    async fn save_next_hour(&self, next_hour: OffsetDateTime) -> Result<(), TableError> {
        let item = to_record(&DeliveryState { next_hour }, &keys::delivery_state(), None)?;
        self.table.put(item, Condition::Always).await
    }

    /// Sends each user their due emails; answers how many were sent and let go.
    async fn deliver(&self, held: Vec<HeldEmail>) -> Result<(u32, u32), DeliveryError> {
        let mut by_user: BTreeMap<UserId, Vec<HeldEmail>> = BTreeMap::new();
        for email in held {
            by_user
                .entry(email.user_id.clone())
                .or_default()
                .push(email);
        }
        let (mut sent, mut released) = (0, 0);
        for (user_id, emails) in by_user {
            if self.send(&user_id, &emails).await? {
                sent += 1;
            }
            for chunk in emails.chunks(RELEASES_PER_TRANSACTION) {
                self.table
                    .transact(chunk.iter().map(HeldEmail::release).collect())
                    .await?;
            }
            released += u32::try_from(emails.len()).unwrap_or(u32::MAX);
        }
        Ok((sent, released))
    }

    /// Queues the user's email of `emails` that they still want; `false` when none is.
    async fn send(&self, user_id: &UserId, emails: &[HeldEmail]) -> Result<bool, DeliveryError> {
        let Some(user) = self.users.get(user_id).await? else {
            return Ok(false);
        };
        if user.status != UserStatus::Active {
            return Ok(false);
        }
        let preferences = self.preferences.get(user_id).await?;
        let wanted: Vec<&HeldEmail> = emails
            .iter()
            .filter(|email| preferences.wants(email.kind, Channel::Email))
            .collect();
        let email = match wanted.as_slice() {
            [] => return Ok(false),
            [one] => notification_email(
                &self.signer,
                &user,
                one.kind,
                (one.title.clone(), one.body.clone()),
                one.link.clone(),
            ),
            many => {
                let items: Vec<_> = many
                    .iter()
                    .map(|email| (email.kind, email.title.clone(), email.body.clone()))
                    .collect();
                digest_email(&self.signer, &user, &items)
            }
        };
        let envelope = Envelope {
            id: envelope_id(&user, &wanted),
            ..Envelope::wrap(&email, self.clock.as_ref())?
        };
        self.queue.send(QueueName::Email, &envelope).await?;
        Ok(true)
    }
}

/// The same held emails always make the same envelope id.
fn envelope_id(user: &User, emails: &[&HeldEmail]) -> EventId {
    let mut hash = Sha256::new();
    for email in emails {
        hash.update(email.id.as_str().as_bytes());
        hash.update(b"\n");
    }
    let digest: String = hash
        .finalize()
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    EventId::from(format!("notifications.deliver.{}.{digest}", user.id))
}

/// The start of the hour (UTC) `at` falls in.
fn hour_of(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.replace_time(time::Time::from_hms(utc.hour(), 0, 0).unwrap_or(time::Time::MIDNIGHT))
}

/// Why a delivery step failed (all worth retrying).
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}
