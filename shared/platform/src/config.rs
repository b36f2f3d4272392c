//! Typed configuration from the environment. It fails fast at cold start and names the variable
//! that is missing or wrong; the full list is the configuration table in README.md.

use std::collections::HashMap;

use axum::http::HeaderValue;

use crate::http::HttpSettings;
use crate::ports::queue::QueueName;

/// Shortest accepted cursor-signing secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Configuration of a function running against AWS.
#[derive(Clone)]
pub struct Config {
    pub table_name: String,
    pub bucket_name: String,
    pub email_queue_url: String,
    pub jobs_queue_url: String,
    pub imports_queue_url: String,
    pub risk_queue_url: String,
    pub prices_queue_url: String,
    /// Dead-letter queue URLs (`<QUEUE>_DLQ_URL`, optional: only the admin function reads them).
    pub dead_letter_queue_urls: HashMap<QueueName, String>,
    pub mail_from: String,
    pub cursor_secret: Vec<u8>,
    /// The cursor secret before the last rotation (`CURSOR_SECRET_PREVIOUS`): still accepted.
    pub cursor_secret_previous: Option<Vec<u8>>,
    /// HMAC key of access tokens (HS256).
    pub jwt_secret: Vec<u8>,
    /// The token key before the last rotation (`JWT_SECRET_PREVIOUS`): its tokens are still
    /// accepted until they expire.
    pub jwt_secret_previous: Option<Vec<u8>>,
    pub http: HttpSettings,
    /// Path-style S3 addressing, for S3 emulators on 127.0.0.1.
    pub s3_force_path_style: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("table_name", &self.table_name)
            .field("bucket_name", &self.bucket_name)
            .field("email_queue_url", &self.email_queue_url)
            .field("jobs_queue_url", &self.jobs_queue_url)
            .field("imports_queue_url", &self.imports_queue_url)
            .field("risk_queue_url", &self.risk_queue_url)
            .field("prices_queue_url", &self.prices_queue_url)
            .field("dead_letter_queue_urls", &self.dead_letter_queue_urls)
            .field("cursor_secret", &"<redacted>")
            .field("jwt_secret", &"<redacted>")
            .field("previous_secrets", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A configuration problem, naming the variable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("missing environment variable {0}")]
    Missing(&'static str),
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let required = |name: &'static str| {
            lookup(name)
                .filter(|value| !value.trim().is_empty())
                .ok_or(ConfigError::Missing(name))
        };
        Ok(Self {
            table_name: required("TABLE_NAME")?,
            bucket_name: required("BUCKET_NAME")?,
            email_queue_url: required("EMAIL_QUEUE_URL")?,
            jobs_queue_url: required("JOBS_QUEUE_URL")?,
            imports_queue_url: required("IMPORTS_QUEUE_URL")?,
            risk_queue_url: required("RISK_QUEUE_URL")?,
            prices_queue_url: required("PRICES_QUEUE_URL")?,
            dead_letter_queue_urls: QueueName::ALL
                .into_iter()
                .filter_map(|queue| {
                    let name = format!("{}_DLQ_URL", queue.as_str().to_uppercase());
                    let url = lookup(&name).filter(|value| !value.trim().is_empty())?;
                    Some((queue, url))
                })
                .collect(),
            mail_from: required("MAIL_FROM")?,
            cursor_secret: secret("CURSOR_SECRET", &required("CURSOR_SECRET")?)?,
            cursor_secret_previous: previous_secret("CURSOR_SECRET_PREVIOUS", &lookup)?,
            jwt_secret: secret("JWT_SECRET", &required("JWT_SECRET")?)?,
            jwt_secret_previous: previous_secret("JWT_SECRET_PREVIOUS", &lookup)?,
            http: http_settings(&lookup)?,
            s3_force_path_style: flag("S3_FORCE_PATH_STYLE", lookup("S3_FORCE_PATH_STYLE"))?,
        })
    }
}

/// The HTTP settings alone, for functions that need no AWS service.
pub fn http_settings_from_env() -> Result<HttpSettings, ConfigError> {
    http_settings(&|name: &str| std::env::var(name).ok())
}

fn http_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<HttpSettings, ConfigError> {
    Ok(HttpSettings {
        cors_allowed_origins: origins(lookup("CORS_ALLOWED_ORIGINS").unwrap_or_default())?,
    })
}

