//! The signed-in user's own profile: read, change (a new email address waits for its
//! confirmation: see `email_change`), delete.

use crate::erasure::queue_erasure;
use crate::error::AuthError;
use crate::register::{parse_email, parse_name};
use crate::service::{Identity, RequestMeta};
use crate::users::User;
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::{EmailTemplate, SecurityChange};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::time_zone::TimeZoneName;

/// Changes to a profile; absent fields stay as they are.
#[derive(Clone, Debug, Default)]
pub struct ProfileChanges {
    pub name: Option<String>,
    pub email: Option<String>,
    pub default_currency: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
}

/// A currency the platform supports, as accounts take it (not merely three capital letters).
fn parse_currency(raw: &str) -> Result<String, AuthError> {
    Currency::parse(raw)
        .map(|currency| currency.code().to_owned())
        .map_err(|unknown| AuthError::invalid("default_currency", unknown.to_string()))
}

/// An IANA time zone such as `Europe/Lisbon`.
fn parse_time_zone(raw: &str) -> Result<TimeZoneName, AuthError> {
    TimeZoneName::parse(raw).map_err(|unknown| AuthError::invalid("time_zone", unknown.to_string()))
}

/// A language tag such as `en` or `pt-BR`.
fn parse_locale(raw: &str) -> Result<String, AuthError> {
    let (language, region) = raw
        .split_once('-')
        .map_or((raw, None), |(l, r)| (l, Some(r)));
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok =
        region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
    (language_ok && region_ok)
        .then(|| raw.to_owned())
        .ok_or_else(|| AuthError::invalid("locale", "must be a language tag such as en or pt-BR"))
}

impl Identity {
    pub async fn profile(&self, user_id: &UserId) -> Result<User, AuthError> {
        self.users.get(user_id).await?.ok_or(AuthError::NotFound)
    }

    /// Applies changes. A new email address is only asked for: it replaces the current one
    /// once confirmed by the link sent to it; asking for the current address again cancels a
    /// change that waits.
    pub async fn update_profile(
        &self,
        user_id: &UserId,
        changes: ProfileChanges,
        meta: &RequestMeta,
    ) -> Result<User, AuthError> {
        let mut user = self.profile(user_id).await?;
        let mut details = Vec::new();
        // The parsers only fail with field details; collect them all before answering.
        let mut collect = |result: Result<(), AuthError>| {
            if let Err(AuthError::Validation(more)) = result {
                details.extend(more);
            }
        };
        if let Some(name) = &changes.name {
            collect(parse_name(name).map(|name| user.name = name));
        }
        if let Some(currency) = &changes.default_currency {
            collect(parse_currency(currency).map(|currency| user.default_currency = currency));
        }
        if let Some(locale) = &changes.locale {
            collect(parse_locale(locale).map(|locale| user.locale = locale));
        }
        if let Some(zone) = &changes.time_zone {
            collect(parse_time_zone(zone).map(|zone| user.time_zone = zone));
        }
        let mut new_email = None;
        if let Some(email) = &changes.email {
            collect(parse_email("email", email).map(|email| new_email = Some(email)));
        }
        if !details.is_empty() {
            return Err(AuthError::Validation(details));
        }
        match new_email {
            Some(email) if email != user.email => {
                self.request_email_change(&mut user, email, meta).await?;
            }
            Some(_) => {
                user.pending_email = None;
                self.users.save(&mut user, self.now()).await?;
            }
            None => self.users.save(&mut user, self.now()).await?,
        }
        Ok(user)
    }

    /// Deletes the account after checking the password: the profile, the email guard and every
    /// session go now, the rest of the user's data through a queued erasure job; audit entries
    /// keep only the user id.
    pub async fn delete_account(
        &self,
        user_id: &UserId,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let user = self.profile(user_id).await?;
        if !self.password_matches(&user, password) {
            return Err(AuthError::ReauthenticationFailed);
        }
        self.sessions.revoke_all(user_id, None).await?;
        self.users.delete(&user).await?;
        // Everything else in the user's partition goes in the background (jobs worker).
        queue_erasure(self.queue.as_ref(), self.clock.as_ref(), user_id).await?;
        self.audit(
            AuditAction::UserDeleted,
            Some(user_id),
            Some(user_id),
            meta,
            serde_json::json!({}),
        )
        .await?;
        // The notifications area cannot reach a user who is gone: the farewell is sent here.
        let at = self.now();
        let change = SecurityChange::AccountDeleted;
        self.email(&user, EmailTemplate::SecurityChange { change, at })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_and_locales_are_checked() {
        assert!(parse_currency("EUR").is_ok());
        assert!(parse_currency("eur").is_err());
        assert!(parse_currency("EURO").is_err());
        assert!(parse_locale("en").is_ok());
        assert!(parse_locale("pt-BR").is_ok());
        assert!(parse_locale("EN").is_err());
        assert!(parse_locale("en-").is_err());
    }
}
