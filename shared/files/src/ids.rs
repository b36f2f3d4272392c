//! Files' typed ids.

ferrofin_platform::typed_id! {
    /// A file of a user.
    pub struct FileId;
}
