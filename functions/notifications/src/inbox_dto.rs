//! Request and response bodies of the inbox routes.

use ferrofin_notifications::notification::{
    BudgetThreshold, GoalReached, ImportResult, LoanRepayment, NewSignIn, SecurityChanged,
};
use ferrofin_notifications::{InboxFilter, Notification, NotificationData, NotificationKind};
use ferrofin_platform::http::PageQuery;
use ferrofin_platform::ids::EventId;
use ferrofin_platform::money::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// Which notifications to list, and paging.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListNotifications {
    /// Only unread ones (default false).
    pub unread: Option<bool>,
    /// The archive instead of the inbox (default false).
    pub archived: Option<bool>,
    /// Only this kind.
    pub kind: Option<NotificationKind>,
    /// Page size, 1..=100 (default 50). A filtered page may hold fewer while `next_cursor`
    /// is set.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListNotifications {
    pub fn filter(&self) -> InboxFilter {
        InboxFilter {
            unread_only: self.unread.unwrap_or(false),
            archived: self.archived.unwrap_or(false),
            kind: self.kind,
        }
    }

    pub fn page(&self) -> PageQuery {
        PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }

    /// The list's signing scope: a cursor only continues the listing it came from.
    pub fn scope(&self, user: &str) -> String {
        let filter = self.filter();
        let kind = filter.kind.map_or("any", NotificationKind::name);
        format!(
            "notifications:{user}:{}:{}:{kind}",
            filter.unread_only, filter.archived
        )
    }
}

/// What a budget alert is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetAlertView {
    pub budget_id: String,
    pub category: String,
    pub currency: String,
    pub month: String,
    /// 80 or 100.
    pub threshold_percent: u32,
    pub available: String,
    pub spent: String,
}

/// The outcome of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResultView {
    pub import_id: String,
    pub account_id: String,
    /// `completed`, `completed_with_errors`, `failed` or `cancelled`.
    pub status: String,
    pub imported: u64,
    pub duplicates: u64,
    pub failed: u64,
}

/// A goal that reached its target.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalReachedView {
    pub goal_id: String,
    pub name: String,
    pub currency: String,
    pub saved: String,
    pub target: String,
}

/// A badge (tier) earned.
#[derive(Debug, Serialize, ToSchema)]
pub struct BadgeEarnedView {
    pub badge_id: String,
    /// The tier reached, for a tiered badge.
    pub tier: Option<u64>,
    pub name: String,
    pub points: u64,
}

/// A challenge completed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeCompletedView {
    pub challenge_id: String,
    pub name: String,
    pub reward_points: u64,
}

/// A loan installment due soon or overdue.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoanRepaymentView {
    pub loan_id: String,
    pub installment: u32,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Still owed on the installment.
    pub amount: String,
    pub currency: String,
    pub days_overdue: u32,
}

/// A sign-in from a new device.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSignInView {
    pub session_id: String,
    pub user_agent: String,
    pub ip: String,
}

/// A change to how the account is secured.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecurityChangedView {
    /// `password_changed`, `mfa_enabled` or `mfa_disabled`.
    pub change: String,
}

/// What a notification is about: `kind` names it, `data` holds the ids and figures of that kind.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", content = "data")]
pub enum NotificationContent {
    #[serde(rename = "budget.threshold")]
    BudgetThreshold(BudgetAlertView),
    #[serde(rename = "import.finished")]
    ImportFinished(ImportResultView),
    #[serde(rename = "goal.reached")]
    GoalReached(GoalReachedView),
    #[serde(rename = "badge.earned")]
    BadgeEarned(BadgeEarnedView),
    #[serde(rename = "challenge.completed")]
    ChallengeCompleted(ChallengeCompletedView),
    #[serde(rename = "loan.repayment_due")]
    LoanRepaymentDue(LoanRepaymentView),
    #[serde(rename = "loan.repayment_overdue")]
    LoanRepaymentOverdue(LoanRepaymentView),
    #[serde(rename = "security.new_sign_in")]
    NewSignIn(NewSignInView),
    #[serde(rename = "security.changed")]
    SecurityChanged(SecurityChangedView),
}

