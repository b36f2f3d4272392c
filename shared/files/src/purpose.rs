//! What a file is for, and what each purpose accepts: the content types and the largest size.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Content types of bank statements: CSV and OFX/QFX (several names are in use for both).
const STATEMENT_TYPES: &[&str] = &[
    "text/csv",
    "text/plain",
    "application/csv",
    "application/x-ofx",
    "application/ofx",
    "application/vnd.intu.qfx",
    "application/x-qfx",
];

const DOCUMENT_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "text/csv",
];

const MIB: u64 = 1024 * 1024;

/// What a file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A bank statement to import into an account (CSV, OFX, QFX; up to 100 MiB).
    Import,
    /// A bank statement for a risk assessment, never written to the ledger (CSV, OFX, QFX; up
    /// to 25 MiB).
    Statement,
    /// A document kept with the user's records (PDF, PNG, JPEG, text, CSV; up to 10 MiB).
    Document,
}

impl Purpose {
    /// The content types a file of this purpose may have.
    pub fn content_types(self) -> &'static [&'static str] {
        match self {
            Self::Import | Self::Statement => STATEMENT_TYPES,
            Self::Document => DOCUMENT_TYPES,
        }
    }

    /// Every content type some purpose accepts, each once.
    pub fn all_content_types() -> Vec<&'static str> {
        let mut types: Vec<&'static str> = STATEMENT_TYPES
            .iter()
            .chain(DOCUMENT_TYPES)
            .copied()
            .collect();
        types.sort_unstable();
        types.dedup();
        types
    }

    /// The largest file of this purpose, in bytes.
    pub fn max_size(self) -> u64 {
        match self {
            Self::Import => 100 * MIB,
            Self::Statement => 25 * MIB,
            Self::Document => 10 * MIB,
        }
    }

    pub fn accepts(self, content_type: &str) -> bool {
        self.content_types().contains(&content_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_accept_csv_and_ofx_but_not_pdf() {
        for purpose in [Purpose::Import, Purpose::Statement] {
            assert!(purpose.accepts("text/csv"));
            assert!(purpose.accepts("application/x-ofx"));
            assert!(!purpose.accepts("application/pdf"));
        }
        assert!(Purpose::Document.accepts("application/pdf"));
        assert!(!Purpose::Document.accepts("application/x-ofx"));
    }
}
