//! Tools over the ledger: accounts and balances, transactions (search, notes), spending by
//! category, cash flow, net worth and top merchants, each for the toolbox's caller only.

use crate::embeddings::rank;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};
use time::Date;

use super::quote::{quoted, quoted_opt};
use super::{RangeArgs, ToolOutput, Toolbox, capitalised, invalid, problem};
use crate::conversation::{Citation, CitationKind, Figure};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::Account;
use ferrofin_ledger::categories;
use ferrofin_ledger::listing::TransactionFilter;
use ferrofin_ledger::transactions::Transaction;
use ferrofin_ledger::wallet::Interval;
use ferrofin_platform::fields::format_date;
use ferrofin_platform::money::{Currency, Money};
use ferrofin_platform::ports::table::Position;
use ferrofin_platform::problem::Problem;

/// Most transactions one aggregating tool (top merchants, notes) reads.
pub const SCAN_BUDGET: usize = 2_000;
const SCAN_PAGE: u32 = 200;
const DEFAULT_SEARCH_LIMIT: u32 = 10;
const MAX_SEARCH_LIMIT: u32 = 50;
const DEFAULT_TOP: usize = 5;
const MAX_TOP: usize = 20;
const NOTES_HITS: usize = 10;
/// The least cosine similarity at which a text matches a query by meaning alone.
const MIN_SIMILARITY: f32 = 0.5;

/// A transaction `search_notes` found: how many query words it holds, its similarity to the
/// query by meaning (with embeddings), and the better of the two as its rank.
struct NoteHit<'a> {
    transaction: &'a Transaction,
    matches: usize,
    similarity: Option<f32>,
    score: f32,
}

