//! The lending area's table keys.
//!
//! | item | pk | sk |
//! |---|---|---|
//! | a product as it is now | `LOAN_PRODUCTS` | `PRODUCT#<product id>` |
//! | every version of a product, never changed | `LOAN_PRODUCT#<product id>` | `VERSION#<version, 6 digits>` |
//! | a loan | `LOAN#<loan id>` | `LOAN` |
//! | a loan in a list (a copy) | `LOANIDX#<ALL, STATUS#<s>, CUSTOMER#<id>, USER#<id>, PRODUCT#<id>, OFFICER#<id>, DELINQUENCY#<bucket>>` | `<created, epoch seconds, 12 digits>#<loan id>` |

use ferrofin_platform::ports::table::Key;

use crate::ids::{LoanId, ProductId};

pub const PRODUCTS_PARTITION: &str = "LOAN_PRODUCTS";
pub const PRODUCT_PREFIX: &str = "PRODUCT#";

pub fn product(id: &ProductId) -> Key {
    Key::new(PRODUCTS_PARTITION, format!("{PRODUCT_PREFIX}{id}"))
}

pub fn product_version(id: &ProductId, version: u32) -> Key {
    Key::new(
        format!("LOAN_PRODUCT#{id}"),
        format!("VERSION#{version:06}"),
    )
}

pub fn loan(id: &LoanId) -> Key {
    Key::new(format!("LOAN#{id}"), "LOAN")
}

/// The partition of one loan list (`ALL`, `STATUS#approved`, `CUSTOMER#<id>`, ...).
pub fn loan_index_partition(path: &str) -> String {
    format!("LOANIDX#{path}")
}

pub fn loan_index(path: &str, created_epoch: i64, id: &LoanId) -> Key {
    Key::new(
        loan_index_partition(path),
        format!("{created_epoch:012}#{id}"),
    )
}
