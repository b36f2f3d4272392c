//! The default categories every user has. Users add their own (`user_categories.rs`); a
//! transaction's category is one of these or one of the user's.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Whether a category collects income or spending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    Income,
    Expense,
}

/// A category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Category {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: CategoryKind,
}

const fn category(id: &'static str, name: &'static str, kind: CategoryKind) -> Category {
    Category { id, name, kind }
}

/// The default categories.
pub const DEFAULT_CATEGORIES: &[Category] = &[
    category("salary", "Salary", CategoryKind::Income),
    category("business_income", "Business income", CategoryKind::Income),
    category("interest", "Interest and dividends", CategoryKind::Income),
    category("refunds", "Refunds", CategoryKind::Income),
    category("gifts_received", "Gifts received", CategoryKind::Income),
    category("groceries", "Groceries", CategoryKind::Expense),
    category("dining", "Restaurants and cafés", CategoryKind::Expense),
    category("rent", "Rent and mortgage", CategoryKind::Expense),
    category("utilities", "Utilities", CategoryKind::Expense),
    category("transport", "Transport", CategoryKind::Expense),
    category("health", "Health", CategoryKind::Expense),
    category("insurance", "Insurance", CategoryKind::Expense),
    category("entertainment", "Entertainment", CategoryKind::Expense),
    category("shopping", "Shopping", CategoryKind::Expense),
    category("travel", "Travel", CategoryKind::Expense),
    category("education", "Education", CategoryKind::Expense),
    category("subscriptions", "Subscriptions", CategoryKind::Expense),
    category("taxes", "Taxes", CategoryKind::Expense),
    category("fees", "Fees and charges", CategoryKind::Expense),
    category("other", "Other", CategoryKind::Expense),
];

/// The category with this id, if it exists.
pub fn find(id: &str) -> Option<&'static Category> {
    DEFAULT_CATEGORIES.iter().find(|category| category.id == id)
}
