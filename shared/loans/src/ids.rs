//! The lending area's typed ids.

ferrofin_platform::typed_id! {
    /// A loan product.
    pub struct ProductId;
}

ferrofin_platform::typed_id! {
    /// A loan, from its application to its end.
    pub struct LoanId;
}
