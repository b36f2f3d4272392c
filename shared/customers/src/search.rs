//! Customer search without a Scan. Every customer has index items (copies of it under other
//! keys, written in its transactions; see `index_keys`), one per access path:
//!
//! | filter | path | kind |
//! |---|---|---|
//! | `email` | the email guard item | exact (one GetItem) |
//! | `phone` | `CUSTIDX#PHONE#<e164>` | exact |
//! | `name` | `CUSTIDX#NAME#<first letter>`, sorted by lower-case name | prefix, case-insensitive |
//! | `officer`, `tag`, `segment`, `status` | `CUSTIDX#<FILTER>#<value>`, sorted by creation | exact |
//! | none of these | `CUSTIDX#ALL`, sorted by creation | — |
//!
//! The most selective filter given picks the path (in the order above); `created_from`/`created_to`
//! is a sort-key range on creation-ordered paths; the other filters, and hiding deleted
//! customers, are applied to the items read (as a DynamoDB filter expression would).

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Time};
use utoipa::IntoParams;

use crate::customer::Customer;
use crate::fields::{Label, PhoneNumber};
use crate::keys;
use crate::kinds::{CustomerStatus, iso_date};
use ferrofin_platform::email_address::EmailAddress;
use ferrofin_platform::http::{AnyDateText, EmailText};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Key, SortKey};

/// Filters of `GET /v1/customers`, with paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerFilter {
    /// Prefix of the name (first and last name, or legal name), case-insensitive.
    pub name: Option<String>,
    /// Exact email address.
    #[param(value_type = Option<EmailText>, inline)]
    pub email: Option<EmailAddress>,
    /// Exact E.164 phone number.
    #[param(value_type = Option<String>, pattern = "^\\+[1-9][0-9]{7,14}$")]
    pub phone: Option<PhoneNumber>,
    #[param(value_type = Option<CustomerStatus>, inline)]
    pub status: Option<CustomerStatus>,
    #[param(value_type = Option<String>, pattern = "^[A-Za-z0-9_-]{1,40}$")]
    pub segment: Option<Label>,
    /// User id of the assigned officer.
    #[param(value_type = Option<String>)]
    pub officer: Option<UserId>,
    #[param(value_type = Option<String>, pattern = "^[A-Za-z0-9_-]{1,40}$")]
    pub tag: Option<Label>,
    /// Created on or after this day (`YYYY-MM-DD`, UTC).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<AnyDateText>, inline)]
    pub created_from: Option<Date>,
    /// Created on or before this day (`YYYY-MM-DD`, UTC).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<AnyDateText>, inline)]
    pub created_to: Option<Date>,
    /// Also list soft-deleted customers.
    #[serde(default)]
    pub include_deleted: bool,
    /// Page size, 1..=100 (default 50).
    #[serde(skip_serializing)]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing)]
    pub cursor: Option<String>,
}

/// Which partition a search reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchPath {
    /// The email guard: at most one customer.
    Email(EmailAddress),
    /// An index partition, its sort-key condition and order (`forward` for names).
    Index {
        partition: String,
        sort: SortKey,
        forward: bool,
    },
}

fn epoch_of(day: Date) -> i64 {
    day.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp()
}

