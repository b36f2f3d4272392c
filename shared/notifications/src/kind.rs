//! The kinds of notification, and which of them are critical: a critical kind is always
//! delivered on every channel, outside quiet hours and digests, and cannot be turned off.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a notification is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum NotificationKind {
    /// Spending in a budget's category reached 80 % or 100 %.
    #[serde(rename = "budget.threshold")]
    BudgetThreshold,
    /// A statement import ended.
    #[serde(rename = "import.finished")]
    ImportFinished,
    /// A savings goal reached its target.
    #[serde(rename = "goal.reached")]
    GoalReached,
    /// A badge (or a tier of one) was earned.
    #[serde(rename = "badge.earned")]
    BadgeEarned,
    /// A joined challenge was completed.
    #[serde(rename = "challenge.completed")]
    ChallengeCompleted,
    /// A loan installment falls due soon.
    #[serde(rename = "loan.repayment_due")]
    LoanRepaymentDue,
    /// A loan installment is overdue.
    #[serde(rename = "loan.repayment_overdue")]
    LoanRepaymentOverdue,
    /// A sign-in from a device not seen before.
    #[serde(rename = "security.new_sign_in")]
    NewSignIn,
    /// The password or the second factor changed.
    #[serde(rename = "security.changed")]
    SecurityChanged,
}

impl NotificationKind {
    /// Every kind, in the order preferences list them.
    pub const ALL: [Self; 9] = [
        Self::BudgetThreshold,
        Self::ImportFinished,
        Self::GoalReached,
        Self::BadgeEarned,
        Self::ChallengeCompleted,
        Self::LoanRepaymentDue,
        Self::LoanRepaymentOverdue,
        Self::NewSignIn,
        Self::SecurityChanged,
    ];

    /// The stable name on the wire (`budget.threshold`).
    pub fn name(self) -> &'static str {
        match self {
            Self::BudgetThreshold => "budget.threshold",
            Self::ImportFinished => "import.finished",
            Self::GoalReached => "goal.reached",
            Self::BadgeEarned => "badge.earned",
            Self::ChallengeCompleted => "challenge.completed",
            Self::LoanRepaymentDue => "loan.repayment_due",
            Self::LoanRepaymentOverdue => "loan.repayment_overdue",
            Self::NewSignIn => "security.new_sign_in",
            Self::SecurityChanged => "security.changed",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Security and loan-contract notices: always delivered, never held, never off.
    pub fn is_critical(self) -> bool {
        matches!(
            self,
            Self::LoanRepaymentDue
                | Self::LoanRepaymentOverdue
                | Self::NewSignIn
                | Self::SecurityChanged
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_value(kind).expect("serialise");
            assert_eq!(json, kind.name());
        }
        assert_eq!(NotificationKind::from_name("budget"), None);
    }
}
