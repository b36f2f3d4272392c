//! Imports' table keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | import job | `USER#<uid>` | `IMPORT#<import id>` |
//! | the CSV mapping last used for an account | `USER#<uid>` | `IMPORT_MAPPING#<account id>` |

use ferrofin_platform::ids::UserId;
pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

use ferrofin_ledger::ids::AccountId;

use crate::ids::ImportId;

pub const IMPORT_PREFIX: &str = "IMPORT#";

pub fn import(user_id: &UserId, import_id: &ImportId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{IMPORT_PREFIX}{import_id}"),
    )
}

pub const MAPPING_PREFIX: &str = "IMPORT_MAPPING#";

pub fn mapping(user_id: &UserId, account_id: &AccountId) -> Key {
    Key::new(
        user_partition(user_id),
        format!("{MAPPING_PREFIX}{account_id}"),
    )
}
