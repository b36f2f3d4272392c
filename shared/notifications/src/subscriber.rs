//! Makes notifications from other areas' events: the one place that decides what a user is
//! told. Each event becomes (as the user's preferences allow) an inbox notification, counted
//! unread in the same transaction, and an email — sent now, or held for the end of quiet hours
//! or the next digest; critical kinds always go out at once.

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use ferrofin_budgets::{BudgetThresholdCrossed, GoalContributed};
use ferrofin_gamification::{BadgeEarned, ChallengeCompleted};
use ferrofin_identity::events::{UserSecurityChanged, UserSignedIn};
use ferrofin_identity::users::{User, UserStatus, UserStore};
use ferrofin_imports::ImportFinished;
use ferrofin_loans::{Applicant, InstallmentOwed, LoanRepaymentDue, LoanRepaymentOverdue};
use ferrofin_platform::AppState;
use ferrofin_platform::email::{EmailTemplate, SendEmail};
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Envelope, Message, QueueName};
use ferrofin_platform::security::Signer;

use crate::compose::notification_email;
use crate::held::HeldEmail;
use crate::notification::{
    BadgeAwarded, BudgetThreshold, ChallengeDone, GoalReached, ImportResult, LoanRepayment,
    NewSignIn, Notification, NotificationData, SecurityChanged,
};
use crate::preference_store::PreferenceStore;
use crate::preferences::Channel;
use crate::store::NotificationStore;

/// The subscriber's name (part of its guards and of its emails' envelope ids).
const NAME: &str = "notifications.maker";

/// Turns each event a user should hear about into one notification.
pub struct NotificationMaker {
    users: UserStore,
    preferences: PreferenceStore,
    signer: Signer,
    clock: Arc<dyn Clock>,
}

impl NotificationMaker {
    pub fn new(state: &AppState) -> Self {
        Self {
            users: UserStore::new(state.table.clone()),
            preferences: PreferenceStore::new(state),
            signer: state.signer.clone(),
            clock: state.clock.clone(),
        }
    }
}

fn open<M: Message>(event: &Envelope) -> Result<M, ReactError> {
    event
        .open()
        .map_err(|err| ReactError::Permanent(err.to_string()))
}

/// Whom an event concerns and what they are told; `None` for events that tell nobody.
fn notice(event: &Envelope) -> Result<Option<(UserId, NotificationData)>, ReactError> {
    Ok(match event.message_type.as_str() {
        BudgetThresholdCrossed::TYPE => {
            let crossed: BudgetThresholdCrossed = open(event)?;
            let data = BudgetThreshold {
                budget_id: crossed.budget_id,
                category: crossed.category,
                category_name: crossed.category_name,
                currency: crossed.currency,
                month: crossed.month,
                threshold_percent: crossed.threshold_percent,
                available_minor: crossed.available_minor,
                spent_minor: crossed.spent_minor,
            };
            Some((crossed.user_id, NotificationData::BudgetThreshold(data)))
        }
        ImportFinished::TYPE => {
            let finished: ImportFinished = open(event)?;
            let data = ImportResult {
                import_id: finished.import_id,
                account_id: finished.account_id,
                status: finished.status,
                imported: finished.counts.imported,
                duplicates: finished.counts.duplicates,
                failed: finished.counts.failed,
            };
            Some((finished.user_id, NotificationData::ImportFinished(data)))
        }
        GoalContributed::TYPE => {
            let contributed: GoalContributed = open(event)?;
            contributed.reached_target().then(|| {
                let data = GoalReached {
                    goal_id: contributed.goal_id,
                    name: contributed.goal_name,
                    currency: contributed.currency,
                    saved_minor: contributed.saved_minor,
                    target_minor: contributed.target_minor,
                };
                (contributed.user_id, NotificationData::GoalReached(data))
            })
        }
        BadgeEarned::TYPE => {
            let earned: BadgeEarned = open(event)?;
            let data = BadgeAwarded {
                badge_id: earned.badge_id,
                tier: earned.tier,
                name: earned.name,
                points: earned.points,
            };
            Some((earned.user_id, NotificationData::BadgeEarned(data)))
        }
        ChallengeCompleted::TYPE => {
            let completed: ChallengeCompleted = open(event)?;
            let data = ChallengeDone {
                challenge_id: completed.challenge_id,
                name: completed.name,
                reward_points: completed.reward_points,
            };
            Some((
                completed.user_id,
                NotificationData::ChallengeCompleted(data),
            ))
        }
        UserSignedIn::TYPE => {
            let signed_in: UserSignedIn = open(event)?;
            (signed_in.new_device && signed_in.earlier_sessions).then(|| {
                let data = NewSignIn {
                    session_id: signed_in.session_id,
                    user_agent: signed_in.user_agent,
                    ip: signed_in.ip,
                };
                (signed_in.user_id, NotificationData::NewSignIn(data))
            })
        }
        UserSecurityChanged::TYPE => {
            let changed: UserSecurityChanged = open(event)?;
            let data = SecurityChanged {
                change: changed.change,
            };
            Some((changed.user_id, NotificationData::SecurityChanged(data)))
        }
        LoanRepaymentDue::TYPE => {
            let due: LoanRepaymentDue = open(event)?;
            loan_notice(due.owed, 0)
                .map(|(user, data)| (user, NotificationData::LoanRepaymentDue(data)))
        }
        LoanRepaymentOverdue::TYPE => {
            let overdue: LoanRepaymentOverdue = open(event)?;
            loan_notice(overdue.owed, overdue.days_overdue)
                .map(|(user, data)| (user, NotificationData::LoanRepaymentOverdue(data)))
        }
        _ => None,
    })
}

