//! The Mailer port on SES v2 (`SendEmail` with simple content, UTF-8).

use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, VerificationStatus};

use super::describe;
use super::lazy_client::LazyClient;
use crate::ports::mailer::{MailError, Mailer, OutgoingEmail};

/// Sends from one verified address.
pub struct SesMailer {
    client: LazyClient<Client>,
    from: String,
}

impl SesMailer {
    pub fn new(client: impl Into<LazyClient<Client>>, from: impl Into<String>) -> Self {
        Self {
            client: client.into(),
            from: from.into(),
        }
    }

    /// Whether SES holds `identity` and it is verified.
    async fn identity_verified(&self, identity: &str) -> Result<bool, MailError> {
        match self
            .client
            .get()
            .get_email_identity()
            .email_identity(identity)
            .send()
            .await
        {
            Ok(output) => Ok(output.verification_status == Some(VerificationStatus::Success)),
            Err(err) if err.code() == Some("NotFoundException") => Ok(false),
            Err(err) => Err(MailError::Unavailable(describe(&err))),
        }
    }
}

fn utf8(data: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(|err| MailError::Rejected(err.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    /// `GetEmailIdentity` of the sender's address, then of its domain: one of them must be
    /// verified (either lets SES send as the address).
    async fn ping(&self) -> Result<(), MailError> {
        let domain = self.from.rsplit_once('@').map(|(_, domain)| domain);
        for identity in std::iter::once(self.from.as_str()).chain(domain) {
            if self.identity_verified(identity).await? {
                return Ok(());
            }
        }
        Err(MailError::Unavailable(format!(
            "no verified SES identity for {}",
            self.from
        )))
    }

    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        let mut body = Body::builder().text(utf8(&email.text_body)?);
        if let Some(html) = &email.html_body {
            body = body.html(utf8(html)?);
        }
        let message = Message::builder()
            .subject(utf8(&email.subject)?)
            .body(body.build())
            .build();
        let output = self
            .client
            .get()
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|err| match err.code() {
                Some(
                    "MessageRejected"
                    | "MailFromDomainNotVerifiedException"
                    | "BadRequestException"
                    | "NotFoundException",
                ) => MailError::Rejected(err.message().unwrap_or_default().to_owned()),
                _ => MailError::Unavailable(describe(&err)),
            })?;
        Ok(output.message_id.unwrap_or_default())
    }
}
