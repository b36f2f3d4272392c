//! Bank (`STMTRS`) and credit-card (`CCSTMTRS`) statements from the OFX outline: each
//! `<STMTTRN>` becomes a row, in the statement's `CURDEF` (or the transaction's own
//! `CURRENCY`); the ledger balance and account id are kept per statement.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::currency::Currencies;
use crate::ofx::outline::Node;
use crate::ofx::values;
use crate::{RowError, RowResult, StatementRow};

/// Which kind of statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    Bank,
    CreditCard,
}

/// A balance as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub amount: Decimal,
    pub date: Date,
}

/// One statement of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfxStatement {
    pub kind: StatementKind,
    /// `CURDEF`, upper-cased.
    pub currency: Option<String>,
    /// `ACCTID` of `BANKACCTFROM` / `CCACCTFROM`.
    pub account_id: Option<String>,
    /// `LEDGERBAL`: `BALAMT` as of `DTASOF`.
    pub ledger_balance: Option<Balance>,
    /// Statement-level values that could not be read (e.g. an unreadable `LEDGERBAL`).
    pub problems: Vec<String>,
    /// How many `<STMTTRN>` it had.
    pub transactions: u64,
}

/// The leaves of one `<STMTTRN>` this crate reads.
#[derive(Default)]
struct Transaction {
    trntype: Option<String>,
    posted: Option<String>,
    amount: Option<String>,
    fitid: Option<String>,
    name: Option<String>,
    payee_name: Option<String>,
    memo: Option<String>,
    currency: Option<String>,
}

/// Builds rows and statements from outline nodes.
pub(crate) struct Statements {
    currencies: Currencies,
    max_field_chars: usize,
    current: Option<OfxStatement>,
    transaction: Option<Transaction>,
    ledger: (Option<String>, Option<String>),
    rows: u64,
    pub done: Vec<OfxStatement>,
    pub seen: usize,
}

impl Statements {
    pub fn new(currencies: Currencies, max_field_chars: usize) -> Self {
        Self {
            currencies,
            max_field_chars,
            current: None,
            transaction: None,
            ledger: (None, None),
            rows: 0,
            done: Vec::new(),
            seen: 0,
        }
    }

    /// Takes a node; returns the row it completes, if any.
    pub fn take(&mut self, node: Node) -> Option<RowResult> {
        match node {
            Node::Open(name) => self.open(&name),
            Node::Close(name) => return self.close(&name),
            Node::Leaf {
                name,
                value,
                parent,
            } => self.leaf(&name, value, parent),
        }
        None
    }

    fn open(&mut self, name: &str) {
        let kind = match name {
            "STMTRS" => StatementKind::Bank,
            "CCSTMTRS" => StatementKind::CreditCard,
            "STMTTRN" if self.current.is_some() => {
                self.transaction = Some(Transaction::default());
                return;
            }
            "LEDGERBAL" => {
                self.ledger = (None, None);
                return;
            }
            _ => return,
        };
        self.seen += 1;
        self.current = Some(OfxStatement {
            kind,
            currency: None,
            account_id: None,
            ledger_balance: None,
            problems: Vec::new(),
            transactions: 0,
        });
    }

    fn close(&mut self, name: &str) -> Option<RowResult> {
        match name {
            "STMTTRN" => {
                let transaction = self.transaction.take()?;
                let statement = self.current.as_mut()?;
                statement.transactions += 1;
                self.rows += 1;
                let row = self.row(&transaction);
                return Some(row);
            }
            "LEDGERBAL" => self.ledger_balance(),
            "STMTRS" | "CCSTMTRS" => {
                if let Some(statement) = self.current.take() {
                    self.done.push(statement);
                }
            }
            _ => {}
        }
        None
    }

