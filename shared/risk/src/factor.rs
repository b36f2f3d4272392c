//! The seven risk factors the score is made of and the band of each: a factor earns no points
//! at or below `zero_at`, its whole weight at or above `full_at`, and a straight-line share of
//! it in between. The weights sum to 100.
//!
//! | factor | weight | 0 points at or below | full points at or above |
//! |---|---:|---:|---:|
//! | income stability (coefficient of variation) | 15 | 0.10 | 0.50 |
//! | expense ratio | 20 | 0.70 | 1.00 |
//! | debt-service ratio | 25 | 0.20 | 0.50 |
//! | negative-balance days (share of days) | 15 | 0 | 0.25 |
//! | largest single outflow share | 5 | 0.20 | 0.50 |
//! | cash-flow volatility | 10 | 0.10 | 0.50 |
//! | recurring obligations (share of monthly income) | 10 | 0.30 | 0.60 |

use rust_decimal::Decimal;
use serde::Serialize;

/// A risk factor, in the order reasons are ranked on equal points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    IncomeStability,
    ExpenseRatio,
    DebtService,
    NegativeBalance,
    LargestOutflow,
    CashFlowVolatility,
    RecurringObligations,
}

/// A factor's weight and band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub weight: u8,
    pub zero_at: Decimal,
    pub full_at: Decimal,
}

impl Factor {
    /// Every factor, in order.
    pub const ALL: [Factor; 7] = [
        Factor::IncomeStability,
        Factor::ExpenseRatio,
        Factor::DebtService,
        Factor::NegativeBalance,
        Factor::LargestOutflow,
        Factor::CashFlowVolatility,
        Factor::RecurringObligations,
    ];

    /// The factor's weight and band (hundredths).
    pub(crate) fn rule(self) -> Rule {
        let (weight, zero_at, full_at) = match self {
            Factor::IncomeStability => (15, 10, 50),
            Factor::ExpenseRatio => (20, 70, 100),
            Factor::DebtService => (25, 20, 50),
            Factor::NegativeBalance => (15, 0, 25),
            Factor::LargestOutflow => (5, 20, 50),
            Factor::CashFlowVolatility => (10, 10, 50),
            Factor::RecurringObligations => (10, 30, 60),
        };
        Rule {
            weight,
            zero_at: Decimal::new(zero_at, 2),
            full_at: Decimal::new(full_at, 2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_sum_to_one_hundred() {
        let total: u32 = Factor::ALL.iter().map(|f| u32::from(f.rule().weight)).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn every_band_rises() {
        assert!(
            Factor::ALL
                .iter()
                .all(|f| f.rule().zero_at < f.rule().full_at)
        );
    }
}
