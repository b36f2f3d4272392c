//! Assessments in their subject's partition (`RISK#<id>`, newest first), with the pointer that
//! finds a customer's assessment by id.

use std::sync::Arc;

use ferrofin_customers::ids::CustomerId;
use ferrofin_platform::AppState;
use ferrofin_platform::ports::table::{
    Condition, Position, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::{page_under, save_versioned};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::assessment::RiskAssessment;
use crate::error::RiskAssessmentError;
use crate::ids::AssessmentId;
use crate::keys;
use crate::subject::Subject;

/// Where a customer's assessment is.
#[derive(Serialize, Deserialize)]
struct SubjectPointer {
    customer_id: CustomerId,
}

#[derive(Clone)]
pub struct AssessmentStore {
    table: Arc<dyn Table>,
}

impl AssessmentStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// Stores a new assessment (and, for a customer's, its pointer) with `also` (an
    /// idempotency claim) in one table transaction; a failed condition is a conflict.
    pub async fn create_with(
        &self,
        assessment: &RiskAssessment,
        also: Vec<Write>,
    ) -> Result<(), RiskAssessmentError> {
        let mut writes = vec![Write::Put {
            item: to_record(
                assessment,
                &keys::assessment(&assessment.subject, &assessment.id),
                None,
            )?,
            condition: Condition::NotExists,
        }];
        if let Some(customer_id) = assessment.subject.customer() {
            let pointer = SubjectPointer {
                customer_id: customer_id.clone(),
            };
            writes.push(Write::Put {
                item: to_record(&pointer, &keys::subject_pointer(&assessment.id), None)?,
                condition: Condition::NotExists,
            });
        }
        writes.extend(also);
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(RiskAssessmentError::Conflict),
            Err(err) => Err(err.into()),
        }
    }

    pub async fn get(
        &self,
        subject: &Subject,
        id: &AssessmentId,
    ) -> Result<Option<RiskAssessment>, RiskAssessmentError> {
        Ok(self
            .table
            .get(&keys::assessment(subject, id))
            .await?
            .map(from_record)
            .transpose()?)
    }

    /// The customer whose assessment `id` is, if it is a customer's.
    pub async fn customer_of(
        &self,
        id: &AssessmentId,
    ) -> Result<Option<CustomerId>, RiskAssessmentError> {
        Ok(self
            .table
            .get(&keys::subject_pointer(id))
            .await?
            .map(from_record::<SubjectPointer>)
            .transpose()?
            .map(|pointer| pointer.customer_id))
    }

    /// Saves `assessment` if nobody saved it since it was read.
    pub async fn save(
        &self,
        assessment: &mut RiskAssessment,
        now: OffsetDateTime,
    ) -> Result<(), RiskAssessmentError> {
        match save_versioned(self.table.as_ref(), assessment, now).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(RiskAssessmentError::Conflict),
            Err(err) => Err(err.into()),
        }
    }

    /// One page of the subject's assessments, newest first.
    pub async fn page(
        &self,
        subject: &Subject,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<RiskAssessment>, Option<Position>), RiskAssessmentError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::subject_partition(subject),
            keys::ASSESSMENT_PREFIX,
            true,
            limit,
            start_after,
        )
        .await?)
    }
}
