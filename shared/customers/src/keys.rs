//! Customers' table keys: customers, their uniqueness guards and index items, statistics,
//! groups and memberships.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! |---|---|---|---|
//! | customer | `CUSTOMER#<id>` | `PROFILE` | |
//! | customer email guard | `CUSTOMER_EMAIL#<email>` | `GUARD` | |
//! | customer national-id guard | `CUSTOMER_NATIONAL_ID#<sha-256 of the id>` | `GUARD` | |
//! | customer index item (copy of the customer) | `CUSTIDX#<ALL, NAME#<first letter>, PHONE#<e164>, STATUS#<s>, SEGMENT#<s>, OFFICER#<user>, TAG#<t>>` | `<created epoch, 12 digits>#<id>` (`NAME`: `<lower-case name>#<id>`) | |
//! | customer statistics (counters) | `CUSTOMER_STATS` | `TOTALS` | |
//! | customer group | `CUSTOMER_GROUPS` | `GROUP#<id>` | |
//! | group membership (group side) | `CUSTOMER_GROUP#<group id>` | `MEMBER#<customer id>` | |
//! | group membership (customer side) | `CUSTOMER#<customer id>` | `GROUP#<group id>` | |

use crate::ids::{CustomerId, GroupId};
use ferrofin_platform::ports::table::Key;

pub fn customer_partition(customer_id: &CustomerId) -> String {
    format!("CUSTOMER#{customer_id}")
}

pub fn customer(customer_id: &CustomerId) -> Key {
    Key::new(customer_partition(customer_id), "PROFILE")
}

pub fn customer_email_guard(normalized_email: &str) -> Key {
    Key::new(format!("CUSTOMER_EMAIL#{normalized_email}"), "GUARD")
}

/// The guard of a national or tax id, keyed by its digest so the id never appears in a key.
pub fn customer_national_id_guard(national_id_digest: &str) -> Key {
    Key::new(
        format!("CUSTOMER_NATIONAL_ID#{national_id_digest}"),
        "GUARD",
    )
}

/// Partition of one customer search path (`ALL`, `STATUS#active`, `TAG#vip`, ...).
pub fn customer_index_partition(path: &str) -> String {
    format!("CUSTIDX#{path}")
}

/// Sort key of an index item ordered by creation: fixed-width epoch seconds, then the id.
pub fn customer_index_created_sort(created_epoch: i64, customer_id: &CustomerId) -> String {
    format!(
        "{}#{customer_id}",
        customer_index_created_bound(created_epoch)
    )
}

/// The creation-time part of an index sort key, for range bounds.
pub fn customer_index_created_bound(created_epoch: i64) -> String {
    format!("{created_epoch:012}")
}

/// Sort key of a name index item: the lower-case name, then the id.
pub fn customer_index_name_sort(lowercase_name: &str, customer_id: &CustomerId) -> String {
    format!("{lowercase_name}#{customer_id}")
}

pub fn customer_stats() -> Key {
    Key::new("CUSTOMER_STATS", "TOTALS")
}

/// Partition holding every customer group.
pub const CUSTOMER_GROUPS_PARTITION: &str = "CUSTOMER_GROUPS";

pub const CUSTOMER_GROUP_PREFIX: &str = "GROUP#";

pub fn customer_group(group_id: &GroupId) -> Key {
    Key::new(
        CUSTOMER_GROUPS_PARTITION,
        format!("{CUSTOMER_GROUP_PREFIX}{group_id}"),
    )
}

pub fn customer_group_members_partition(group_id: &GroupId) -> String {
    format!("CUSTOMER_GROUP#{group_id}")
}

pub const GROUP_MEMBER_PREFIX: &str = "MEMBER#";

/// A membership seen from the group.
pub fn group_member(group_id: &GroupId, customer_id: &CustomerId) -> Key {
    Key::new(
        customer_group_members_partition(group_id),
        format!("{GROUP_MEMBER_PREFIX}{customer_id}"),
    )
}

/// A membership seen from the customer.
pub fn customer_group_link(customer_id: &CustomerId, group_id: &GroupId) -> Key {
    Key::new(
        customer_partition(customer_id),
        format!("{CUSTOMER_GROUP_PREFIX}{group_id}"),
    )
}
