//! What an assessment reads: a [`Cashflow`] of one currency over an inclusive window of days,
//! made of signed [`Entry`] rows (inflow positive, outflow negative) that the caller has
//! classified as far as it knows ([`EntryKind`]).

use rust_decimal::Decimal;
use time::Date;

/// The money movements of one user (or applicant) in one currency over `from..=to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cashflow {
    /// ISO 4217 code; it labels the figures and decides their decimals.
    pub currency: String,
    /// The balance at the start of `from`, before that day's entries; `None` when not known
    /// (negative-balance days are then reported as unknown).
    pub opening_balance: Option<Decimal>,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window, included.
    pub to: Date,
    /// The movements, in any order; every one dated inside the window.
    pub entries: Vec<Entry>,
}

/// One movement: a ledger transaction or a bank-statement row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub date: Date,
    /// Inflow positive, outflow negative, in major units (`-12.50`).
    pub amount: Decimal,
    pub description: String,
    /// Payee or merchant, when known.
    pub counterparty: Option<String>,
    pub category: Option<String>,
    pub kind: EntryKind,
}

impl Entry {
    /// An entry without counterparty or category.
    pub fn new(date: Date, amount: Decimal, description: &str, kind: EntryKind) -> Self {
        Self {
            date,
            amount,
            description: description.to_owned(),
            counterparty: None,
            category: None,
            kind,
        }
    }

    /// The same entry with a payee or merchant.
    pub fn with_counterparty(mut self, counterparty: &str) -> Self {
        self.counterparty = Some(counterparty.to_owned());
        self
    }

    /// The same entry with a category.
    pub fn with_category(mut self, category: &str) -> Self {
        self.category = Some(category.to_owned());
        self
    }
}

/// What the caller knows an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// Money earned (salary, invoices paid, benefits).
    Income,
    /// Money spent.
    Expense,
    /// Between the user's own accounts: moves the balance, is neither income nor spending.
    Transfer,
    /// Loan, mortgage or credit-card payments: spending that services debt.
    DebtPayment,
    /// Not classified: the engine decides by sign and by debt keywords
    /// (see [`crate::classify`]).
    Unknown,
}
