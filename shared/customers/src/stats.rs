//! Customer statistics kept as counters on one item, changed by `ADD` deltas in the same
//! transaction as the customer write, so reading them is one GetItem whatever the number of
//! customers. Counts by status, KYC status, risk band and segment cover live (not deleted)
//! customers; `new#<yyyy-mm>` counts creations per month and never goes down.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Month, OffsetDateTime};
use utoipa::ToSchema;

use crate::customer::Customer;
use crate::kinds::{CustomerStatus, KycStatus, RiskBand};
use ferrofin_platform::ports::table::{AttributeValue, Item};

const TOTAL: &str = "total";
const NO_SEGMENT: &str = "no_segment";
const NO_RISK_BAND: &str = "no_risk_band";
/// How many months `new_per_month` covers, the current one included.
pub const MONTHS_SHOWN: u8 = 12;

/// The counters a live customer adds one to.
fn counters(customer: &Customer) -> Vec<String> {
    if customer.is_deleted() {
        return Vec::new();
    }
    let details = &customer.details;
    vec![
        TOTAL.to_owned(),
        format!("status#{}", details.status.as_str()),
        format!("kyc#{}", details.kyc_status.as_str()),
        details.risk_band.map_or_else(
            || NO_RISK_BAND.to_owned(),
            |band| format!("risk#{}", band.as_str()),
        ),
        details.segment.as_ref().map_or_else(
            || NO_SEGMENT.to_owned(),
            |segment| format!("segment#{}", segment.as_str()),
        ),
    ]
}

/// The counter of customers created in the month of `at`.
pub fn new_in_month(at: OffsetDateTime) -> String {
    format!("new#{}", month_label(at.year(), at.month()))
}

fn month_label(year: i32, month: Month) -> String {
    format!("{year:04}-{:02}", u8::from(month))
}

/// The counter deltas of a change from `before` to `after` (absent for a create), zeros dropped.
pub fn deltas(before: Option<&Customer>, after: &Customer) -> Vec<(String, i64)> {
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    for name in before.map(counters).unwrap_or_default() {
        *sums.entry(name).or_default() -= 1;
    }
    for name in counters(after) {
        *sums.entry(name).or_default() += 1;
    }
    if before.is_none() {
        *sums.entry(new_in_month(after.created_at)).or_default() += 1;
    }
    sums.into_iter().filter(|(_, delta)| *delta != 0).collect()
}

/// New customers in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: i64,
}

/// `GET /v1/customers/statistics`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CustomerStatistics {
    /// Live (not deleted) customers.
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    pub by_kyc_status: BTreeMap<String, i64>,
    /// `unassigned` counts customers without a risk band.
    pub by_risk_band: BTreeMap<String, i64>,
    /// `unassigned` counts customers without a segment; segments with no customers are left out.
    pub by_segment: BTreeMap<String, i64>,
    /// The last 12 months, oldest first, the current month last.
    pub new_per_month: Vec<MonthCount>,
}

impl CustomerStatistics {
    /// Reads the counters item (or nothing yet) as of `now`.
    pub fn from_counters(item: Option<&Item>, now: OffsetDateTime) -> Self {
        let count = |name: &str| match item.and_then(|item| item.get(name)) {
            Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
            _ => 0,
        };
        let named = |prefix: &str, names: &mut dyn Iterator<Item = &'static str>| {
            names
                .map(|name| (name.to_owned(), count(&format!("{prefix}#{name}"))))
                .collect::<BTreeMap<_, _>>()
        };
        let mut by_risk_band = named("risk", &mut RiskBand::ALL.iter().map(|band| band.as_str()));
        by_risk_band.insert("unassigned".to_owned(), count(NO_RISK_BAND));
        let mut by_segment: BTreeMap<String, i64> = item
            .into_iter()
            .flat_map(|item| item.keys())
            .filter_map(|name| {
                name.strip_prefix("segment#")
                    .map(|segment| (segment.to_owned(), count(name)))
            })
            .filter(|(_, n)| *n != 0)
            .collect();
        by_segment.insert("unassigned".to_owned(), count(NO_SEGMENT));
        Self {
            total: count(TOTAL),
            by_status: named(
                "status",
                &mut CustomerStatus::ALL.iter().map(|status| status.as_str()),
            ),
            by_kyc_status: named(
                "kyc",
                &mut KycStatus::ALL.iter().map(|status| status.as_str()),
            ),
            by_risk_band,
            by_segment,
            new_per_month: last_months(now)
                .into_iter()
                .map(|month| MonthCount {
                    count: count(&format!("new#{month}")),
                    month,
                })
                .collect(),
        }
    }
}

/// `YYYY-MM` of the last [`MONTHS_SHOWN`] months, oldest first.
fn last_months(now: OffsetDateTime) -> Vec<String> {
    let (mut year, mut month) = (now.year(), now.month());
    let mut months = Vec::with_capacity(usize::from(MONTHS_SHOWN));
    for _ in 0..MONTHS_SHOWN {
        months.push(month_label(year, month));
        if month == Month::January {
            year -= 1;
        }
        month = month.previous();
    }
    months.reverse();
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::sample;
    use time::macros::datetime;

    fn customer(status: &str, segment: Option<&str>) -> Customer {
        let details = serde_json::json!({
            "kind": "business", "legal_name": "Acme", "email": "a@acme.example",
            "status": status, "segment": segment
        });
        sample(details, datetime!(2026-01-15 9:00 UTC))
    }

    #[test]
    fn a_create_counts_once_everywhere_and_in_its_month() {
        let found = deltas(None, &customer("active", Some("retail")));
        assert!(found.contains(&("new#2026-01".to_owned(), 1)));
        assert!(found.contains(&("segment#retail".to_owned(), 1)));
        assert!(found.contains(&("total".to_owned(), 1)));
    }

    #[test]
    fn an_update_moves_only_what_changed_and_a_delete_uncounts() {
        let before = customer("active", Some("retail"));
        let after = customer("closed", Some("retail"));
        assert_eq!(
            deltas(Some(&before), &after),
            vec![
                ("status#active".to_owned(), -1),
                ("status#closed".to_owned(), 1)
            ]
        );
        let mut deleted = after.clone();
        deleted.deleted_at = Some(datetime!(2026-02-01 0:00 UTC));
        assert!(deltas(Some(&after), &deleted).contains(&("total".to_owned(), -1)));
    }

    #[test]
    fn twelve_months_end_with_the_current_one_across_a_year_boundary() {
        let months = last_months(datetime!(2026-02-10 0:00 UTC));
        assert_eq!(months.len(), 12);
        assert_eq!(months.first().map(String::as_str), Some("2025-03"));
        assert_eq!(months.last().map(String::as_str), Some("2026-02"));
    }
}
