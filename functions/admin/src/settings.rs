//! Runtime settings (feature flags and limits of `ferrofin_platform::settings`):
//! `GET /v1/admin/settings` and `PUT /v1/admin/settings` (audited `settings_changed`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{ApiError, ApiJson, ErrorBody};
use ferrofin_platform::routes;
use ferrofin_platform::settings::{CATALOG, Setting};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema};

/// Every setting with its current value.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    pub settings: Vec<Setting>,
}

/// New values by key; the others stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"settings": {"registration.open": false, "assistant.daily_message_limit": 20}}))]
pub struct SettingsChange {
    #[schema(schema_with = settings_by_key)]
    pub settings: HashMap<String, Value>,
}

/// `settings`: at least one setting of the catalog, by key, each with a value of its kind.
fn settings_by_key() -> Schema {
    CATALOG
        .iter()
        .fold(ObjectBuilder::new(), |object, definition| {
            object.property(definition.key, definition.kind.value_schema())
        })
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
        .min_properties(Some(1))
        .build()
        .into()
}

/// Every runtime setting: key, description, type, current value and default (`settings:read`).
#[utoipa::path(get, path = "/v1/admin/settings", operation_id = "listSettings", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = SettingsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    admin: AuthUser,
) -> Result<Json<SettingsView>, ApiError> {
    admin.require(Permission::SettingsRead)?;
    let settings = state.settings.all().await?;
    Ok(Json(SettingsView { settings }))
}

/// Changes settings, all or none (`settings:write`): an unknown key or a value of the wrong type
/// or out of bounds is a 422 naming it. Functions see the change within about 30 seconds.
#[utoipa::path(put, path = "/v1/admin/settings", operation_id = "updateSettings", tag = "admin", security(("bearer" = [])),
    request_body = SettingsChange,
    responses((status = 200, body = SettingsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    admin: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(change): ApiJson<SettingsChange>,
) -> Result<Json<SettingsView>, ApiError> {
    admin.require(Permission::SettingsWrite)?;
    let before = state.settings.set(&change.settings, &admin.user_id).await?;
    let changes: serde_json::Map<String, Value> = before
        .into_iter()
        .filter_map(|setting| {
            let to = change.settings.get(&setting.key)?;
            let entry = serde_json::json!({"from": setting.value, "to": to});
            Some((setting.key, entry))
        })
        .collect();
    let ip = (!meta.ip.is_empty()).then_some(meta.ip.as_str());
    AuditLog::new(state.table.clone(), state.clock.clone())
        .record(
            AuditAction::SettingsChanged,
            Some(&admin.user_id),
            None,
            ip,
            Value::Object(changes),
        )
        .await?;
    let settings = state.settings.all().await?;
    Ok(Json(SettingsView { settings }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(list, update))
}
