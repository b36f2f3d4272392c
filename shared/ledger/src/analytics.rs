//! Wallet analytics from the rollups — not from transactions — so a summary costs the same for
//! a hundred or a million transactions: income and spending per day (exact date ranges), per
//! month x category (top categories, monthly trend), and per account x day (balances at past
//! dates, for net worth). Per-category flows of an exact range that starts or ends inside a
//! month also read the transactions of those partial months (at most two months of them).

use std::collections::BTreeMap;

use serde::Deserialize;
use time::Date;

use crate::ids::AccountId;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::month::Month;

use crate::error::LedgerError;
use crate::keys;
use crate::listing::TransactionFilter;
use crate::rollups::UNCATEGORISED;
use crate::service::Ledger;
use crate::transactions::date_string;
use ferrofin_platform::money::Currency;
use ferrofin_platform::ports::table::{
    AttributeValue, Item, Query, SortKey, TableError, attr, from_record, query_all,
};

/// Transactions read per query by [`Ledger::category_flows`].
const FLOW_PAGE: u32 = 100;

/// Income and spending of a period in one currency, in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    pub income_minor: i64,
    pub expense_minor: i64,
}

impl Flow {
    fn add(&mut self, other: Flow) {
        self.income_minor += other.income_minor;
        self.expense_minor += other.expense_minor;
    }
}

#[derive(Deserialize)]
struct FlowRecord {
    #[serde(default)]
    income_minor: i64,
    #[serde(default)]
    expense_minor: i64,
}

#[derive(Deserialize)]
struct DeltaRecord {
    #[serde(default)]
    delta_minor: i64,
}

/// A rollup item's sort key after its prefix, split on `#`.
fn sort_parts(item: &Item, prefix: &str) -> Result<Vec<String>, TableError> {
    match item.get(attr::SK) {
        Some(AttributeValue::S(sk)) => Ok(sk
            .trim_start_matches(prefix)
            .split('#')
            .map(str::to_owned)
            .collect()),
        _ => Err(TableError::InvalidRequest(
            "rollup without sort key".to_owned(),
        )),
    }
}

fn flow(item: Item) -> Result<Flow, TableError> {
    let record: FlowRecord = from_record(item)?;
    Ok(Flow {
        income_minor: record.income_minor,
        expense_minor: record.expense_minor,
    })
}

impl Ledger {
    async fn rollups_between(
        &self,
        user_id: &UserId,
        prefix: &str,
        low: &str,
        high: &str,
    ) -> Result<Vec<Item>, TableError> {
        let query = Query {
            sort: SortKey::Between(format!("{prefix}{low}"), format!("{prefix}{high}#~")),
            ..Query::partition(keys::user_partition(user_id), 100)
        };
        query_all(self.table.as_ref(), query).await
    }

