//! Text normalisation for matching descriptions, payees and categories: lower case, every
//! character that is not a letter or a digit taken as a space, so `"CREDIT-CARD / Repayment"`
//! reads as the words `credit card repayment`.

/// The words of `text`, lower case.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The name a payment series is grouped by: the words of `text` without those containing a
/// digit (statement references, dates, card numbers), joined by single spaces. Empty when no
/// word is left.
pub(crate) fn series_key(text: &str) -> String {
    words(text)
        .into_iter()
        .filter(|word| !word.chars().any(|c| c.is_numeric()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_and_split_on_punctuation() {
        assert_eq!(
            words("CREDIT-CARD / Repayment, ref.42"),
            ["credit", "card", "repayment", "ref", "42"]
        );
        assert!(words("  -- ").is_empty());
        assert_eq!(words("Überweisung KREDIT"), ["überweisung", "kredit"]);
    }

    #[test]
    fn series_keys_drop_references() {
        assert_eq!(
            series_key("DAYCARE Sunshine REF 0306"),
            "daycare sunshine ref"
        );
        assert_eq!(series_key("Netflix.com 12/03 #A1B2"), "netflix com");
        assert_eq!(series_key("2026-03-01"), "");
    }
}
