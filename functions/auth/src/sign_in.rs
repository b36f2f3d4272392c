//! Registration, verification and the sign-in routes (password, email code, MFA step, refresh).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::ClientMeta;
use ferrofin_identity::Identity;
use ferrofin_identity::register::Registration;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody};
use ferrofin_platform::routes;

use crate::shared_dto::{
    ACCEPTED, Accepted, EmailRequest, MAX_PASSWORD_CHARS, StatusResponse, TokenRequest, bounded,
};
use crate::sign_in_dto::{
    CodeLoginRequest, LoginRequest, LoginResponse, MfaLoginRequest, RefreshRequest,
    RegisterRequest, TokenResponse,
};

/// Registers a user and emails a verification link. The answer is the same whether or not the
/// address was already registered.
#[utoipa::path(post, path = "/v1/auth/register", operation_id = "registerUser", tag = "auth", request_body = RegisterRequest,
    responses((status = 202, body = Accepted), (status = 403, description = "Registration is closed (`REGISTRATION_CLOSED`)", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    bounded("password", &request.password, MAX_PASSWORD_CHARS)?;
    let registration = Registration {
        email: request.email,
        password: request.password,
        name: request.name,
    };
    Identity::new(&state).register(registration, &meta).await?;
    Ok((StatusCode::ACCEPTED, Json(ACCEPTED)))
}

/// Verifies an email address with the token from the verification email (single use).
#[utoipa::path(post, path = "/v1/auth/verify-email", operation_id = "verifyEmail", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = StatusResponse), (status = 400, body = ErrorBody)))]
async fn verify_email(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<StatusResponse>, ApiError> {
    Identity::new(&state)
        .verify_email(request.token()?, &meta)
        .await?;
    Ok(Json(StatusResponse { status: "verified" }))
}

/// Sends a new verification link (rate limited); the same answer whether or not it was sent.
#[utoipa::path(post, path = "/v1/auth/verify-email/resend", operation_id = "resendEmailVerification", tag = "auth", request_body = EmailRequest,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
async fn resend_verification(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    Identity::new(&state)
        .resend_verification(request.email()?, &meta)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(ACCEPTED)))
}

/// Signs in with email and password. Five failures lock the account for 30 minutes.
#[utoipa::path(post, path = "/v1/auth/login", operation_id = "logIn", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let (email, password) = request.fields()?;
    Ok(Json(
        Identity::new(&state)
            .login(email, password, &meta)
            .await?
            .into(),
    ))
}

/// Emails a six-digit login code (at most 3 per 15 minutes per account).
#[utoipa::path(post, path = "/v1/auth/login/otp/request", operation_id = "requestLoginCode", tag = "auth", request_body = EmailRequest,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
async fn request_login_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    Identity::new(&state)
        .request_login_code(request.email()?, &meta)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(ACCEPTED)))
}

/// Signs in with an emailed code (single use, 10 minutes, 5 wrong entries end it).
#[utoipa::path(post, path = "/v1/auth/login/otp/verify", operation_id = "verifyLoginCode", tag = "auth", request_body = CodeLoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn verify_login_code(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<CodeLoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let (email, code) = request.fields()?;
    Ok(Json(
        Identity::new(&state)
            .verify_login_code(email, code, &meta)
            .await?
            .into(),
    ))
}

/// Completes a login that needs MFA with a TOTP code or a recovery code.
#[utoipa::path(post, path = "/v1/auth/login/mfa", operation_id = "completeMfaLogin", tag = "auth", request_body = MfaLoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn login_mfa(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<MfaLoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let (challenge, code) = request.fields()?;
    Ok(Json(
        Identity::new(&state)
            .login_with_mfa(challenge, code, &meta)
            .await?
            .into(),
    ))
}

/// Exchanges a refresh token for new tokens. The old refresh token stops working; presenting it
/// again ends the whole session.
#[utoipa::path(post, path = "/v1/auth/refresh", operation_id = "refreshTokens", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody)))]
async fn refresh(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let token = request.token()?;
    Ok(Json(
        Identity::new(&state).refresh(token, &meta).await?.into(),
    ))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(login))
        .routes(routes!(request_login_code))
        .routes(routes!(verify_login_code))
        .routes(routes!(login_mfa))
        .routes(routes!(refresh))
}
