//! Goal operations of a user: create, list, read (with progress), change, delete, and
//! contributions (record, list).

use time::Date;

use crate::Budgets;
use crate::budget_service::{positive_money, same_currency};
use crate::error::BudgetError;
use crate::events::GoalContributed;
use crate::goal::{Contribution, Goal, GoalStore};
use crate::goal_maths::{GoalProgress, goal_progress};
use crate::ids::{ContributionId, GoalId};
use crate::keys;
use ferrofin_ledger::accounts::AccountStore;
use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::events::outbox;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::fields::{iso_date, text};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::table::{MAX_TRANSACTION_WRITES, Position, TableError};

const MAX_NAME_CHARS: usize = 100;

/// What creating a goal takes.
pub struct NewGoal {
    pub name: String,
    pub target_amount: String,
    pub currency: String,
    pub target_date: String,
    pub account_id: Option<AccountId>,
}

/// Changes to a goal; absent fields stay. `account_id: Some(None)` unlinks the account.
#[derive(Default)]
pub struct GoalChanges {
    pub name: Option<String>,
    pub target_amount: Option<String>,
    /// When given, must be the goal's currency.
    pub currency: Option<String>,
    pub target_date: Option<String>,
    pub account_id: Option<Option<AccountId>>,
}

/// A contribution to record.
pub struct NewContribution {
    pub amount: String,
    pub currency: String,
    pub date: String,
}

/// A date that is `today` or later.
fn not_past(raw: &str, today: Date) -> Result<Date, String> {
    let date = iso_date(raw)?;
    if date < today {
        Err("must not be in the past".to_owned())
    } else {
        Ok(date)
    }
}

/// A date that is `today` or earlier.
fn not_future(raw: &str, today: Date) -> Result<Date, String> {
    let date = iso_date(raw)?;
    if date > today {
        Err("must not be in the future".to_owned())
    } else {
        Ok(date)
    }
}

impl Budgets {
    pub fn goal_store(&self) -> GoalStore {
        GoalStore::new(self.table.clone())
    }

    fn today(&self) -> Date {
        self.clock.now().date()
    }

    /// Checks that an account to link is the user's and in the goal's currency.
    async fn linkable_account(
        &self,
        errors: &mut FieldErrors,
        user_id: &UserId,
        account_id: &AccountId,
        currency: Currency,
    ) -> Result<(), TableError> {
        match AccountStore::new(self.table.clone())
            .get(user_id, account_id)
            .await?
        {
            None => errors.push("account_id", "no such account"),
            Some(account) if account.currency != currency => {
                errors.push(
                    "account_id",
                    format!("must be an account in {currency}, not {}", account.currency),
                );
            }
            Some(_) => {}
        }
        Ok(())
    }

