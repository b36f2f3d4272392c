//! Where portfolios live: the portfolio item, its holdings (each with a guard that keeps one
//! holding per symbol and account, an index entry under its symbol, and a count in the registry
//! of held series) and its activities, all in the owner's partition. Every change is one table
//! transaction with the event announcing it.

use std::sync::Arc;

use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::{
    AttributeValue, Condition, Item, Position, Table, TableError, Write, attr, from_record,
    to_record,
};
use ferrofin_platform::records::{all_under, page_under, save_versioned};
use time::OffsetDateTime;

use crate::ids::{ActivityId, PortfolioId};
use crate::keys;
use crate::records::{ActivityRecord, HoldingRecord, PortfolioRecord};
use crate::series::Series;
use crate::valuation::Book;

/// Index of the holding's slot guard in [`PortfolioStore::add_holding`]'s transaction.
pub const SLOT_WRITE: usize = 1;
/// Index of the activity in [`PortfolioStore::change_activities`]'s transaction.
pub const PORTFOLIO_CHECK: usize = 0;
/// The registry attribute counting the holdings of a series.
const HOLDINGS: &str = "holdings";

/// Reads and writes portfolios, holdings and activities.
#[derive(Clone)]
pub struct PortfolioStore {
    table: Arc<dyn Table>,
}

impl PortfolioStore {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    pub async fn create(&self, portfolio: &PortfolioRecord) -> Result<(), TableError> {
        self.table
            .put(
                to_record(
                    portfolio,
                    &keys::portfolio(&portfolio.user_id, &portfolio.id),
                    None,
                )?,
                Condition::NotExists,
            )
            .await
    }

