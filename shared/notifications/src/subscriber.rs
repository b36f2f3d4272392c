//! Makes notifications from other areas' events.

use async_trait::async_trait;

use ferrofin_budgets::BudgetThresholdCrossed;
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::ports::queue::{Envelope, Message};

use crate::notification::{BudgetThreshold, Notification, NotificationData};
use crate::store::NotificationStore;

/// Turns each event a user should hear about into one notification.
pub struct NotificationMaker;

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

#[async_trait]
impl Subscriber for NotificationMaker {
    fn name(&self) -> &'static str {
        "notifications.maker"
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[BudgetThresholdCrossed::TYPE]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let crossed: BudgetThresholdCrossed = event
            .open()
            .map_err(|err| ReactError::Permanent(err.to_string()))?;
        let notification = budget_threshold(event, crossed);
        Ok(Reaction::writes(vec![NotificationStore::write(
            &notification,
        )?]))
    }
}
