//! Imports' typed ids.

ferrofin_platform::typed_id! {
    /// An import job of a user.
    pub struct ImportId;
}
