//! Powers on `Decimal`: whole powers and geometric sums (for level payments and present values
//! over runs of equal periods), and `ln` and `exp` for the effective annual rate `(1 + i)^n − 1`
//! when `n` (the repayment periods in a year) is not a whole number. Series on a reduced range,
//! to about 25 significant digits; no floating point.

use rust_decimal::Decimal;

/// ln 2 to 28 decimals.
const LN_2: Decimal = Decimal::from_parts(0xAA7A_65BF, 0x81F5_2F01, 0x1665_943F, false, 28);

/// `x^n` by repeated squaring.
pub(crate) fn powi(x: Decimal, n: u32) -> Decimal {
    let (mut result, mut base, mut n) = (Decimal::ONE, x, n);
    while n > 0 {
        if n & 1 == 1 {
            result *= base;
        }
        n >>= 1;
        if n > 0 {
            base *= base;
        }
    }
    result
}

/// `1 + x + x² + … + x^(n−1)`.
pub(crate) fn geometric_sum(x: Decimal, n: u32) -> Decimal {
    match n {
        0 => Decimal::ZERO,
        1 => Decimal::ONE,
        _ if x == Decimal::ONE => Decimal::from(n),
        _ => (Decimal::ONE - powi(x, n)) / (Decimal::ONE - x),
    }
}

/// The natural logarithm of `x`; `None` unless `x > 0`.
pub(crate) fn ln(x: Decimal) -> Option<Decimal> {
    if x <= Decimal::ZERO {
        return None;
    }
    // x = y · 2^k with y in [0.75, 1.5].
    let (low, high, two) = (Decimal::new(75, 2), Decimal::new(15, 1), Decimal::TWO);
    let (mut y, mut k) = (x, 0_i64);
    while y > high {
        y /= two;
        k += 1;
    }
    while y < low {
        y *= two;
        k -= 1;
    }
    // ln y = 2 artanh z = 2 (z + z³/3 + z⁵/5 + …), z = (y − 1)/(y + 1), |z| ≤ 0.2.
    let z = (y - Decimal::ONE) / (y + Decimal::ONE);
    let z2 = z * z;
    let (mut power, mut sum) = (z, z);
    for n in (3_u32..).step_by(2).take(40) {
        power *= z2;
        let term = power / Decimal::from(n);
        if term.is_zero() {
            break;
        }
        sum += term;
    }
    Some(two * sum + Decimal::from(k) * LN_2)
}

/// `e^x`; `None` when it is beyond `Decimal`'s range.
pub(crate) fn exp(x: Decimal) -> Option<Decimal> {
    // x = k ln 2 + r with |r| ≤ ln 2 / 2.
    let k = (x.checked_div(LN_2)?).round();
    let r = x - k * LN_2;
    let (mut term, mut sum) = (Decimal::ONE, Decimal::ONE);
    for n in 1_u32..60 {
        term = term * r / Decimal::from(n);
        if term.is_zero() {
            break;
        }
        sum += term;
    }
    let k = i64::try_from(k.mantissa()).ok()?;
    let two = Decimal::TWO;
    for _ in 0..k.unsigned_abs() {
        sum = if k > 0 {
            sum.checked_mul(two)?
        } else {
            sum / two
        };
    }
    Some(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Decimal, b: Decimal, digits: u32) -> bool {
        (a - b).abs() < Decimal::new(1, digits)
    }

    #[test]
    fn whole_powers_and_geometric_sums() {
        let x = Decimal::new(101, 2);
        assert_eq!(powi(x, 0), Decimal::ONE);
        assert_eq!(powi(x, 3), Decimal::new(1_030_301, 6));
        assert_eq!(powi(Decimal::TWO, 10), Decimal::from(1024));
        // 1 + 1.01 + 1.0201 = 3.0301
        assert_eq!(geometric_sum(x, 3).round_dp(20), Decimal::new(30_301, 4));
        assert_eq!(geometric_sum(Decimal::ONE, 7), Decimal::from(7));
        assert_eq!(geometric_sum(x, 1), Decimal::ONE);
        assert_eq!(geometric_sum(x, 0), Decimal::ZERO);
    }

    #[test]
    fn ln_2_is_ln_2() {
        assert_eq!(LN_2.to_string(), "0.6931471805599453094172321215");
        assert!(close(ln(Decimal::TWO).expect("ln"), LN_2, 25));
        assert_eq!(ln(Decimal::ONE), Some(Decimal::ZERO));
        assert_eq!(ln(Decimal::ZERO), None);
    }

    #[test]
    fn exp_inverts_ln() {
        for text in ["0.0001", "0.5", "1.01", "3", "1234.5678"] {
            let x: Decimal = text.parse().expect("decimal");
            let back = exp(ln(x).expect("ln")).expect("exp");
            assert!(close(back / x, Decimal::ONE, 20), "{text}: {back}");
        }
    }

    #[test]
    fn whole_powers_match_repeated_multiplication() {
        // 1.01^12 = 1.126825030131969720661201
        let rate = Decimal::new(101, 2);
        let by_series = exp(Decimal::from(12) * ln(rate).expect("ln")).expect("exp");
        let by_product = (0..12).fold(Decimal::ONE, |p, _| p * rate);
        assert!(close(by_series, by_product, 22));
    }

    #[test]
    fn exp_beyond_range_is_none() {
        assert_eq!(exp(Decimal::from(100)), None);
        assert!(exp(Decimal::from(-100)).is_some_and(|v| v < Decimal::new(1, 27)));
    }
}