    pub async fn create_goal(&self, user_id: &UserId, new: NewGoal) -> Result<Goal, BudgetError> {
        let mut errors = FieldErrors::default();
        let today = self.today();
        let name = errors.take("name", text(&new.name, MAX_NAME_CHARS, true));
        let currency = errors.take("currency", Currency::parse(&new.currency));
        let target = currency.and_then(|currency| {
            errors.take(
                "target_amount",
                positive_money(&new.target_amount, currency),
            )
        });
        let target_date = errors.take("target_date", not_past(&new.target_date, today));
        if let (Some(account_id), Some(currency)) = (&new.account_id, currency) {
            self.linkable_account(&mut errors, user_id, account_id, currency)
                .await?;
        }
        errors.finish()?;
        let (Some(name), Some(target), Some(target_date)) = (name, target, target_date) else {
            return Err(BudgetError::invalid("", "invalid goal"));
        };
        let now = self.clock.now();
        let goal = Goal {
            id: GoalId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            name,
            currency: target.currency(),
            target_minor: target.minor(),
            target_date,
            account_id: new.account_id,
            saved_minor: 0,
            start_date: today,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        self.goal_store().create(&goal).await?;
        Ok(goal)
    }

    /// The user's goal, or 404 (also for another user's goal).
    pub async fn goal(&self, user_id: &UserId, goal_id: &GoalId) -> Result<Goal, BudgetError> {
        self.goal_store()
            .get(user_id, goal_id)
            .await?
            .ok_or(BudgetError::NotFound("goal"))
    }

    /// The goal's numbers today.
    pub fn progress_of_goal(&self, goal: &Goal) -> Result<GoalProgress, BudgetError> {
        goal_progress(
            goal.target(),
            goal.saved(),
            goal.start_date,
            self.today(),
            goal.target_date,
        )
        .map_err(|err| BudgetError::invalid("target_amount", err.to_string()))
    }

    pub async fn list_goals(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Goal>, Option<Position>), BudgetError> {
        Ok(self
            .page_of(
                user_id,
                keys::GOAL_PREFIX.to_owned(),
                false,
                limit,
                start_after,
            )
            .await?)
    }

    pub async fn change_goal(
        &self,
        user_id: &UserId,
        goal_id: &GoalId,
        changes: GoalChanges,
    ) -> Result<Goal, BudgetError> {
        let mut goal = self.goal(user_id, goal_id).await?;
        let mut errors = FieldErrors::default();
        let name = changes
            .name
            .as_deref()
            .and_then(|raw| errors.take("name", text(raw, MAX_NAME_CHARS, true)));
        if let Some(raw) = &changes.currency {
            errors.take("currency", same_currency(raw, goal.currency));
        }
        let target = changes
            .target_amount
            .as_deref()
            .and_then(|raw| errors.take("target_amount", positive_money(raw, goal.currency)));
        let target_date = changes
            .target_date
            .as_deref()
            .and_then(|raw| errors.take("target_date", not_past(raw, self.today())));
        if let Some(Some(account_id)) = &changes.account_id {
            self.linkable_account(&mut errors, user_id, account_id, goal.currency)
                .await?;
        }
        errors.finish()?;
        goal.name = name.unwrap_or(goal.name);
        goal.target_minor = target.map_or(goal.target_minor, |target| target.minor());
        goal.target_date = target_date.unwrap_or(goal.target_date);
        goal.account_id = changes.account_id.unwrap_or(goal.account_id);
        match self.goal_store().save(&mut goal, self.clock.now()).await {
            Ok(()) => Ok(goal),
            Err(TableError::ConditionFailed { .. }) => Err(BudgetError::Conflict(
                "the goal changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Deletes the goal with its contributions, all or nothing.
    pub async fn delete_goal(&self, user_id: &UserId, goal_id: &GoalId) -> Result<(), BudgetError> {
        let goal = self.goal(user_id, goal_id).await?;
        let contributions = self.goal_store().contribution_keys(&goal).await?;
        if contributions.len() >= MAX_TRANSACTION_WRITES {
            return Err(BudgetError::Conflict(
                "a goal with this many contributions cannot be deleted at once",
            ));
        }
        match self.goal_store().delete(&goal, contributions).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(BudgetError::Conflict(
                "the goal changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Records a contribution and returns it with the goal as it is now.
    pub async fn contribute(
        &self,
        user_id: &UserId,
        goal_id: &GoalId,
        new: NewContribution,
    ) -> Result<(Contribution, Goal), BudgetError> {
        let goal = self.goal(user_id, goal_id).await?;
        let mut errors = FieldErrors::default();
        errors.take("currency", same_currency(&new.currency, goal.currency));
        let amount = errors.take("amount", positive_money(&new.amount, goal.currency));
        let date = errors.take("date", not_future(&new.date, self.today()));
        errors.finish()?;
        let (Some(amount), Some(date)) = (amount, date) else {
            return Err(BudgetError::invalid("", "invalid contribution"));
        };
        let contribution = Contribution {
            id: ContributionId::generate(self.clock.as_ref()),
            goal_id: goal.id.clone(),
            user_id: user_id.clone(),
            amount_minor: amount.minor(),
            currency: goal.currency,
            date,
            created_at: self.clock.now(),
        };
        let announcement = outbox::emit(
            &GoalContributed {
                user_id: user_id.clone(),
                goal_id: goal.id.clone(),
                goal_name: goal.name.clone(),
                contribution_id: contribution.id.clone(),
                amount_minor: contribution.amount_minor,
                currency: contribution.currency,
                date,
                saved_minor: goal.saved_minor.saturating_add(contribution.amount_minor),
                target_minor: goal.target_minor,
            },
            self.clock.as_ref(),
        )?;
        match self
            .goal_store()
            .contribute(&contribution, announcement)
            .await
        {
            Ok(()) => Ok((contribution, self.goal(user_id, goal_id).await?)),
            Err(TableError::ConditionFailed { .. }) => Err(BudgetError::NotFound("goal")),
            Err(err) => Err(err.into()),
        }
    }

    /// One page of a goal's contributions, newest date first.
    pub async fn contributions(
        &self,
        user_id: &UserId,
        goal_id: &GoalId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Contribution>, Option<Position>), BudgetError> {
        let goal = self.goal(user_id, goal_id).await?;
        Ok(self
            .page_of(
                user_id,
                keys::goal_contributions_prefix(&goal.id),
                true,
                limit,
                start_after,
            )
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn target_dates_may_not_pass_and_contribution_dates_may_not_come() {
        let today = date!(2026 - 11 - 21);
        assert_eq!(not_past("2026-11-21", today), Ok(today));
        assert!(not_past("2026-11-20", today).is_err());
        assert!(not_future("2026-11-22", today).is_err());
        assert!(not_future("2026-02-30", today).is_err());
    }
}
