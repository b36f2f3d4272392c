//! Identity's typed ids (the user's is the platform's [`UserId`](ferrofin_platform::ids::UserId)).

ferrofin_platform::typed_id! {
    /// A signed-in session of a user: the `sid` of its access tokens.
    pub struct SessionId;
}
