//! Square root of a `Decimal` by Newton's iteration (the workspace's `rust_decimal` is built
//! without its `maths` feature, which would bring `sqrt`).
//!
//! Starting at `max(v, 1)`, which is at or above `√v`, each step `x ← x/2 + (v/x)/2` moves down
//! towards the root; the iteration stops at the first step that no longer decreases `x`, so it
//! ends at the precision of `Decimal` itself (28 significant digits): the tests check
//! `|x² − v| ≤ v · 10⁻²⁴` over many values. Halving each term before adding keeps every
//! intermediate below `v`, so nothing overflows even at `Decimal::MAX`.

use rust_decimal::Decimal;

/// Enough steps for any `Decimal`: about 50 halvings from `Decimal::MAX` down to its root, then
/// a handful of quadratic steps.
const MAX_STEPS: usize = 200;

/// `√value`, or `None` for a negative value.
pub(crate) fn sqrt(value: Decimal) -> Option<Decimal> {
    if value.is_sign_negative() && !value.is_zero() {
        return None;
    }
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    let mut root = value.max(Decimal::ONE);
    for _ in 0..MAX_STEPS {
        let next = root / Decimal::TWO + value / root / Decimal::TWO;
        if next >= root {
            break;
        }
        root = next;
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    fn close(root: Decimal, value: Decimal) -> bool {
        let tolerance = value * d("0.000000000000000000000001");
        (root * root - value).abs() <= tolerance.max(d("0.0000000000000000000000000001"))
    }

    #[test]
    fn squares_have_exact_roots() {
        for (value, root) in [
            ("0", "0"),
            ("1", "1"),
            ("4", "2"),
            ("0.25", "0.5"),
            ("6666.7225", "81.65"),
        ] {
            assert_eq!(
                sqrt(d(value)).map(|r| r.normalize()),
                Some(d(root)),
                "√{value}"
            );
        }
    }

    #[test]
    fn irrational_roots_match_to_the_precision_of_decimal() {
        let two = sqrt(Decimal::TWO).expect("root");
        assert_eq!(two.round_dp(24), d("1.414213562373095048801689"));
        let third = sqrt(d("0.3333333333333333333333333333")).expect("root");
        assert_eq!(third.round_dp(24), d("0.577350269189625764509149"));
    }

    #[test]
    fn roots_square_back_over_a_wide_range() {
        let mut value = d("0.0000000000000000000001");
        while value < d("10000000000000000000000000") {
            for factor in ["1", "2", "3.7", "5.55", "9.99"] {
                let v = value * d(factor);
                let root = sqrt(v).expect("root");
                assert!(close(root, v), "√{v} = {root}");
            }
            value *= Decimal::TEN;
        }
    }

    #[test]
    fn extremes_neither_overflow_nor_loop() {
        let root = sqrt(Decimal::MAX).expect("root");
        assert_eq!(root.round_dp(0), d("281474976710656"));
        let tiny = sqrt(d("0.0000000000000000000000000001")).expect("root");
        assert_eq!(tiny.round_dp(16), d("0.0000000000000100"));
    }

    #[test]
    fn negative_values_have_no_root() {
        assert_eq!(sqrt(d("-0.01")), None);
        assert_eq!(sqrt(d("-0")), Some(Decimal::ZERO));
    }
}
