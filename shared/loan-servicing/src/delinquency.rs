//! Delinquency as of a date: the days overdue of the oldest overdue installment, the bucket
//! they fall in, and whether the loan is non-performing (days overdue at least the product's
//! `days_until_non_performing`).
//!
//! | days overdue | bucket (serde) |
//! |---|---|
//! | 0 (nothing overdue) | `none` |
//! | 1 to 30 | `1_30` |
//! | 31 to 60 | `31_60` |
//! | 61 to 90 | `61_90` |
//! | 91 and more | `over_90` |

use serde::{Deserialize, Serialize};
use time::Date;

use crate::state::Installment;
use crate::status::InstallmentStatus;

/// Where the days overdue fall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DelinquencyBucket {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "1_30")]
    Days1To30,
    #[serde(rename = "31_60")]
    Days31To60,
    #[serde(rename = "61_90")]
    Days61To90,
    #[serde(rename = "over_90")]
    Over90,
}

impl DelinquencyBucket {
    pub const ALL: [Self; 5] = [
        Self::None,
        Self::Days1To30,
        Self::Days31To60,
        Self::Days61To90,
        Self::Over90,
    ];

    /// The stable name, as serialised (`1_30`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Days1To30 => "1_30",
            Self::Days31To60 => "31_60",
            Self::Days61To90 => "61_90",
            Self::Over90 => "over_90",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|bucket| bucket.name() == text)
    }

    pub fn of(days_overdue: u32) -> Self {
        match days_overdue {
            0 => Self::None,
            1..=30 => Self::Days1To30,
            31..=60 => Self::Days31To60,
            61..=90 => Self::Days61To90,
            _ => Self::Over90,
        }
    }
}

/// How late a loan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Delinquency {
    /// The oldest overdue installment, if any.
    pub oldest_overdue_installment: Option<u32>,
    /// Days from its due date to the date; 0 when nothing is overdue.
    pub days_overdue: u32,
    pub bucket: DelinquencyBucket,
    pub non_performing: bool,
}

/// The delinquency of `installments` on `date`.
pub(crate) fn delinquency(
    installments: &[Installment],
    date: Date,
    days_until_non_performing: u32,
) -> Delinquency {
    let oldest = installments
        .iter()
        .find(|installment| installment.status == InstallmentStatus::Overdue);
    let days_overdue = oldest.map_or(0, |installment| {
        // Dates are within a few thousand years of each other: the days fit a u32.
        u32::try_from((date - installment.due_date).whole_days()).unwrap_or(u32::MAX)
    });
    Delinquency {
        oldest_overdue_installment: oldest.map(|installment| installment.number),
        days_overdue,
        bucket: DelinquencyBucket::of(days_overdue),
        // At least 1 (the settings are checked), so a loan with nothing overdue performs.
        non_performing: days_overdue >= days_until_non_performing,
    }
}
