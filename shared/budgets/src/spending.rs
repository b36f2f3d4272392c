//! Spending read from the month rollups (`ROLLUP#M#<month>#<cur>#<category>`), never from
//! transactions: one item read per month x currency x category, whatever the number of
//! transactions.

use crate::Budgets;
use ferrofin_ledger::rollups::Totals;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::money::Currency;
use ferrofin_platform::month::Month;
use ferrofin_platform::ports::table::{TableError, from_record};

impl Budgets {
    /// What the user spent (expenses, in minor units) in a category in a month and currency.
    pub async fn spent(
        &self,
        user_id: &UserId,
        month: Month,
        currency: Currency,
        category: &str,
    ) -> Result<i64, TableError> {
        let key = ferrofin_ledger::keys::month_rollup(
            user_id,
            &month.to_string(),
            currency.code(),
            category,
        );
        let totals: Option<Totals> = self.table.get(&key).await?.map(from_record).transpose()?;
        Ok(totals.map_or(0, |totals| totals.expense_minor))
    }

    /// The spending of each of `months`, in their order.
    pub async fn spent_in(
        &self,
        user_id: &UserId,
        months: &[Month],
        currency: Currency,
        category: &str,
    ) -> Result<Vec<i64>, TableError> {
        let mut spent = Vec::with_capacity(months.len());
        for month in months {
            spent.push(self.spent(user_id, *month, currency, category).await?);
        }
        Ok(spent)
    }
}
