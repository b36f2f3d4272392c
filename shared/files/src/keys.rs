//! Files' table keys and object keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | file | `USER#<uid>` | `FILE#<file id>` |
//!
//! A file's bytes are uploaded to `uploads/users/<uid>/files/<file id>` (the bucket's
//! lifecycle rule removes what stays there a day) and moved on completion to
//! `users/<uid>/files/<file id>`. Both are derived from the owner's record, never from client
//! input.

use ferrofin_platform::ids::UserId;
use ferrofin_platform::keys::user_objects;
pub use ferrofin_platform::keys::{UPLOADS_PREFIX, user_partition};
use ferrofin_platform::ports::table::Key;

use crate::ids::FileId;

pub const FILE_PREFIX: &str = "FILE#";

pub fn file(user_id: &UserId, file_id: &FileId) -> Key {
    Key::new(user_partition(user_id), format!("{FILE_PREFIX}{file_id}"))
}

/// Where a completed file's bytes are kept.
pub fn object(user_id: &UserId, file_id: &FileId) -> String {
    format!("{}files/{file_id}", user_objects(user_id))
}

/// Where the client uploads a declared file's bytes.
pub fn upload_object(user_id: &UserId, file_id: &FileId) -> String {
    format!("{UPLOADS_PREFIX}{}", object(user_id, file_id))
}
