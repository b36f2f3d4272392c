//! The lists a loan appears in, each a partition of copies (`LOANIDX#<path>`) sorted by
//! creation, newest first: every loan, by status, by applicant (customer or user), by product,
//! by officer, and active loans by delinquency bucket. A save rewrites the copies in the loan's own table transaction: it puts the
//! paths the loan is on now and deletes the ones it left (a status change moves it).

use std::collections::BTreeSet;

use ferrofin_customers::ids::CustomerId;
use ferrofin_loan_servicing::DelinquencyBucket;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Condition, TableError, Write, to_record};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{LoanId, ProductId};
use crate::keys;
use crate::loan::{Applicant, Loan, LoanStatus};

/// One list of loans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoanList {
    All,
    Status(LoanStatus),
    Customer(CustomerId),
    User(UserId),
    Product(ProductId),
    Officer(UserId),
    /// Active loans in a delinquency bucket, as the daily run last found them.
    Delinquency(DelinquencyBucket),
}

impl LoanList {
    pub fn path(&self) -> String {
        match self {
            Self::All => "ALL".to_owned(),
            Self::Status(status) => format!("STATUS#{}", status.name()),
            Self::Customer(id) => format!("CUSTOMER#{id}"),
            Self::User(id) => format!("USER#{id}"),
            Self::Product(id) => format!("PRODUCT#{id}"),
            Self::Officer(id) => format!("OFFICER#{id}"),
            Self::Delinquency(bucket) => format!("DELINQUENCY#{}", bucket.name()),
        }
    }
}

/// What a list shows of a loan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoanSummary {
    pub id: LoanId,
    pub applicant: Applicant,
    pub product_id: ProductId,
    pub status: LoanStatus,
    /// Decimal string, with `currency`.
    pub principal: String,
    pub currency: String,
    pub officer: Option<UserId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl LoanSummary {
    pub fn of(loan: &Loan) -> Self {
        Self {
            id: loan.id.clone(),
            applicant: loan.applicant.clone(),
            product_id: loan.product_id.clone(),
            status: loan.status,
            principal: loan.request.principal.clone(),
            currency: loan.request.currency.clone(),
            officer: loan.officer.clone(),
            created_at: loan.created_at,
        }
    }
}

/// The lists `loan` is on.
pub fn lists_of(loan: &Loan) -> Vec<LoanList> {
    let mut lists = vec![
        LoanList::All,
        LoanList::Status(loan.status),
        match &loan.applicant {
            Applicant::Customer(id) => LoanList::Customer(id.clone()),
            Applicant::User(id) => LoanList::User(id.clone()),
        },
        LoanList::Product(loan.product_id.clone()),
    ];
    lists.extend(loan.officer.clone().map(LoanList::Officer));
    if loan.status == LoanStatus::Active
        && let Some(standing) = &loan.standing
        && standing.bucket != DelinquencyBucket::None
    {
        lists.push(LoanList::Delinquency(standing.bucket));
    }
    lists
}

/// The writes that put `loan` on its lists and take it off the lists `before` was on.
pub fn index_writes(before: Option<&Loan>, loan: &Loan) -> Result<Vec<Write>, TableError> {
    let created = loan.created_at.unix_timestamp();
    let now: BTreeSet<String> = lists_of(loan).iter().map(LoanList::path).collect();
    let summary = LoanSummary::of(loan);
    let mut writes = Vec::new();
    for path in &now {
        let key = keys::loan_index(path, created, &loan.id);
        writes.push(Write::Put {
            item: to_record(&summary, &key, None)?,
            condition: Condition::Always,
        });
    }
    for old in before.map(lists_of).unwrap_or_default() {
        let path = old.path();
        if !now.contains(&path) {
            writes.push(Write::Delete {
                key: keys::loan_index(&path, created, &loan.id),
                condition: Condition::Always,
            });
        }
    }
    Ok(writes)
}
