//! Whose cash flow an assessment is about: the user who asked, or a customer (staff asked).

use ferrofin_customers::ids::CustomerId;
use ferrofin_platform::ids::UserId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    User(UserId),
    Customer(CustomerId),
}

impl Subject {
    /// The customer, for a customer's assessment.
    pub fn customer(&self) -> Option<&CustomerId> {
        match self {
            Self::User(_) => None,
            Self::Customer(customer_id) => Some(customer_id),
        }
    }
}
