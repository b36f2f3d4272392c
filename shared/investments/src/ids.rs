//! Investments' typed ids.

ferrofin_platform::typed_id! {
    /// A portfolio of a user.
    pub struct PortfolioId;
}

ferrofin_platform::typed_id! {
    /// One security in one account of a portfolio.
    pub struct HoldingId;
}

ferrofin_platform::typed_id! {
    /// One activity (buy, sell, dividend, ...) of a holding.
    pub struct ActivityId;
}
