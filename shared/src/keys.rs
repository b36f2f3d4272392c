//! Every table key is built here, never with `format!` in handlers, so the key design of
//! DESIGN.md §4 lives in one place. Entity modules add their builders as they arrive.

use crate::ports::table::Key;

/// The item the readiness check reads; it need not exist.
pub fn readiness_probe() -> Key {
    Key::new("SYSTEM", "READINESS_PROBE")
}
