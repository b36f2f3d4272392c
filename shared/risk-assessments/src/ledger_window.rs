//! A user's ledger window as the engine's cash flow. The ledger tells what it knows of each
//! transaction; this is what that means for an assessment:
//!
//! | the transaction | entry kind |
//! |---|---|
//! | a transfer whose other leg is in the set of accounts read | `Transfer` (money moved inside) |
//! | a transfer out to a credit-card or loan account outside the set | `DebtPayment` |
//! | any other transfer (to or from savings, investments outside the set) | `Transfer` |
//! | a category of kind income | `Income` |
//! | a category of kind expense, money in (a refund) | `Expense` (it lowers spending) |
//! | anything else | `Unknown`: the engine decides by sign and debt keywords |

use ferrofin_ledger::cashflow::{Movement, Movements};
use ferrofin_ledger::categories::CategoryKind;
use ferrofin_platform::money::Currency;
use ferrofin_risk::{Cashflow, Entry, EntryKind};
use time::Date;

/// The cash flow of `movements` over `from..=to`.
pub fn cashflow(movements: &Movements, currency: Currency, from: Date, to: Date) -> Cashflow {
    Cashflow {
        currency: currency.code().to_owned(),
        opening_balance: Some(movements.opening_balance.to_decimal()),
        from,
        to,
        entries: movements.movements.iter().map(entry).collect(),
    }
}

fn entry(movement: &Movement) -> Entry {
    let amount = movement.amount.to_decimal();
    Entry {
        date: movement.date,
        amount,
        description: movement.description.clone(),
        counterparty: movement.merchant.clone(),
        category: movement.category.clone(),
        kind: kind(movement, amount.is_sign_negative()),
    }
}

fn kind(movement: &Movement, outflow: bool) -> EntryKind {
    match (movement.transfer, movement.category_kind) {
        (Some(leg), _) if !leg.within && leg.other_kind.is_liability() && outflow => {
            EntryKind::DebtPayment
        }
        (Some(_), _) => EntryKind::Transfer,
        (None, Some(CategoryKind::Income)) => EntryKind::Income,
        (None, Some(CategoryKind::Expense)) if !outflow => EntryKind::Expense,
        (None, _) => EntryKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrofin_ledger::accounts::AccountKind;
    use ferrofin_ledger::cashflow::TransferLeg;
    use ferrofin_platform::money::Money;
    use time::macros::date;

    fn movement(minor: i64, kind: Option<CategoryKind>, transfer: Option<TransferLeg>) -> Movement {
        Movement {
            date: date!(2026 - 03 - 02),
            amount: Money::from_minor(minor, Currency::parse("EUR").expect("EUR")),
            description: "x".to_owned(),
            merchant: None,
            category: None,
            category_kind: kind,
            transfer,
        }
    }

    fn leg(within: bool, other_kind: AccountKind) -> Option<TransferLeg> {
        Some(TransferLeg { within, other_kind })
    }

    #[test]
    fn each_fact_reads_as_documented() {
        let cases = [
            (
                movement(-100, None, leg(true, AccountKind::CreditCard)),
                EntryKind::Transfer,
            ),
            (
                movement(-100, None, leg(false, AccountKind::CreditCard)),
                EntryKind::DebtPayment,
            ),
            (
                movement(-100, None, leg(false, AccountKind::Loan)),
                EntryKind::DebtPayment,
            ),
            (
                movement(100, None, leg(false, AccountKind::Loan)),
                EntryKind::Transfer,
            ),
            (
                movement(-100, None, leg(false, AccountKind::Savings)),
                EntryKind::Transfer,
            ),
            (
                movement(100, Some(CategoryKind::Income), None),
                EntryKind::Income,
            ),
            (
                movement(-100, Some(CategoryKind::Income), None),
                EntryKind::Income,
            ),
            (
                movement(100, Some(CategoryKind::Expense), None),
                EntryKind::Expense,
            ),
            (
                movement(-100, Some(CategoryKind::Expense), None),
                EntryKind::Unknown,
            ),
            (movement(-100, None, None), EntryKind::Unknown),
        ];
        for (movement, expected) in cases {
            assert_eq!(entry(&movement).kind, expected, "{movement:?}");
        }
    }
}
