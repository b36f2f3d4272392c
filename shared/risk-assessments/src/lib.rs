//! Risk assessments as background jobs. A user asks for an assessment of their own cash flow
//! (their ledger over a window, or an uploaded bank statement), or staff holding
//! `risk:customers` ask for one of a customer's statement; the request is stored `queued` and
//! a message goes to the risk queue. The risk worker reads the source (nothing is written to
//! the ledger), computes the assessment with `ferrofin-risk` and stores it `completed`, or
//! `failed` with the reason. Assessments live in their subject's partition (the user's or the
//! customer's). See docs/risk.md.

pub mod assessment;
pub mod error;
pub mod ids;
pub mod keys;
pub mod ledger_window;
pub mod queue;
pub mod runner;
pub mod service;
pub mod source;
pub mod statement;
pub mod store;
pub mod subject;

pub use assessment::{AssessmentStatus, RiskAssessment, StatementReading};
pub use error::RiskAssessmentError;
pub use ids::AssessmentId;
pub use queue::RunAssessment;
pub use runner::AssessmentRunner;
pub use service::{Caller, RiskAssessments};
pub use source::{MAX_WINDOW_DAYS, Source};
pub use subject::Subject;
