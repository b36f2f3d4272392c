//! The embedded Mailer: writes each message as an `.eml` file (RFC 5322, multipart/alternative
//! when there is HTML) into an outbox folder, and logs one line without the body.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use time::format_description::well_known::Rfc2822;

use crate::ports::clock::{Clock, new_id};
use crate::ports::mailer::{MailError, Mailer, OutgoingEmail};

const BOUNDARY: &str = "ferrofin-alternative";

/// Writes mail to a folder instead of sending it.
pub struct OutboxMailer {
    outbox: PathBuf,
    from: String,
    clock: Arc<dyn Clock>,
}

impl OutboxMailer {
    pub fn new(outbox: impl Into<PathBuf>, from: impl Into<String>, clock: Arc<dyn Clock>) -> Self {
        Self {
            outbox: outbox.into(),
            from: from.into(),
            clock,
        }
    }

    pub fn outbox(&self) -> &Path {
        &self.outbox
    }

    /// Reads back every message in the outbox, oldest first.
    pub fn read_outbox(&self) -> Result<Vec<OutgoingEmail>, MailError> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return Ok(Vec::new());
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .map_err(|err| MailError::Unavailable(err.to_string()))?;
                parse_eml(&text)
                    .ok_or_else(|| MailError::Unavailable(format!("unreadable {}", path.display())))
            })
            .collect()
    }
}

/// RFC 2047 encoding for a header with non-ASCII text.
fn encode_header(text: &str) -> String {
    if text.is_ascii() {
        text.to_owned()
    } else {
        format!("=?UTF-8?B?{}?=", STANDARD.encode(text))
    }
}

fn decode_header(text: &str) -> String {
    text.strip_prefix("=?UTF-8?B?")
        .and_then(|rest| rest.strip_suffix("?="))
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| text.to_owned())
}

fn render_eml(email: &OutgoingEmail, from: &str, date: &str, message_id: &str) -> String {
    let headers = format!(
        "From: {from}\r\nTo: {}\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{message_id}@ferrofin.local>\r\nMIME-Version: 1.0\r\n",
        email.to,
        encode_header(&email.subject)
    );
    let text_part =
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n";
    match &email.html_body {
        None => format!("{headers}{text_part}\r\n{}", email.text_body),
        Some(html) => format!(
            "{headers}Content-Type: multipart/alternative; boundary=\"{BOUNDARY}\"\r\n\r\n\
             --{BOUNDARY}\r\n{text_part}\r\n{}\r\n\
             --{BOUNDARY}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n\
             --{BOUNDARY}--\r\n",
            email.text_body
        ),
    }
}

/// Parses what [`render_eml`] wrote.
fn parse_eml(text: &str) -> Option<OutgoingEmail> {
    let (head, body) = text.split_once("\r\n\r\n")?;
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                line.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix(": "))
            })
            .map(str::to_owned)
    };
    let (text_body, html_body) = if head.contains("multipart/alternative") {
        let parts: Vec<&str> = body.split(&format!("--{BOUNDARY}")).collect();
        let part_body = |part: &str| {
            part.split_once("\r\n\r\n")
                .map(|(_, b)| b.trim_end_matches("\r\n").to_owned())
        };
        (part_body(parts.get(1)?)?, part_body(parts.get(2)?))
    } else {
        (body.to_owned(), None)
    };
    Some(OutgoingEmail {
        to: header("To")?,
        subject: decode_header(&header("Subject")?),
        text_body,
        html_body,
    })
}

#[async_trait]
impl Mailer for OutboxMailer {
    /// The outbox folder exists (made if missing).
    async fn ping(&self) -> Result<(), MailError> {
        tokio::fs::create_dir_all(&self.outbox)
            .await
            .map_err(|err| MailError::Unavailable(err.to_string()))
    }

    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        if email.to.trim().is_empty() || email.to.contains(['\r', '\n']) {
            return Err(MailError::Rejected("invalid recipient".to_owned()));
        }
        let message_id = new_id(self.clock.as_ref());
        let date = self
            .clock
            .now()
            .format(&Rfc2822)
            .map_err(|err| MailError::Unavailable(err.to_string()))?;
        let eml = render_eml(email, &self.from, &date, &message_id);
        tokio::fs::create_dir_all(&self.outbox)
            .await
            .map_err(|err| MailError::Unavailable(err.to_string()))?;
        let path = self.outbox.join(format!("{message_id}.eml"));
        tokio::fs::write(&path, eml)
            .await
            .map_err(|err| MailError::Unavailable(err.to_string()))?;
        tracing::info!(message_id, path = %path.display(), "email written to the outbox");
        Ok(message_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_round_trips_through_the_eml_format() {
        let email = OutgoingEmail {
            to: "ada@example.com".to_owned(),
            subject: "Your code: 123456 — Ferrofin".to_owned(),
            text_body: "Code 123456".to_owned(),
            html_body: Some("<p>Code <b>123456</b></p>".to_owned()),
        };
        let eml = render_eml(
            &email,
            "no-reply@example.com",
            "Sat, 21 Nov 2026 12:00:00 +0000",
            "01H",
        );
        assert_eq!(parse_eml(&eml), Some(email.clone()));
        let plain = OutgoingEmail {
            html_body: None,
            ..email
        };
        let eml = render_eml(
            &plain,
            "no-reply@example.com",
            "Sat, 21 Nov 2026 12:00:00 +0000",
            "01H",
        );
        assert_eq!(parse_eml(&eml), Some(plain));
    }
}
