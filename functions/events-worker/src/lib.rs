//! The events worker: the one place every area's subscribers are registered. In AWS it runs on
//! the table's stream (outbox items only, by the event source mapping's filter); the devserver
//! and the tests hand the same dispatcher to the embedded event delivery.
//!
//! | subscriber | reacts to | does |
//! |---|---|---|
//! | `budgets.thresholds` | `transaction.recorded`, `transactions.imported`, `transaction.changed` | announces `budget.threshold_crossed` once per budget x month x threshold |
//! | `investments.new_series` | `investments.holding_added` | queues a fetch of the holding's price series (and FX rate) on the prices queue |
//! | `ledger.portfolio_values` | `investments.portfolio_valued` | keeps the portfolio's latest value for the wallet's net worth |
//! | `notifications.maker` | `budget.threshold_crossed`, `import.finished`, `goal.contributed` (a goal reached), `loan.repayment_due`, `loan.repayment_overdue`, `user.signed_in` (a new device), `user.security_changed`, `badge.earned`, `challenge.completed` | adds a notification to the user's inbox and queues its email now, at the end of quiet hours or in the digest, as the user's preferences allow (critical kinds always at once) |
//! | `gamification.awards` | `user.signed_in`, `transaction.recorded`, `transactions.imported`, `transaction.changed`, `budget.created`, `budget.day_under`, `goal.contributed` | counts the user's activity and streaks (per budget, the days that ended under it), awards badges and challenge rewards once with their points, announces `badge.earned` / `challenge.completed` |

use std::sync::Arc;

use ferrofin_budgets::ThresholdWatch;
use ferrofin_gamification::AwardWatch;
use ferrofin_investments::NewSeriesFetch;
use ferrofin_ledger::portfolio_values::PortfolioValues;
use ferrofin_notifications::NotificationMaker;
use ferrofin_platform::AppState;
use ferrofin_platform::events::{Dispatcher, Subscriber};

/// Every subscriber of every area.
pub fn subscribers(state: &AppState) -> Vec<Arc<dyn Subscriber>> {
    vec![
        Arc::new(ThresholdWatch::new(state)),
        Arc::new(NotificationMaker::new(state)),
        Arc::new(AwardWatch::new(state)),
        Arc::new(NewSeriesFetch),
        Arc::new(PortfolioValues::new(state)),
    ]
}

/// The dispatcher of every domain event, over the state's table.
pub fn dispatcher(state: &AppState) -> Dispatcher {
    Dispatcher::new(
        state.table.clone(),
        state.queue.clone(),
        state.clock.clone(),
        subscribers(state),
    )
}
