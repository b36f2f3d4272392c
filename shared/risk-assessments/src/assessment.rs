//! A risk assessment: who asked, about whom, from what, and once computed the engine's
//! assessment (as `ferrofin-risk` serialises it) or why it failed.

use ferrofin_ledger::ids::AccountId;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::Key;
use ferrofin_platform::records::Versioned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::AssessmentId;
use crate::source::Source;
use crate::subject::Subject;

/// The most row errors of a statement an assessment keeps (the count goes on).
pub const MAX_KEPT_ROW_ERRORS: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Queued,
    Completed,
    /// The source could not be read or assessed (see `failure`).
    Failed,
}

/// A statement row that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
}

/// How the rows of a statement were used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementReading {
    /// Rows read without error.
    pub rows: u64,
    /// Rows assessed: in the currency and the window.
    pub used: u64,
    /// Rows that could not be read.
    pub failed: u64,
    /// Rows in another currency than the assessment's.
    pub other_currency: u64,
    /// Rows dated outside the window that was given.
    pub outside_window: u64,
    /// The first [`MAX_KEPT_ROW_ERRORS`] unreadable rows.
    pub errors: Vec<RowProblem>,
}

impl StatementReading {
    pub fn reject(&mut self, problem: RowProblem) {
        self.failed += 1;
        if self.errors.len() < MAX_KEPT_ROW_ERRORS {
            self.errors.push(problem);
        }
    }
}

/// What an assessment read, once it ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadSummary {
    /// The ledger accounts whose transactions were assessed, and how many.
    Transactions {
        account_ids: Vec<AccountId>,
        transactions: u64,
    },
    Statement(StatementReading),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskAssessment {
    pub id: AssessmentId,
    pub subject: Subject,
    /// Who asked (the user, or the staff member for a customer); a statement is their file.
    pub requested_by: UserId,
    pub source: Source,
    pub status: AssessmentStatus,
    pub read: Option<ReadSummary>,
    /// The engine's assessment (score, band, reasons, metrics, months...), when completed.
    pub result: Option<serde_json::Value>,
    pub failure: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
    pub version: u64,
}

impl RiskAssessment {
    pub fn queued(
        id: AssessmentId,
        subject: Subject,
        requested_by: UserId,
        source: Source,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            subject,
            requested_by,
            source,
            status: AssessmentStatus::Queued,
            read: None,
            result: None,
            failure: None,
            created_at: now,
            updated_at: now,
            completed_at: None,
            version: 0,
        }
    }

    pub fn complete(&mut self, read: ReadSummary, result: serde_json::Value, at: OffsetDateTime) {
        self.status = AssessmentStatus::Completed;
        self.read = Some(read);
        self.result = Some(result);
        self.completed_at = Some(at);
    }

    pub fn fail(&mut self, read: Option<ReadSummary>, reason: String, at: OffsetDateTime) {
        self.status = AssessmentStatus::Failed;
        self.read = read;
        self.failure = Some(reason);
        self.completed_at = Some(at);
    }
}

impl Versioned for RiskAssessment {
    fn key(&self) -> Key {
        crate::keys::assessment(&self.subject, &self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}
