//! Makes notifications from other areas' events: an in-app notification, and for an import
//! that ended an email too, each as the user's preferences allow.

use async_trait::async_trait;

use ferrofin_budgets::BudgetThresholdCrossed;
use ferrofin_identity::users::{User, UserStatus, UserStore};
use ferrofin_imports::ImportFinished;
use ferrofin_platform::AppState;
use ferrofin_platform::email::{EmailTemplate, SendEmail};
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::ports::queue::{Envelope, Message, QueueName};

use crate::notification::{BudgetThreshold, ImportResult, Notification, NotificationData};
use crate::store::NotificationStore;

/// The subscriber's name (part of its guards and of its emails' envelope ids).
const NAME: &str = "notifications.maker";

/// Turns each event a user should hear about into one notification.
pub struct NotificationMaker {
    users: UserStore,
}

impl NotificationMaker {
    pub fn new(state: &AppState) -> Self {
        Self {
            users: UserStore::new(state.table.clone()),
        }
    }
}

/// The notification of a budget threshold crossing.
fn budget_threshold(event: &Envelope, crossed: BudgetThresholdCrossed) -> Notification {
    let data = BudgetThreshold {
        budget_id: crossed.budget_id,
        category: crossed.category,
        currency: crossed.currency,
        month: crossed.month,
        threshold_percent: crossed.threshold_percent,
        available_minor: crossed.available_minor,
        spent_minor: crossed.spent_minor,
    };
    let message = format!(
        "You have spent {}% of your {} budget for {}: {} of {} {}",
        data.threshold_percent,
        crossed.category_name,
        data.month,
        data.spent().to_decimal_string(),
        data.available().to_decimal_string(),
        data.currency
    );
    Notification {
        id: event.id.clone(),
        user_id: crossed.user_id,
        message,
        data: NotificationData::BudgetThreshold(data),
        created_at: event.occurred_at,
    }
}

/// The notification of an import that ended.
fn import_finished(event: &Envelope, finished: &ImportFinished) -> Notification {
    let counts = finished.counts;
    let message = match finished.status.as_str() {
        "completed" => format!(
            "Your statement import is complete: {} imported, {} already there",
            counts.imported, counts.duplicates
        ),
        "completed_with_errors" => format!(
            "Your statement import finished: {} imported, {} already there, {} rows not imported",
            counts.imported, counts.duplicates, counts.failed
        ),
        "cancelled" => format!(
            "Your statement import was cancelled after {} imported",
            counts.imported
        ),
        _ => "Your statement import failed: the file could not be read".to_owned(),
    };
    Notification {
        id: event.id.clone(),
        user_id: finished.user_id.clone(),
        message,
        data: NotificationData::ImportFinished(ImportResult {
            import_id: finished.import_id.clone(),
            account_id: finished.account_id.clone(),
            status: finished.status.clone(),
            imported: counts.imported,
            duplicates: counts.duplicates,
            failed: counts.failed,
        }),
        created_at: event.occurred_at,
    }
}

/// The email telling `user` an import ended.
fn import_email(user: &User, finished: &ImportFinished) -> SendEmail {
    SendEmail {
        to: user.email.as_str().to_owned(),
        name: Some(user.name.clone()),
        template: EmailTemplate::ImportFinished {
            import_id: finished.import_id.to_string(),
            status: finished.status.clone(),
            imported: finished.counts.imported,
            duplicates: finished.counts.duplicates,
            failed: finished.counts.failed,
        },
    }
}

fn open<M: Message>(event: &Envelope) -> Result<M, ReactError> {
    event
        .open()
        .map_err(|err| ReactError::Permanent(err.to_string()))
}

impl NotificationMaker {
    /// In-app and email as the user wants them; nothing for a user who is gone or banned.
    async fn on_import_finished(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let finished: ImportFinished = open(event)?;
        let Some(user) = self.users.get(&finished.user_id).await? else {
            return Ok(Reaction::nothing());
        };
        if user.status != UserStatus::Active {
            return Ok(Reaction::nothing());
        }
        let mut writes = Vec::new();
        if user.notifications.in_app {
            writes.push(NotificationStore::write(&import_finished(
                event, &finished,
            ))?);
        }
        let reaction = Reaction::writes(writes);
        if user.notifications.email {
            return reaction.queue(
                QueueName::Email,
                event,
                NAME,
                &import_email(&user, &finished),
            );
        }
        Ok(reaction)
    }
}

#[async_trait]
impl Subscriber for NotificationMaker {
    fn name(&self) -> &'static str {
        NAME
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[BudgetThresholdCrossed::TYPE, ImportFinished::TYPE]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        if event.message_type == ImportFinished::TYPE {
            return self.on_import_finished(event).await;
        }
        let crossed: BudgetThresholdCrossed = open(event)?;
        let notification = budget_threshold(event, crossed);
        Ok(Reaction::writes(vec![NotificationStore::write(
            &notification,
        )?]))
    }
}
