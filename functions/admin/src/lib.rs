//! The admin function: `/v1/admin/users/{id}/...` — change a user's role, ban a user, and read a
//! user's audit log. Every route checks its permission through `AuthUser::require`.

mod audit;
mod users;

use ferrofin_platform::http::ApiRouter;

pub use audit::AuditEntryView;
pub use users::{RoleChange, UserRole};

fn api() -> ApiRouter {
    users::routes().merge(audit::routes())
}

ferrofin_platform::endpoint_group!(api);
