//! The health function: `GET /health` (liveness: version, uptime, memory) and `GET /ready`
//! (readiness: the table answers). Both are public; neither reveals anything about users.

mod health;
mod memory;

use ferrofin_platform::http::ApiRouter;

pub use health::{Health, Readiness, ReadinessChecks};
pub use memory::MemoryUsage;

fn api() -> ApiRouter {
    health::routes()
}

ferrofin_platform::endpoint_group!(api);
