//! What each notification says (its title and body), where in the app it leads, and the emails
//! made from notifications: one at a time, or bundled in a digest.

use ferrofin_identity::users::User;
use ferrofin_platform::email::{
    DIGEST_ITEMS, DigestItem, EmailTemplate, SecurityChange, SendEmail, Unsubscribe,
};
use ferrofin_platform::money::Money;
use ferrofin_platform::security::Signer;

use crate::kind::NotificationKind;
use crate::notification::NotificationData;
use crate::unsubscribe;

impl NotificationKind {
    /// What an unsubscribe link of this kind stops, in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::BudgetThreshold => "budget alerts",
            Self::ImportFinished => "finished imports",
            Self::GoalReached => "goals reached",
            Self::BadgeEarned => "badges earned",
            Self::ChallengeCompleted => "challenges completed",
            Self::LoanRepaymentDue => "upcoming loan repayments",
            Self::LoanRepaymentOverdue => "overdue loan repayments",
            Self::NewSignIn => "new sign-ins",
            Self::SecurityChanged => "security changes",
        }
    }
}

impl NotificationData {
    /// The title and the body the user reads.
    pub fn words(&self) -> (String, String) {
        match self {
            Self::BudgetThreshold(data) => (
                format!("Budget at {}%", data.threshold_percent),
                format!(
                    "You have spent {}% of your {} budget for {}: {} of {} {}.",
                    data.threshold_percent,
                    if data.category_name.is_empty() {
                        &data.category
                    } else {
                        &data.category_name
                    },
                    data.month,
                    data.spent().to_decimal_string(),
                    data.available().to_decimal_string(),
                    data.currency
                ),
            ),
            Self::ImportFinished(data) => {
                let body = match data.status.as_str() {
                    "completed" => format!(
                        "Your statement import is complete: {} imported, {} already there.",
                        data.imported, data.duplicates
                    ),
                    "completed_with_errors" => format!(
                        "Your statement import finished: {} imported, {} already there, {} rows not imported.",
                        data.imported, data.duplicates, data.failed
                    ),
                    "cancelled" => format!(
                        "Your statement import was cancelled after {} imported.",
                        data.imported
                    ),
                    _ => "Your statement import failed: the file could not be read.".to_owned(),
                };
                ("Statement import finished".to_owned(), body)
            }
            Self::GoalReached(data) => (
                "Goal reached".to_owned(),
                format!(
                    "You reached your goal {}: {} {} saved of {}.",
                    data.name,
                    Money::from_minor(data.saved_minor, data.currency).to_decimal_string(),
                    data.currency,
                    Money::from_minor(data.target_minor, data.currency).to_decimal_string()
                ),
            ),
            Self::BadgeEarned(data) => {
                let badge = match data.tier {
                    Some(tier) => format!("{} ({tier})", data.name),
                    None => data.name.clone(),
                };
                (
                    "Badge earned".to_owned(),
                    format!("You earned the badge {badge}: {} points.", data.points),
                )
            }
            Self::ChallengeCompleted(data) => (
                "Challenge completed".to_owned(),
                format!(
                    "You completed the challenge {}: {} points.",
                    data.name, data.reward_points
                ),
            ),
            Self::LoanRepaymentDue(data) => (
                "Loan repayment due".to_owned(),
                format!(
                    "Installment {} of your loan, {} {}, is due on {}.",
                    data.installment,
                    data.amount,
                    data.currency,
                    ferrofin_platform::fields::format_date(data.due_date)
                ),
            ),
            Self::LoanRepaymentOverdue(data) => (
                "Loan repayment overdue".to_owned(),
                format!(
                    "Installment {} of your loan, {} {}, was due on {} and is {} days overdue.",
                    data.installment,
                    data.amount,
                    data.currency,
                    ferrofin_platform::fields::format_date(data.due_date),
                    data.days_overdue
                ),
            ),
            Self::NewSignIn(data) => (
                "New sign-in".to_owned(),
                format!(
                    "Your account was signed in to from a new device ({}, {}). If this was not you, reset your password.",
                    data.user_agent, data.ip
                ),
            ),
            Self::SecurityChanged(data) => {
                let what = match data.change {
                    SecurityChange::PasswordChanged => "Your password was changed.",
                    SecurityChange::MfaEnabled => "Two-factor authentication was turned on.",
                    SecurityChange::MfaDisabled => "Two-factor authentication was turned off.",
                    SecurityChange::AccountDeleted => "Your account was deleted.",
                    SecurityChange::EmailChanged => "Your email address was changed.",
                };
                ("Security change".to_owned(), what.to_owned())
            }
        }
    }

