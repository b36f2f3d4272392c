//! The assessment of a [`Cashflow`]: validation, classification, monthly flows, balance days,
//! recurring obligations, metrics, score, reasons and confidence, in that order.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::balance::{BalanceDays, balance_days};
use crate::classify::classify_all;
use crate::confidence::{Confidence, Evidence, Flag, judge};
use crate::currency::minor_digits;
use crate::error::RiskError;
use crate::input::Cashflow;
use crate::metrics::{Measured, Metrics, measure};
use crate::months::{MonthFlow, basis, month_totals};
use crate::reasons::top_reasons;
use crate::recurring::detect;
use crate::score::{Contribution, RiskBand, score};
use crate::ser::display;
use crate::validate::validate;

/// The risk assessment of a cash flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub currency: String,
    #[serde(serialize_with = "display")]
    pub from: Date,
    #[serde(serialize_with = "display")]
    pub to: Date,
    /// 0–100, **higher is riskier**.
    pub score: u8,
    pub band: RiskBand,
    pub confidence: Confidence,
    pub flags: Vec<Flag>,
    /// Up to three sentences, the largest contribution first.
    pub reasons: Vec<String>,
    /// Every factor's reading and points, in factor order.
    pub contributions: Vec<Contribution>,
    pub metrics: Metrics,
    /// Every calendar month of the window, complete or not.
    pub months: Vec<MonthFlow>,
}

/// Assesses `cashflow`; refuses it only when it cannot be read (see [`RiskError`]).
pub fn assess(cashflow: &Cashflow) -> Result<Assessment, RiskError> {
    validate(cashflow)?;
    let (from, to) = (cashflow.from, cashflow.to);
    let digits = minor_digits(&cashflow.currency);
    let items = classify_all(&cashflow.entries);
    let months = month_totals(from, to, &items);
    let assessed = basis(&months);
    let income: Decimal = assessed.iter().map(|m| m.income).sum();
    let balance = balance_days(
        cashflow.opening_balance,
        from,
        to,
        &cashflow.entries,
        digits,
    );
    let balance_known = balance != BalanceDays::Unknown;
    let Measured { metrics, readings } =
        measure(&assessed, balance, detect(&items, digits), digits);
    let scored = score(&readings);
    let reasons = top_reasons(&scored.contributions, &metrics, &cashflow.currency);
    let complete_months = months.iter().filter(|m| m.span.complete()).count();
    let (confidence, flags) = judge(Evidence {
        entries: cashflow.entries.len(),
        complete_months,
        partial_months: months.len() - complete_months,
        income_seen: income > Decimal::ZERO,
        balance_known,
    });
    Ok(Assessment {
        currency: cashflow.currency.clone(),
        from,
        to,
        score: scored.score,
        band: scored.band,
        confidence,
        flags,
        reasons,
        contributions: scored.contributions,
        metrics,
        months: months.iter().map(|m| m.present(digits)).collect(),
    })
}