    pub async fn get(
        &self,
        user_id: &UserId,
        id: &PortfolioId,
    ) -> Result<Option<PortfolioRecord>, TableError> {
        self.table
            .get(&keys::portfolio(user_id, id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// One page of the user's portfolios, in creation order.
    pub async fn page(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<PortfolioRecord>, Option<Position>), TableError> {
        page_under(
            self.table.as_ref(),
            keys::user_partition(user_id),
            keys::PORTFOLIO_PREFIX,
            false,
            limit,
            start_after,
        )
        .await
    }

    pub async fn save(
        &self,
        portfolio: &mut PortfolioRecord,
        now: OffsetDateTime,
    ) -> Result<(), TableError> {
        save_versioned(self.table.as_ref(), portfolio, now).await
    }

    /// The portfolio with its holdings and activities (two queries of its sort-key ranges).
    pub async fn book(&self, portfolio: PortfolioRecord) -> Result<Book, TableError> {
        let partition = keys::user_partition(&portfolio.user_id);
        let holdings = all_under(
            self.table.as_ref(),
            partition.clone(),
            &keys::holdings_prefix(&portfolio.id),
        )
        .await?;
        let activities = all_under(
            self.table.as_ref(),
            partition,
            &keys::activities_prefix(&portfolio.id),
        )
        .await?;
        Ok(Book {
            portfolio,
            holdings,
            activities,
        })
    }

    /// Adds a holding, claims its symbol x account ([`SLOT_WRITE`] fails when taken), lists it
    /// under its symbol and counts its series as held, with `events`.
    pub async fn add_holding(
        &self,
        holding: &HoldingRecord,
        base: &str,
        events: Vec<Write>,
    ) -> Result<(), TableError> {
        let mut item = to_record(holding, &holding.key(), None)?;
        index_under_symbol(&mut item, holding);
        let mut writes = vec![
            Write::Put {
                item,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: to_record(&SlotGuard {}, &holding.slot_key(), None)?,
                condition: Condition::NotExists,
            },
        ];
        writes.extend(held_series(holding, base).iter().map(|series| Write::Add {
            key: keys::registered_series(&series.name()),
            deltas: vec![(HOLDINGS.to_owned(), 1)],
            condition: Condition::Always,
        }));
        writes.extend(events);
        self.table.transact(writes).await
    }

    /// Writes `added` and deletes `removed` activities while the portfolio is at its version
    /// (checked at [`PORTFOLIO_CHECK`], so two changes cannot both pass the ledger check), and
    /// bumps it, with `events`.
    pub async fn change_activities(
        &self,
        portfolio: &mut PortfolioRecord,
        added: Option<&ActivityRecord>,
        removed: Option<&ActivityId>,
        events: Vec<Write>,
        now: OffsetDateTime,
    ) -> Result<(), TableError> {
        let expected = portfolio.version;
        portfolio.version += 1;
        portfolio.updated_at = now;
        let mut writes = vec![Write::Put {
            item: to_record(
                &*portfolio,
                &keys::portfolio(&portfolio.user_id, &portfolio.id),
                None,
            )?,
            condition: Condition::version_is(expected),
        }];
        if let Some(activity) = added {
            writes.push(Write::Put {
                item: to_record(activity, &activity.key(), None)?,
                condition: Condition::NotExists,
            });
        }
        if let Some(id) = removed {
            writes.push(Write::Delete {
                key: keys::activity(&portfolio.user_id, &portfolio.id, id),
                condition: Condition::Exists,
            });
        }
        writes.extend(events);
        let result = self.table.transact(writes).await;
        if result.is_err() {
            portfolio.version = expected;
        }
        result
    }

    /// Takes the portfolio out of sight with `events`, in one transaction: its item goes (if
    /// still at its version) and its tombstone comes, which the purge job reads to remove the
    /// holdings and activities in steps (see [`crate::purge`]).
    pub async fn mark_deleted(
        &self,
        portfolio: &PortfolioRecord,
        events: Vec<Write>,
    ) -> Result<(), TableError> {
        let mut writes = vec![
            Write::Delete {
                key: keys::portfolio(&portfolio.user_id, &portfolio.id),
                condition: Condition::version_is(portfolio.version),
            },
            Write::Put {
                item: to_record(
                    portfolio,
                    &keys::deleted_portfolio(&portfolio.user_id, &portfolio.id),
                    None,
                )?,
                condition: Condition::NotExists,
            },
        ];
        writes.extend(events);
        self.table.transact(writes).await
    }

    /// The tombstone of a deleted portfolio whose items are not all removed yet.
    pub async fn deleted(
        &self,
        user_id: &UserId,
        id: &PortfolioId,
    ) -> Result<Option<PortfolioRecord>, TableError> {
        self.table
            .get(&keys::deleted_portfolio(user_id, id))
            .await?
            .map(from_record)
            .transpose()
    }

    /// Every series some holding needs, from the registry (a count above zero).
    pub async fn held_series(&self) -> Result<Vec<Series>, TableError> {
        let query = ferrofin_platform::ports::table::Query::partition(keys::SERIES_REGISTRY, 100);
        let items = ferrofin_platform::ports::table::query_all(self.table.as_ref(), query).await?;
        Ok(items
            .iter()
            .filter(|item| {
                matches!(item.get(HOLDINGS), Some(AttributeValue::N(count))
                    if count.parse::<i64>().is_ok_and(|count| count > 0))
            })
            .filter_map(|item| match item.get(attr::SK) {
                Some(AttributeValue::S(name)) => Series::parse(name),
                _ => None,
            })
            .collect())
    }

    /// The owners and portfolios holding `symbol` (the index of holdings under their symbol).
    pub async fn holders_of(&self, symbol: &str) -> Result<Vec<(UserId, PortfolioId)>, TableError> {
        let query = ferrofin_platform::ports::table::Query {
            index: ferrofin_platform::ports::table::Index::Gsi1,
            ..ferrofin_platform::ports::table::Query::partition(keys::price_holders(symbol), 100)
        };
        let items = ferrofin_platform::ports::table::query_all(self.table.as_ref(), query).await?;
        let mut holders: Vec<(UserId, PortfolioId)> = items
            .into_iter()
            .map(from_record::<HoldingRecord>)
            .map(|holding| holding.map(|holding| (holding.user_id, holding.portfolio_id)))
            .collect::<Result<_, _>>()?;
        holders.dedup();
        Ok(holders)
    }
}

/// The series a holding needs: its closes, and its currency's rate when not the base.
pub fn held_series(holding: &HoldingRecord, base: &str) -> Vec<Series> {
    let mut series = vec![Series::closes(&holding.symbol)];
    if holding.currency.code() != base {
        series.push(Series::fx(holding.currency.code(), base));
    }
    series
}

fn index_under_symbol(item: &mut Item, holding: &HoldingRecord) {
    item.insert(
        attr::GSI1_PK.to_owned(),
        AttributeValue::S(keys::price_holders(&holding.symbol)),
    );
    item.insert(
        attr::GSI1_SK.to_owned(),
        AttributeValue::S(keys::price_holder_sort(
            &holding.user_id,
            &holding.portfolio_id,
            &holding.id,
        )),
    );
}

#[derive(serde::Serialize)]
struct SlotGuard {}

/// The writes that count `holdings` (of a portfolio in `base`) out of the registry of held
/// series, one per series.
pub fn uncount(holdings: &[HoldingRecord], base: &str) -> Vec<Write> {
    let writes = holdings
        .iter()
        .flat_map(|holding| held_series(holding, base))
        .map(|series| Write::Add {
            key: keys::registered_series(&series.name()),
            deltas: vec![(HOLDINGS.to_owned(), -1)],
            condition: Condition::Always,
        })
        .collect();
    ferrofin_platform::ports::table::merge_adds(writes)
}
