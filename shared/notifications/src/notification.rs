//! A notification: its kind-tagged data (the ids it refers to), the words it shows, and where it
//! is in the inbox (read, archived).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use ferrofin_budgets::ids::{BudgetId, GoalId};
use ferrofin_gamification::ids::{BadgeId, ChallengeId};
use ferrofin_identity::ids::SessionId;
use ferrofin_imports::ImportId;
use ferrofin_ledger::ids::AccountId;
use ferrofin_loans::ids::LoanId;
use ferrofin_platform::email::SecurityChange;
use ferrofin_platform::ids::{EventId, UserId};
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::month::Month;

use crate::kind::NotificationKind;

/// What a budget threshold notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetThreshold {
    pub budget_id: BudgetId,
    pub category: String,
    /// The category as the user reads it.
    #[serde(default)]
    pub category_name: String,
    pub currency: Currency,
    pub month: Month,
    /// 80 or 100.
    pub threshold_percent: u32,
    /// What was available in the month (budget plus rollover), minor units.
    pub available_minor: i64,
    /// What had been spent when the threshold was crossed, minor units.
    pub spent_minor: i64,
}

impl BudgetThreshold {
    pub fn available(&self) -> Money {
        Money::from_minor(self.available_minor, self.currency)
    }

    pub fn spent(&self) -> Money {
        Money::from_minor(self.spent_minor, self.currency)
    }
}

/// What an import-finished notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    pub import_id: ImportId,
    pub account_id: AccountId,
    /// `completed`, `completed_with_errors`, `failed` or `cancelled`.
    pub status: String,
    pub imported: u64,
    pub duplicates: u64,
    pub failed: u64,
}

/// A savings goal that reached its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalReached {
    pub goal_id: GoalId,
    pub name: String,
    pub currency: Currency,
    pub saved_minor: i64,
    pub target_minor: i64,
}

/// A badge, or a tier of one, that the user earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeAwarded {
    pub badge_id: BadgeId,
    pub tier: Option<u64>,
    pub name: String,
    pub points: u64,
}

/// A challenge the user completed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeDone {
    pub challenge_id: ChallengeId,
    pub name: String,
    pub reward_points: u64,
}

/// A loan installment that falls due soon, or is overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRepayment {
    pub loan_id: LoanId,
    /// The installment's number in the schedule (from 1).
    pub installment: u32,
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub due_date: Date,
    /// What is owed on the installment, decimal string in `currency`.
    pub amount: String,
    pub currency: Currency,
    /// Days past the due date (0 when not yet due).
    pub days_overdue: u32,
}

/// A sign-in from a device the user had not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSignIn {
    pub session_id: SessionId,
    pub user_agent: String,
    pub ip: String,
}

/// A change to how the account is secured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityChanged {
    pub change: SecurityChange,
}

/// The kind of a notification and the data of that kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data")]
pub enum NotificationData {
    #[serde(rename = "budget.threshold")]
    BudgetThreshold(BudgetThreshold),
    #[serde(rename = "import.finished")]
    ImportFinished(ImportResult),
    #[serde(rename = "goal.reached")]
    GoalReached(GoalReached),
    #[serde(rename = "badge.earned")]
    BadgeEarned(BadgeAwarded),
    #[serde(rename = "challenge.completed")]
    ChallengeCompleted(ChallengeDone),
    #[serde(rename = "loan.repayment_due")]
    LoanRepaymentDue(LoanRepayment),
    #[serde(rename = "loan.repayment_overdue")]
    LoanRepaymentOverdue(LoanRepayment),
    #[serde(rename = "security.new_sign_in")]
    NewSignIn(NewSignIn),
    #[serde(rename = "security.changed")]
    SecurityChanged(SecurityChanged),
}

impl NotificationData {
    pub fn kind(&self) -> NotificationKind {
        match self {
            Self::BudgetThreshold(_) => NotificationKind::BudgetThreshold,
            Self::ImportFinished(_) => NotificationKind::ImportFinished,
            Self::GoalReached(_) => NotificationKind::GoalReached,
            Self::BadgeEarned(_) => NotificationKind::BadgeEarned,
            Self::ChallengeCompleted(_) => NotificationKind::ChallengeCompleted,
            Self::LoanRepaymentDue(_) => NotificationKind::LoanRepaymentDue,
            Self::LoanRepaymentOverdue(_) => NotificationKind::LoanRepaymentOverdue,
            Self::NewSignIn(_) => NotificationKind::NewSignIn,
            Self::SecurityChanged(_) => NotificationKind::SecurityChanged,
        }
    }
}

/// One notification of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The id of the event it was made from (a ULID: notifications sort by it).
    pub id: EventId,
    pub user_id: UserId,
    pub title: String,
    #[serde(alias = "message")]
    pub body: String,
    #[serde(flatten)]
    pub data: NotificationData,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub read_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub archived_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub version: u64,
}

impl Notification {
    /// A new, unread notification in the inbox.
    pub fn new(
        id: EventId,
        user_id: UserId,
        (title, body): (String, String),
        data: NotificationData,
        created_at: OffsetDateTime,
    ) -> Self {
        Self {
            id,
            user_id,
            title,
            body,
            data,
            created_at,
            read_at: None,
            archived_at: None,
            version: 0,
        }
    }

    pub fn kind(&self) -> NotificationKind {
        self.data.kind()
    }

    /// Counted by the unread count: unread and still in the inbox.
    pub fn counts_as_unread(&self) -> bool {
        self.read_at.is_none() && self.archived_at.is_none()
    }
}
