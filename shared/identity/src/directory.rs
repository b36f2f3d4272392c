//! The user directory: admins search users without a Scan. Every user has index items (a
//! summary without secrets, written in the user's transactions by `UserStore`), one per access
//! path:
//!
//! | filter | partition | sort key | kind |
//! |---|---|---|---|
//! | `email` | `USERIDX#EMAIL#<first character>` | `<address>#<id>` | prefix |
//! | `status` | `USERIDX#STATUS#<status>` | `<created epoch, 12 digits>#<id>` | exact |
//! | `role` | `USERIDX#ROLE#<role>` | as above | exact |
//! | none of these | `USERIDX#ALL` | as above | — |
//!
//! The most selective filter given picks the path (in the order above); `created_from` /
//! `created_to` is a sort-key range on the creation-ordered paths; the other filters are applied
//! to the items read (as a DynamoDB filter expression would).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::keys;
use crate::roles::Role;
use crate::users::{User, UserStatus};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{Index, Key, Query, SortKey};

/// What the directory holds of a user: never a hash, secret or token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserSummary {
    #[schema(value_type = String)]
    pub id: UserId,
    #[schema(value_type = String)]
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub email_verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl UserSummary {
    pub fn of(user: &User) -> Self {
        Self {
            id: user.id.clone(),
            email: user.email.as_str().to_owned(),
            name: user.name.clone(),
            role: user.role,
            status: user.status,
            email_verified: user.email_verified,
            created_at: user.created_at,
        }
    }
}

/// Filters of `GET /v1/admin/users`, with paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserSearch {
    /// Prefix of the email address, case-insensitive.
    #[param(example = "ada@")]
    pub email: Option<String>,
    #[param(value_type = Option<UserStatus>)]
    pub status: Option<UserStatus>,
    #[param(value_type = Option<Role>)]
    pub role: Option<Role>,
    /// Created at or after this instant (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-01T00:00:00Z")]
    pub created_from: Option<OffsetDateTime>,
    /// Created at or before this instant (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub created_to: Option<OffsetDateTime>,
    /// Page size, 1..=100 (default 50).
    #[serde(skip_serializing)]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing)]
    pub cursor: Option<String>,
}

impl UserSearch {
    /// The email prefix as searched: trimmed and lower-cased, or `None` when empty.
    fn email_prefix(&self) -> Option<String> {
        self.email
            .as_deref()
            .map(str::trim)
            .filter(|prefix| !prefix.is_empty())
            .map(str::to_lowercase)
    }

    /// The creation range as a sort-key condition of the creation-ordered paths.
    fn created_range(&self) -> SortKey {
        let low = self
            .created_from
            .map(|at| keys::user_index_created_bound(at.unix_timestamp()));
        // Everything of the last second, any id ('~' sorts after '#').
        let high = self
            .created_to
            .map(|at| format!("{}~", keys::user_index_created_bound(at.unix_timestamp())));
        match (low, high) {
            (Some(low), Some(high)) => SortKey::Between(low, high),
            (Some(low), None) => SortKey::AtLeast(low),
            (None, Some(high)) => SortKey::AtMost(high),
            (None, None) => SortKey::Any,
        }
    }

    /// The query of the most selective access path for these filters, `limit` items a read:
    /// by address for an email prefix, otherwise newest first.
    pub fn query(&self, limit: u32) -> Query {
        let (partition, sort, forward) = match self.email_prefix() {
            Some(prefix) => {
                let first: String = prefix.chars().take(1).collect();
                let partition = keys::user_index_partition(&format!("EMAIL#{first}"));
                (partition, SortKey::BeginsWith(prefix), true)
            }
            None => {
                let path = match (self.status, self.role) {
                    (Some(status), _) => format!("STATUS#{}", status_name(status)),
                    (None, Some(role)) => format!("ROLE#{}", role.as_str()),
                    (None, None) => "ALL".to_owned(),
                };
                (
                    keys::user_index_partition(&path),
                    self.created_range(),
                    false,
                )
            }
        };
        Query {
            index: Index::Primary,
            partition,
            sort,
            forward,
            limit,
            start_after: None,
        }
    }

