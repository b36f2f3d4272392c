//! Request and response bodies of registration and the sign-in routes.

use ferrofin_identity::ids::SessionId;
use ferrofin_identity::login::LoginOutcome;
use ferrofin_identity::{AuthError, IssuedTokens};
use ferrofin_platform::http::text_schemas::required_text;
use ferrofin_platform::http::{EmailText, NewPasswordText};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::shared_dto::{
    MAX_CODE_CHARS, MAX_EMAIL_CHARS, MAX_PASSWORD_CHARS, MAX_TOKEN_CHARS, bounded,
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery staple", "name": "Ada Lovelace"}))]
pub struct RegisterRequest {
    #[schema(value_type = EmailText)]
    pub email: String,
    #[schema(value_type = NewPasswordText)]
    pub password: String,
    #[schema(schema_with = required_text::<100>)]
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery staple"}))]
pub struct LoginRequest {
    #[schema(value_type = EmailText)]
    pub email: String,
    pub password: String,
}

impl LoginRequest {
    pub fn fields(&self) -> Result<(&str, &str), AuthError> {
        Ok((
            bounded("email", &self.email, MAX_EMAIL_CHARS)?,
            bounded("password", &self.password, MAX_PASSWORD_CHARS)?,
        ))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ada@example.com", "code": "492039"}))]
pub struct CodeLoginRequest {
    #[schema(value_type = EmailText)]
    pub email: String,
    pub code: String,
}

impl CodeLoginRequest {
    pub fn fields(&self) -> Result<(&str, &str), AuthError> {
        Ok((
            bounded("email", &self.email, MAX_EMAIL_CHARS)?,
            bounded("code", &self.code, MAX_CODE_CHARS)?,
        ))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge": "01KAD5R5T2X4M9Q8ZC3B7N6P0E", "code": "492039"}))]
pub struct MfaLoginRequest {
    pub challenge: String,
    /// A current TOTP code or an unused recovery code.
    pub code: String,
}

impl MfaLoginRequest {
    pub fn fields(&self) -> Result<(&str, &str), AuthError> {
        Ok((
            bounded("challenge", &self.challenge, MAX_TOKEN_CHARS)?,
            bounded("code", &self.code, MAX_CODE_CHARS)?,
        ))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rt_8XgS1m2d5q0b4k7p9w3z6y1c"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

impl RefreshRequest {
    pub fn token(&self) -> Result<&str, AuthError> {
        bounded("refresh_token", &self.refresh_token, MAX_TOKEN_CHARS)
    }
}

/// Tokens of a signed-in session.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; exchange at /v1/auth/refresh. Rotates on every use.
    pub refresh_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub refresh_expires_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub session_id: SessionId,
}

impl From<IssuedTokens> for TokenResponse {
    fn from(tokens: IssuedTokens) -> Self {
        Self {
            access_token: tokens.access_token,
            token_type: "Bearer",
            expires_in: tokens.access_expires_in,
            refresh_token: tokens.refresh_token,
            refresh_expires_at: tokens.refresh_expires_at,
            session_id: tokens.session_id,
        }
    }
}

/// The answer to a correct first factor: tokens, or an MFA challenge.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// True when `challenge` must be sent with a TOTP or recovery code to /v1/auth/login/mfa.
    pub mfa_required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<TokenResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_expires_in: Option<i64>,
}

impl From<LoginOutcome> for LoginResponse {
    fn from(outcome: LoginOutcome) -> Self {
        match outcome {
            LoginOutcome::Tokens(tokens) => Self {
                mfa_required: false,
                tokens: Some(tokens.into()),
                challenge: None,
                challenge_expires_in: None,
            },
            LoginOutcome::MfaRequired {
                challenge,
                expires_in,
            } => Self {
                mfa_required: true,
                tokens: None,
                challenge: Some(challenge),
                challenge_expires_in: Some(expires_in),
            },
        }
    }
}
