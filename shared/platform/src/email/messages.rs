//! The `email.send` message: what a request handler queues when it wants an email sent.
//!
//! Handlers never call the Mailer (docs/architecture.md, "Background work"): they call [`queue_email`], and the email
//! worker renders and sends the message later, retrying when SES is unavailable.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ports::clock::Clock;
use crate::ports::queue::{Message, Queue, QueueError, QueueName, send_message};

/// Which email to send, with the values it shows. Links are built by the renderer from the
/// app's base URL, so messages carry only tokens, never URLs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum EmailTemplate {
    /// Confirms an address: links to `{APP_BASE_URL}/verify-email?token=...`.
    VerifyEmail { token: String },
    /// A one-time sign-in code.
    LoginCode {
        code: String,
        expires_in_minutes: u32,
    },
    /// Links to `{APP_BASE_URL}/reset-password?token=...`.
    PasswordReset {
        token: String,
        expires_in_minutes: u32,
    },
    /// The account is locked after failed sign-ins, until the given time.
    AccountLocked {
        #[serde(with = "time::serde::rfc3339")]
        until: OffsetDateTime,
    },
    /// Someone signed in from a device not seen before.
    NewDeviceLogin {
        user_agent: String,
        ip: String,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// Sent to a new address the account asked to move to: confirming it (a link to
    /// `{APP_BASE_URL}/confirm-email-change?token=...`) makes it the account's address.
    ConfirmEmailChange {
        token: String,
        expires_in_hours: u32,
    },
    /// Sent to the account's current address when a change to `new_email` is asked for: the
    /// current address keeps working until the new one is confirmed, and the link
    /// (`{APP_BASE_URL}/undo-email-change?token=...`) undoes the change.
    EmailChangeRequested {
        new_email: String,
        token: String,
        expires_in_days: u32,
    },
    /// A change to how the account is secured, told to its owner.
    SecurityChange {
        change: SecurityChange,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A notification told by email: its title as the subject and its body; a link into the
    /// app when it is about something there (`{APP_BASE_URL}/{link}`), and, unless its kind is
    /// critical, a link that turns that kind's email off (`{APP_BASE_URL}/unsubscribe?token=`).
    Notification {
        title: String,
        body: String,
        link: Option<String>,
        unsubscribe: Option<Unsubscribe>,
    },
    /// Several notifications in one email (a digest, or what quiet hours held): at most
    /// [`DIGEST_ITEMS`] shown, `more` left out; an unsubscribe link per kind it holds.
    Digest {
        items: Vec<DigestItem>,
        more: u32,
        unsubscribe: Vec<Unsubscribe>,
    },
}

/// Most notifications one digest email shows.
pub const DIGEST_ITEMS: usize = 50;

/// A link that turns one kind of email off, signed for its recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsubscribe {
    /// What the link stops, in words ("budget alerts").
    pub label: String,
    pub token: String,
}

/// One notification in a digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestItem {
    pub title: String,
    pub body: String,
}

/// A change the owner of an account is always told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityChange {
    PasswordChanged,
    MfaEnabled,
    MfaDisabled,
    AccountDeleted,
    /// The account's email address was changed (told to the old and the new address).
    EmailChanged,
}

impl EmailTemplate {
    /// The template's name on the wire, for logs (never the values it carries).
    pub fn name(&self) -> &'static str {
        match self {
            Self::VerifyEmail { .. } => "verify_email",
            Self::LoginCode { .. } => "login_code",
            Self::PasswordReset { .. } => "password_reset",
            Self::AccountLocked { .. } => "account_locked",
            Self::NewDeviceLogin { .. } => "new_device_login",
            Self::ConfirmEmailChange { .. } => "confirm_email_change",
            Self::EmailChangeRequested { .. } => "email_change_requested",
            Self::SecurityChange { .. } => "security_change",
            Self::Notification { .. } => "notification",
            Self::Digest { .. } => "digest",
        }
    }
}

/// One email to one recipient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SendEmail {
    pub to: String,
    /// The recipient's display name, for the greeting.
    pub name: Option<String>,
    pub template: EmailTemplate,
}

impl Message for SendEmail {
    const TYPE: &'static str = "email.send";
    const VERSION: u32 = 1;
}

/// Queues an email for the worker (the request path never calls the Mailer).
pub async fn queue_email(
    queue: &dyn Queue,
    clock: &dyn Clock,
    email: &SendEmail,
) -> Result<(), QueueError> {
    send_message(queue, QueueName::Email, email, clock).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_template_travels_tagged_by_its_name() {
        let email = SendEmail {
            to: "ada@example.com".to_owned(),
            name: None,
            template: EmailTemplate::AccountLocked {
                until: datetime!(2026-11-21 12:15 UTC),
            },
        };
        let json = serde_json::to_value(&email).expect("json");
        assert_eq!(json["template"]["template"], "account_locked");
        assert_eq!(json["template"]["until"], "2026-11-21T12:15:00Z");
        assert_eq!(
            serde_json::from_value::<SendEmail>(json).expect("back"),
            email
        );
        assert_eq!(email.template.name(), "account_locked");
    }
}
