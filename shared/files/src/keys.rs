//! Files' table keys and object keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | file | `USER#<uid>` | `FILE#<file id>` |
//!
//! The object of a file is `users/<uid>/files/<file id>`: derived from the owner's record,
//! never from client input.

pub use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

pub const FILE_PREFIX: &str = "FILE#";

pub fn file(user_id: &str, file_id: &str) -> Key {
    Key::new(user_partition(user_id), format!("{FILE_PREFIX}{file_id}"))
}

pub fn object(user_id: &str, file_id: &str) -> String {
    format!("users/{user_id}/files/{file_id}")
}