/// What `search_notes` reads of a transaction: description, merchant, notes and tags.
fn searchable_text(t: &Transaction) -> String {
    format!(
        "{} {} {} {}",
        t.description,
        t.merchant.as_deref().unwrap_or_default(),
        t.notes.as_deref().unwrap_or_default(),
        t.tags.join(" ")
    )
    .trim()
    .to_owned()
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    pub text: Option<String>,
    pub category: Option<String>,
    pub merchant: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendingArgs {
    pub from: String,
    pub to: String,
    pub category: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopMerchantsArgs {
    pub from: String,
    pub to: String,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotesArgs {
    pub query: String,
}

/// A category's display name (its id for a user's own category).
pub fn category_name(id: &str) -> String {
    categories::find(id).map_or_else(|| id.to_owned(), |category| category.name.to_owned())
}

fn optional_date(field: &str, raw: Option<&str>) -> Result<Option<Date>, Problem> {
    raw.map(|raw| ferrofin_platform::fields::iso_date(raw).map_err(|err| invalid(field, err)))
        .transpose()
}

fn transaction_data(transaction: &Transaction) -> Value {
    json!({
        "id": transaction.id.as_str(),
        "account_id": transaction.account_id.as_str(),
        "date": format_date(transaction.date),
        "amount": transaction.amount().to_decimal_string(),
        "currency": transaction.currency.code(),
        "category": transaction.category,
        "description": quoted(&transaction.description),
        "merchant": quoted_opt(transaction.merchant.as_deref()),
    })
}

/// An account kind as the API writes it (`credit_card`).
fn kind_name(kind: ferrofin_ledger::accounts::AccountKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn account_line(account: &Account) -> String {
    format!(
        "{} ({}): {} {}",
        account.name,
        kind_name(account.kind),
        account.balance().to_decimal_string(),
        account.currency
    )
}

/// Sums per currency, in currency order.
fn per_currency(amounts: impl IntoIterator<Item = Money>) -> BTreeMap<Currency, i64> {
    let mut sums = BTreeMap::new();
    for money in amounts {
        *sums.entry(money.currency()).or_insert(0_i64) += money.minor();
    }
    sums
}

fn money_list(sums: &BTreeMap<Currency, i64>) -> String {
    if sums.is_empty() {
        return "nothing".to_owned();
    }
    sums.iter()
        .map(|(currency, minor)| {
            format!(
                "{} {currency}",
                Money::from_minor(*minor, *currency).to_decimal_string()
            )
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

impl Toolbox {
    fn ledger(&self) -> Ledger {
        Ledger::new(&self.state)
    }

    async fn open_accounts(&self) -> Result<Vec<Account>, Problem> {
        let (accounts, _) = self
            .ledger()
            .accounts(&self.user_id, false, 100, None)
            .await
            .map_err(problem)?;
        Ok(accounts)
    }

    pub(super) async fn accounts(&self) -> Result<ToolOutput, Problem> {
        let accounts = self.open_accounts().await?;
        let summary = if accounts.is_empty() {
            "You have no open accounts yet.".to_owned()
        } else {
            let totals = per_currency(accounts.iter().map(Account::balance));
            format!(
                "You have {} open account(s): {}. In total: {}.",
                accounts.len(),
                accounts
                    .iter()
                    .map(account_line)
                    .collect::<Vec<_>>()
                    .join("; "),
                money_list(&totals)
            )
        };
        Ok(ToolOutput {
            summary,
            data: json!({"accounts": accounts.iter().map(|account| json!({
                "id": account.id.as_str(), "name": quoted(&account.name), "kind": kind_name(account.kind),
                "currency": account.currency.code(), "balance": account.balance().to_decimal_string(),
            })).collect::<Vec<_>>()}),
            figures: accounts
                .iter()
                .map(|account| {
                    Figure::money(format!("balance of {}", account.name), account.balance())
                })
                .collect(),
            citations: accounts
                .iter()
                .map(|account| Citation::new(CitationKind::Account, &account.id))
                .collect(),
            draft: None,
        })
    }

    pub(super) async fn search_transactions(
        &self,
        args: &SearchArgs,
    ) -> Result<ToolOutput, Problem> {
        let limit = args.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
        if !(1..=MAX_SEARCH_LIMIT).contains(&limit) {
            return Err(invalid("limit", format!("must be 1..={MAX_SEARCH_LIMIT}")));
        }
        let filter = TransactionFilter {
            from: optional_date("from", args.from.as_deref())?,
            to: optional_date("to", args.to.as_deref())?,
            category: args.category.clone(),
            text: args.text.clone().or_else(|| args.merchant.clone()),
            ..TransactionFilter::default()
        };
        let scope = format!(
            "assistant:{}:search:{:?}:{:?}:{:?}:{:?}:{:?}",
            self.user_id, args.text, args.category, args.merchant, args.from, args.to
        );
        let start = args
            .cursor
            .as_deref()
            .map(|cursor| {
                self.state
                    .cursors
                    .decode(cursor, &scope)
                    .map_err(|_| invalid("cursor", "not a cursor of this search"))
            })
            .transpose()?;
        let merchant = args.merchant.as_deref().map(str::to_lowercase);
        let (found, next) = self
            .ledger()
            .list_transactions(&self.user_id, &filter, limit, start)
            .await
            .map_err(problem)?;
        let found: Vec<Transaction> = found
            .into_iter()
            .filter(|transaction| {
                merchant.as_ref().is_none_or(|wanted| {
                    transaction
                        .merchant
                        .as_deref()
                        .is_some_and(|m| m.to_lowercase().contains(wanted))
                })
            })
            .collect();
        let next_cursor =
            next.map(|position: Position| self.state.cursors.encode(&position, &scope));
        let lines: Vec<String> = found
            .iter()
            .map(|t| {
                format!(
                    "{} {} {} {}",
                    format_date(t.date),
                    t.merchant.as_deref().unwrap_or(&t.description),
                    t.amount().to_decimal_string(),
                    t.currency
                )
            })
            .collect();
        let summary = if found.is_empty() {
            "I found no matching transactions.".to_owned()
        } else {
            format!(
                "I found {} transaction(s){}: {}.",
                found.len(),
                if next_cursor.is_some() {
                    " (more follow)"
                } else {
                    ""
                },
                lines.join("; ")
            )
        };
        Ok(ToolOutput {
            summary,
            data: json!({
                "transactions": found.iter().map(transaction_data).collect::<Vec<_>>(),
                "next_cursor": next_cursor,
            }),
            figures: Vec::new(),
            citations: found
                .iter()
                .map(|t| Citation::new(CitationKind::Transaction, &t.id))
                .collect(),
            draft: None,
        })
    }

    pub(super) async fn spending_by_category(
        &self,
        args: &SpendingArgs,
    ) -> Result<ToolOutput, Problem> {
        let (from, to) = RangeArgs {
            from: args.from.clone(),
            to: args.to.clone(),
        }
        .dates()?;
        let flows = self
            .ledger()
            .category_flows(&self.user_id, from, to)
            .await
            .map_err(problem)?;
        let mut spent: BTreeMap<(String, Currency), i64> = BTreeMap::new();
        for ((currency, category), flow) in flows {
            if args
                .category
                .as_ref()
                .is_none_or(|wanted| *wanted == category)
            {
                *spent.entry((category, currency)).or_default() += flow.expense_minor;
            }
        }
        spent.retain(|_, minor| *minor > 0);
        let period = format!("from {} to {}", format_date(from), format_date(to));
        let figures: Vec<Figure> = spent
            .iter()
            .map(|((category, currency), minor)| {
                Figure::money(
                    format!("spent on {}", category_name(category)),
                    Money::from_minor(*minor, *currency),
                )
            })
            .collect();
        let summary = match &args.category {
            Some(category) => {
                let sums = per_currency(
                    spent
                        .iter()
                        .map(|((_, currency), minor)| Money::from_minor(*minor, *currency)),
                );
                format!(
                    "You spent {} on {} {period}.",
                    money_list(&sums),
                    category_name(category)
                )
            }
            None if spent.is_empty() => format!("You spent nothing {period}."),
            None => {
                let mut ranked: Vec<_> = spent.iter().collect();
                ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                format!(
                    "Your spending {period}: {}.",
                    ranked
                        .iter()
                        .map(|((category, currency), minor)| format!(
                            "{} {} {currency}",
                            capitalised(&category_name(category)),
                            Money::from_minor(**minor, *currency).to_decimal_string()
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        Ok(ToolOutput {
            summary,
            data: json!({
                "from": format_date(from), "to": format_date(to),
                "categories": spent.iter().map(|((category, currency), minor)| json!({
                    "category": category, "currency": currency.code(),
                    "spent": Money::from_minor(*minor, *currency).to_decimal_string(),
                })).collect::<Vec<_>>(),
            }),
            figures,
            citations: Vec::new(),
            draft: None,
        })
    }

    pub(super) async fn cash_flow(&self, args: &RangeArgs) -> Result<ToolOutput, Problem> {
        let (from, to) = args.dates()?;
        let series = self
            .ledger()
            .cash_flow(&self.user_id, from, to, Interval::Month)
            .await
            .map_err(problem)?;
        let mut figures = Vec::new();
        let mut lines = Vec::new();
        let mut data = Vec::new();
        for (currency, points) in series {
            let income: i64 = points.iter().map(|p| p.income.minor()).sum();
            let expenses: i64 = points.iter().map(|p| p.expenses.minor()).sum();
            let money = |minor| Money::from_minor(minor, currency);
            let net = money(income - expenses);
            figures.push(Figure::money("income", money(income)));
            figures.push(Figure::money("spending", money(expenses)));
            figures.push(Figure::money("net", net));
            lines.push(format!(
                "income {} {currency}, spending {} {currency}, net {} {currency}",
                money(income).to_decimal_string(),
                money(expenses).to_decimal_string(),
                net.to_decimal_string()
            ));
            data.push(
                json!({"currency": currency.code(), "income": money(income).to_decimal_string(),
                "expenses": money(expenses).to_decimal_string(), "net": net.to_decimal_string()}),
            );
        }
        let period = format!("from {} to {}", format_date(from), format_date(to));
        let summary = if lines.is_empty() {
            format!("No money came in or went out {period}.")
        } else {
            format!("Your cash flow {period}: {}.", lines.join("; "))
        };
        Ok(ToolOutput {
            summary,
            data: json!({"from": format_date(from), "to": format_date(to), "currencies": data}),
            figures,
            citations: Vec::new(),
            draft: None,
        })
    }

    pub(super) async fn net_worth(&self) -> Result<ToolOutput, Problem> {
        let today = self.today();
        let series = self
            .ledger()
            .net_worth(&self.user_id, today, today)
            .await
            .map_err(problem)?;
        let accounts = self.open_accounts().await?;
        let mut figures = Vec::new();
        let mut lines = Vec::new();
        let mut data = Vec::new();
        for (currency, points) in series {
            let Some(point) = points.last() else { continue };
            let money = |minor| Money::from_minor(minor, currency);
            let net =
                money(point.assets.minor() + point.investments.minor() - point.liabilities.minor());
            figures.push(Figure::money("assets", point.assets));
            figures.push(Figure::money("liabilities", point.liabilities));
            figures.push(Figure::money("investments", point.investments));
            figures.push(Figure::money("net worth", net));
            lines.push(format!(
                "{} {currency} (assets {}, investments {}, liabilities {})",
                net.to_decimal_string(),
                point.assets.to_decimal_string(),
                point.investments.to_decimal_string(),
                point.liabilities.to_decimal_string()
            ));
            data.push(json!({"currency": currency.code(), "assets": point.assets.to_decimal_string(),
                "liabilities": point.liabilities.to_decimal_string(),
                "investments": point.investments.to_decimal_string(), "net_worth": net.to_decimal_string()}));
        }
        let summary = if lines.is_empty() {
            "You have no accounts or investments yet, so your net worth is zero.".to_owned()
        } else {
            format!("Your net worth is {}.", lines.join("; "))
        };
        Ok(ToolOutput {
            summary,
            data: json!({"as_of": format_date(today), "currencies": data}),
            figures,
            citations: accounts
                .iter()
                .map(|account| Citation::new(CitationKind::Account, &account.id))
                .collect(),
            draft: None,
        })
    }

    /// The caller's transactions in the range (newest first), at most [`SCAN_BUDGET`].
    async fn transactions_in(
        &self,
        filter: &TransactionFilter,
    ) -> Result<Vec<Transaction>, Problem> {
        let mut found = Vec::new();
        let mut start = None;
        loop {
            let (page, next) = self
                .ledger()
                .list_transactions(&self.user_id, filter, SCAN_PAGE, start)
                .await
                .map_err(problem)?;
            found.extend(page);
            match next {
                Some(next) if found.len() < SCAN_BUDGET => start = Some(next),
                _ => break,
            }
        }
        found.truncate(SCAN_BUDGET);
        Ok(found)
    }

    pub(super) async fn top_merchants(
        &self,
        args: &TopMerchantsArgs,
    ) -> Result<ToolOutput, Problem> {
        let (from, to) = RangeArgs {
            from: args.from.clone(),
            to: args.to.clone(),
        }
        .dates()?;
        let limit = args.limit.unwrap_or(DEFAULT_TOP);
        if !(1..=MAX_TOP).contains(&limit) {
            return Err(invalid("limit", format!("must be 1..={MAX_TOP}")));
        }
        let filter = TransactionFilter {
            from: Some(from),
            to: Some(to),
            ..TransactionFilter::default()
        };
        let transactions = self.transactions_in(&filter).await?;
        let mut spent: BTreeMap<(String, Currency), i64> = BTreeMap::new();
        for t in transactions
            .iter()
            .filter(|t| t.amount_minor < 0 && t.transfer.is_none())
        {
            let merchant = t.merchant.clone().unwrap_or_else(|| t.description.clone());
            *spent.entry((merchant, t.currency)).or_default() -= t.amount_minor;
        }
        let mut ranked: Vec<((String, Currency), i64)> = spent.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let period = format!("from {} to {}", format_date(from), format_date(to));
        let summary = if ranked.is_empty() {
            format!("You spent nothing at merchants {period}.")
        } else {
            format!(
                "Your top {} merchant(s) {period}: {}.",
                ranked.len(),
                ranked
                    .iter()
                    .enumerate()
                    .map(|(rank, ((merchant, currency), minor))| format!(
                        "{}. {merchant} {} {currency}",
                        rank + 1,
                        Money::from_minor(*minor, *currency).to_decimal_string()
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Ok(ToolOutput {
            summary,
            data: json!({"from": format_date(from), "to": format_date(to),
                "read_transactions": transactions.len(),
                "merchants": ranked.iter().map(|((merchant, currency), minor)| json!({
                    "merchant": quoted(merchant), "currency": currency.code(),
                    "spent": Money::from_minor(*minor, *currency).to_decimal_string(),
                })).collect::<Vec<_>>()}),
            figures: ranked
                .iter()
                .map(|((merchant, currency), minor)| {
                    Figure::money(
                        format!("spent at {merchant}"),
                        Money::from_minor(*minor, *currency),
                    )
                })
                .collect(),
            citations: Vec::new(),
            draft: None,
        })
    }

    /// The similarity of each text to `query` by the embedder, when there is one and it
    /// answers (keyword search alone otherwise).
    async fn similarities(&self, query: &str, texts: &[String]) -> Option<Vec<Option<f32>>> {
        let embedder = self.embedder.as_ref()?;
        match embedder.similarities(&self.user_id, query, texts).await {
            Ok(scores) => Some(scores),
            Err(err) => {
                tracing::warn!(error = %err, "embeddings failed; keyword search only");
                None
            }
        }
    }

    pub(super) async fn search_notes(&self, args: &NotesArgs) -> Result<ToolOutput, Problem> {
        let words: Vec<String> = args
            .query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Err(invalid("query", "needs a word of at least 3 letters"));
        }
        let transactions = self.transactions_in(&TransactionFilter::default()).await?;
        let texts: Vec<String> = transactions.iter().map(searchable_text).collect();
        let similarities = self.similarities(&args.query, &texts).await;
        let retrieval = if similarities.is_some() {
            "keyword_and_vector"
        } else {
            "keyword"
        };
        let mut hits: Vec<NoteHit> = transactions
            .iter()
            .zip(&texts)
            .enumerate()
            .filter_map(|(at, (transaction, text))| {
                let text = text.to_lowercase();
                let matches = words
                    .iter()
                    .filter(|word| text.contains(word.as_str()))
                    .count();
                let similarity = similarities.as_ref().and_then(|scores| scores[at]);
                let hit = NoteHit {
                    transaction,
                    matches,
                    similarity,
                    score: rank(similarity, matches, words.len()),
                };
                (matches > 0 || similarity.is_some_and(|s| s >= MIN_SIMILARITY)).then_some(hit)
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.transaction.date.cmp(&a.transaction.date))
        });
        hits.truncate(NOTES_HITS);
        let summary = if hits.is_empty() {
            format!(
                "Nothing in your transactions' descriptions or notes mentions {:?}.",
                args.query
            )
        } else {
            format!(
                "{} transaction(s) mention it: {}.",
                hits.len(),
                hits.iter()
                    .map(|NoteHit { transaction: t, .. }| format!(
                        "{} {} {} {}{}",
                        format_date(t.date),
                        t.description,
                        t.amount().to_decimal_string(),
                        t.currency,
                        t.notes
                            .as_deref()
                            .map(|n| format!(" (note: {n})"))
                            .unwrap_or_default()
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        Ok(ToolOutput {
            summary,
            data: json!({"retrieval": retrieval, "matches": hits.iter().map(|hit| {
                let mut data = transaction_data(hit.transaction);
                data["notes"] = quoted_opt(hit.transaction.notes.as_deref());
                data["keyword_matches"] = json!(hit.matches);
                data["similarity"] = json!(hit.similarity.map(|s| format!("{s:.3}")));
                data
            }).collect::<Vec<_>>()}),
            figures: Vec::new(),
            citations: hits
                .iter()
                .map(|hit| Citation::new(CitationKind::Transaction, &hit.transaction.id))
                .collect(),
            draft: None,
        })
    }
}
