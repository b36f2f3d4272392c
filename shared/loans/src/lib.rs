//! Lending: loan products (the calculator's settings as defaults, ranges an application must
//! stay within, approval levels by amount; changed only by new versions) and loans from
//! application to disbursement — drafted by staff for a customer or by a user for themselves,
//! handed in, approved level by level by different people holding `loans:approve:levelN`,
//! rejected or withdrawn at the allowed points, and disbursed, which books the calculator's
//! schedule for the loan's request. Every decision is audited with its comment in the same
//! table transaction. See docs/lending.md.

pub mod daily;
pub mod error;
pub mod events;
pub mod ids;
pub mod index;
pub mod keys;
pub mod loan;
pub mod loans;
pub mod portfolio;
pub mod product;
pub mod product_input;
pub mod products;
pub mod store;

pub use daily::{DailyStep, RunDaily};
pub use error::LoanError;
pub use events::{InstallmentOwed, LoanRepaymentDue, LoanRepaymentOverdue};
pub use ids::{LoanId, ProductId};
pub use index::{LoanList, LoanSummary};
pub use loan::{Applicant, Loan, LoanStatus};
pub use loans::{Application, Caller, Loans};
pub use product::{LoanAsk, LoanProduct, ProductStatus};
pub use product_input::ProductInput;
pub use products::Products;
