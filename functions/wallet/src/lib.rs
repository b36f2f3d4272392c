//! The wallet function: `/v1/wallet/summary`, `/cashflow` and `/networth` — analytics read from
//! the rollups kept on every transaction write, so their cost does not grow with the number of
//! transactions. Amounts are decimal strings per currency.

mod wallet;
mod wallet_dto;

use ferrofin_platform::http::ApiRouter;

pub use wallet_dto::{
    CashFlow, CashFlowPeriod, CategoryView, CurrencySeries, FlowView, NetWorth, NetWorthPeriod,
    NetWorthView, Period, Summary, SummaryView,
};

fn api() -> ApiRouter {
    wallet::routes()
}

ferrofin_platform::endpoint_group!(api);
