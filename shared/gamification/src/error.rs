//! Why a gamification operation failed, and the API error each failure is.

use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

#[derive(Debug, thiserror::Error)]
pub enum GamificationError {
    /// No such badge, challenge or participation (also: another user's).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request contradicts the state (a challenge that has ended, a completed one left).
    #[error("{0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Table(#[from] TableError),
}

impl IntoProblem for GamificationError {
    fn into_problem(self) -> Problem {
        match self {
            Self::NotFound(what) => Problem::not_found(what),
            Self::Conflict(message) => Problem::conflict(message),
            Self::Table(err) => err.into_problem(),
        }
    }
}