    /// Where in the app the notification leads (a path under the app's base URL).
    pub fn link(&self) -> String {
        match self {
            Self::BudgetThreshold(data) => format!("budgets/{}", data.budget_id),
            Self::ImportFinished(data) => format!("imports/{}", data.import_id),
            Self::GoalReached(data) => format!("goals/{}", data.goal_id),
            Self::BadgeEarned(_) | Self::ChallengeCompleted(_) => "gamification".to_owned(),
            Self::LoanRepaymentDue(data) | Self::LoanRepaymentOverdue(data) => {
                format!("loans/{}", data.loan_id)
            }
            Self::NewSignIn(_) | Self::SecurityChanged(_) => "settings/security".to_owned(),
        }
    }
}

/// The unsubscribe link of `kind` for `user` (none for critical kinds: they cannot be off).
fn unsubscribe_link(signer: &Signer, user: &User, kind: NotificationKind) -> Option<Unsubscribe> {
    (!kind.is_critical()).then(|| Unsubscribe {
        label: kind.label().to_owned(),
        token: unsubscribe::token(signer, &user.id, kind),
    })
}

fn to_user(user: &User, template: EmailTemplate) -> SendEmail {
    SendEmail {
        to: user.email.as_str().to_owned(),
        name: Some(user.name.clone()),
        template,
    }
}

/// A notification by email, as it reads in the inbox.
pub fn notification_email(
    signer: &Signer,
    user: &User,
    kind: NotificationKind,
    (title, body): (String, String),
    link: Option<String>,
) -> SendEmail {
    let unsubscribe = unsubscribe_link(signer, user, kind);
    to_user(
        user,
        EmailTemplate::Notification {
            title,
            body,
            link,
            unsubscribe,
        },
    )
}

/// Several notifications in one email; each kind it holds gets its unsubscribe link.
pub fn digest_email(
    signer: &Signer,
    user: &User,
    items: &[(NotificationKind, String, String)],
) -> SendEmail {
    let mut kinds: Vec<NotificationKind> = items.iter().map(|(kind, _, _)| *kind).collect();
    kinds.sort();
    kinds.dedup();
    let shown = items.iter().take(DIGEST_ITEMS);
    to_user(
        user,
        EmailTemplate::Digest {
            items: shown
                .map(|(_, title, body)| DigestItem {
                    title: title.clone(),
                    body: body.clone(),
                })
                .collect(),
            more: u32::try_from(items.len().saturating_sub(DIGEST_ITEMS)).unwrap_or(u32::MAX),
            unsubscribe: kinds
                .into_iter()
                .filter_map(|kind| unsubscribe_link(signer, user, kind))
                .collect(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notification::{BadgeAwarded, ChallengeDone};

    #[test]
    fn gamification_notices_name_the_award_and_its_points() {
        let badge = NotificationData::BadgeEarned(BadgeAwarded {
            badge_id: "b1".into(),
            tier: Some(100),
            name: "Sorter".to_owned(),
            points: 20,
        });
        assert_eq!(
            badge.words(),
            (
                "Badge earned".to_owned(),
                "You earned the badge Sorter (100): 20 points.".to_owned()
            )
        );
        assert_eq!(badge.link(), "gamification");
        let challenge = NotificationData::ChallengeCompleted(ChallengeDone {
            challenge_id: "c1".into(),
            name: "Ten in November".to_owned(),
            reward_points: 50,
        });
        assert_eq!(
            challenge.words().1,
            "You completed the challenge Ten in November: 50 points."
        );
        assert!(!NotificationKind::BadgeEarned.is_critical());
        assert!(!NotificationKind::ChallengeCompleted.is_critical());
    }
}