    /// Income and spending per day and currency in `[from, to]`.
    pub async fn daily_flows(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<(Date, Currency), Flow>, LedgerError> {
        let items = self
            .rollups_between(
                user_id,
                keys::DAY_ROLLUP_PREFIX,
                &date_string(from),
                &date_string(to),
            )
            .await?;
        let mut flows = BTreeMap::new();
        for item in items {
            let parts = sort_parts(&item, keys::DAY_ROLLUP_PREFIX)?;
            let (Some(day), Some(code)) = (parts.first(), parts.get(1)) else {
                continue;
            };
            let (Ok(day), Ok(currency)) = (
                ferrofin_platform::fields::iso_date(day),
                Currency::parse(code),
            ) else {
                continue;
            };
            flows
                .entry((day, currency))
                .or_insert_with(Flow::default)
                .add(flow(item)?);
        }
        Ok(flows)
    }

    /// Income and spending per month, currency and category for the months `[from, to]` touch.
    pub async fn monthly_category_flows(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<(String, Currency, String), Flow>, LedgerError> {
        let items = self
            .rollups_between(
                user_id,
                keys::MONTH_ROLLUP_PREFIX,
                &Month::of(from).to_string(),
                &Month::of(to).to_string(),
            )
            .await?;
        let mut flows = BTreeMap::new();
        for item in items {
            let parts = sort_parts(&item, keys::MONTH_ROLLUP_PREFIX)?;
            let (Some(month), Some(code), Some(category)) =
                (parts.first(), parts.get(1), parts.get(2))
            else {
                continue;
            };
            let Ok(currency) = Currency::parse(code) else {
                continue;
            };
            flows
                .entry((month.clone(), currency, category.clone()))
                .or_insert_with(Flow::default)
                .add(flow(item)?);
        }
        Ok(flows)
    }

    /// Income and spending per currency and category over exactly `[from, to]`: the months it
    /// covers whole from the month rollups, the days of a month it covers in part from those
    /// days' transactions (counted as the rollups count them: transfers are neither).
    pub async fn category_flows(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<(Currency, String), Flow>, LedgerError> {
        let mut flows: BTreeMap<(Currency, String), Flow> = BTreeMap::new();
        let mut whole: Vec<Month> = Vec::new();
        let mut month = Month::of(from);
        while month <= Month::of(to) {
            let (first, last) = (month.first_day().max(from), month.last_day().min(to));
            if (first, last) == (month.first_day(), month.last_day()) {
                whole.push(month);
            } else {
                for ((currency, category), flow) in
                    self.transaction_flows(user_id, first, last).await?
                {
                    flows.entry((currency, category)).or_default().add(flow);
                }
            }
            month = month.next();
        }
        if let (Some(first), Some(last)) = (whole.first(), whole.last()) {
            let monthly = self
                .monthly_category_flows(user_id, first.first_day(), last.last_day())
                .await?;
            for ((_, currency, category), flow) in monthly {
                flows.entry((currency, category)).or_default().add(flow);
            }
        }
        Ok(flows)
    }

    /// Income and spending per currency and category of the transactions dated `[from, to]`.
    async fn transaction_flows(
        &self,
        user_id: &UserId,
        from: Date,
        to: Date,
    ) -> Result<BTreeMap<(Currency, String), Flow>, LedgerError> {
        let filter = TransactionFilter {
            from: Some(from),
            to: Some(to),
            ..TransactionFilter::default()
        };
        let mut flows: BTreeMap<(Currency, String), Flow> = BTreeMap::new();
        let mut start = None;
        loop {
            let (page, next) = self
                .list_transactions(user_id, &filter, FLOW_PAGE, start)
                .await?;
            for transaction in page.iter().filter(|t| t.transfer.is_none()) {
                let category = transaction.category.as_deref().unwrap_or(UNCATEGORISED);
                let amount = transaction.amount_minor;
                let flow = flows
                    .entry((transaction.currency, category.to_owned()))
                    .or_default();
                if amount >= 0 {
                    flow.income_minor += amount;
                } else {
                    flow.expense_minor -= amount;
                }
            }
            match next {
                Some(next) => start = Some(next),
                None => return Ok(flows),
            }
        }
    }

    /// An account's balance change per day after `after`, in date order.
    pub async fn account_changes_after(
        &self,
        user_id: &UserId,
        account_id: &AccountId,
        after: Date,
    ) -> Result<Vec<(Date, i64)>, LedgerError> {
        let prefix = keys::account_day_prefix(account_id);
        let query = Query {
            sort: SortKey::Between(
                format!("{prefix}{}~", date_string(after)),
                format!("{prefix}~"),
            ),
            ..Query::partition(keys::user_partition(user_id), 100)
        };
        let mut changes = Vec::new();
        for item in query_all(self.table.as_ref(), query).await? {
            let parts = sort_parts(&item, &prefix)?;
            let Some(Ok(day)) = parts
                .first()
                .map(|day| ferrofin_platform::fields::iso_date(day))
            else {
                continue;
            };
            let record: DeltaRecord = from_record(item)?;
            changes.push((day, record.delta_minor));
        }
        Ok(changes)
    }
}
