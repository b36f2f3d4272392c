//! Gamification's typed ids.

ferrofin_platform::typed_id! {
    /// A badge definition.
    pub struct BadgeId;
}

ferrofin_platform::typed_id! {
    /// A challenge definition.
    pub struct ChallengeId;
}
