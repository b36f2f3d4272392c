//! The ledger's typed ids. A default category has none: it is a fixed name (`groceries`), and a
//! transaction's, rule's or parent's category is a reference to either kind, so those stay text.

ferrofin_platform::typed_id! {
    /// An account of a user.
    pub struct AccountId;
}

ferrofin_platform::typed_id! {
    /// A transaction: one leg of a transfer has its own.
    pub struct TransactionId;
}

ferrofin_platform::typed_id! {
    /// A category a user added (the default categories are fixed names instead).
    pub struct CategoryId;
}

ferrofin_platform::typed_id! {
    /// A categorisation rule of a user.
    pub struct RuleId;
}
