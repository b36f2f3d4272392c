//! The errors that end a parse: the input is not a statement this crate can read, or reading it
//! failed. Errors of a single row are [`crate::RowError`] instead.

use std::io;

/// Why a statement cannot be read at all. Each message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error("reading the file failed: {0}")]
    Io(#[from] io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text ({0}); upload the statement as CSV or OFX")]
    Binary(String),
    #[error(
        "unknown encoding '{0}': use a label such as utf-8, windows-1252, iso-8859-1, utf-16le or utf-16be"
    )]
    UnknownEncoding(String),
    #[error(
        "{what} at {at} is longer than the limit of {limit} bytes; this is not a bank statement, or the delimiter or quoting is wrong"
    )]
    TooLong {
        /// What was too long: "a row", "an OFX element or value".
        what: &'static str,
        /// Where: "row 12" of a CSV, "line 3" of an OFX file.
        at: String,
        limit: usize,
    },
    #[error("not a CSV statement: {0}")]
    NotCsv(String),
    #[error("the column mapping does not fit the file: {0}")]
    Mapping(String),
    #[error("date format: {0}")]
    DateFormat(String),
    #[error("the options are not usable: {0}")]
    Options(String),
    #[error("not an OFX statement: {0}")]
    NotOfx(String),
    #[error("the OFX file is malformed: {0}")]
    MalformedOfx(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let too_long = StatementError::TooLong {
            what: "a row",
            at: "row 3".into(),
            limit: 65536,
        };
        assert_eq!(
            too_long.to_string(),
            "a row at row 3 is longer than the limit of 65536 bytes; this is not a bank statement, or the delimiter or quoting is wrong"
        );
        let encoding = StatementError::UnknownEncoding("klingon".into()).to_string();
        assert!(encoding.contains("use a label such as utf-8"), "{encoding}");
    }
}
