//! Routes of a signed-in user: logout, sessions, password change and TOTP management; plus the
//! forgotten-password flow.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::Identity;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiJson, ApiPath, ErrorBody};

use crate::dto::{
    Accepted, ChangePasswordRequest, CodeRequest, DisableTotpRequest, EmailRequest,
    MAX_PASSWORD_CHARS, RecoveryCodesResponse, ResetPasswordRequest, SessionList, SessionView,
    StatusResponse, TokenRequest, TotpSetupResponse, bounded,
};

/// Ends the current session.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_session(&user.user_id, &user.session_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the user, this one included.
#[utoipa::path(post, path = "/v1/auth/logout-all", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout_all(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_all_sessions(&user.user_id, None, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user's signed-in devices; the current one is marked.
#[utoipa::path(get, path = "/v1/auth/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<SessionList>, ApiError> {
    let sessions = Identity::new(&state).list_sessions(&user.user_id).await?;
    let items = sessions
        .into_iter()
        .map(|session| SessionView::of(session, &user.session_id))
        .collect();
    Ok(Json(SessionList { items }))
}

/// Ends one of the user's sessions (404 when it is not theirs).
#[utoipa::path(delete, path = "/v1/auth/sessions/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "Session id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_session(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(session_id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    Identity::new(&state)
        .revoke_session(&user.user_id, &session_id, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the password; every other session ends.
#[utoipa::path(post, path = "/v1/auth/password/change", tag = "auth", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let current = bounded(
        "current_password",
        &request.current_password,
        MAX_PASSWORD_CHARS,
    )?;
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
#[utoipa::path(post, path = "/v1/auth/password/forgot", tag = "auth", request_body = EmailRequest,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
pub async fn forgot_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    Identity::new(&state)
        .forgot_password(request.email()?, &meta)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { status: "accepted" })))
}

/// Tells whether a reset token is still valid.
#[utoipa::path(post, path = "/v1/auth/password/verify-token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = StatusResponse), (status = 400, body = ErrorBody)))]
pub async fn verify_reset_token(
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
#[utoipa::path(post, path = "/v1/auth/password/reset", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let token = bounded("token", &request.token, 128)?;
    Identity::new(&state)
        .reset_password(token, &request.new_password, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Starts TOTP setup: a secret and an `otpauth://` URI for the authenticator app.
#[utoipa::path(post, path = "/v1/auth/mfa/totp/setup", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TotpSetupResponse), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn totp_setup(
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
#[utoipa::path(post, path = "/v1/auth/mfa/totp/enable", tag = "auth", security(("bearer" = [])), request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodesResponse), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn totp_enable(
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
#[utoipa::path(post, path = "/v1/auth/mfa/totp/disable", tag = "auth", security(("bearer" = [])), request_body = DisableTotpRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn totp_disable(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<DisableTotpRequest>,
) -> Result<StatusCode, ApiError> {
    let password = bounded("password", &request.password, MAX_PASSWORD_CHARS)?;
    let code = bounded("code", &request.code, 32)?;
    Identity::new(&state)
        .disable_totp(&user.user_id, password, code, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
