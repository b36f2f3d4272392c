//! Why a file operation failed, and how each reason reads to a client.

use ferrofin_platform::fields::{ErrorDetail, Invalid};
use ferrofin_platform::ports::blobs::BlobError;
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::{IntoProblem, Problem};

/// Failures of the file service.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FileError {
    #[error("file not found")]
    NotFound,
    #[error("some fields are invalid")]
    Invalid(Vec<ErrorDetail>),
    /// `complete` was called before the object was uploaded.
    #[error("nothing has been uploaded for this file yet")]
    NotUploaded,
    /// The uploaded object is not what was declared; it has been removed.
    #[error("the uploaded object does not match the declaration: {0}")]
    Mismatch(String),
    /// The file is declared but not confirmed yet.
    #[error("the file has not been completed")]
    NotReady,
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Blob(#[from] BlobError),
}

impl FileError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![ErrorDetail {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

impl From<Invalid> for FileError {
    fn from(invalid: Invalid) -> Self {
        Self::Invalid(invalid.0)
    }
}

impl IntoProblem for FileError {
    fn into_problem(self) -> Problem {
        let message = self.to_string();
        match self {
            Self::NotFound => Problem::not_found("file"),
            Self::Invalid(details) => Problem::invalid(details).with_message(message),
            Self::NotUploaded | Self::NotReady => Problem::conflict(message),
            Self::Mismatch(reason) => Problem::invalid(vec![ErrorDetail {
                field: "file".to_owned(),
                message: reason,
            }])
            .with_message(message),
            Self::Table(err) => err.into_problem(),
            Self::Blob(err) => err.into_problem(),
        }
    }
}
