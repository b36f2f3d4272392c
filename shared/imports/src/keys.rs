//! Imports' table keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | import job | `USER#<uid>` | `IMPORT#<import id>` |

use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

use crate::ids::ImportId;

pub const IMPORT_PREFIX: &str = "IMPORT#";

pub fn import(user_id: &UserId, import_id: &ImportId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{IMPORT_PREFIX}{import_id}"),
    )
}
