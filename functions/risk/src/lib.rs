//! The risk function: `/v1/risk/assessments` — ask for a risk assessment of the caller's own
//! transactions over a window or of a statement they uploaded (queued: the risk worker computes
//! it), read and list them; staff holding `risk:customers` assess a customer's statement and
//! read a customer's assessments.

mod assessment_dto;
mod assessments;

use ferrofin_platform::http::ApiRouter;

pub use assessment_dto::{AssessmentView, RequestAssessment};

fn api() -> ApiRouter {
    assessments::routes()
}

ferrofin_platform::endpoint_group!(api);
