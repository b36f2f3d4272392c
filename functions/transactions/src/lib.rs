//! The transactions function: `/v1/transactions` — record (idempotently with `Idempotency-Key`),
//! list with filters and cursor pagination, read, change and delete transactions and transfers.
//! Every write moves the account balance and the rollups in the same table transaction. Also
//! the caller's categories (`categories`) and categorisation rules (`rules`).

mod categories;
mod rule_dto;
mod rules;
mod transaction_dto;
mod transactions;

use ferrofin_platform::http::ApiRouter;

pub use transaction_dto::{
    ChangeTransaction, ListTransactions, RecordTransaction, TransactionView,
};

fn api() -> ApiRouter {
    transactions::routes()
        .merge(categories::routes())
        .merge(rules::routes())
}

ferrofin_platform::endpoint_group!(api);
