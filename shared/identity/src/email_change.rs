//! Changing the account's email address without locking anyone out. A change is only asked for
//! at first: the new address gets a confirmation link, and until it is used the old address
//! stays the account's (sign-in, resets and notices keep going there). The old address is told
//! at once, with a link that undoes the change — cancelling it while it waits, or, once it was
//! confirmed, restoring the old address and ending every session (whoever changed it is signed
//! out). Each step is audited; a confirmed change is also told to both addresses.

use time::Duration;

use crate::error::AuthError;
use crate::keys::TokenPurpose;
use crate::one_time::TokenGrant;
use crate::service::{Identity, RequestMeta};
use crate::users::{PendingEmail, User};
use ferrofin_platform::audit::AuditAction;
use ferrofin_platform::email::{EmailTemplate, SecurityChange};
use ferrofin_platform::email_address::EmailAddress;

/// How long the confirmation link sent to the new address works.
pub const CONFIRM_TTL: Duration = Duration::hours(24);
/// How long the undo link sent to the old address works (also after a confirmation).
pub const UNDO_TTL: Duration = Duration::days(7);

/// Between the two addresses in an undo token's subject (an address never holds it).
const SUBJECT_SEPARATOR: char = '\n';

fn undo_subject(old: &EmailAddress, new: &EmailAddress) -> String {
    format!("{old}{SUBJECT_SEPARATOR}{new}")
}

impl Identity {
    /// Asks to move `user` (saved with its other changes here) to `new`: records the pending
    /// address, emails a confirmation link to it and the undo link to the current address.
    /// An address in use by another account is a conflict now, not at confirmation only.
    pub(crate) async fn request_email_change(
        &self,
        user: &mut User,
        new: EmailAddress,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        if self
            .users
            .find_by_email(&new)
            .await?
            .is_some_and(|owner| owner.id != user.id)
        {
            return Err(AuthError::EmailTaken);
        }
        user.pending_email = Some(PendingEmail {
            address: new.clone(),
            requested_at: self.now(),
        });
        self.users.save(user, self.now()).await?;
        let now = self.now();
        let confirm = self
            .tokens
            .issue(
                TokenPurpose::EmailChange,
                &user.id,
                new.as_str(),
                CONFIRM_TTL,
                now,
            )
            .await?;
        let undo_subject = undo_subject(&user.email, &new);
        let undo = self
            .tokens
            .issue(
                TokenPurpose::EmailChangeUndo,
                &user.id,
                &undo_subject,
                UNDO_TTL,
                now,
            )
            .await?;
        let expires_in_hours = u32::try_from(CONFIRM_TTL.whole_hours()).unwrap_or(u32::MAX);
        self.email_to(
            &new,
            user,
            EmailTemplate::ConfirmEmailChange {
                token: confirm,
                expires_in_hours,
            },
        )
        .await?;
        let expires_in_days = u32::try_from(UNDO_TTL.whole_days()).unwrap_or(u32::MAX);
        self.email(
            user,
            EmailTemplate::EmailChangeRequested {
                new_email: new.to_string(),
                token: undo,
                expires_in_days,
            },
        )
        .await?;
        self.audit_email(AuditAction::EmailChangeRequested, user, meta)
            .await
    }

    /// Uses the confirmation link: the pending address becomes the account's (verified, since
    /// the link reached it). Single use; a link for an address no longer pending is invalid.
    pub async fn confirm_email_change(
        &self,
        token: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let (grant, mut user) = self.redeem(TokenPurpose::EmailChange, token).await?;
        let pending = user
            .pending_email
            .take()
            .filter(|pending| pending.address.as_str() == grant.subject)
            .ok_or(AuthError::InvalidToken)?;
        let old = std::mem::replace(&mut user.email, pending.address);
        user.email_verified = true;
        let changed = self.security_changed(&user, SecurityChange::EmailChanged)?;
        self.users
            .save_with_new_email(&mut user, &old, self.now(), vec![changed])
            .await?;
        self.audit_email(AuditAction::EmailChanged, &user, meta)
            .await?;
        // The new address hears of it through the notifications area; the old one only here.
        let at = self.now();
        let change = SecurityChange::EmailChanged;
        self.email_to(&old, &user, EmailTemplate::SecurityChange { change, at })
            .await
    }

    /// Uses the undo link sent to the old address: a change still waiting is cancelled; a
    /// change already confirmed is reverted to the old address and every session ends.
    pub async fn undo_email_change(
        &self,
        token: &str,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        let (grant, mut user) = self.redeem(TokenPurpose::EmailChangeUndo, token).await?;
        let (old, new) = grant
            .subject
            .split_once(SUBJECT_SEPARATOR)
            .ok_or(AuthError::InvalidToken)?;
        let waiting = user
            .pending_email
            .as_ref()
            .is_some_and(|pending| pending.address.as_str() == new);
        if user.email.as_str() == old && waiting {
            user.pending_email = None;
            self.users.save(&mut user, self.now()).await?;
        } else if user.email.as_str() == new {
            let restored = EmailAddress::parse(old).map_err(|_| AuthError::InvalidToken)?;
            let replaced = std::mem::replace(&mut user.email, restored);
            user.email_verified = true;
            user.pending_email = None;
            let changed = self.security_changed(&user, SecurityChange::EmailChanged)?;
            self.users
                .save_with_new_email(&mut user, &replaced, self.now(), vec![changed])
                .await?;
            self.sessions.revoke_all(&user.id, None).await?;
        } else {
            return Err(AuthError::InvalidToken);
        }
        self.audit_email(AuditAction::EmailChangeUndone, &user, meta)
            .await
    }

    /// Uses a link's token once: its grant and the account it is for (a gone account makes the
    /// link invalid).
    async fn redeem(
        &self,
        purpose: TokenPurpose,
        token: &str,
    ) -> Result<(TokenGrant, User), AuthError> {
        let grant = self
            .tokens
            .consume(purpose, token)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        let user = self
            .users
            .get(&grant.user_id)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        Ok((grant, user))
    }

    async fn audit_email(
        &self,
        action: AuditAction,
        user: &User,
        meta: &RequestMeta,
    ) -> Result<(), AuthError> {
        self.audit(
            action,
            Some(&user.id),
            Some(&user.id),
            meta,
            serde_json::json!({}),
        )
        .await
    }
}
