//! Allocation of a repayment: installments oldest first, each installment's components in the
//! product's [`AllocationOrder`], each component paid up to its outstanding amount before the
//! next; what is left once nothing is owed is an overpayment.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::components::Breakdown;
use crate::ledger::LedgerRow;
use crate::money::Money;
use crate::settings::AllocationOrder;
use crate::text;

/// How one repayment was allocated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub repayment_id: String,
    #[serde(with = "text::date")]
    pub date: Date,
    #[serde(with = "text::decimal")]
    pub amount: Decimal,
    /// The installments it paid, oldest first: `Σ total + overpayment = amount`.
    pub installments: Vec<InstallmentAllocation>,
    /// What was left once nothing was owed (to refund).
    #[serde(with = "text::decimal")]
    pub overpayment: Decimal,
}

/// What a repayment paid of one installment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstallmentAllocation {
    pub installment: u32,
    #[serde(flatten)]
    pub paid: Breakdown,
}

/// Pays `amount` into `rows` in `order`; returns what each installment received and what was
/// left over.
pub(crate) fn allocate(
    rows: &mut [LedgerRow],
    order: AllocationOrder,
    amount: Decimal,
    money: Money,
) -> (Vec<InstallmentAllocation>, Decimal) {
    let mut left = amount;
    let mut installments = Vec::new();
    for row in rows.iter_mut() {
        if left.is_zero() {
            break;
        }
        let mut paid = Breakdown::zero(money);
        for component in order.components() {
            let amount = row.component_mut(component).pay(left);
            left -= amount;
            paid.add(component, amount);
        }
        if !paid.total.is_zero() {
            installments.push(InstallmentAllocation {
                installment: row.number,
                paid,
            });
        }
    }
    (installments, left)
}
