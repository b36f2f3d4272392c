//! Deleting a portfolio of any size. `DELETE` takes the portfolio out of sight at once (one
//! transaction: its item goes, a tombstone `PORTFOLIO_DELETED#<pid>` comes, and the
//! `investments.portfolio_valued` event with `removed`), then queues a
//! `investments.purge_portfolio` job: each step of the jobs worker removes a bounded batch of
//! its holdings (with their slot guards and their counts in the registry of held series) or of
//! its activities in one transaction, and queues the next step; the last one removes the
//! tombstone. A step repeated after it committed finds what it removed gone, and a holding is
//! removed only if it still exists, so a series is never counted out twice.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use ferrofin_platform::ids::UserId;
use ferrofin_platform::job_status::JobId;
use ferrofin_platform::keys::user_partition;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::queue::{Message, Queue, QueueError, QueueName, send_message};
use ferrofin_platform::ports::table::{Condition, Table, TableError, Write};
use ferrofin_platform::records::page_under;

use crate::ids::PortfolioId;
use crate::keys;
use crate::records::{ActivityRecord, HoldingRecord};
use crate::store::{PortfolioStore, uncount};

/// Holdings one step removes: two deletes and up to two registry counts each, within one
/// transaction.
pub const HOLDINGS_PER_STEP: u32 = 20;

/// Activities one step removes (one delete each, within one transaction).
pub const ACTIVITIES_PER_STEP: u32 = 90;

/// The job that removes a deleted portfolio's items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgePortfolio {
    pub user_id: UserId,
    pub portfolio_id: PortfolioId,
    /// The purge's run in the job log (`None` on the first step, which begins it).
    #[serde(default)]
    pub run: Option<JobId>,
}

impl Message for PurgePortfolio {
    const TYPE: &'static str = "investments.purge_portfolio";
    const VERSION: u32 = 1;
}

impl PurgePortfolio {
    /// Queues the job's first step on the jobs queue.
    pub async fn queue(&self, queue: &dyn Queue, clock: &dyn Clock) -> Result<(), QueueError> {
        send_message(queue, QueueName::Jobs, self, clock).await
    }

    /// One step: removes a batch of holdings, else a batch of activities, else the tombstone;
    /// answers whether the portfolio is all gone (also when there was no tombstone).
    pub async fn step(&self, table: &Arc<dyn Table>) -> Result<bool, TableError> {
        let store = PortfolioStore::new(table.clone());
        let table = table.as_ref();
        let Some(portfolio) = store.deleted(&self.user_id, &self.portfolio_id).await? else {
            return Ok(true);
        };
        let partition = user_partition(&self.user_id);
        let (holdings, _) = page_under::<HoldingRecord>(
            table,
            partition.clone(),
            &keys::holdings_prefix(&self.portfolio_id),
            false,
            HOLDINGS_PER_STEP,
            None,
        )
        .await?;
        if !holdings.is_empty() {
            let mut writes = Vec::with_capacity(holdings.len() * 4);
            for holding in &holdings {
                writes.push(Write::Delete {
                    key: holding.key(),
                    condition: Condition::Exists,
                });
                writes.push(Write::Delete {
                    key: holding.slot_key(),
                    condition: Condition::Always,
                });
            }
            writes.extend(uncount(&holdings, portfolio.base_currency.code()));
            table.transact(writes).await?;
            return Ok(false);
        }
        let (activities, _) = page_under::<ActivityRecord>(
            table,
            partition,
            &keys::activities_prefix(&self.portfolio_id),
            false,
            ACTIVITIES_PER_STEP,
            None,
        )
        .await?;
        if !activities.is_empty() {
            let writes = activities
                .iter()
                .map(|activity| Write::Delete {
                    key: activity.key(),
                    condition: Condition::Always,
                })
                .collect();
            table.transact(writes).await?;
            return Ok(false);
        }
        table
            .delete(
                &keys::deleted_portfolio(&self.user_id, &self.portfolio_id),
                Condition::Always,
            )
            .await?;
        Ok(true)
    }
}
