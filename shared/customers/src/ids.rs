//! Customers' typed ids.

ferrofin_platform::typed_id! {
    /// A customer of the lender.
    pub struct CustomerId;
}

ferrofin_platform::typed_id! {
    /// A customer group.
    pub struct GroupId;
}
