//! Loan products: create, read (current or any version), list, change (a new version; the old
//! ones stay for the loans that use them) and retire. Every change is audited in its own table
//! transaction. The caller checks `loans:products`.

use std::sync::Arc;

use ferrofin_platform::AppState;
use ferrofin_platform::audit::{AuditAction, AuditLog};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::Position;
use serde_json::json;

use crate::error::LoanError;
use crate::ids::ProductId;
use crate::product::{LoanProduct, ProductSpec, ProductStatus};
use crate::store::LendingStore;

#[derive(Clone)]
pub struct Products {
    store: LendingStore,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
}

impl Products {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: LendingStore::new(state),
            audit: AuditLog::new(state.table.clone(), state.clock.clone()),
            clock: state.clock.clone(),
        }
    }

    pub async fn create(&self, by: &UserId, spec: ProductSpec) -> Result<LoanProduct, LoanError> {
        let now = self.clock.now();
        let product = LoanProduct {
            id: ProductId::generate(self.clock.as_ref()),
            product_version: 1,
            spec,
            status: ProductStatus::Active,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let audit = self.audit(AuditAction::LoanProductCreated, by, &product)?;
        self.store.save_product(&product, None, vec![audit]).await?;
        Ok(product)
    }

    pub async fn get(&self, id: &ProductId) -> Result<LoanProduct, LoanError> {
        self.store.product(id).await
    }

    pub async fn version(&self, id: &ProductId, version: u32) -> Result<LoanProduct, LoanError> {
        self.store.product_version(id, version).await
    }

    pub async fn page(
        &self,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<LoanProduct>, Option<Position>), LoanError> {
        self.store.products(limit, start_after).await
    }

    /// Stores `spec` as the product's next version.
    pub async fn change(
        &self,
        by: &UserId,
        id: &ProductId,
        spec: ProductSpec,
    ) -> Result<LoanProduct, LoanError> {
        self.update(by, id, AuditAction::LoanProductChanged, |product| {
            product.spec = spec.clone();
            product.product_version += 1;
        })
        .await
    }

    /// Closes the product to new applications; its loans go on.
    pub async fn retire(&self, by: &UserId, id: &ProductId) -> Result<LoanProduct, LoanError> {
        self.update(by, id, AuditAction::LoanProductChanged, |product| {
            product.status = ProductStatus::Retired;
        })
        .await
    }

    async fn update(
        &self,
        by: &UserId,
        id: &ProductId,
        action: AuditAction,
        change: impl Fn(&mut LoanProduct),
    ) -> Result<LoanProduct, LoanError> {
        loop {
            let mut product = self.store.product(id).await?;
            let read_at = product.version;
            change(&mut product);
            product.version += 1;
            product.updated_at = self.clock.now();
            let audit = self.audit(action, by, &product)?;
            match self
                .store
                .save_product(&product, Some(read_at), vec![audit])
                .await
            {
                Err(LoanError::Changed) => continue,
                other => return other.map(|()| product),
            }
        }
    }

    fn audit(
        &self,
        action: AuditAction,
        by: &UserId,
        product: &LoanProduct,
    ) -> Result<ferrofin_platform::ports::table::Write, LoanError> {
        let metadata =
            json!({"product_version": product.product_version, "status": product.status});
        Ok(self.audit.write(
            action,
            Some(by),
            Some(&format!("LOAN_PRODUCT#{}", product.id)),
            None,
            metadata,
        )?)
    }
}