    /// Whether a user read from the path satisfies every filter.
    pub fn matches(&self, user: &UserSummary) -> bool {
        self.email_prefix()
            .is_none_or(|prefix| user.email.starts_with(&prefix))
            && self.status.is_none_or(|status| user.status == status)
            && self.role.is_none_or(|role| user.role == role)
            && self.created_from.is_none_or(|from| user.created_at >= from)
            && self.created_to.is_none_or(|to| user.created_at <= to)
    }

    /// The cursor scope: the list and every filter, so a cursor only resumes the same search.
    pub fn scope(&self) -> String {
        format!(
            "admin-users:{}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }
}

fn status_name(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Active => "active",
        UserStatus::Banned => "banned",
    }
}

/// The index items a user has: one key per access path they are on.
pub fn index_keys(user: &User) -> Vec<Key> {
    let created = keys::user_index_created_sort(user.created_at.unix_timestamp(), &user.id);
    let by_creation = [
        "ALL".to_owned(),
        format!("STATUS#{}", status_name(user.status)),
        format!("ROLE#{}", user.role.as_str()),
    ];
    let mut found: Vec<Key> = by_creation
        .iter()
        .map(|path| Key::new(keys::user_index_partition(path), created.clone()))
        .collect();
    let email = user.email.as_str();
    let first: String = email.chars().take(1).collect();
    found.push(Key::new(
        keys::user_index_partition(&format!("EMAIL#{first}")),
        format!("{email}#{}", user.id),
    ));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_platform::email_address::EmailAddress;
    use time::macros::datetime;

    fn user() -> User {
        User::new(
            "01USER".into(),
            EmailAddress::parse("Ada@Example.com").expect("email"),
            "Ada".to_owned(),
            "hash".to_owned(),
            Role::LoanOfficer,
            true,
            datetime!(2026-11-21 12:00 UTC),
        )
    }

    #[test]
    fn the_most_selective_filter_picks_the_path() {
        let by_role = UserSearch {
            role: Some(Role::Admin),
            ..UserSearch::default()
        };
        assert_eq!(by_role.query(10).partition, "USERIDX#ROLE#admin");
        let by_status = UserSearch {
            status: Some(UserStatus::Banned),
            ..by_role
        };
        assert_eq!(by_status.query(10).partition, "USERIDX#STATUS#banned");
        let by_email = UserSearch {
            email: Some(" AD".to_owned()),
            ..by_status
        };
        let query = by_email.query(10);
        assert_eq!(query.partition, "USERIDX#EMAIL#a");
        assert_eq!(query.sort, SortKey::BeginsWith("ad".to_owned()));
        assert!(query.forward);
    }

    #[test]
    fn a_user_is_on_every_path_of_its_values_and_the_filters_check_them_all() {
        let user = user();
        let partitions: Vec<String> = index_keys(&user).into_iter().map(|key| key.pk).collect();
        assert_eq!(
            partitions,
            [
                "USERIDX#ALL",
                "USERIDX#STATUS#active",
                "USERIDX#ROLE#loan_officer",
                "USERIDX#EMAIL#a"
            ]
        );
        let summary = UserSummary::of(&user);
        let exactly_then = UserSearch {
            created_from: Some(user.created_at),
            created_to: Some(user.created_at),
            ..UserSearch::default()
        };
        assert!(exactly_then.matches(&summary));
        assert!(
            exactly_then
                .query(10)
                .sort
                .matches(&index_keys(&user)[0].sk)
        );
        let banned_admins = UserSearch {
            role: Some(Role::Admin),
            ..exactly_then
        };
        assert!(!banned_admins.matches(&summary));
    }
}
