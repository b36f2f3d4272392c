//! A loan from its application to its end, and the transitions between its states:
//!
//! ```text
//! draft --submit--> submitted --approve (each required level)--> approved --disburse--> active
//!   |                   |  \--reject--> rejected                      |          repaid |  ^ a reversal
//!   \------withdraw-----+----------------withdraw---------------------/--> withdrawn    v  | reopens it
//!                                                                        write off  closed
//!                                                            written_off <--------/
//! ```
//!
//! Each transition is a method that checks who may take it and answers a 409 for a state that
//! does not allow it; the loan's history records every one with its comment.

use ferrofin_customers::ids::CustomerId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_loan_calc::LoanRequest;
use ferrofin_loan_servicing::{DelinquencyBucket, LoanEvent, ServicingSettings};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::Key;
use ferrofin_platform::records::Versioned;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::error::LoanError;
use crate::ids::{LoanId, ProductId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    Draft,
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
    /// Disbursed: its schedule is booked.
    Active,
    /// Repaid in full.
    Closed,
    /// Given up on: no longer serviced or counted in the portfolio.
    WrittenOff,
}

impl LoanStatus {
    pub const ALL: [Self; 8] = [
        Self::Draft,
        Self::Submitted,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
        Self::Active,
        Self::Closed,
        Self::WrittenOff,
    ];

    /// The stable name (`submitted`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
            Self::Active => "active",
            Self::Closed => "closed",
            Self::WrittenOff => "written_off",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.name() == text)
    }
}

/// The last installment of a loan announced due soon, and overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announced {
    pub due: Option<u32>,
    pub overdue: Option<u32>,
}

/// Who borrows: a customer (staff applied for them) or a user for themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Applicant {
    Customer(CustomerId),
    User(UserId),
}

/// What happened to a loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoanAction {
    Applied,
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
    Disbursed,
    Repaid,
    RepaymentReversed,
    /// The daily run charged a late penalty.
    PenaltyCharged,
    Rescheduled,
    Refunded,
    WrittenOff,
}

/// One step of a loan's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub action: LoanAction,
    pub by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The approval level decided, for approvals and rejections.
    pub level: Option<u8>,
    pub comment: Option<String>,
}

/// Terms a loan was serviced under until a rescheduling: the request, the booked schedule
/// (JSON text) and the events recorded under them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviousTerms {
    pub request: LoanRequest,
    pub schedule: String,
    pub events: Vec<LoanEvent>,
    /// The rescheduling date: the new terms run from it.
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub until: Date,
}

/// New terms from a rescheduling, computed by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTerms {
    pub request: LoanRequest,
    /// The new schedule as JSON text.
    pub schedule: String,
    pub principal_minor: i64,
    pub from: Date,
}

/// What a loan owes after a servicing event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owed {
    /// Nothing is owed any more (repaid, or overpaid).
    pub closed: bool,
    pub principal_minor: i64,
}

/// A loan as of one day of the daily run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub as_of: Date,
    /// Decimal string: interest accrued from the disbursement to `as_of`.
    pub accrued_interest: String,
    pub days_overdue: u32,
    pub bucket: DelinquencyBucket,
    pub non_performing: bool,
}

