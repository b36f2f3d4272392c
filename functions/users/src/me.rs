//! `/v1/users/me`: the signed-in user's profile — read, change, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::Identity;
use ferrofin_identity::profile::ProfileChanges;
use ferrofin_identity::roles::Role;
use ferrofin_identity::users::User;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::{FieldErrors, Invalid};
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::text_schemas::required_text;
use ferrofin_platform::http::{
    ApiError, ApiJson, CurrencyText, EmailText, ErrorBody, TimeZoneText,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::merge_patch::Patch;
use ferrofin_platform::routes;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Longest value accepted for any profile field.
const MAX_FIELD_CHARS: usize = 254;

/// A user's own profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    #[schema(value_type = String)]
    pub id: UserId,
    pub email: String,
    pub email_verified: bool,
    /// A new address asked for and not yet confirmed (`null` when none waits).
    pub pending_email: Option<String>,
    pub name: String,
    pub role: Role,
    pub default_currency: String,
    pub locale: String,
    /// IANA time zone: where the user's days begin (notifications' quiet hours and digests).
    pub time_zone: String,
    pub mfa_enabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<User> for Profile {
    fn from(user: User) -> Self {
        Self {
            mfa_enabled: user.totp.is_some(),
            id: user.id,
            email: user.email.to_string(),
            email_verified: user.email_verified,
            pending_email: user
                .pending_email
                .map(|pending| pending.address.to_string()),
            name: user.name,
            role: user.role,
            default_currency: user.default_currency,
            locale: user.locale,
            time_zone: user.time_zone.to_string(),
            created_at: user.created_at,
        }
    }
}

/// Fields to change, as a JSON Merge Patch: a field left out stays; none can be cleared
/// (`null` is a 422 naming it).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Ada Lovelace", "time_zone": "Europe/London"}))]
pub struct ProfilePatch {
    #[serde(default)]
    #[schema(schema_with = required_text::<100>)]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = EmailText)]
    pub email: Patch<String>,
    /// ISO 4217 code.
    #[serde(default)]
    #[schema(value_type = CurrencyText)]
    pub default_currency: Patch<String>,
    /// Language tag such as `en` or `pt-BR`.
    #[serde(default)]
    #[schema(value_type = String, pattern = "^[a-z]{2,3}(-[A-Z]{2})?$")]
    pub locale: Patch<String>,
    /// IANA time zone such as `Europe/Lisbon` (default `UTC`).
    #[serde(default)]
    #[schema(value_type = TimeZoneText)]
    pub time_zone: Patch<String>,
}

impl ProfilePatch {
    /// The profile's changes; `null` on any field is refused (422).
    fn into_changes(self) -> Result<ProfileChanges, Invalid> {
        let mut errors = FieldErrors::default();
        let changes = ProfileChanges {
            name: self.name.required("name", &mut errors),
            email: self.email.required("email", &mut errors),
            default_currency: self
                .default_currency
                .required("default_currency", &mut errors),
            locale: self.locale.required("locale", &mut errors),
            time_zone: self.time_zone.required("time_zone", &mut errors),
        };
        errors.finish().map(|()| changes)
    }
}

/// Confirms an account deletion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "correct horse battery staple"}))]
pub struct DeleteAccount {
    pub password: String,
}

fn too_long(field: &str, value: &Option<String>) -> Option<ferrofin_platform::http::ErrorDetail> {
    value
        .as_ref()
        .filter(|value| value.chars().count() > MAX_FIELD_CHARS)
        .map(|_| ferrofin_platform::http::ErrorDetail {
            field: field.to_owned(),
            message: format!("must be at most {MAX_FIELD_CHARS} characters"),
        })
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/v1/users/me", operation_id = "getMe", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody)))]
async fn get_me(State(state): State<AppState>, user: AuthUser) -> Result<Json<Profile>, ApiError> {
    Ok(Json(
        Identity::new(&state).profile(&user.user_id).await?.into(),
    ))
}

/// Changes the profile. A new `email` is only asked for: `pending_email` shows it until the
/// link sent to it is used (`POST /v1/auth/email-change/confirm`); `email` stays the account's
/// address meanwhile, and gets a notice with a link that undoes the change.
#[utoipa::path(patch, path = "/v1/users/me", operation_id = "updateMe", tag = "users", security(("bearer" = [])), request_body = ProfilePatch,
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody),
        (status = 409, description = "The new address belongs to another account (`EMAIL_TAKEN`)", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn patch_me(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(patch): ApiJson<ProfilePatch>,
) -> Result<Json<Profile>, ApiError> {
    let changes = patch.into_changes()?;
    let oversized: Vec<_> = [
        too_long("name", &changes.name),
        too_long("email", &changes.email),
        too_long("default_currency", &changes.default_currency),
        too_long("locale", &changes.locale),
        too_long("time_zone", &changes.time_zone),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !oversized.is_empty() {
        return Err(ferrofin_identity::AuthError::Validation(oversized).into());
    }
    Ok(Json(
        Identity::new(&state)
            .update_profile(&user.user_id, changes, &meta)
            .await?
            .into(),
    ))
}

/// Deletes the account (password required): the profile and sessions go; the address is freed.
#[utoipa::path(delete, path = "/v1/users/me", operation_id = "deleteMe", tag = "users", security(("bearer" = [])), request_body = DeleteAccount,
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 403, description = "The password is wrong (`REAUTHENTICATION_FAILED`)", body = ErrorBody)))]
async fn delete_me(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(request): ApiJson<DeleteAccount>,
) -> Result<StatusCode, ApiError> {
    if request.password.chars().count() > 128 {
        return Err(ferrofin_identity::AuthError::InvalidCredentials.into());
    }
    Identity::new(&state)
        .delete_account(&user.user_id, &request.password, &meta)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(get_me, patch_me, delete_me))
}
