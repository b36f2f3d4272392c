//! The 0–100 score: **higher is riskier**. Each factor (see [`crate::factor`]) earns
//!
//! - for a ratio `v`: `weight · clamp((v − zero_at) / (full_at − zero_at), 0, 1)`, rounded
//!   HALF_EVEN to two decimals;
//! - its whole weight when it is set against income and there was no income;
//! - nothing when there is nothing to measure or it is unknown (no opening balance).
//!
//! The score is the sum of the points rounded HALF_EVEN to a whole number (at most 100, as
//! the weights sum to 100). Band: `low` below 30, `medium` from 30 to 59, `high` from 60.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::factor::Factor;
use crate::metrics::Reading;
use crate::present::points;
use crate::ser::{display, optional_display};

/// Scores below this are `low`.
const MEDIUM_FROM: u8 = 30;
/// Scores from this on are `high`.
const HIGH_FROM: u8 = 60;

/// The score's band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskBand {
    Low,
    Medium,
    High,
}

/// How a factor was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingStatus {
    /// A ratio, scored by the band.
    Measured,
    /// No income to set it against: full points.
    NoIncome,
    /// Nothing to measure: no points.
    NothingToMeasure,
    /// Not known: no points.
    Unknown,
}

/// What one factor adds to the score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contribution {
    pub factor: Factor,
    pub status: ReadingStatus,
    /// The ratio read (four decimals), when measured.
    #[serde(serialize_with = "optional_display")]
    pub value: Option<Decimal>,
    pub weight: u8,
    #[serde(serialize_with = "display")]
    pub zero_at: Decimal,
    #[serde(serialize_with = "display")]
    pub full_at: Decimal,
    /// Two decimals.
    #[serde(serialize_with = "display")]
    pub points: Decimal,
}

/// The score and how it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scored {
    pub score: u8,
    pub band: RiskBand,
    pub contributions: Vec<Contribution>,
}

/// Scores the factors' readings.
pub(crate) fn score(readings: &[(Factor, Reading)]) -> Scored {
    let contributions: Vec<Contribution> = readings
        .iter()
        .map(|&(factor, reading)| contribution(factor, reading))
        .collect();
    let total: Decimal = contributions.iter().map(|c| c.points).sum();
    let rounded =
        total.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven);
    let score = u8::try_from(rounded).unwrap_or(0).min(100);
    Scored {
        score,
        band: band(score),
        contributions,
    }
}

fn contribution(factor: Factor, reading: Reading) -> Contribution {
    let rule = factor.rule();
    let weight = Decimal::from(rule.weight);
    let (status, value, earned) = match reading {
        Reading::Ratio(value) => {
            let share = ((value - rule.zero_at) / (rule.full_at - rule.zero_at))
                .clamp(Decimal::ZERO, Decimal::ONE);
            (ReadingStatus::Measured, Some(value), weight * share)
        }
        Reading::NoIncome => (ReadingStatus::NoIncome, None, weight),
        Reading::Nothing => (ReadingStatus::NothingToMeasure, None, Decimal::ZERO),
        Reading::Unknown => (ReadingStatus::Unknown, None, Decimal::ZERO),
    };
    Contribution {
        factor,
        status,
        value,
        weight: rule.weight,
        zero_at: rule.zero_at,
        full_at: rule.full_at,
        points: points(earned),
    }
}

fn band(score: u8) -> RiskBand {
    if score >= HIGH_FROM {
        RiskBand::High
    } else if score >= MEDIUM_FROM {
        RiskBand::Medium
    } else {
        RiskBand::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn points_for(factor: Factor, reading: Reading) -> String {
        contribution(factor, reading).points.to_string()
    }

    #[test]
    fn points_follow_the_band() {
        let debt = Factor::DebtService;
        assert_eq!(points_for(debt, Reading::Ratio(d("0.1000"))), "0.00");
        assert_eq!(points_for(debt, Reading::Ratio(d("0.2000"))), "0.00");
        assert_eq!(points_for(debt, Reading::Ratio(d("0.2500"))), "4.17");
        assert_eq!(points_for(debt, Reading::Ratio(d("0.3500"))), "12.50");
        assert_eq!(points_for(debt, Reading::Ratio(d("0.5000"))), "25.00");
        assert_eq!(points_for(debt, Reading::Ratio(d("3.0000"))), "25.00");
        assert_eq!(points_for(debt, Reading::Ratio(d("-0.5000"))), "0.00");
    }

    #[test]
    fn readings_without_a_ratio() {
        assert_eq!(points_for(Factor::ExpenseRatio, Reading::NoIncome), "20.00");
        assert_eq!(points_for(Factor::ExpenseRatio, Reading::Nothing), "0.00");
        assert_eq!(
            points_for(Factor::NegativeBalance, Reading::Unknown),
            "0.00"
        );
    }

    #[test]
    fn the_score_sums_the_points_and_picks_the_band() {
        let worst: Vec<(Factor, Reading)> = Factor::ALL
            .iter()
            .map(|&f| (f, Reading::NoIncome))
            .collect();
        let scored = score(&worst);
        assert_eq!(scored.score, 100);
        assert_eq!(scored.band, RiskBand::High);
        let calm: Vec<(Factor, Reading)> = Factor::ALL
            .iter()
            .map(|&f| (f, Reading::Ratio(Decimal::ZERO)))
            .collect();
        assert_eq!(score(&calm).score, 0);
        assert_eq!(score(&calm).band, RiskBand::Low);
    }

    #[test]
    fn bands_by_threshold() {
        assert_eq!(band(29), RiskBand::Low);
        assert_eq!(band(30), RiskBand::Medium);
        assert_eq!(band(59), RiskBand::Medium);
        assert_eq!(band(60), RiskBand::High);
    }

    #[test]
    fn half_points_round_to_even() {
        // 12.50 (debt 0.35) → 12; 12.50 + 1.00 = 13.50 → 14
        let mut readings = vec![(Factor::DebtService, Reading::Ratio(d("0.3500")))];
        assert_eq!(score(&readings).score, 12);
        readings.push((Factor::LargestOutflow, Reading::Ratio(d("0.2600"))));
        assert_eq!(score(&readings).score, 14);
    }
}
