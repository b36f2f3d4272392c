//! Passwords: change (signed in) and the forgotten-password flow (reset link, token check,
//! reset).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::{AuthError, Identity};
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody, NewPasswordText};
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::shared_dto::{
    ACCEPTED, Accepted, EmailRequest, MAX_PASSWORD_CHARS, MAX_TOKEN_CHARS, StatusResponse,
    TokenRequest, bounded,
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "correct horse battery staple", "new_password": "another long passphrase 42"}))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    #[schema(value_type = NewPasswordText)]
    pub new_password: String,
}

impl ChangePasswordRequest {
    pub fn current_password(&self) -> Result<&str, AuthError> {
        bounded(
            "current_password",
            &self.current_password,
            MAX_PASSWORD_CHARS,
        )
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q3J9d0Xo6c2l3mY8tq1bqg", "new_password": "another long passphrase 42"}))]
pub struct ResetPasswordRequest {
    pub token: String,
    #[schema(value_type = NewPasswordText)]
    pub new_password: String,
}

impl ResetPasswordRequest {
    pub fn token(&self) -> Result<&str, AuthError> {
        bounded("token", &self.token, MAX_TOKEN_CHARS)
    }
}

/// Changes the password; every other session ends.
#[utoipa::path(post, path = "/v1/auth/password/change", operation_id = "changePassword", tag = "auth", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, description = "The current password is wrong (`REAUTHENTICATION_FAILED`)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let current = request.current_password()?;
    Identity::new(&state)
        .change_password(
            &user.user_id,
            &user.session_id,
            current,
            &request.new_password,
            &meta,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Emails a reset link valid for 30 minutes; the same answer whether or not the account exists.
#[utoipa::path(post, path = "/v1/auth/password/forgot", operation_id = "forgotPassword", tag = "auth", request_body = EmailRequest,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
async fn forgot_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    Identity::new(&state)
        .forgot_password(request.email()?, &meta)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(ACCEPTED)))
}

/// Tells whether a reset token is still valid.
#[utoipa::path(post, path = "/v1/auth/password/verify-token", operation_id = "verifyPasswordResetToken", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = StatusResponse), (status = 400, body = ErrorBody), (status = 429, description = "Too many attempts (see Retry-After)", body = ErrorBody)))]
async fn verify_reset_token(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<StatusResponse>, ApiError> {
    Identity::new(&state)
        .check_reset_token(request.token()?, &meta)
        .await?;
    Ok(Json(StatusResponse { status: "valid" }))
}

/// Sets a new password with a reset token; every session ends.
#[utoipa::path(post, path = "/v1/auth/password/reset", operation_id = "resetPassword", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, description = "Too many attempts (see Retry-After)", body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let token = request.token()?;
    Identity::new(&state)
        .reset_password(token, &request.new_password, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(forgot_password))
        .routes(routes!(verify_reset_token))
        .routes(routes!(reset_password))
}
