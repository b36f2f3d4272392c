//! TOTP of the signed-in user: set up, enable (answers the recovery codes), disable.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthError;
use ferrofin_identity::Identity;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody};
use ferrofin_platform::routes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::shared_dto::{MAX_CODE_CHARS, MAX_PASSWORD_CHARS, bounded};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "492039"}))]
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
#[schema(example = json!({"password": "correct horse battery staple", "code": "492039"}))]
pub struct DisableTotpRequest {
    pub password: String,
    pub code: String,
}

impl DisableTotpRequest {
    pub fn fields(&self) -> Result<(&str, &str), AuthError> {
        Ok((
            bounded("password", &self.password, MAX_PASSWORD_CHARS)?,
            bounded("code", &self.code, MAX_CODE_CHARS)?,
        ))
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

/// Starts TOTP setup: a secret and an `otpauth://` URI for the authenticator app.
#[utoipa::path(post, path = "/v1/auth/mfa/totp/setup", operation_id = "setUpTotp", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TotpSetupResponse), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn totp_setup(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<TotpSetupResponse>, ApiError> {
    let setup = Identity::new(&state)
        .start_totp_setup(&user.user_id)
        .await?;
    Ok(Json(TotpSetupResponse {
        secret: setup.secret,
        otpauth_uri: setup.otpauth_uri,
    }))
}

/// Confirms TOTP with a current code; answers the ten recovery codes (shown only now).
#[utoipa::path(post, path = "/v1/auth/mfa/totp/enable", operation_id = "enableTotp", tag = "auth", security(("bearer" = [])), request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodesResponse), (status = 401, body = ErrorBody),
        (status = 403, description = "The code is wrong or expired (`INVALID_CODE`)", body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, description = "Too many wrong codes (see Retry-After)", body = ErrorBody)))]
async fn totp_enable(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<Json<RecoveryCodesResponse>, ApiError> {
    let recovery_codes = Identity::new(&state)
        .enable_totp(&user.user_id, request.code()?, &meta)
        .await?;
    Ok(Json(RecoveryCodesResponse { recovery_codes }))
}

/// Turns TOTP off (password and a current or recovery code needed).
#[utoipa::path(post, path = "/v1/auth/mfa/totp/disable", operation_id = "disableTotp", tag = "auth", security(("bearer" = [])), request_body = DisableTotpRequest,
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, description = "The password (`REAUTHENTICATION_FAILED`) or the code (`INVALID_CODE`) is wrong", body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, description = "Too many wrong codes (see Retry-After)", body = ErrorBody)))]
async fn totp_disable(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<DisableTotpRequest>,
) -> Result<StatusCode, ApiError> {
    let (password, code) = request.fields()?;
    Identity::new(&state)
        .disable_totp(&user.user_id, password, code, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(totp_setup))
        .routes(routes!(totp_enable))
        .routes(routes!(totp_disable))
}
