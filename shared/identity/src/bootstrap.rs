//! The first admin. There is no default password anywhere: the devserver creates the admin
//! with a random password it prints once; in AWS the `BOOTSTRAP_ADMIN_EMAIL` variable creates
//! the admin with an unusable random password and emails a reset link instead.

use crate::error::AuthError;
use crate::events::UserRegistered;
use crate::roles::Role;
use crate::service::{Identity, RequestMeta};
use crate::users::{User, UserStoreError};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::security::password::Password;
use ferrofin_platform::security::tokens::random_token;

impl Identity {
    /// Creates an admin with `email` and a random password, unless the address is taken.
    /// Returns the password (to be shown once) when the admin was created.
    pub async fn bootstrap_admin(&self, raw_email: &str) -> Result<Option<String>, AuthError> {
        let email = super::register::parse_email("email", raw_email)?;
        let password = random_token();
        let parsed =
            Password::parse(&password).map_err(|err| AuthError::Internal(err.to_string()))?;
        let hash = self.hash_password(&parsed)?;
        let now = self.now();
        let admin = User::new(
            UserId::generate(self.clock.as_ref()),
            email,
            "Administrator".to_owned(),
            hash,
            Role::Admin,
            true,
            now,
        );
        match self
            .users
            .create(
                &admin,
                self.announce(&UserRegistered {
                    user_id: admin.id.clone(),
                    role: admin.role,
                })?,
            )
            .await
        {
            Ok(()) => Ok(Some(password)),
            Err(UserStoreError::EmailTaken) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// The AWS bootstrap: creates the admin if missing and emails them a reset link.
    pub async fn bootstrap_admin_by_email(&self, raw_email: &str) -> Result<bool, AuthError> {
        if self.bootstrap_admin(raw_email).await?.is_none() {
            return Ok(false);
        }
        self.forgot_password(
            raw_email,
            &RequestMeta {
                ip: "bootstrap".to_owned(),
                user_agent: String::new(),
            },
        )
        .await?;
        Ok(true)
    }
}