    fn leaf(&mut self, name: &str, value: String, parent: Option<&'static str>) {
        let value = Some(value).filter(|v| !v.is_empty());
        match (parent, name) {
            (Some("STMTRS" | "CCSTMTRS"), "CURDEF") => {
                if let Some(statement) = self.current.as_mut() {
                    statement.currency = value.map(|v| v.to_ascii_uppercase());
                }
            }
            (Some("BANKACCTFROM" | "CCACCTFROM"), "ACCTID") => {
                if let Some(statement) = self.current.as_mut() {
                    statement.account_id = value;
                }
            }
            (Some("LEDGERBAL"), "BALAMT") => self.ledger.0 = value,
            (Some("LEDGERBAL"), "DTASOF") => self.ledger.1 = value,
            (Some(parent), _) => {
                if let Some(t) = self.transaction.as_mut() {
                    let slot = match (parent, name) {
                        ("STMTTRN", "TRNTYPE") => &mut t.trntype,
                        ("STMTTRN", "DTPOSTED") => &mut t.posted,
                        ("STMTTRN", "TRNAMT") => &mut t.amount,
                        ("STMTTRN", "FITID") => &mut t.fitid,
                        ("STMTTRN", "NAME") => &mut t.name,
                        ("STMTTRN", "MEMO") => &mut t.memo,
                        ("PAYEE", "NAME") => &mut t.payee_name,
                        ("CURRENCY", "CURSYM") => &mut t.currency,
                        _ => return,
                    };
                    *slot = value;
                }
            }
            (None, _) => {}
        }
    }

    fn ledger_balance(&mut self) {
        let Some(statement) = self.current.as_mut() else {
            return;
        };
        let (amount, date) = std::mem::take(&mut self.ledger);
        let code = statement.currency.clone();
        let read = || -> Result<Balance, String> {
            let currency = self.currencies.resolve(code.as_deref())?;
            let code = code.as_deref().unwrap_or(self.currencies.account());
            let amount = amount.ok_or("LEDGERBAL has no BALAMT")?;
            let date = date.ok_or("LEDGERBAL has no DTASOF")?;
            Ok(Balance {
                amount: values::amount(&amount, currency.exponent, code)?,
                date: values::date(&date)?,
            })
        };
        match read() {
            Ok(balance) => statement.ledger_balance = Some(balance),
            Err(problem) => statement.problems.push(format!("LEDGERBAL: {problem}")),
        }
    }

