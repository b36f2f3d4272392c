//! The Mailer port: sends one rendered email (plain text plus optional HTML).
//!
//! Templates are rendered before the port; request handlers never call it directly, they queue
//! an email message for the email worker (docs/architecture.md, "Background work").

use async_trait::async_trait;

/// A rendered email ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: Option<String>,
}

/// Failures of the Mailer port.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MailError {
    /// The provider refused this message (bad address, unverified sender); retrying won't help.
    #[error("email rejected: {0}")]
    Rejected(String),
    #[error("mail service unavailable: {0}")]
    Unavailable(String),
}

/// Sends email; returns the provider's message id.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError>;
    /// Checks that mail can be sent from the configured sender (the readiness probe).
    async fn ping(&self) -> Result<(), MailError>;
}
