//! Files: a user's uploads. A client declares a file (name, type, size, purpose), uploads the
//! bytes straight to the object store with a presigned request that fixes type and size, then
//! confirms it; the service checks the stored object against the declaration and its first
//! bytes against the declared type before the file is `ready`. Objects live under
//! `users/<user>/files/<file>` and are reached only through their owner's records. Other areas
//! (statement import, risk assessment) read ready files through [`Files`]. See docs/files.md.

pub mod error;
pub mod file;
pub mod ids;
pub mod keys;
pub mod purpose;
pub mod service;
pub mod sniff;
pub mod upload;

pub use error::FileError;
pub use file::{FileRecord, FileStatus};
pub use ids::FileId;
pub use purpose::Purpose;
pub use service::{DeclaredUpload, Files};
pub use upload::Upload;
