//! The risk area's typed ids.

ferrofin_platform::typed_id! {
    /// A risk assessment.
    pub struct AssessmentId;
}