/// A staff member deciding on a loan, with the approval levels they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approver {
    pub user_id: UserId,
    pub levels: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loan {
    pub id: LoanId,
    pub applicant: Applicant,
    pub product_id: ProductId,
    pub product_version: u32,
    /// The calculator's request: the product's terms with what the application asked.
    pub request: LoanRequest,
    /// The approval levels this loan needs, in order.
    pub required_levels: Vec<u8>,
    pub status: LoanStatus,
    pub purpose: Option<String>,
    pub created_by: UserId,
    /// The staff member who applied for a customer.
    pub officer: Option<UserId>,
    /// The schedule booked at disbursement: the calculator's answer as JSON text, kept as
    /// written so that it reads back byte for byte as the preview.
    pub schedule: Option<String>,
    /// The product version's servicing settings, kept with the loan.
    #[serde(default)]
    pub servicing: ServicingSettings,
    /// What happened to the booked loan (repayments, reversals, penalties), in the order it
    /// was recorded: its state is a replay of these (see `ferrofin-loan-servicing`).
    #[serde(default)]
    pub events: Vec<LoanEvent>,
    /// The borrowing user's account the money is paid into at disbursement.
    #[serde(default)]
    pub payout_account: Option<AccountId>,
    /// The terms the loan was serviced under before each rescheduling, oldest first.
    #[serde(default)]
    pub previous: Vec<PreviousTerms>,
    /// Principal still owed once disbursed (minor units), after every servicing event.
    #[serde(default)]
    pub outstanding_minor: i64,
    /// Where the daily run left the loan: interest accrued and delinquency as of a day.
    #[serde(default)]
    pub standing: Option<Standing>,
    /// The installments last announced due soon and overdue (each announced once).
    #[serde(default)]
    pub announced: Announced,
    pub history: Vec<HistoryEntry>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Versioned for Loan {
    fn key(&self) -> Key {
        crate::keys::loan(&self.id)
    }

    fn version_mut(&mut self) -> &mut u64 {
        &mut self.version
    }

    fn set_updated_at(&mut self, at: OffsetDateTime) {
        self.updated_at = at;
    }
}

/// Who the daily run acts as in a loan's history.
pub fn system_actor() -> UserId {
    UserId::from("SYSTEM")
}

impl Loan {
    /// The user borrowing, when a user applied for themselves.
    pub fn applicant_user(&self) -> Option<&UserId> {
        match &self.applicant {
            Applicant::User(user_id) => Some(user_id),
            Applicant::Customer(_) => None,
        }
    }

    /// The levels approved so far, in order.
    pub fn approved_levels(&self) -> Vec<u8> {
        self.decisions(LoanAction::Approved)
            .filter_map(|entry| entry.level)
            .collect()
    }

    /// The next level to approve, while submitted.
    pub fn next_level(&self) -> Option<u8> {
        let approved = self.approved_levels();
        self.required_levels
            .iter()
            .copied()
            .find(|level| !approved.contains(level))
    }

    fn decisions(&self, action: LoanAction) -> impl Iterator<Item = &HistoryEntry> {
        self.history
            .iter()
            .filter(move |entry| entry.action == action)
    }

    fn record(
        &mut self,
        action: LoanAction,
        by: &UserId,
        at: OffsetDateTime,
        level: Option<u8>,
        comment: Option<String>,
    ) {
        self.history.push(HistoryEntry {
            action,
            by: by.clone(),
            at,
            level,
            comment,
        });
    }

    fn expect_status(&self, allowed: &[LoanStatus], action: &str) -> Result<(), LoanError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(LoanError::Conflict(format!(
                "a {} loan cannot be {action}",
                self.status.name()
            )))
        }
    }

    /// The one who applied (or the borrowing user) hands the application in.
    pub fn submit(&mut self, by: &UserId, at: OffsetDateTime) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Draft], "submitted")?;
        self.owned_by(by, "submit")?;
        self.status = LoanStatus::Submitted;
        self.record(LoanAction::Submitted, by, at, None, None);
        Ok(())
    }

    /// Approves the next required level; the loan is approved once every level is.
    pub fn approve(
        &mut self,
        approver: &Approver,
        comment: String,
        at: OffsetDateTime,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Submitted], "approved")?;
        let level = self.decider(approver)?;
        self.record(
            LoanAction::Approved,
            &approver.user_id,
            at,
            Some(level),
            Some(comment),
        );
        if self.next_level().is_none() {
            self.status = LoanStatus::Approved;
        }
        Ok(())
    }

    /// Rejects the application at the next required level.
    pub fn reject(
        &mut self,
        approver: &Approver,
        comment: String,
        at: OffsetDateTime,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Submitted], "rejected")?;
        let level = self.decider(approver)?;
        self.status = LoanStatus::Rejected;
        self.record(
            LoanAction::Rejected,
            &approver.user_id,
            at,
            Some(level),
            Some(comment),
        );
        Ok(())
    }

    /// The one who applied (or the borrowing user) withdraws before the money is paid out.
    pub fn withdraw(
        &mut self,
        by: &UserId,
        comment: Option<String>,
        at: OffsetDateTime,
    ) -> Result<(), LoanError> {
        self.expect_status(
            &[
                LoanStatus::Draft,
                LoanStatus::Submitted,
                LoanStatus::Approved,
            ],
            "withdrawn",
        )?;
        self.owned_by(by, "withdraw")?;
        self.status = LoanStatus::Withdrawn;
        self.record(LoanAction::Withdrawn, by, at, None, comment);
        Ok(())
    }

    /// Books `schedule` (the calculator's, for the loan's request) and makes the loan active.
    pub fn disburse(
        &mut self,
        by: &UserId,
        schedule: String,
        principal_minor: i64,
        at: OffsetDateTime,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Approved], "disbursed")?;
        self.schedule = Some(schedule);
        self.outstanding_minor = principal_minor;
        self.status = LoanStatus::Active;
        self.record(LoanAction::Disbursed, by, at, None, None);
        Ok(())
    }

    /// Records a servicing event (a repayment, a reversal) on an active or closed loan; the
    /// caller has checked the history with it and gives the status it leads to.
    pub fn service(
        &mut self,
        event: LoanEvent,
        action: LoanAction,
        owed: Owed,
        by: &UserId,
        at: OffsetDateTime,
        comment: Option<String>,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Active, LoanStatus::Closed], "serviced")?;
        let closed = owed.closed;
        self.outstanding_minor = owed.principal_minor;
        self.events.push(event);
        self.status = if closed {
            LoanStatus::Closed
        } else {
            LoanStatus::Active
        };
        self.record(action, by, at, None, comment);
        Ok(())
    }

    /// Services the loan on `terms` from their date on; the old terms and their events are
    /// kept in `previous`.
    pub fn reschedule(
        &mut self,
        terms: NewTerms,
        by: &UserId,
        at: OffsetDateTime,
        comment: String,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Active], "rescheduled")?;
        let schedule = self.schedule.replace(terms.schedule).unwrap_or_default();
        self.previous.push(PreviousTerms {
            request: std::mem::replace(&mut self.request, terms.request),
            schedule,
            events: std::mem::take(&mut self.events),
            until: terms.from,
        });
        self.outstanding_minor = terms.principal_minor;
        self.record(LoanAction::Rescheduled, by, at, None, Some(comment));
        Ok(())
    }

    /// Writes the active loan off: it is no longer serviced.
    pub fn write_off(
        &mut self,
        by: &UserId,
        comment: String,
        at: OffsetDateTime,
    ) -> Result<(), LoanError> {
        self.expect_status(&[LoanStatus::Active], "written off")?;
        self.status = LoanStatus::WrittenOff;
        self.record(LoanAction::WrittenOff, by, at, None, Some(comment));
        Ok(())
    }

    /// Takes the daily run's penalties and standing (the caller computed them for `as_of`).
    pub fn bring_up_to(
        &mut self,
        penalties: Vec<LoanEvent>,
        standing: Standing,
        at: OffsetDateTime,
    ) {
        for penalty in penalties {
            self.events.push(penalty);
            self.record(LoanAction::PenaltyCharged, &system_actor(), at, None, None);
        }
        self.standing = Some(standing);
    }

    /// The level `approver` decides now: the next one, which they must hold; nobody decides
    /// on a loan they created or borrow, or at two levels of one loan.
    fn decider(&self, approver: &Approver) -> Result<u8, LoanError> {
        let who = &approver.user_id;
        if *who == self.created_by || self.applicant_user() == Some(who) {
            return Err(LoanError::Forbidden(
                "nobody decides on a loan they applied for or created".to_owned(),
            ));
        }
        if self
            .decisions(LoanAction::Approved)
            .any(|entry| entry.by == *who)
        {
            return Err(LoanError::Forbidden(
                "each level is approved by a different person".to_owned(),
            ));
        }
        let level = self
            .next_level()
            .ok_or_else(|| LoanError::Conflict("every level is approved".to_owned()))?;
        if !approver.levels.contains(&level) {
            return Err(LoanError::Forbidden(format!(
                "level {level} is next: it needs the permission loans:approve:level{level}"
            )));
        }
        Ok(level)
    }

    fn owned_by(&self, by: &UserId, what: &str) -> Result<(), LoanError> {
        if *by == self.created_by || self.applicant_user() == Some(by) {
            Ok(())
        } else {
            Err(LoanError::Forbidden(format!(
                "only who applied may {what} the application"
            )))
        }
    }
}