    fn row(&self, t: &Transaction) -> RowResult {
        let row = self.rows;
        let error = |element: &str, message: String| RowError::new(row, Some(element), message);
        let posted = t
            .posted
            .as_deref()
            .ok_or_else(|| error("DTPOSTED", "the transaction has no DTPOSTED".to_owned()))?;
        let date = values::date(posted).map_err(|m| error("DTPOSTED", m))?;
        let statement_currency = self.current.as_ref().and_then(|s| s.currency.clone());
        let (code, element) = match &t.currency {
            Some(code) => (Some(code.as_str()), "CURSYM"),
            None => (statement_currency.as_deref(), "CURDEF"),
        };
        let currency = self
            .currencies
            .resolve(code)
            .map_err(|m| error(element, m))?;
        let shown = currency
            .from_file
            .as_deref()
            .unwrap_or(self.currencies.account());
        let amount_text = t
            .amount
            .as_deref()
            .ok_or_else(|| error("TRNAMT", "the transaction has no TRNAMT".to_owned()))?;
        let amount = values::amount(amount_text, currency.exponent, shown)
            .map_err(|m| error("TRNAMT", m))?;
        for (element, value) in [
            ("NAME", &t.name),
            ("PAYEE", &t.payee_name),
            ("MEMO", &t.memo),
        ] {
            if let Some(v) = value
                && v.chars().count() > self.max_field_chars
            {
                return Err(error(
                    element,
                    format!(
                        "is {} characters long; at most {} are kept",
                        v.chars().count(),
                        self.max_field_chars
                    ),
                ));
            }
        }
        let payee = t.name.clone().or_else(|| t.payee_name.clone());
        let (description, notes) = match (&payee, &t.memo) {
            (Some(p), memo) => (p.clone(), memo.clone()),
            (None, Some(memo)) => (memo.clone(), None),
            (None, None) => (t.trntype.clone().unwrap_or_default(), None),
        };
        Ok(StatementRow {
            row,
            date,
            amount,
            currency: currency.from_file,
            description,
            payee,
            category: None,
            notes,
            external_id: t.fitid.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn exponent(code: &str) -> Option<u32> {
        matches!(code, "EUR" | "USD").then_some(2)
    }

    fn leaf(name: &str, value: &str, parent: &'static str) -> Node {
        Node::Leaf {
            name: name.into(),
            value: value.into(),
            parent: Some(parent),
        }
    }

    fn feed(nodes: Vec<Node>) -> (Vec<RowResult>, Statements) {
        let currencies = Currencies::new(&Options::new("EUR", exponent)).unwrap();
        let mut statements = Statements::new(currencies, 100);
        let rows = nodes
            .into_iter()
            .filter_map(|n| statements.take(n))
            .collect();
        (rows, statements)
    }

    #[test]
    fn transactions_outside_a_bank_or_card_statement_are_ignored() {
        let (rows, statements) = feed(vec![
            Node::Open("INVSTMTRS".into()),
            Node::Open("STMTTRN".into()),
            leaf("TRNAMT", "1.00", "STMTTRN"),
            Node::Close("STMTTRN".into()),
            Node::Close("INVSTMTRS".into()),
        ]);
        assert!(rows.is_empty());
        assert_eq!(statements.seen, 0);
    }

    #[test]
    fn missing_values_are_row_errors_naming_the_element() {
        let (rows, statements) = feed(vec![
            Node::Open("STMTRS".into()),
            leaf("CURDEF", "usd", "STMTRS"),
            Node::Open("STMTTRN".into()),
            leaf("TRNAMT", "1.00", "STMTTRN"),
            Node::Close("STMTTRN".into()),
            Node::Open("STMTTRN".into()),
            leaf("DTPOSTED", "20240101", "STMTTRN"),
            Node::Close("STMTTRN".into()),
            Node::Open("STMTTRN".into()),
            leaf("DTPOSTED", "20240101", "STMTTRN"),
            leaf("TRNAMT", "2", "STMTTRN"),
            leaf("TRNTYPE", "FEE", "STMTTRN"),
            Node::Open("CURRENCY".into()),
            leaf("CURSYM", "XYZ", "CURRENCY"),
            Node::Close("CURRENCY".into()),
            Node::Close("STMTTRN".into()),
            Node::Open("STMTTRN".into()),
            leaf("DTPOSTED", "20240101", "STMTTRN"),
            leaf("TRNAMT", "2", "STMTTRN"),
            leaf("TRNTYPE", "FEE", "STMTTRN"),
            Node::Close("STMTTRN".into()),
            Node::Open("LEDGERBAL".into()),
            leaf("BALAMT", "10.001", "LEDGERBAL"),
            Node::Close("LEDGERBAL".into()),
            Node::Close("STMTRS".into()),
        ]);
        let errors: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(
            errors,
            [
                "row 1, column DTPOSTED: the transaction has no DTPOSTED",
                "row 2, column TRNAMT: the transaction has no TRNAMT",
                "row 3, column CURSYM: currency XYZ is unknown",
            ]
        );
        let fee = rows[3].as_ref().unwrap();
        assert_eq!(
            (fee.description.as_str(), fee.currency.as_deref()),
            ("FEE", Some("USD"))
        );
        let statement = &statements.done[0];
        assert_eq!(statement.ledger_balance, None);
        assert_eq!(statement.problems, ["LEDGERBAL: LEDGERBAL has no DTASOF"]);
        assert_eq!(statement.transactions, 4);
    }

    #[test]
    fn memo_is_the_description_when_there_is_no_name() {
        let (rows, _) = feed(vec![
            Node::Open("CCSTMTRS".into()),
            Node::Open("STMTTRN".into()),
            leaf("DTPOSTED", "20240101", "STMTTRN"),
            leaf("TRNAMT", "-2.5", "STMTTRN"),
            leaf("MEMO", "Card 1234", "STMTTRN"),
            Node::Close("STMTTRN".into()),
        ]);
        let row = rows[0].as_ref().unwrap();
        assert_eq!(
            (
                row.description.as_str(),
                row.notes.as_deref(),
                row.payee.as_deref()
            ),
            ("Card 1234", None, None)
        );
        assert_eq!(
            (row.amount.to_string(), row.currency.as_deref()),
            ("-2.50".to_owned(), None)
        );
    }
}
