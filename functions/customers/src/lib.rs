//! The customers function: `/v1/customers/...` — customers (create, read with masking, replace,
//! patch, soft delete, search, statistics, batch changes) and customer groups (CRUD, bulk
//! membership, both directions of listing). Every route checks its permission through
//! `AuthUser::require`; the rules live in `ferrofin_customers`.

mod batch;
mod customers;
mod groups;
mod members;
mod search;
mod views;

use ferrofin_customers::Actor;
use ferrofin_identity::AuthUser;
use ferrofin_identity::RequestMeta;
use ferrofin_platform::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The staff member behind a request, for the services and the audit log.
fn actor(user: &AuthUser, meta: RequestMeta) -> Actor {
    Actor {
        user_id: user.user_id.clone(),
        ip: meta.ip,
    }
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(customers::create, search::list))
        .routes(routes!(search::statistics))
        .routes(routes!(batch::batch_update))
        .routes(routes!(
            customers::get,
            customers::replace,
            customers::patch,
            customers::delete
        ))
        .routes(routes!(members::groups_of_customer))
        .routes(routes!(groups::create, groups::list))
        .routes(routes!(groups::get, groups::replace, groups::delete))
        .routes(routes!(members::add, members::remove, members::list))
}

ferrofin_platform::endpoint_group!(api);