/// A loan notice for a borrowing user (customers have no inbox).
fn loan_notice(owed: InstallmentOwed, days_overdue: u32) -> Option<(UserId, LoanRepayment)> {
    let Applicant::User(user_id) = owed.borrower else {
        return None;
    };
    let currency = Currency::parse(&owed.currency).ok()?;
    Some((
        user_id,
        LoanRepayment {
            loan_id: owed.loan_id,
            installment: owed.installment,
            due_date: owed.due_date,
            amount: owed.outstanding,
            currency,
            days_overdue,
        },
    ))
}

impl NotificationMaker {
    /// The email of a notification: the security ones keep their own templates.
    fn email(
        &self,
        user: &User,
        data: &NotificationData,
        words: (String, String),
        at: OffsetDateTime,
    ) -> SendEmail {
        let template = match data {
            NotificationData::SecurityChanged(changed) => Some(EmailTemplate::SecurityChange {
                change: changed.change,
                at,
            }),
            NotificationData::NewSignIn(sign_in) => Some(EmailTemplate::NewDeviceLogin {
                user_agent: sign_in.user_agent.clone(),
                ip: sign_in.ip.clone(),
                at,
            }),
            _ => None,
        };
        match template {
            Some(template) => SendEmail {
                to: user.email.as_str().to_owned(),
                name: Some(user.name.clone()),
                template,
            },
            None => notification_email(&self.signer, user, data.kind(), words, Some(data.link())),
        }
    }
}

#[async_trait]
impl Subscriber for NotificationMaker {
    fn name(&self) -> &'static str {
        NAME
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[
            BudgetThresholdCrossed::TYPE,
            ImportFinished::TYPE,
            GoalContributed::TYPE,
            BadgeEarned::TYPE,
            ChallengeCompleted::TYPE,
            UserSignedIn::TYPE,
            UserSecurityChanged::TYPE,
            LoanRepaymentDue::TYPE,
            LoanRepaymentOverdue::TYPE,
        ]
    }

    /// Nothing for a user who is gone or banned.
    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let Some((user_id, data)) = notice(event)? else {
            return Ok(Reaction::nothing());
        };
        let Some(user) = self.users.get(&user_id).await? else {
            return Ok(Reaction::nothing());
        };
        if user.status != UserStatus::Active {
            return Ok(Reaction::nothing());
        }
        let preferences = self.preferences.get(&user_id).await?;
        let kind = data.kind();
        let words = data.words();
        let mut writes = Vec::new();
        if preferences.wants(kind, Channel::InApp) {
            let notification = Notification::new(
                event.id.clone(),
                user_id.clone(),
                words.clone(),
                data.clone(),
                event.occurred_at,
            );
            writes.extend(NotificationStore::create(&notification)?);
        }
        if !preferences.wants(kind, Channel::Email) {
            return Ok(Reaction::writes(writes));
        }
        let now = self.clock.now();
        match preferences.email_due(kind, now, &user.time_zone) {
            Some(due) => {
                let held = HeldEmail {
                    user_id,
                    id: event.id.clone(),
                    kind,
                    title: words.0,
                    body: words.1,
                    link: Some(data.link()),
                    due,
                };
                writes.push(held.hold()?);
                Ok(Reaction::writes(writes))
            }
            None => {
                let email = self.email(&user, &data, words, event.occurred_at);
                Reaction::writes(writes).queue(QueueName::Email, event, NAME, &email)
            }
        }
    }
}
