//! A declared upload, checked: a file name a user would recognise and any file system accepts,
//! a content type the purpose allows (its parameters such as `charset` dropped, lower case: the
//! exact value the presigned request signs), and a size within the purpose's limit.

use ferrofin_platform::fields::FieldErrors;

use crate::error::FileError;
use crate::purpose::Purpose;

/// Longest file name, in characters.
pub const MAX_FILENAME_CHARS: usize = 255;

/// What a client wants to upload, as it asked.
#[derive(Clone, Debug)]
pub struct Upload {
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub purpose: Purpose,
}

impl Upload {
    /// Checks every field and answers the upload as it will be stored, or every problem.
    pub fn checked(
        filename: &str,
        content_type: &str,
        size: u64,
        purpose: Purpose,
    ) -> Result<Self, FileError> {
        let mut errors = FieldErrors::default();
        let filename = errors.take("filename", check_filename(filename));
        let content_type = errors.take("content_type", check_content_type(content_type, purpose));
        if size == 0 {
            errors.push("size", "must be at least 1 byte");
        } else if size > purpose.max_size() {
            errors.push(
                "size",
                format!(
                    "must be at most {} bytes for purpose {}",
                    purpose.max_size(),
                    purpose_name(purpose)
                ),
            );
        }
        errors.finish()?;
        let (Some(filename), Some(content_type)) = (filename, content_type) else {
            return Err(FileError::invalid("", "invalid upload"));
        };
        Ok(Self {
            filename,
            content_type,
            size,
            purpose,
        })
    }
}

fn purpose_name(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Import => "import",
        Purpose::Statement => "statement",
        Purpose::Document => "document",
    }
}

fn check_filename(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if name.chars().count() > MAX_FILENAME_CHARS {
        return Err(format!("must be at most {MAX_FILENAME_CHARS} characters"));
    }
    if name == "." || name == ".." {
        return Err("must be a file name".to_owned());
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '/' || c == '\\')
    {
        return Err("must not contain control characters, '/' or '\\'".to_owned());
    }
    Ok(name.to_owned())
}

fn check_content_type(raw: &str, purpose: Purpose) -> Result<String, String> {
    let essence = raw
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if purpose.accepts(&essence) {
        Ok(essence)
    } else {
        Err(format!(
            "must be one of {} for purpose {}",
            purpose.content_types().join(", "),
            purpose_name(purpose)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(result: Result<Upload, FileError>) -> Vec<String> {
        match result {
            Err(FileError::Invalid(details)) => details.into_iter().map(|d| d.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_declaration_is_normalised() {
        let upload = Upload::checked(
            " march.csv ",
            "Text/CSV; charset=utf-8",
            2048,
            Purpose::Import,
        )
        .expect("valid");
        assert_eq!(upload.filename, "march.csv");
        assert_eq!(upload.content_type, "text/csv");
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        assert_eq!(
            fields(Upload::checked(
                "a/b.csv",
                "application/pdf",
                0,
                Purpose::Import
            )),
            ["filename", "content_type", "size"]
        );
        assert_eq!(
            fields(Upload::checked(
                "big.pdf",
                "application/pdf",
                10 * 1024 * 1024 + 1,
                Purpose::Document
            )),
            ["size"]
        );
        assert_eq!(
            fields(Upload::checked(
                &"x".repeat(256),
                "text/csv",
                1,
                Purpose::Import
            )),
            ["filename"]
        );
        assert_eq!(
            fields(Upload::checked("..", "text/csv", 1, Purpose::Import)),
            ["filename"]
        );
    }
}
