//! The risk area's table keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | a user's assessment of their own cash flow | `USER#<uid>` | `RISK#<assessment id>` |
//! | a customer's assessment | `CUSTOMER#<customer id>` | `RISK#<assessment id>` |
//! | where a customer's assessment is (by id alone) | `RISK_ASSESSMENT#<assessment id>` | `SUBJECT` |

use ferrofin_customers::keys::customer_partition;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::table::Key;

use crate::ids::AssessmentId;
use crate::subject::Subject;

pub const ASSESSMENT_PREFIX: &str = "RISK#";

/// The partition of the subject's assessments.
pub fn subject_partition(subject: &Subject) -> String {
    match subject {
        Subject::User(user_id) => user_partition(user_id),
        Subject::Customer(customer_id) => customer_partition(customer_id),
    }
}

pub fn assessment(subject: &Subject, id: &AssessmentId) -> Key {
    Key::new(
        subject_partition(subject),
        format!("{ASSESSMENT_PREFIX}{id}"),
    )
}

pub fn subject_pointer(id: &AssessmentId) -> Key {
    Key::new(format!("RISK_ASSESSMENT#{id}"), "SUBJECT")
}
