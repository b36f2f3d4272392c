//! What several auth routes share: the length limits (strings are bounded before any work is
//! done with them), the email and token requests, and the plain answers. Requests refuse
//! unknown fields.

use ferrofin_identity::AuthError;
use ferrofin_platform::http::EmailText;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest password accepted anywhere (hashing longer input would only cost CPU).
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_TOKEN_CHARS: usize = 128;
pub const MAX_CODE_CHARS: usize = 32;

/// The answer to a request whose effect is an email.
pub const ACCEPTED: Accepted = Accepted { status: "accepted" };

/// Refuses a string longer than `max` characters with a 422 naming the field.
pub fn bounded<'a>(field: &str, value: &'a str, max: usize) -> Result<&'a str, AuthError> {
    if value.chars().count() > max {
        return Err(AuthError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com"}))]
pub struct EmailRequest {
    #[schema(value_type = EmailText)]
    pub email: String,
}

impl EmailRequest {
    pub fn email(&self) -> Result<&str, AuthError> {
        bounded("email", &self.email, MAX_EMAIL_CHARS)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q3J9d0Xo6c2l3mY8tq1bqg"}))]
pub struct TokenRequest {
    pub token: String,
}

impl TokenRequest {
    pub fn token(&self) -> Result<&str, AuthError> {
        bounded("token", &self.token, MAX_TOKEN_CHARS)
    }
}

/// An accepted request whose effect is asynchronous (an email may follow).
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub status: &'static str,
}

/// A plain status answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusResponse {
    pub status: &'static str,
}
