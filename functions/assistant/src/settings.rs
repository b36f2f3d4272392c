//! The settings a request runs with: an `Extension<Arc<AssistantSettings>>` when the app was
//! given one (the Lambda entry, tests with a fake model), otherwise the environment's, read
//! once (the devserver: with no `ASSISTANT_MODEL_BASE_URL`, the intent parser answers).

use std::sync::{Arc, OnceLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ferrofin_assistant::AssistantSettings;
use ferrofin_platform::http::ApiError;
use ferrofin_platform::problem::Problem;

pub struct Settings(pub Arc<AssistantSettings>);

fn from_env() -> &'static Result<Arc<AssistantSettings>, String> {
    static SETTINGS: OnceLock<Result<Arc<AssistantSettings>, String>> = OnceLock::new();
    SETTINGS.get_or_init(|| AssistantSettings::from_env().map(Arc::new))
}

impl<S: Send + Sync> FromRequestParts<S> for Settings {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        if let Some(settings) = parts.extensions.get::<Arc<AssistantSettings>>() {
            return Ok(Self(settings.clone()));
        }
        match from_env() {
            Ok(settings) => Ok(Self(settings.clone())),
            Err(err) => Err(Problem::internal(err).into()),
        }
    }
}
