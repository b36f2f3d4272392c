//! The assistant's typed ids.

ferrofin_platform::typed_id! {
    /// A conversation of a user with the assistant.
    pub struct ConversationId;
}

ferrofin_platform::typed_id! {
    /// One message of a conversation (the user's question or the assistant's answer).
    pub struct MessageId;
}

ferrofin_platform::typed_id! {
    /// A write the assistant proposed, waiting for the user to confirm or discard it.
    pub struct DraftId;
}
