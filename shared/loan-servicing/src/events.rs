//! The history of a loan: the events that change it after disbursement ([`LoanEvent`]), as a
//! store keeps them (serde, tagged by `type`, decimals as strings, dates as `YYYY-MM-DD`).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::text;

/// A payment by the borrower.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Repayment {
    /// Unique among the loan's repayments and refunds.
    pub id: String,
    #[serde(with = "text::date")]
    pub date: Date,
    /// > 0, at most the currency's decimals.
    #[serde(with = "text::decimal")]
    pub amount: Decimal,
}

/// The cancellation of a repayment (a bounced payment, a mistake): the loan is as if the
/// repayment had never been made, and everything after it is allocated again.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reversal {
    pub repayment_id: String,
    /// When the reversal was recorded: on or after the repayment's date.
    #[serde(with = "text::date")]
    pub date: Date,
}

/// A late penalty charged to one installment (see [`crate::Loan::penalties_to_apply`]); at
/// most one per installment.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// The installment's number, from 1.
    pub installment: u32,
    #[serde(with = "text::date")]
    pub date: Date,
    /// > 0, at most the currency's decimals.
    #[serde(with = "text::decimal")]
    pub amount: Decimal,
}

/// Money paid back to the borrower out of an overpayment.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// Unique among the loan's repayments and refunds.
    pub id: String,
    #[serde(with = "text::date")]
    pub date: Date,
    /// > 0, at most the overpaid amount on its date.
    #[serde(with = "text::decimal")]
    pub amount: Decimal,
}

/// One event of a loan's history.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LoanEvent {
    Repayment(Repayment),
    RepaymentReversal(Reversal),
    Penalty(Penalty),
    Refund(Refund),
}

impl LoanEvent {
    pub fn date(&self) -> Date {
        match self {
            Self::Repayment(repayment) => repayment.date,
            Self::RepaymentReversal(reversal) => reversal.date,
            Self::Penalty(penalty) => penalty.date,
            Self::Refund(refund) => refund.date,
        }
    }

    /// How an error names the event.
    pub fn key(&self) -> EventKey {
        match self {
            Self::Repayment(repayment) => EventKey::Repayment(repayment.id.clone()),
            Self::RepaymentReversal(reversal) => EventKey::Reversal(reversal.repayment_id.clone()),
            Self::Penalty(penalty) => EventKey::Penalty(penalty.installment),
            Self::Refund(refund) => EventKey::Refund(refund.id.clone()),
        }
    }

    /// The amount of the events that carry one.
    pub(crate) fn amount(&self) -> Option<Decimal> {
        match self {
            Self::Repayment(Repayment { amount, .. })
            | Self::Penalty(Penalty { amount, .. })
            | Self::Refund(Refund { amount, .. }) => Some(*amount),
            Self::RepaymentReversal(_) => None,
        }
    }
}

/// Names an event in an error: a repayment or refund by its id, a reversal by the repayment it
/// reverses, a penalty by its installment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventKey {
    Repayment(String),
    Reversal(String),
    Penalty(u32),
    Refund(String),
}

impl fmt::Display for EventKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Repayment(id) => write!(f, "repayment {id:?}"),
            Self::Reversal(id) => write!(f, "the reversal of repayment {id:?}"),
            Self::Penalty(installment) => write!(f, "the penalty of installment {installment}"),
            Self::Refund(id) => write!(f, "refund {id:?}"),
        }
    }
}
