//! Request and response bodies of the auth routes. Requests refuse unknown fields; strings are
//! bounded before any work is done with them.

use ferrofin_identity::login::LoginOutcome;
use ferrofin_identity::sessions::Session;
use ferrofin_identity::{AuthError, IssuedTokens};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Longest password accepted anywhere (hashing longer input would only cost CPU).
pub const MAX_PASSWORD_CHARS: usize = 128;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_TOKEN_CHARS: usize = 128;
const MAX_CODE_CHARS: usize = 32;

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
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    pub email: String,
}

impl EmailRequest {
    pub fn email(&self) -> Result<&str, AuthError> {
        bounded("email", &self.email, MAX_EMAIL_CHARS)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

impl TokenRequest {
    pub fn token(&self) -> Result<&str, AuthError> {
        bounded("token", &self.token, MAX_TOKEN_CHARS)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
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
pub struct CodeLoginRequest {
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
pub struct CodeRequest {
    pub code: String,
}

impl CodeRequest {
    pub fn code(&self) -> Result<&str, AuthError> {
        bounded("code", &self.code, MAX_CODE_CHARS)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisableTotpRequest {
    pub password: String,
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub new_password: String,
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
    pub session_id: String,
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

#[derive(Debug, Serialize, ToSchema)]
pub struct TotpSetupResponse {
    /// Base32 secret, for manual entry.
    pub secret: String,
    /// `otpauth://` URI, for a QR code.
    pub otpauth_uri: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodesResponse {
    /// Ten single-use codes; shown only now.
    pub recovery_codes: Vec<String>,
}

/// A signed-in device.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub user_agent: String,
    pub ip: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_used_at: OffsetDateTime,
    /// The session this request was made with.
    pub current: bool,
}

impl SessionView {
    pub fn of(session: Session, current_id: &str) -> Self {
        Self {
            current: session.id == current_id,
            id: session.id,
            user_agent: session.user_agent,
            ip: session.ip,
            created_at: session.created_at,
            last_used_at: session.last_used_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    pub items: Vec<SessionView>,
}
