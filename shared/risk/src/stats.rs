//! Small statistics on `Decimal`: mean, median, population standard deviation and a bounded
//! ratio. No floating point.
//!
//! The standard deviation is computed on the values divided by their largest magnitude `M`
//! (so every scaled value is in `[-1, 1]` and no square can overflow, however large the
//! amounts), then multiplied back by `M`: `σ(x) = M · σ(x / M)`. The population formula is used:
//! `σ² = Σ(xᵢ − x̄)² / n`.

use rust_decimal::Decimal;

use crate::sqrt::sqrt;

/// The largest magnitude a ratio is presented with (100 000 %): a tiny denominator cannot make
/// a ratio overflow.
pub(crate) const RATIO_CAP: i64 = 1000;

/// The arithmetic mean; `None` for no values.
pub(crate) fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().sum();
    Some(sum / Decimal::from(values.len()))
}

/// The middle value (the mean of the two middle values for an even count); `None` for none.
pub(crate) fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    let upper = *sorted.get(middle)?;
    if sorted.len() % 2 == 1 {
        return Some(upper);
    }
    let lower = *sorted.get(middle.checked_sub(1)?)?;
    Some((lower + upper) / Decimal::TWO)
}

/// The population standard deviation; `None` for no values.
pub(crate) fn population_stddev(values: &[Decimal]) -> Option<Decimal> {
    let largest = values.iter().map(|v| v.abs()).max()?;
    if largest.is_zero() {
        return Some(Decimal::ZERO);
    }
    let scaled: Vec<Decimal> = values.iter().map(|v| v / largest).collect();
    let centre = mean(&scaled)?;
    let squares: Vec<Decimal> = scaled.iter().map(|z| (z - centre) * (z - centre)).collect();
    Some(largest * sqrt(mean(&squares)?)?)
}

/// `part / whole` for a positive `whole`, capped at ±[`RATIO_CAP`]; `None` when `whole` is not
/// positive.
pub(crate) fn capped_ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole <= Decimal::ZERO {
        return None;
    }
    let cap = Decimal::from(RATIO_CAP);
    let beyond = whole
        .checked_mul(cap)
        .is_some_and(|limit| part.abs() >= limit);
    if beyond {
        return Some(if part.is_sign_negative() { -cap } else { cap });
    }
    Some(part / whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn ds(texts: &[&str]) -> Vec<Decimal> {
        texts.iter().map(|t| d(t)).collect()
    }

    #[test]
    fn mean_and_median() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&ds(&["1000", "4000", "2500"])), Some(d("2500")));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&ds(&["220", "190", "200"])), Some(d("200")));
        assert_eq!(median(&ds(&["10", "40", "30", "20"])), Some(d("25")));
        assert_eq!(median(&ds(&["7"])), Some(d("7")));
    }

    #[test]
    fn population_stddev_of_known_series() {
        assert_eq!(population_stddev(&[]), None);
        assert_eq!(population_stddev(&ds(&["0", "0"])), Some(Decimal::ZERO));
        assert_eq!(
            population_stddev(&ds(&["3000", "3000", "3000"])),
            Some(Decimal::ZERO)
        );
        assert_eq!(
            population_stddev(&ds(&["2", "4", "4", "4", "5", "5", "7", "9"]))
                .map(|s| s.round_dp(20)),
            Some(d("2"))
        );
        // √(1 500 000) = 1224.744871391589…
        assert_eq!(
            population_stddev(&ds(&["1000", "4000", "2500"])).map(|s| s.round_dp(6)),
            Some(d("1224.744871"))
        );
        // negative values: deviations −100, 100, 0 around −550
        assert_eq!(
            population_stddev(&ds(&["-450", "-650", "-550"])).map(|s| s.round_dp(6)),
            Some(d("81.649658"))
        );
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let huge = vec![Decimal::from(1_000_000_000_000_000_000_i64); 500];
        assert_eq!(population_stddev(&huge), Some(Decimal::ZERO));
        let mixed = vec![d("1000000000000000000000"), d("-1000000000000000000000")];
        assert_eq!(
            population_stddev(&mixed).map(|s| s.round_dp(0)),
            Some(d("1000000000000000000000"))
        );
    }

    #[test]
    fn ratios_are_capped_and_need_a_positive_whole() {
        assert_eq!(capped_ratio(d("1"), d("4")), Some(d("0.25")));
        assert_eq!(capped_ratio(d("1"), Decimal::ZERO), None);
        assert_eq!(capped_ratio(d("1"), d("-2")), None);
        assert_eq!(
            capped_ratio(d("1000000000000"), d("0.0000000000000000000000000001")),
            Some(d("1000"))
        );
        assert_eq!(capped_ratio(d("-5000"), d("1")), Some(d("-1000")));
        assert_eq!(capped_ratio(d("999"), d("1")), Some(d("999")));
    }
}
