//! The customers function: `/v1/customers/...` — customers (create, read with masking, replace,
//! patch, soft delete, search, statistics, batch changes) and customer groups (CRUD, bulk
//! membership, both directions of listing). Every route checks its permission through
//! `AuthUser::require`; the rules live in `ferrofin_customers`.

mod batch;
mod customer_dto;
mod customers;
mod groups;
mod members;
mod search;

use ferrofin_platform::http::ApiRouter;

fn api() -> ApiRouter {
    customers::routes()
        .merge(search::routes())
        .merge(batch::routes())
        .merge(groups::routes())
        .merge(members::routes())
}

ferrofin_platform::endpoint_group!(api);
