//! What the user's investment portfolios are worth, kept by the ledger for the net worth: one
//! item per portfolio (`USER#<uid>` / `NET_WORTH_PORTFOLIO#<pid>`) holding its latest value in
//! its base currency and its value at each month end before it, written by
//! [`PortfolioValues`] from the investments area's `investments.portfolio_valued` events (an
//! older valuation never replaces a newer one; a deleted portfolio's item goes).

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use ferrofin_investments::PortfolioValued;
use ferrofin_platform::AppState;
use ferrofin_platform::events::{ReactError, Reaction, Subscriber};
use ferrofin_platform::fields::format_date;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::queue::{Envelope, Message};
use ferrofin_platform::ports::table::{
    Condition, Key, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::all_under;
use serde::{Deserialize, Serialize};
use time::Date;

const PREFIX: &str = "NET_WORTH_PORTFOLIO#";

/// A portfolio's latest value, and its values at the month ends before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioValue {
    pub portfolio_id: String,
    pub name: String,
    pub currency: Currency,
    pub value_minor: i64,
    #[serde(with = "ferrofin_platform::fields::date_text")]
    pub as_of: Date,
    /// `YYYY-MM-DD` (a month end before `as_of`) -> minor units. Left out when empty
    /// (DynamoDB Streams cannot describe an empty map).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub month_ends: BTreeMap<String, i64>,
    /// The portfolio's version it was valued at.
    pub version: u64,
}

impl PortfolioValue {
    pub fn value(&self) -> Money {
        Money::from_minor(self.value_minor, self.currency)
    }

    /// The value in minor units at month end `end`: the latest value on or after `as_of`, the
    /// kept month-end value before it, `None` before the first activity.
    pub fn at_month_end(&self, end: Date) -> Option<i64> {
        if end >= self.as_of {
            return Some(self.value_minor);
        }
        self.month_ends.get(&format_date(end)).copied()
    }

    /// Whether this valuation is not older than `other`.
    fn supersedes(&self, other: &PortfolioValue) -> bool {
        (self.version, self.as_of) >= (other.version, other.as_of)
    }
}

fn key(user_id: &UserId, portfolio_id: &str) -> Key {
    Key::new(user_partition(user_id), format!("{PREFIX}{portfolio_id}"))
}

/// The user's portfolio values.
pub async fn portfolio_values(
    table: &dyn Table,
    user_id: &UserId,
) -> Result<Vec<PortfolioValue>, TableError> {
    all_under(table, user_partition(user_id), PREFIX).await
}

/// `ledger.portfolio_values`: keeps each portfolio's latest value.
pub struct PortfolioValues {
    table: Arc<dyn Table>,
}

impl PortfolioValues {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }
}

#[async_trait]
impl Subscriber for PortfolioValues {
    fn name(&self) -> &'static str {
        "ledger.portfolio_values"
    }

    fn event_types(&self) -> &'static [&'static str] {
        &[PortfolioValued::TYPE]
    }

    async fn react(&self, event: &Envelope) -> Result<Reaction, ReactError> {
        let valued: PortfolioValued = event
            .open()
            .map_err(|err| ReactError::Permanent(err.to_string()))?;
        let key = key(&valued.user_id, valued.portfolio_id.as_str());
        let stored: Option<PortfolioValue> =
            self.table.get(&key).await?.map(from_record).transpose()?;
        let value = PortfolioValue {
            portfolio_id: valued.portfolio_id.as_str().to_owned(),
            name: valued.name,
            currency: valued.currency,
            value_minor: valued.value_minor,
            as_of: valued.as_of,
            month_ends: valued
                .month_ends
                .iter()
                .map(|end| (format_date(end.date), end.value_minor))
                .collect(),
            version: valued.version,
        };
        if stored
            .as_ref()
            .is_some_and(|stored| !value.supersedes(stored))
        {
            return Ok(Reaction::nothing());
        }
        let write = if valued.removed {
            Write::Delete {
                key,
                condition: Condition::Always,
            }
        } else {
            Write::Put {
                item: to_record(&value, &key, None)?,
                condition: Condition::Always,
            }
        };
        Ok(Reaction::writes(vec![write]))
    }
}
