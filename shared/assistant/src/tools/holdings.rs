//! Tools over what the user holds beyond the ledger: loans (the next installment owed),
//! investment portfolios (value and returns) and statement imports.

use serde::Deserialize;
use serde_json::json;

use super::quote::quoted;
use super::{ToolOutput, Toolbox, invalid, problem};
use crate::conversation::{Citation, CitationKind, Figure};
use ferrofin_imports::Imports;
use ferrofin_investment_calc::Range;
use ferrofin_investments::Investments;
use ferrofin_loans::{Caller, LoanList, LoanStatus, Loans};
use ferrofin_platform::fields::format_date;
use ferrofin_platform::problem::Problem;
use rust_decimal::Decimal;

/// Most loans and portfolios one call reads.
const MAX_ITEMS: u32 = 50;
const DEFAULT_IMPORTS: u32 = 5;
const MAX_IMPORTS: u32 = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioArgs {
    /// `1d`, `mtd`, `ytd` (default), `1y` or `max`.
    pub range: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecentImportsArgs {
    pub limit: Option<u32>,
}

/// A decimal amount (already at its currency's decimals) as a figure.
fn amount(label: String, value: Decimal, currency: &str) -> Figure {
    Figure {
        label,
        value: value.to_string(),
        currency: Some(currency.to_owned()),
    }
}

impl Toolbox {
    pub(super) async fn upcoming_loan_payments(&self) -> Result<ToolOutput, Problem> {
        let loans = Loans::new(&self.state);
        // The caller sees only the loans they applied for or borrow: never `loans:read`.
        let caller = Caller {
            user_id: self.user_id.clone(),
            reads_all: false,
            approval_levels: Vec::new(),
        };
        let (summaries, _) = loans
            .page(&LoanList::User(self.user_id.clone()), MAX_ITEMS, None)
            .await
            .map_err(problem)?;
        let today = self.today();
        let mut due = Vec::new();
        for summary in summaries.iter().filter(|s| s.status == LoanStatus::Active) {
            let state = loans
                .state(&caller, &summary.id, today)
                .await
                .map_err(problem)?;
            if let Some(next) = state
                .installments
                .iter()
                .filter(|installment| installment.amounts.total.outstanding > Decimal::ZERO)
                .min_by_key(|installment| installment.due_date)
            {
                due.push((
                    summary,
                    next.number,
                    next.due_date,
                    next.amounts.total.outstanding,
                ));
            }
        }
        due.sort_by_key(|(_, _, date, _)| *date);
        let summary = match due.first() {
            None => "You have no loan payments coming up.".to_owned(),
            Some((loan, number, date, owed)) => {
                let overdue = if *date < today { " (overdue)" } else { "" };
                format!(
                    "Your next loan payment is installment {number} of loan {}: {owed} {} due on {}{overdue}.{}",
                    loan.id,
                    loan.currency,
                    format_date(*date),
                    if due.len() > 1 {
                        format!(" {} more loan(s) have payments after it.", due.len() - 1)
                    } else {
                        String::new()
                    }
                )
            }
        };
        Ok(ToolOutput {
            summary,
            data: json!({"payments": due.iter().map(|(loan, number, date, owed)| json!({
                "loan_id": loan.id.as_str(), "installment": number, "due_date": format_date(*date),
                "amount": owed.to_string(), "currency": loan.currency,
            })).collect::<Vec<_>>()}),
            figures: due
                .iter()
                .map(|(loan, number, _, owed)| {
                    amount(
                        format!("installment {number} of loan {}", loan.id),
                        *owed,
                        &loan.currency,
                    )
                })
                .collect(),
            citations: due
                .iter()
                .map(|(loan, ..)| Citation::new(CitationKind::Loan, &loan.id))
                .collect(),
            draft: None,
        })
    }

    pub(super) async fn portfolio_performance(
        &self,
        args: &PortfolioArgs,
    ) -> Result<ToolOutput, Problem> {
        let name = args.range.as_deref().unwrap_or("ytd");
        let range: Range = serde_json::from_value(json!({"range": name}))
            .map_err(|_| invalid("range", "must be 1d, mtd, ytd, 1y or max"))?;
        let investments = Investments::new(&self.state);
        let (portfolios, _) = investments
            .list_portfolios(&self.user_id, MAX_ITEMS, None)
            .await
            .map_err(problem)?;
        let mut figures = Vec::new();
        let mut lines = Vec::new();
        let mut data = Vec::new();
        for portfolio in &portfolios {
            let valued = investments
                .valued(&self.user_id, &portfolio.id)
                .await
                .map_err(problem)?;
            let currency = portfolio.base_currency.code();
            match valued.evaluation.returns(range) {
                Ok(returns) => {
                    figures.push(amount(
                        format!("{} value", portfolio.name),
                        returns.closing_value,
                        currency,
                    ));
                    figures.push(amount(
                        format!("{} gain", portfolio.name),
                        returns.gain,
                        currency,
                    ));
                    figures.push(Figure::number(
                        format!("{} time-weighted return", portfolio.name),
                        returns.time_weighted.cumulative,
                    ));
                    lines.push(format!(
                        "{}: worth {} {currency}, gain {} {currency}, time-weighted return {} ({name})",
                        portfolio.name, returns.closing_value, returns.gain, returns.time_weighted.cumulative
                    ));
                    let mut returns = serde_json::to_value(&returns).map_err(problem_of_json)?;
                    returns["portfolio_id"] = json!(portfolio.id.as_str());
                    returns["name"] = quoted(&portfolio.name);
                    data.push(returns);
                }
                Err(err) => {
                    lines.push(format!(
                        "{}: no returns for {name} yet ({err})",
                        portfolio.name
                    ));
                    data.push(json!({"portfolio_id": portfolio.id.as_str(), "name": quoted(&portfolio.name),
                        "unavailable": err.to_string()}));
                }
            }
        }
        let summary = if lines.is_empty() {
            "You have no investment portfolios.".to_owned()
        } else {
            format!("{}.", lines.join("; "))
        };
        Ok(ToolOutput {
            summary,
            data: json!({"range": name, "portfolios": data}),
            figures,
            citations: portfolios
                .iter()
                .map(|portfolio| Citation::new(CitationKind::Portfolio, &portfolio.id))
                .collect(),
            draft: None,
        })
    }

    pub(super) async fn recent_imports(
        &self,
        args: &RecentImportsArgs,
    ) -> Result<ToolOutput, Problem> {
        let limit = args.limit.unwrap_or(DEFAULT_IMPORTS);
        if !(1..=MAX_IMPORTS).contains(&limit) {
            return Err(invalid("limit", format!("must be 1..={MAX_IMPORTS}")));
        }
        let (jobs, _) = Imports::new(&self.state)
            .page(&self.user_id, limit, None)
            .await
            .map_err(problem)?;
        let summary = if jobs.is_empty() {
            "You have not imported any statements.".to_owned()
        } else {
            format!(
                "Your latest import(s): {}.",
                jobs.iter()
                    .map(|job| format!(
                        "{} on {}: {} ({} imported, {} duplicates, {} failed)",
                        job.id,
                        format_date(job.created_at.date()),
                        job.status.name(),
                        job.counts.imported,
                        job.counts.duplicates,
                        job.counts.failed
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        Ok(ToolOutput {
            summary,
            data: json!({"imports": jobs.iter().map(|job| json!({
                "import_id": job.id.as_str(), "account_id": job.account_id.as_str(), "status": job.status.name(),
                "imported": job.counts.imported, "duplicates": job.counts.duplicates, "failed": job.counts.failed,
                "created_at": format_date(job.created_at.date()),
            })).collect::<Vec<_>>()}),
            figures: jobs
                .iter()
                .map(|job| {
                    Figure::number(format!("rows imported by {}", job.id), job.counts.imported)
                })
                .collect(),
            citations: jobs
                .iter()
                .flat_map(|job| {
                    [
                        Citation::new(CitationKind::Import, &job.id),
                        Citation::new(CitationKind::Account, &job.account_id),
                    ]
                })
                .collect(),
            draft: None,
        })
    }
}

fn problem_of_json(err: serde_json::Error) -> Problem {
    Problem::internal(&err)
}
