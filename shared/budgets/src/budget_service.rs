//! Budget operations of a user: create (announced by `budget.created`), list, read, change
//! (amount, rollover) and delete, and the checks of their fields (shared with goals and the simulation).

use crate::Budgets;
use crate::budget::{Budget, BudgetStore, GUARD_WRITE};
use crate::error::BudgetError;
use crate::events::BudgetCreated;
use crate::ids::BudgetId;
use ferrofin_ledger::categories::{self, CategoryKind};
use ferrofin_platform::events::outbox;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::{Position, TableError};

/// What creating a budget takes.
pub struct NewBudget {
    pub category: String,
    pub amount: String,
    pub currency: String,
    pub rollover: bool,
}

/// Changes to a budget; its category and currency are fixed (delete it and create another).
#[derive(Default)]
pub struct BudgetChanges {
    pub amount: Option<String>,
    /// When given, must be the budget's currency.
    pub currency: Option<String>,
    pub rollover: Option<bool>,
}

/// A default expense category id.
pub fn expense_category(id: &str) -> Result<&'static str, String> {
    match categories::find(id) {
        Some(category) if category.kind == CategoryKind::Expense => Ok(category.id),
        Some(_) => Err("must be an expense category".to_owned()),
        None => Err("unknown category (see /v1/transactions/categories)".to_owned()),
    }
}

/// An amount above zero in `currency`, with at most the currency's decimals.
pub fn positive_money(raw: &str, currency: Currency) -> Result<Money, String> {
    let money = Money::parse(raw, currency).map_err(|err| err.to_string())?;
    if money.minor() <= 0 {
        return Err("must be greater than zero".to_owned());
    }
    Ok(money)
}

/// A currency code that must be `expected` (amounts of an existing object are in its currency).
pub fn same_currency(raw: &str, expected: Currency) -> Result<Currency, String> {
    let currency = Currency::parse(raw).map_err(|err| err.to_string())?;
    if currency != expected {
        return Err(format!(
            "must be {expected}, the currency of this object, not {currency}"
        ));
    }
    Ok(currency)
}

impl Budgets {
    pub fn budget_store(&self) -> BudgetStore {
        BudgetStore::new(self.table.clone())
    }

    pub async fn create_budget(
        &self,
        user_id: &UserId,
        new: NewBudget,
    ) -> Result<Budget, BudgetError> {
        let mut errors = FieldErrors::default();
        let category = errors.take("category", expense_category(&new.category));
        let currency = errors.take("currency", Currency::parse(&new.currency));
        let amount = currency
            .and_then(|currency| errors.take("amount", positive_money(&new.amount, currency)));
        errors.finish()?;
        let (Some(category), Some(amount)) = (category, amount) else {
            return Err(BudgetError::invalid("", "invalid budget"));
        };
        let now = self.clock.now();
        let budget = Budget {
            id: BudgetId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            category: category.to_owned(),
            currency: amount.currency(),
            amount_minor: amount.minor(),
            rollover: new.rollover,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let announce = outbox::emit(
            &BudgetCreated {
                user_id: budget.user_id.clone(),
                budget_id: budget.id.clone(),
                category: budget.category.clone(),
                currency: budget.currency,
            },
            self.clock.as_ref(),
        )?;
        match self.budget_store().create(&budget, announce).await {
            Ok(()) => Ok(budget),
            Err(TableError::ConditionFailed {
                at: Some(GUARD_WRITE),
            }) => Err(BudgetError::Conflict(
                "a budget for this category and currency already exists",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// The user's budget, or 404 (also for another user's budget).
    pub async fn budget(
        &self,
        user_id: &UserId,
        budget_id: &BudgetId,
    ) -> Result<Budget, BudgetError> {
        self.budget_store()
            .get(user_id, budget_id)
            .await?
            .ok_or(BudgetError::NotFound("budget"))
    }

    /// One page of the user's budgets, in creation order.
    pub async fn list_budgets(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Budget>, Option<Position>), BudgetError> {
        Ok(self
            .page_of(
                user_id,
                crate::keys::BUDGET_PREFIX.to_owned(),
                false,
                limit,
                start_after,
            )
            .await?)
    }

    pub async fn change_budget(
        &self,
        user_id: &UserId,
        budget_id: &BudgetId,
        changes: BudgetChanges,
    ) -> Result<Budget, BudgetError> {
        let mut budget = self.budget(user_id, budget_id).await?;
        let mut errors = FieldErrors::default();
        if let Some(raw) = &changes.currency {
            errors.take("currency", same_currency(raw, budget.currency));
        }
        let amount = changes
            .amount
            .as_deref()
            .and_then(|raw| errors.take("amount", positive_money(raw, budget.currency)));
        errors.finish()?;
        if let Some(amount) = amount {
            budget.amount_minor = amount.minor();
        }
        if let Some(rollover) = changes.rollover {
            budget.rollover = rollover;
        }
        match self
            .budget_store()
            .save(&mut budget, self.clock.now())
            .await
        {
            Ok(()) => Ok(budget),
            Err(TableError::ConditionFailed { .. }) => Err(BudgetError::Conflict(
                "the budget changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }

    pub async fn delete_budget(
        &self,
        user_id: &UserId,
        budget_id: &BudgetId,
    ) -> Result<(), BudgetError> {
        let budget = self.budget(user_id, budget_id).await?;
        match self.budget_store().delete(&budget).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(BudgetError::Conflict(
                "the budget changed meanwhile; try again",
            )),
            Err(err) => Err(err.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_default_expense_categories_can_have_budgets() {
        assert_eq!(expense_category("groceries"), Ok("groceries"));
        assert!(expense_category("salary").is_err());
        assert!(expense_category("yachts").is_err());
    }

    #[test]
    fn budget_amounts_are_positive_and_exact() {
        let usd = Currency::parse("USD").expect("USD");
        assert_eq!(positive_money("400.50", usd).map(Money::minor), Ok(40_050));
        assert!(positive_money("0", usd).is_err());
        assert!(positive_money("-5", usd).is_err());
        assert!(positive_money("1.005", usd).is_err());
        assert!(same_currency("EUR", usd).is_err());
        assert!(same_currency("usd", usd).is_err());
    }
}
