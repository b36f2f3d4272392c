//! The two links of an email change (`PATCH /v1/users/me` asks for one): confirming the new
//! address, and undoing the change from the old one. The token is the credential, so neither
//! needs a session: the links are opened from a mailbox, often on another device.

use axum::Json;
use axum::extract::State;
use ferrofin_identity::ClientMeta;
use ferrofin_identity::Identity;
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody};
use ferrofin_platform::routes;

use crate::shared_dto::{StatusResponse, TokenRequest};

/// Confirms a new email address with the token from the link sent to it (single use): it
/// becomes the account's address, verified.
#[utoipa::path(post, path = "/v1/auth/email-change/confirm", operation_id = "confirmEmailChange", tag = "auth",
    request_body(content = TokenRequest, example = json!({"token": "4fJ2kTq9V0w3xN6yZ1aB8cD5eF7gH0iJ"})),
    responses((status = 200, description = "The new address is the account's", body = StatusResponse),
        (status = 400, description = "The link is invalid, used or expired, or the change was undone (`INVALID_TOKEN`)", body = ErrorBody),
        (status = 409, description = "The address was taken by another account meanwhile (`EMAIL_TAKEN`)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn confirm_email_change(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<StatusResponse>, ApiError> {
    Identity::new(&state)
        .confirm_email_change(request.token()?, &meta)
        .await?;
    Ok(Json(StatusResponse { status: "changed" }))
}

/// Undoes an email change with the token from the notice sent to the old address (single
/// use): a change still waiting is cancelled; a confirmed one is reverted to the old address
/// and every session of the account ends.
#[utoipa::path(post, path = "/v1/auth/email-change/undo", operation_id = "undoEmailChange", tag = "auth",
    request_body(content = TokenRequest, example = json!({"token": "Qm9vN2xYc3R1ZmZpbmdUb2tlbkV4YW1w"})),
    responses((status = 200, description = "The account's address is the old one again", body = StatusResponse),
        (status = 400, description = "The link is invalid, used or expired (`INVALID_TOKEN`)", body = ErrorBody),
        (status = 409, description = "The old address was taken by another account meanwhile (`EMAIL_TAKEN`)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn undo_email_change(
    State(state): State<AppState>,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<StatusResponse>, ApiError> {
    Identity::new(&state)
        .undo_email_change(request.token()?, &meta)
        .await?;
    Ok(Json(StatusResponse { status: "undone" }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(confirm_email_change))
        .routes(routes!(undo_email_change))
}
