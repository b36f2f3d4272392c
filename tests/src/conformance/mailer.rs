//! The Mailer conformance suite.

use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_platform::ports::mailer::{Mailer, OutgoingEmail};

/// One message as the mail service recorded it. Services that keep one body keep the HTML one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Reads what the mail service sent.
#[async_trait]
pub trait MailProbe: Send + Sync {
    async fn sent(&self) -> Vec<SentMail>;
}

/// A mailer under test and a way to see what it sent.
pub struct MailerSubject {
    pub mailer: Arc<dyn Mailer>,
    pub probe: Arc<dyn MailProbe>,
}

pub async fn a_sent_email_reaches_its_recipient_with_subject_and_body(subject: &MailerSubject) {
    let email = OutgoingEmail {
        to: "ada@example.com".to_owned(),
        subject: "Verify your email — Ferrofin".to_owned(),
        text_body: "Your code is 493028.".to_owned(),
        html_body: Some("<p>Your code is <b>493028</b>.</p>".to_owned()),
    };
    let message_id = subject.mailer.send(&email).await.expect("send");
    assert!(!message_id.is_empty());
    let sent = subject.probe.sent().await;
    let found = sent
        .iter()
        .find(|mail| mail.to == email.to && mail.subject == email.subject)
        .unwrap_or_else(|| panic!("message not found among {sent:?}"));
    assert!(found.body.contains("493028"));
}

pub async fn a_mailer_with_a_verified_sender_answers_its_ping(subject: &MailerSubject) {
    subject.mailer.ping().await.expect("ping");
}