impl CustomerFilter {
    /// The name prefix as searched: trimmed and lower-cased, or `None` when empty.
    fn name_prefix(&self) -> Option<String> {
        self.name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_lowercase)
    }

    /// The creation range as an index sort-key condition.
    fn created_range(&self) -> SortKey {
        let low = self
            .created_from
            .map(|day| keys::customer_index_created_bound(epoch_of(day)));
        // Everything of the last day: its last second, then any id ('~' sorts after '#').
        let high = self.created_to.map(|day| {
            format!(
                "{}~",
                keys::customer_index_created_bound(
                    epoch_of(day) + Duration::DAY.whole_seconds() - 1
                )
            )
        });
        match (low, high) {
            (Some(low), Some(high)) => SortKey::Between(low, high),
            (Some(low), None) => SortKey::AtLeast(low),
            (None, Some(high)) => SortKey::AtMost(high),
            (None, None) => SortKey::Any,
        }
    }

    /// The most selective access path for these filters.
    pub fn path(&self) -> SearchPath {
        if let Some(email) = &self.email {
            return SearchPath::Email(email.clone());
        }
        let by_creation = |path: String| SearchPath::Index {
            partition: keys::customer_index_partition(&path),
            sort: self.created_range(),
            forward: false,
        };
        if let Some(phone) = &self.phone {
            return by_creation(format!("PHONE#{}", phone.as_str()));
        }
        if let Some(prefix) = self.name_prefix() {
            let first: String = prefix.chars().take(1).collect();
            return SearchPath::Index {
                partition: keys::customer_index_partition(&format!("NAME#{first}")),
                sort: SortKey::BeginsWith(prefix),
                forward: true,
            };
        }
        let path = match (&self.officer, &self.tag, &self.segment, self.status) {
            (Some(officer), ..) => format!("OFFICER#{officer}"),
            (None, Some(tag), ..) => format!("TAG#{}", tag.as_str()),
            (None, None, Some(segment), _) => format!("SEGMENT#{}", segment.as_str()),
            (None, None, None, Some(status)) => format!("STATUS#{}", status.as_str()),
            (None, None, None, None) => "ALL".to_owned(),
        };
        by_creation(path)
    }

    /// Whether a customer read from the path satisfies every filter.
    pub fn matches(&self, customer: &Customer) -> bool {
        let details = &customer.details;
        let created = customer.created_at.date();
        (self.include_deleted || !customer.is_deleted())
            && self
                .email
                .as_ref()
                .is_none_or(|email| *email == details.email)
            && self
                .phone
                .as_ref()
                .is_none_or(|phone| details.phone.as_ref() == Some(phone))
            && self
                .name_prefix()
                .is_none_or(|prefix| details.display_name().to_lowercase().starts_with(&prefix))
            && self.status.is_none_or(|status| details.status == status)
            && self
                .segment
                .as_ref()
                .is_none_or(|segment| details.segment.as_ref() == Some(segment))
            && self
                .officer
                .as_ref()
                .is_none_or(|officer| details.assigned_officer.as_ref() == Some(officer))
            && self
                .tag
                .as_ref()
                .is_none_or(|tag| details.tags.contains(tag))
            && self.created_from.is_none_or(|from| created >= from)
            && self.created_to.is_none_or(|to| created <= to)
    }

    /// The cursor scope: the list and every filter, so a cursor only resumes the same search.
    pub fn scope(&self) -> String {
        format!(
            "customers:{}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }
}

/// The index items a customer has: one key per access path it is on.
pub fn index_keys(customer: &Customer) -> Vec<Key> {
    let details = &customer.details;
    let created =
        keys::customer_index_created_sort(customer.created_at.unix_timestamp(), &customer.id);
    let mut paths = vec![
        "ALL".to_owned(),
        format!("STATUS#{}", details.status.as_str()),
    ];
    paths.extend(
        details
            .phone
            .iter()
            .map(|phone| format!("PHONE#{}", phone.as_str())),
    );
    paths.extend(
        details
            .segment
            .iter()
            .map(|segment| format!("SEGMENT#{}", segment.as_str())),
    );
    paths.extend(
        details
            .assigned_officer
            .iter()
            .map(|officer| format!("OFFICER#{officer}")),
    );
    paths.extend(
        details
            .tags
            .iter()
            .map(|tag| format!("TAG#{}", tag.as_str())),
    );
    let mut found: Vec<Key> = paths
        .into_iter()
        .map(|path| Key::new(keys::customer_index_partition(&path), created.clone()))
        .collect();
    let name = details.display_name().to_lowercase();
    if let Some(first) = name.chars().next() {
        found.push(Key::new(
            keys::customer_index_partition(&format!("NAME#{first}")),
            keys::customer_index_name_sort(&name, &customer.id),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::sample;
    use time::macros::{date, datetime};

    fn customer() -> Customer {
        let details = serde_json::json!({
            "kind": "individual", "first_name": "Ada", "last_name": "Lovelace",
            "email": "ada@example.com", "phone": "+447700900123", "tags": ["vip"],
            "segment": "retail"
        });
        sample(details, datetime!(2026-11-21 12:00 UTC))
    }

    #[test]
    fn the_most_selective_filter_picks_the_path() {
        let filter = CustomerFilter {
            status: Some(CustomerStatus::Active),
            tag: Label::parse("vip").ok(),
            ..CustomerFilter::default()
        };
        let SearchPath::Index { partition, .. } = filter.path() else {
            panic!("index path")
        };
        assert_eq!(partition, "CUSTIDX#TAG#vip");
        let by_name = CustomerFilter {
            name: Some(" LOVE".to_owned()),
            ..filter
        };
        assert_eq!(
            by_name.path(),
            SearchPath::Index {
                partition: "CUSTIDX#NAME#l".to_owned(),
                sort: SortKey::BeginsWith("love".to_owned()),
                forward: true,
            }
        );
    }

    #[test]
    fn a_created_range_covers_whole_days() {
        let filter = CustomerFilter {
            created_from: Some(date!(2026 - 11 - 21)),
            created_to: Some(date!(2026 - 11 - 21)),
            ..CustomerFilter::default()
        };
        let SearchPath::Index { sort, .. } = filter.path() else {
            panic!("index path")
        };
        let own = keys::customer_index_created_sort(
            customer().created_at.unix_timestamp(),
            &"01C".into(),
        );
        assert!(sort.matches(&own));
        assert!(filter.matches(&customer()));
    }

    #[test]
    fn a_customer_is_on_every_path_of_its_values_and_filters_check_them_all() {
        let keys: Vec<String> = index_keys(&customer())
            .into_iter()
            .map(|key| key.pk)
            .collect();
        for expected in [
            "CUSTIDX#ALL",
            "CUSTIDX#PHONE#+447700900123",
            "CUSTIDX#TAG#vip",
            "CUSTIDX#NAME#a",
            "CUSTIDX#SEGMENT#retail",
            "CUSTIDX#STATUS#active",
        ] {
            assert!(
                keys.contains(&expected.to_owned()),
                "{expected} in {keys:?}"
            );
        }
        let filter = CustomerFilter {
            name: Some("ada l".to_owned()),
            segment: Label::parse("sme").ok(),
            ..CustomerFilter::default()
        };
        assert!(!filter.matches(&customer()));
        let mut deleted = customer();
        deleted.deleted_at = Some(datetime!(2026-11-22 0:00 UTC));
        assert!(!CustomerFilter::default().matches(&deleted));
        assert!(
            CustomerFilter {
                include_deleted: true,
                ..CustomerFilter::default()
            }
            .matches(&deleted)
        );
    }
}
