//! Products and loans in the table: a product's current version and its version history, a
//! loan with its list copies, all written with the audit entry of the change in one table
//! transaction.

use std::sync::Arc;

use ferrofin_platform::AppState;
use ferrofin_platform::ports::table::{
    Condition, Position, Table, TableError, Write, from_record, to_record,
};
use ferrofin_platform::records::page_under;

use crate::error::LoanError;
use crate::ids::{LoanId, ProductId};
use crate::index::{LoanList, LoanSummary, index_writes};
use crate::keys;
use crate::loan::Loan;
use crate::portfolio::{CurrencyPortfolio, portfolio_writes, read_portfolio};
use crate::product::LoanProduct;

#[derive(Clone)]
pub struct LendingStore {
    table: Arc<dyn Table>,
}

impl LendingStore {
    pub fn new(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
        }
    }

    /// Stores `product` as current (new, or replacing the version it was read at) and as its
    /// version, with `also`.
    pub async fn save_product(
        &self,
        product: &LoanProduct,
        read_at: Option<u64>,
        also: Vec<Write>,
    ) -> Result<(), LoanError> {
        let condition = read_at.map_or(Condition::NotExists, Condition::version_is);
        let mut writes = vec![
            Write::Put {
                item: to_record(product, &keys::product(&product.id), None)?,
                condition,
            },
            Write::Put {
                item: to_record(
                    product,
                    &keys::product_version(&product.id, product.product_version),
                    None,
                )?,
                condition: Condition::Always,
            },
        ];
        writes.extend(also);
        self.transact(writes).await
    }

    pub async fn product(&self, id: &ProductId) -> Result<LoanProduct, LoanError> {
        self.read(&keys::product(id), "loan product").await
    }

    pub async fn product_version(
        &self,
        id: &ProductId,
        version: u32,
    ) -> Result<LoanProduct, LoanError> {
        self.read(&keys::product_version(id, version), "loan product version")
            .await
    }

    /// One page of the products, oldest first.
    pub async fn products(
        &self,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<LoanProduct>, Option<Position>), LoanError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::PRODUCTS_PARTITION.to_owned(),
            keys::PRODUCT_PREFIX,
            false,
            limit,
            start_after,
        )
        .await?)
    }

    /// Stores a new loan on its lists, with `also`.
    pub async fn create_loan(&self, loan: &Loan, also: Vec<Write>) -> Result<(), LoanError> {
        let mut writes = vec![Write::Put {
            item: to_record(loan, &keys::loan(&loan.id), None)?,
            condition: Condition::NotExists,
        }];
        writes.extend(index_writes(None, loan)?);
        writes.extend(also);
        self.transact(writes).await
    }

    /// Saves `loan` as changed from `before` (its version bumped), moving it between lists,
    /// with `also`; [`LoanError::Changed`] when someone saved it meanwhile.
    pub async fn save_loan(
        &self,
        before: &Loan,
        loan: &mut Loan,
        also: Vec<Write>,
    ) -> Result<(), LoanError> {
        loan.version = before.version + 1;
        let mut writes = vec![Write::Put {
            item: to_record(&*loan, &keys::loan(&loan.id), None)?,
            condition: Condition::version_is(before.version),
        }];
        writes.extend(index_writes(Some(before), loan)?);
        writes.extend(portfolio_writes(Some(before), loan));
        writes.extend(also);
        self.transact(writes).await
    }

    /// The portfolio counters per currency, with what `month` disbursed.
    pub async fn portfolio(&self, month: &str) -> Result<Vec<CurrencyPortfolio>, LoanError> {
        Ok(read_portfolio(self.table.as_ref(), month).await?)
    }

    pub async fn loan(&self, id: &LoanId) -> Result<Loan, LoanError> {
        self.read(&keys::loan(id), "loan").await
    }

    /// One page of a list, newest first.
    pub async fn page(
        &self,
        list: &LoanList,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<LoanSummary>, Option<Position>), LoanError> {
        Ok(page_under(
            self.table.as_ref(),
            keys::loan_index_partition(&list.path()),
            "",
            true,
            limit,
            start_after,
        )
        .await?)
    }

    async fn read<T: serde::de::DeserializeOwned>(
        &self,
        key: &ferrofin_platform::ports::table::Key,
        what: &'static str,
    ) -> Result<T, LoanError> {
        let item = self
            .table
            .get(key)
            .await?
            .ok_or(LoanError::NotFound(what))?;
        Ok(from_record(item)?)
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), LoanError> {
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(TableError::ConditionFailed { .. }) => Err(LoanError::Changed),
            Err(err) => Err(err.into()),
        }
    }
}
