//! Preference handlers: read and replace the caller's preferences, and the unsubscribe link of
//! emails (no sign-in: the signed token names the user and the kind).

use axum::Json;
use axum::extract::State;
use ferrofin_identity::AuthUser;
use ferrofin_identity::users::UserStore;
use ferrofin_notifications::{PreferenceStore, unsubscribe};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{ApiError, ApiJson, ApiRouter, ErrorBody};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{ErrorCode, Problem, ProblemKind};
use ferrofin_platform::routes;

use crate::preferences_dto::{PreferencesView, PutPreferences, UnsubscribeBody, UnsubscribedView};

/// The user's time zone as the profile keeps it.
async fn time_zone(state: &AppState, user_id: &UserId) -> Result<String, ApiError> {
    let user = UserStore::new(state.table.clone()).get(user_id).await?;
    Ok(user
        .map(|user| user.time_zone.to_string())
        .unwrap_or_else(|| "UTC".to_owned()))
}

/// The caller's preferences: every kind per channel, quiet hours, digest.
#[utoipa::path(get, path = "/v1/notifications/preferences", tag = "notifications", operation_id = "getNotificationPreferences",
    security(("bearer" = [])),
    responses((status = 200, description = "The preferences", body = PreferencesView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn get_preferences(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<PreferencesView>, ApiError> {
    let preferences = PreferenceStore::new(&state).get(&user.user_id).await?;
    let zone = time_zone(&state, &user.user_id).await?;
    Ok(Json(PreferencesView::new(&preferences, zone)))
}

/// Replaces the caller's preferences.
#[utoipa::path(put, path = "/v1/notifications/preferences", tag = "notifications", operation_id = "putNotificationPreferences",
    security(("bearer" = [])), request_body = PutPreferences,
    responses((status = 200, description = "The preferences now", body = PreferencesView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 409, description = "Changed concurrently; read and try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "An unknown kind, a critical kind turned off, or a bad time of day", body = ErrorBody)))]
async fn put_preferences(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<PutPreferences>,
) -> Result<Json<PreferencesView>, ApiError> {
    let store = PreferenceStore::new(&state);
    let mut preferences = store.get(&user.user_id).await?;
    body.apply(&mut preferences)?;
    store
        .save(&mut preferences)
        .await
        .map_err(|err| match err {
            TableError::ConditionFailed { .. } => ApiError::from(Problem::conflict(
                "the preferences changed meanwhile; try again",
            )),
            other => other.into(),
        })?;
    let zone = time_zone(&state, &user.user_id).await?;
    Ok(Json(PreferencesView::new(&preferences, zone)))
}

/// Follows an email's unsubscribe link: turns that kind's email off for the user it was sent
/// to. No sign-in; the token is signed for one user and one kind. Repeating it changes nothing.
#[utoipa::path(post, path = "/v1/notifications/unsubscribe", tag = "notifications", operation_id = "unsubscribeNotifications",
    request_body = UnsubscribeBody,
    responses((status = 200, description = "The kind's email is off", body = UnsubscribedView),
        (status = 400, description = "The token is not a valid unsubscribe token, or the body is malformed", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "The body misses the token", body = ErrorBody)))]
async fn unsubscribe_link(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<UnsubscribeBody>,
) -> Result<Json<UnsubscribedView>, ApiError> {
    let claims = unsubscribe::read(&state.signer, &body.token).ok_or_else(|| {
        Problem::new(
            ProblemKind::BadRequest,
            ErrorCode::InvalidToken,
            "the unsubscribe link is invalid",
        )
    })?;
    let preferences = PreferenceStore::new(&state)
        .turn_off_email(&claims.user_id, claims.kind)
        .await?;
    Ok(Json(UnsubscribedView {
        kind: claims.kind,
        email: preferences.channels_of(claims.kind).email,
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(get_preferences, put_preferences))
        .routes(routes!(unsubscribe_link))
}