/// An optional secret from before a rotation; blank is none.
fn previous_secret(
    name: &'static str,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<Vec<u8>>, ConfigError> {
    lookup(name)
        .filter(|value| !value.trim().is_empty())
        .map(|value| secret(name, &value))
        .transpose()
}

fn secret(name: &'static str, value: &str) -> Result<Vec<u8>, ConfigError> {
    if value.len() < MIN_SECRET_BYTES {
        return Err(ConfigError::Invalid {
            name,
            reason: format!("must be at least {MIN_SECRET_BYTES} bytes"),
        });
    }
    Ok(value.as_bytes().to_vec())
}

/// Comma-separated origins such as `https://app.example.com`.
pub fn origins(list: String) -> Result<Vec<HeaderValue>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let valid =
                (origin.starts_with("https://") || origin.starts_with("http://")) && origin != "*";
            valid
                .then(|| HeaderValue::from_str(origin).ok())
                .flatten()
                .ok_or_else(|| ConfigError::Invalid {
                    name: "CORS_ALLOWED_ORIGINS",
                    reason: format!("{origin:?} is not an http(s) origin"),
                })
        })
        .collect()
}

fn flag(name: &'static str, value: Option<String>) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(ConfigError::Invalid {
            name,
            reason: format!("expected true or false, got {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn complete() -> HashMap<&'static str, String> {
        HashMap::from([
            ("TABLE_NAME", "t".to_owned()),
            ("BUCKET_NAME", "b".to_owned()),
            ("EMAIL_QUEUE_URL", "http://q/email".to_owned()),
            ("JOBS_QUEUE_URL", "http://q/jobs".to_owned()),
            ("IMPORTS_QUEUE_URL", "http://q/imports".to_owned()),
            ("RISK_QUEUE_URL", "http://q/risk".to_owned()),
            ("PRICES_QUEUE_URL", "http://q/prices".to_owned()),
            ("MAIL_FROM", "no-reply@example.com".to_owned()),
            ("CURSOR_SECRET", "x".repeat(32)),
            ("JWT_SECRET", "j".repeat(32)),
        ])
    }

    #[test]
    fn a_complete_environment_is_accepted() {
        let env = complete();
        let config = Config::from_lookup(|name| env.get(name).cloned()).expect("config");
        assert_eq!(config.table_name, "t");
        assert!(!config.s3_force_path_style);
        assert!(
            !format!("{config:?}").contains("xxxx"),
            "the secret must not be printed"
        );
    }

    #[test]
    fn the_missing_variable_is_named() {
        let mut env = complete();
        env.remove("JOBS_QUEUE_URL");
        let err = Config::from_lookup(|name| env.get(name).cloned()).expect_err("missing");
        assert_eq!(err, ConfigError::Missing("JOBS_QUEUE_URL"));
        assert_eq!(
            err.to_string(),
            "missing environment variable JOBS_QUEUE_URL"
        );
    }

    #[test]
    fn short_secrets_and_wildcard_origins_are_refused() {
        let mut env = complete();
        env.insert("CURSOR_SECRET", "short".to_owned());
        assert!(matches!(
            Config::from_lookup(|name| env.get(name).cloned()),
            Err(ConfigError::Invalid {
                name: "CURSOR_SECRET",
                ..
            })
        ));
        assert!(origins("*".to_owned()).is_err());
        assert_eq!(
            origins("https://a.example, http://127.0.0.1:5173".to_owned())
                .expect("ok")
                .len(),
            2
        );
    }

    #[test]
    fn previous_secrets_are_optional_and_checked_like_the_current_ones() {
        let mut env = complete();
        env.insert("JWT_SECRET_PREVIOUS", " ".to_owned());
        let config = Config::from_lookup(|name| env.get(name).cloned()).expect("config");
        assert_eq!(
            (config.jwt_secret_previous, config.cursor_secret_previous),
            (None, None)
        );
        env.insert("CURSOR_SECRET_PREVIOUS", "p".repeat(32));
        let config = Config::from_lookup(|name| env.get(name).cloned()).expect("config");
        assert_eq!(config.cursor_secret_previous, Some(b"p".repeat(32)));
        assert!(!format!("{config:?}").contains("pppp"));
        env.insert("JWT_SECRET_PREVIOUS", "short".to_owned());
        assert!(matches!(
            Config::from_lookup(|name| env.get(name).cloned()),
            Err(ConfigError::Invalid {
                name: "JWT_SECRET_PREVIOUS",
                ..
            })
        ));
    }
}
