//! The admin function: `/v1/admin/...` — search users and read one account, change a user's
//! role, ban and unban, unlock, sign out everywhere, resend the verification link; read, search
//! and export the audit log; see the queues and redrive their dead letters, and the background
//! jobs (imports, erasures, scheduled runs) with their state; read and change the runtime
//! settings. Every route checks its permission through `AuthUser::require`; the
//! identity logic is `ferrofin_identity`'s.

mod access;
mod audit;
mod directory;
mod jobs;
mod queues;
mod settings;
mod users;

use ferrofin_platform::http::ApiRouter;

pub use audit::AuditEntryView;
pub use users::{RoleChange, UserRole};

fn api() -> ApiRouter {
    users::routes()
        .merge(directory::routes())
        .merge(access::routes())
        .merge(audit::routes())
        .merge(queues::routes())
        .merge(jobs::routes())
        .merge(settings::routes())
}

ferrofin_platform::endpoint_group!(api);
