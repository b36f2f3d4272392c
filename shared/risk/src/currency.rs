//! How many decimals a currency's figures are presented with: its ISO 4217 minor unit. Two
//! for every code not listed here (and for unknown codes); the codes are matched without regard
//! to case.

/// ISO 4217 currencies without minor unit.
const NO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];

/// ISO 4217 currencies with three decimals.
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// ISO 4217 currencies with four decimals.
const FOUR_DECIMALS: &[&str] = &["CLF", "UYW"];

/// The number of decimals of `code`'s minor unit.
pub(crate) fn minor_digits(code: &str) -> u32 {
    let code = code.trim().to_ascii_uppercase();
    let listed = |list: &[&str]| list.contains(&code.as_str());
    if listed(NO_DECIMALS) {
        0
    } else if listed(THREE_DECIMALS) {
        3
    } else if listed(FOUR_DECIMALS) {
        4
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(minor_digits("EUR"), 2);
        assert_eq!(minor_digits("usd"), 2);
        assert_eq!(minor_digits("JPY"), 0);
        assert_eq!(minor_digits(" kwd "), 3);
        assert_eq!(minor_digits("CLF"), 4);
        assert_eq!(minor_digits("not a code"), 2);
    }
}
