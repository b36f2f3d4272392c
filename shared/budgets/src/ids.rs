//! Budgets' typed ids.

ferrofin_platform::typed_id! {
    /// A monthly budget of a user.
    pub struct BudgetId;
}

ferrofin_platform::typed_id! {
    /// A savings goal of a user.
    pub struct GoalId;
}

ferrofin_platform::typed_id! {
    /// One contribution to a goal.
    pub struct ContributionId;
}
