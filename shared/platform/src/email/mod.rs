//! Outgoing email: the `email.send` message request handlers queue ([`queue_email`]) and how
//! each template renders ([`render`]). The email worker (`functions/email-worker`) consumes
//! the queue and sends through the Mailer port.

mod layout;
pub mod messages;
pub mod templates;

pub use messages::{
    DIGEST_ITEMS, DigestItem, EmailTemplate, SecurityChange, SendEmail, Unsubscribe, queue_email,
};
pub use templates::render;
