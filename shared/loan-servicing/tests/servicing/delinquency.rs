//! Delinquency buckets and non-performing, by days overdue of the oldest overdue installment.
//!
//! Nothing paid; installment 1 is due 2024-02-15. Days overdue on a date are the days since
//! then: 2024-02-16 is 1, 2024-03-16 is 30 (February 2024 has 29 days), 2024-03-17 is 31,
//! 2024-04-15 is 60, 2024-04-16 is 61, 2024-05-15 is 90, 2024-05-16 is 91. Installments 2 and 3
//! fall overdue too, but the oldest counts.

use ferrofin_loan_servicing::DelinquencyBucket;
use serde_json::json;

use crate::common::{date, loan};

#[test]
fn buckets_at_their_edges() {
    let loan = loan(json!({}));
    let cases = [
        ("2024-02-15", 0, DelinquencyBucket::None),
        ("2024-02-16", 1, DelinquencyBucket::Days1To30),
        ("2024-03-16", 30, DelinquencyBucket::Days1To30),
        ("2024-03-17", 31, DelinquencyBucket::Days31To60),
        ("2024-04-15", 60, DelinquencyBucket::Days31To60),
        ("2024-04-16", 61, DelinquencyBucket::Days61To90),
        ("2024-05-15", 90, DelinquencyBucket::Days61To90),
        ("2024-05-16", 91, DelinquencyBucket::Over90),
    ];
    for (on, days, bucket) in cases {
        let delinquency = loan.state(&[], date(on)).unwrap().delinquency;
        assert_eq!(
            (delinquency.days_overdue, delinquency.bucket),
            (days, bucket),
            "{on}"
        );
        let oldest = (days > 0).then_some(1);
        assert_eq!(delinquency.oldest_overdue_installment, oldest, "{on}");
    }
}

#[test]
fn non_performing_from_the_product_days() {
    // 90 days by default: 89 days (2024-05-14) performs, 90 (2024-05-15) does not.
    let loan_90 = loan(json!({}));
    let non_performing = |on: &str| {
        loan_90
            .state(&[], date(on))
            .unwrap()
            .delinquency
            .non_performing
    };
    assert!(!non_performing("2024-05-14"));
    assert!(non_performing("2024-05-15"));
    // 30 days: 2024-03-15 is 29 days, 2024-03-16 is 30.
    let loan_30 = loan(json!({ "days_until_non_performing": 30 }));
    let non_performing = |on: &str| {
        loan_30
            .state(&[], date(on))
            .unwrap()
            .delinquency
            .non_performing
    };
    assert!(!non_performing("2024-03-15"));
    assert!(non_performing("2024-03-16"));
}

#[test]
fn the_serde_names_of_the_buckets() {
    let names: Vec<String> = [0, 1, 31, 61, 91]
        .map(DelinquencyBucket::of)
        .iter()
        .map(|bucket| {
            serde_json::to_value(bucket)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["none", "1_30", "31_60", "61_90", "over_90"]);
}
