//! The loans function: the calculator (`/v1/loans/calculate*`: a loan's schedule with its APR
//! and effective annual rate, an early repayment, up to five loans side by side; nothing
//! stored), loan products (`/v1/loan-products`) and loans from application to disbursement
//! (`/v1/loans`). The calculator's engine is the one that books loans, so a preview is the
//! booked schedule.

mod calculate;
mod calculate_dto;
mod loan_dto;
mod loans;
mod product_dto;
mod products;

use ferrofin_platform::http::ApiRouter;

pub use calculate_dto::{CompareLoans, Comparisons, EarlyRepaymentRequest};

fn api() -> ApiRouter {
    calculate::routes()
        .merge(products::routes())
        .merge(loans::routes())
}

ferrofin_platform::endpoint_group!(api);
