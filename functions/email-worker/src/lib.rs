//! The email worker: consumes the email queue, renders each `email.send` message
//! (`ferrofin_platform::email`) and sends it through the Mailer port — SES in Lambda, the outbox folder
//! in the devserver and tests. Sending is idempotent on the envelope id (see [`guard`]): a
//! redelivered envelope is not sent twice.

mod config;
pub mod guard;

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_platform::AppState;
use ferrofin_platform::email::{SendEmail, render};
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::mailer::{MailError, Mailer};
use ferrofin_platform::ports::queue::{ConsumeError, Consumer, Envelope, Message};
use ferrofin_platform::ports::table::Table;

pub use config::{WorkerConfig, parse_app_base_url};
use guard::{Claim, SendGuard};

/// Sends the emails of the email queue.
pub struct EmailConsumer {
    table: Arc<dyn Table>,
    mailer: Arc<dyn Mailer>,
    clock: Arc<dyn Clock>,
    app_base_url: String,
}

impl EmailConsumer {
    /// Uses the state's table (for the sent-guards), mailer and clock; links in the emails
    /// start with `app_base_url`.
    pub fn new(state: &AppState, app_base_url: impl Into<String>) -> Self {
        Self {
            table: Arc::clone(&state.table),
            mailer: Arc::clone(&state.mailer),
            clock: Arc::clone(&state.clock),
            app_base_url: app_base_url.into(),
        }
    }
}

#[async_trait]
impl Consumer for EmailConsumer {
    async fn consume(&self, envelope: Envelope) -> Result<(), ConsumeError> {
        let email = open(&envelope)?;
        let template = email.template.name();
        let guard = SendGuard::new(self.table.as_ref(), self.clock.as_ref());
        match guard.claim(&envelope.id).await.map_err(transient)? {
            Claim::Claimed => {}
            Claim::AlreadySent => {
                tracing::info!(envelope_id = %envelope.id, template, "email already sent; not sending it again");
                return Ok(());
            }
            Claim::InFlight => {
                return Err(ConsumeError::Transient(
                    "another delivery of this envelope is sending it".to_owned(),
                ));
            }
        }
        match self.mailer.send(&render(&email, &self.app_base_url)).await {
            Ok(provider_message_id) => {
                tracing::info!(envelope_id = %envelope.id, template, provider_message_id, "email sent");
                if let Err(err) = guard.mark_sent(&envelope.id).await {
                    tracing::warn!(envelope_id = %envelope.id, error = %err, "email sent, but its sent-guard was not recorded; a redelivery may send it again");
                }
                Ok(())
            }
            Err(err) => {
                if let Err(release) = guard.release(&envelope.id).await {
                    tracing::warn!(envelope_id = %envelope.id, error = %release, "sent-guard not released; the next delivery waits for its lease to expire");
                }
                Err(match err {
                    MailError::Rejected(reason) => {
                        ConsumeError::Permanent(format!("mail rejected: {reason}"))
                    }
                    MailError::Unavailable(reason) => ConsumeError::Transient(reason),
                })
            }
        }
    }
}

/// Reads the envelope as `email.send` v1. A wrong type, version or payload is permanent; the
/// reason never quotes the payload (it holds codes and tokens).
fn open(envelope: &Envelope) -> Result<SendEmail, ConsumeError> {
    if envelope.message_type != SendEmail::TYPE || envelope.version != SendEmail::VERSION {
        return Err(ConsumeError::Permanent(format!(
            "expected {} v{}, got {} v{}",
            SendEmail::TYPE,
            SendEmail::VERSION,
            envelope.message_type,
            envelope.version
        )));
    }
    serde_json::from_value(envelope.payload.clone()).map_err(|err| {
        ConsumeError::Permanent(format!(
            "payload is not a valid {} ({:?} error)",
            SendEmail::TYPE,
            err.classify()
        ))
    })
}

fn transient(err: impl std::fmt::Display) -> ConsumeError {
    ConsumeError::Transient(err.to_string())
}
