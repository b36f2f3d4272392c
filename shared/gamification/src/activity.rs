//! What a user does that badges and challenges count, read from other areas' domain events:
//! signing in, recording and categorising transactions, creating a budget, contributing to a
//! goal and reaching one, and ending a day under a budget.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use ferrofin_budgets::{BudgetCreated, BudgetDayUnder, GoalContributed};
use ferrofin_identity::events::UserSignedIn;
use ferrofin_ledger::events::{
    TransactionChanged, TransactionFacts, TransactionRecorded, TransactionsImported,
};
use ferrofin_platform::events::ReactError;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::queue::{Envelope, Message};

/// Something a user does that counts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = GamificationActivity)]
pub enum Activity {
    /// A sign-in (`user.signed_in`).
    SignedIn,
    /// A transaction recorded, by hand or by an import.
    TransactionRecorded,
    /// A transaction recorded with a category, or given one later.
    TransactionCategorised,
    /// A budget created (`budget.created`).
    BudgetCreated,
    /// A contribution to a savings goal.
    GoalContributed,
    /// A contribution that took a goal to its target.
    GoalReached,
}

impl Activity {
    pub const ALL: [Self; 6] = [
        Self::SignedIn,
        Self::TransactionRecorded,
        Self::TransactionCategorised,
        Self::BudgetCreated,
        Self::GoalContributed,
        Self::GoalReached,
    ];

    /// The stable name on the wire and in stored counters (`signed_in`).
    pub fn name(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::TransactionRecorded => "transaction_recorded",
            Self::TransactionCategorised => "transaction_categorised",
            Self::BudgetCreated => "budget_created",
            Self::GoalContributed => "goal_contributed",
            Self::GoalReached => "goal_reached",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|activity| activity.name() == name)
    }
}

/// Money put towards a goal, minor units of a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Saved {
    pub currency: Currency,
    pub minor: i64,
}

/// A user's day that ended under one of their budgets (`budget.day_under`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnderBudget {
    pub budget_id: String,
    /// The user's day that ended (not the day the event came).
    pub day: Date,
}

/// What one event says a user did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    /// Each activity and how many times (an import records many transactions at once).
    pub counts: Vec<(Activity, u64)>,
    /// A goal contribution's amount.
    pub saved: Option<Saved>,
    pub under_budget: Option<UnderBudget>,
}

impl Occurrences {
    /// Nothing that counts.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.under_budget.is_none()
    }

    fn add(&mut self, activity: Activity, count: u64) {
        if count > 0 {
            self.counts.push((activity, count));
        }
    }

    pub fn count_of(&self, activity: Activity) -> u64 {
        self.counts
            .iter()
            .filter(|(counted, _)| *counted == activity)
            .map(|(_, count)| count)
            .sum()
    }

    fn of_transactions<'a>(facts: impl Iterator<Item = &'a TransactionFacts>) -> Self {
        let (mut recorded, mut categorised) = (0, 0);
        for fact in facts {
            recorded += 1;
            if fact.category.is_some() {
                categorised += 1;
            }
        }
        let mut occurrences = Self::default();
        occurrences.add(Activity::TransactionRecorded, recorded);
        occurrences.add(Activity::TransactionCategorised, categorised);
        occurrences
    }
}

/// The event types read here.
pub const EVENT_TYPES: &[&str] = &[
    UserSignedIn::TYPE,
    TransactionRecorded::TYPE,
    TransactionsImported::TYPE,
    TransactionChanged::TYPE,
    BudgetCreated::TYPE,
    BudgetDayUnder::TYPE,
    GoalContributed::TYPE,
];

fn open<M: Message>(event: &Envelope) -> Result<M, ReactError> {
    event
        .open()
        .map_err(|err| ReactError::Permanent(err.to_string()))
}

/// Whose activity an event is and what it counts; `None` when it counts nothing.
pub fn occurrences(event: &Envelope) -> Result<Option<(UserId, Occurrences)>, ReactError> {
    let (user_id, occurrences) = match event.message_type.as_str() {
        UserSignedIn::TYPE => {
            let signed_in: UserSignedIn = open(event)?;
            let mut occurrences = Occurrences::default();
            occurrences.add(Activity::SignedIn, 1);
            (signed_in.user_id, occurrences)
        }
        TransactionRecorded::TYPE => {
            let recorded: TransactionRecorded = open(event)?;
            let occurrences = Occurrences::of_transactions(std::iter::once(&recorded.transaction));
            (recorded.user_id, occurrences)
        }
        TransactionsImported::TYPE => {
            let imported: TransactionsImported = open(event)?;
            let occurrences = Occurrences::of_transactions(imported.transactions.iter());
            (imported.user_id, occurrences)
        }
        TransactionChanged::TYPE => {
            let changed: TransactionChanged = open(event)?;
            let mut occurrences = Occurrences::default();
            if changed.before.category.is_none() && changed.after.category.is_some() {
                occurrences.add(Activity::TransactionCategorised, 1);
            }
            (changed.user_id, occurrences)
        }
        BudgetCreated::TYPE => {
            let created: BudgetCreated = open(event)?;
            let mut occurrences = Occurrences::default();
            occurrences.add(Activity::BudgetCreated, 1);
            (created.user_id, occurrences)
        }
        BudgetDayUnder::TYPE => {
            let under: BudgetDayUnder = open(event)?;
            let occurrences = Occurrences {
                under_budget: Some(UnderBudget {
                    budget_id: under.budget_id.to_string(),
                    day: under.day,
                }),
                ..Occurrences::default()
            };
            (under.user_id, occurrences)
        }
        GoalContributed::TYPE => {
            let contributed: GoalContributed = open(event)?;
            let mut occurrences = Occurrences::default();
            occurrences.add(Activity::GoalContributed, 1);
            if contributed.reached_target() {
                occurrences.add(Activity::GoalReached, 1);
            }
            occurrences.saved = Some(Saved {
                currency: contributed.currency,
                minor: contributed.amount_minor,
            });
            (contributed.user_id, occurrences)
        }
        _ => return Ok(None),
    };
    Ok((!occurrences.is_empty()).then_some((user_id, occurrences)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for activity in Activity::ALL {
            assert_eq!(Activity::from_name(activity.name()), Some(activity));
            let json = serde_json::to_value(activity).expect("serialise");
            assert_eq!(json, activity.name());
        }
        assert_eq!(Activity::from_name("login"), None);
    }
}
