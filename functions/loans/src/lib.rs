//! The loans function: `/v1/loans` — today the calculator: a loan's repayment schedule with its
//! APR and effective annual rate, an early repayment's new schedule and the interest it saves,
//! and up to five loans side by side. Nothing is stored; any signed-in user may calculate. The
//! engine (`ferrofin-loan-calc`) is the one that books loans, so a preview is the booked
//! schedule.

mod calculate;
mod calculate_dto;

use ferrofin_platform::http::ApiRouter;

pub use calculate_dto::{CompareLoans, Comparisons, EarlyRepaymentRequest};

fn api() -> ApiRouter {
    calculate::routes()
}

ferrofin_platform::endpoint_group!(api);