fn budget(alert: BudgetThreshold) -> BudgetAlertView {
    BudgetAlertView {
        available: alert.available().to_decimal_string(),
        spent: alert.spent().to_decimal_string(),
        currency: alert.currency.code().to_owned(),
        budget_id: alert.budget_id.to_string(),
        category: alert.category,
        month: alert.month.to_string(),
        threshold_percent: alert.threshold_percent,
    }
}

fn import(result: ImportResult) -> ImportResultView {
    ImportResultView {
        import_id: result.import_id.to_string(),
        account_id: result.account_id.to_string(),
        status: result.status,
        imported: result.imported,
        duplicates: result.duplicates,
        failed: result.failed,
    }
}

fn goal(reached: GoalReached) -> GoalReachedView {
    let money = |minor| Money::from_minor(minor, reached.currency).to_decimal_string();
    GoalReachedView {
        goal_id: reached.goal_id.to_string(),
        saved: money(reached.saved_minor),
        target: money(reached.target_minor),
        name: reached.name,
        currency: reached.currency.code().to_owned(),
    }
}

fn loan(repayment: LoanRepayment) -> LoanRepaymentView {
    LoanRepaymentView {
        loan_id: repayment.loan_id.to_string(),
        installment: repayment.installment,
        due_date: ferrofin_platform::fields::format_date(repayment.due_date),
        amount: repayment.amount,
        currency: repayment.currency.code().to_owned(),
        days_overdue: repayment.days_overdue,
    }
}

fn sign_in(sign_in: NewSignIn) -> NewSignInView {
    NewSignInView {
        session_id: sign_in.session_id.to_string(),
        user_agent: sign_in.user_agent,
        ip: sign_in.ip,
    }
}

fn security(changed: SecurityChanged) -> SecurityChangedView {
    let change = serde_json::to_value(changed.change)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    SecurityChangedView { change }
}

impl From<NotificationData> for NotificationContent {
    fn from(data: NotificationData) -> Self {
        match data {
            NotificationData::BudgetThreshold(alert) => Self::BudgetThreshold(budget(alert)),
            NotificationData::ImportFinished(result) => Self::ImportFinished(import(result)),
            NotificationData::GoalReached(reached) => Self::GoalReached(goal(reached)),
            NotificationData::BadgeEarned(earned) => Self::BadgeEarned(BadgeEarnedView {
                badge_id: earned.badge_id.to_string(),
                tier: earned.tier,
                name: earned.name,
                points: earned.points,
            }),
            NotificationData::ChallengeCompleted(done) => {
                Self::ChallengeCompleted(ChallengeCompletedView {
                    challenge_id: done.challenge_id.to_string(),
                    name: done.name,
                    reward_points: done.reward_points,
                })
            }
            NotificationData::LoanRepaymentDue(due) => Self::LoanRepaymentDue(loan(due)),
            NotificationData::LoanRepaymentOverdue(due) => Self::LoanRepaymentOverdue(loan(due)),
            NotificationData::NewSignIn(new) => Self::NewSignIn(sign_in(new)),
            NotificationData::SecurityChanged(changed) => Self::SecurityChanged(security(changed)),
        }
    }
}

/// A notification of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    #[schema(value_type = String)]
    pub id: EventId,
    pub title: String,
    pub body: String,
    /// Where in the app it leads (a path under the app's address).
    pub link: String,
    #[serde(flatten)]
    pub content: NotificationContent,
    pub read: bool,
    pub archived: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub read_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub archived_at: Option<OffsetDateTime>,
}

impl From<Notification> for NotificationView {
    fn from(notification: Notification) -> Self {
        Self {
            link: notification.data.link(),
            read: notification.read_at.is_some(),
            archived: notification.archived_at.is_some(),
            id: notification.id,
            title: notification.title,
            body: notification.body,
            content: notification.data.into(),
            created_at: notification.created_at,
            read_at: notification.read_at,
            archived_at: notification.archived_at,
        }
    }
}

/// The unread count.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountView {
    /// Unread notifications in the inbox (the archive not counted).
    pub unread: u64,
}

/// How many notifications a "mark all" changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangedView {
    pub changed: u64,
}
