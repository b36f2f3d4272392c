//! The email worker's own setting: `APP_BASE_URL`, the web app that email links open. Read at
//! cold start next to the shared `Config`; a missing or invalid value names the variable.

use ferrofin_platform::config::ConfigError;

const APP_BASE_URL: &str = "APP_BASE_URL";

/// Configuration only the email worker needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerConfig {
    /// `http(s)://host[:port][/path]`, without a trailing slash.
    pub app_base_url: String,
}

impl WorkerConfig {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let value = lookup(APP_BASE_URL)
            .filter(|value| !value.trim().is_empty())
            .ok_or(ConfigError::Missing(APP_BASE_URL))?;
        Ok(Self {
            app_base_url: parse_app_base_url(&value)?,
        })
    }
}

/// Checks a base URL for links: an http(s) origin with an optional path, no query or
/// fragment, no whitespace. Returns it without a trailing slash.
pub fn parse_app_base_url(value: &str) -> Result<String, ConfigError> {
    let value = value.trim().trim_end_matches('/');
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or_default());
    let valid = host.is_some_and(|host| !host.is_empty())
        && !value.contains(['?', '#'])
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(value.to_owned())
    } else {
        Err(ConfigError::Invalid {
            name: APP_BASE_URL,
            reason: format!("{value:?} is not an http(s) URL without query or fragment"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: Option<&str>) -> Result<WorkerConfig, ConfigError> {
        WorkerConfig::from_lookup(|name| {
            assert_eq!(name, APP_BASE_URL);
            value.map(str::to_owned)
        })
    }

    #[test]
    fn a_base_url_is_accepted_without_its_trailing_slash() {
        assert_eq!(
            with(Some("https://app.example.com/")).map(|c| c.app_base_url),
            Ok("https://app.example.com".to_owned())
        );
        assert_eq!(
            parse_app_base_url("http://127.0.0.1:5173/app"),
            Ok("http://127.0.0.1:5173/app".to_owned())
        );
    }

    #[test]
    fn a_missing_base_url_is_named() {
        assert_eq!(with(None), Err(ConfigError::Missing("APP_BASE_URL")));
        assert_eq!(with(Some(" ")), Err(ConfigError::Missing("APP_BASE_URL")));
    }

    #[test]
    fn base_urls_that_would_make_broken_links_are_refused() {
        for value in [
            "app.example.com",
            "ftp://app.example.com",
            "https://",
            "https://app.example.com/?a=1",
            "https://app.example.com/#x",
            "https://app example.com",
        ] {
            assert!(
                matches!(
                    parse_app_base_url(value),
                    Err(ConfigError::Invalid {
                        name: "APP_BASE_URL",
                        ..
                    })
                ),
                "{value:?} should be refused"
            );
        }
    }
}
