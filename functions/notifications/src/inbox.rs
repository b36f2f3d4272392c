//! Inbox handlers: list (filtered), the unread count, one notification, mark one or all, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_notifications::{InboxChange, NotificationStore};
use ferrofin_platform::AppState;
use ferrofin_platform::http::{
    ApiError, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageResponse, paged,
};
use ferrofin_platform::ids::EventId;
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::inbox_dto::{ChangedView, CountView, ListNotifications, NotificationView};

/// What a change to one notification does.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum Action {
    Read,
    Unread,
    Archive,
    Unarchive,
}

impl From<Action> for InboxChange {
    fn from(action: Action) -> Self {
        match action {
            Action::Read => Self::Read,
            Action::Unread => Self::Unread,
            Action::Archive => Self::Archive,
            Action::Unarchive => Self::Unarchive,
        }
    }
}

/// The caller's notifications, newest first: the inbox, or with `archived=true` the archive;
/// `unread=true` and `kind` narrow it.
#[utoipa::path(get, path = "/v1/notifications", tag = "notifications", operation_id = "listNotifications",
    security(("bearer" = [])), params(ListNotifications),
    responses((status = 200, description = "One page of notifications", body = PageResponse<NotificationView>),
        (status = 400, description = "An unknown or malformed query parameter, or an invalid cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<ListNotifications>,
) -> Result<Json<PageResponse<NotificationView>>, ApiError> {
    let store = NotificationStore::new(&state);
    let filter = query.filter();
    let load = |limit, start| store.page(&user.user_id, filter, limit, start);
    paged(
        &state.cursors,
        &query.page(),
        &query.scope(user.user_id.as_str()),
        load,
        |notification| Ok(NotificationView::from(notification)),
    )
    .await
}

/// How many notifications in the inbox are unread (one read, whatever the inbox holds).
#[utoipa::path(get, path = "/v1/notifications/count", tag = "notifications", operation_id = "countUnreadNotifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The unread count", body = CountView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn count(State(state): State<AppState>, user: AuthUser) -> Result<Json<CountView>, ApiError> {
    let unread = NotificationStore::new(&state)
        .unread_count(&user.user_id)
        .await?;
    Ok(Json(CountView { unread }))
}

/// One notification of the caller.
#[utoipa::path(get, path = "/v1/notifications/{id}", tag = "notifications", operation_id = "getNotification",
    security(("bearer" = [])), params(("id" = String, Path, description = "Notification id")),
    responses((status = 200, description = "The notification", body = NotificationView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such notification of the caller", body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<NotificationView>, ApiError> {
    let notification = NotificationStore::new(&state)
        .get(&user.user_id, &id)
        .await?
        .ok_or(ferrofin_notifications::InboxError::NotFound)?;
    Ok(Json(notification.into()))
}

/// Deletes one notification (an unread one leaves the count).
#[utoipa::path(delete, path = "/v1/notifications/{id}", tag = "notifications", operation_id = "deleteNotification",
    security(("bearer" = [])), params(("id" = String, Path, description = "Notification id")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such notification of the caller", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<EventId>,
) -> Result<StatusCode, ApiError> {
    NotificationStore::new(&state)
        .delete(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks one notification `read`, `unread`, `archive`d or `unarchive`d (repeating a change
/// changes nothing).
#[utoipa::path(post, path = "/v1/notifications/{id}/{action}", tag = "notifications", operation_id = "changeNotification",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Notification id"),
        ("action" = inline(Action), Path, description = "read, unread, archive or unarchive")),
    responses((status = 200, description = "The notification after the change", body = NotificationView),
        (status = 400, description = "An unknown action", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such notification of the caller", body = ErrorBody)))]
async fn change(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((id, action)): ApiPath<(EventId, Action)>,
) -> Result<Json<NotificationView>, ApiError> {
    let notification = NotificationStore::new(&state)
        .change(&user.user_id, &id, action.into(), state.clock.now())
        .await?;
    Ok(Json(notification.into()))
}

async fn change_all(
    state: &AppState,
    user: &AuthUser,
    change: InboxChange,
) -> Result<Json<ChangedView>, ApiError> {
    let changed = NotificationStore::new(state)
        .change_all(&user.user_id, change, state.clock.now())
        .await?;
    Ok(Json(ChangedView { changed }))
}

/// Marks every unread notification in the inbox read; the count drops to 0.
#[utoipa::path(post, path = "/v1/notifications/read-all", tag = "notifications", operation_id = "readAllNotifications",
    security(("bearer" = [])),
    responses((status = 200, description = "How many changed", body = ChangedView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn read_all(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<ChangedView>, ApiError> {
    change_all(&state, &user, InboxChange::Read).await
}

/// Moves every notification of the inbox to the archive.
#[utoipa::path(post, path = "/v1/notifications/archive-all", tag = "notifications", operation_id = "archiveAllNotifications",
    security(("bearer" = [])),
    responses((status = 200, description = "How many changed", body = ChangedView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn archive_all(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<ChangedView>, ApiError> {
    change_all(&state, &user, InboxChange::Archive).await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(count))
        .routes(routes!(get_one, delete))
        .routes(routes!(change))
        .routes(routes!(read_all))
        .routes(routes!(archive_all))
}
