//! The accounts function: `/v1/accounts` — open an account (kind, currency, opening balance),
//! list, read, rename and archive. Balances move only with transactions.

mod account_dto;
mod accounts;

use ferrofin_platform::http::ApiRouter;

pub use account_dto::{AccountView, ChangeAccount, ListAccounts, OpenAccount};

fn api() -> ApiRouter {
    accounts::routes()
}

ferrofin_platform::endpoint_group!(api);
