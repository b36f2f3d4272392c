//! The tools the assistant answers from: typed arguments (each with its JSON schema, in
//! [`spec`]), run by a [`Toolbox`] made for ONE caller. No argument names a user: every tool
//! reads the caller's records through the owning area's service, so nothing a model (or text
//! stored in the user's records) writes can widen whose data a tool reads. Write tools only
//! store a draft ([`crate::drafts`]) that the user confirms with a second call.

mod drafting;
mod holdings;
mod ledger;
mod plans;
pub mod quote;
pub mod spec;

use serde::Deserialize;
use serde_json::Value;
use time::Date;

use crate::conversation::{Citation, Figure};
use crate::embeddings::Embedder;
use crate::ids::{ConversationId, DraftId};
use ferrofin_platform::AppState;
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::problem::{IntoProblem, Problem};

pub use drafting::{
    DraftBudgetArgs, DraftGoalArgs, DraftRecategorizeArgs, DraftRuleArgs, RuleFieldName,
    RuleOperatorName,
};
pub use holdings::{PortfolioArgs, RecentImportsArgs};
pub use ledger::{NotesArgs, SearchArgs, SpendingArgs, TopMerchantsArgs};
pub use plans::{BudgetsArgs, GoalsArgs};

/// A tool that takes no arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// A date range, `YYYY-MM-DD` both ends (inclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeArgs {
    pub from: String,
    pub to: String,
}

impl RangeArgs {
    pub fn new(from: Date, to: Date) -> Self {
        Self {
            from: ferrofin_platform::fields::format_date(from),
            to: ferrofin_platform::fields::format_date(to),
        }
    }

    /// The checked range.
    pub fn dates(&self) -> Result<(Date, Date), Problem> {
        let from = iso_date(&self.from).map_err(|err| invalid("from", err))?;
        let to = iso_date(&self.to).map_err(|err| invalid("to", err))?;
        if from > to {
            return Err(invalid("from", "must not be after `to`"));
        }
        Ok((from, to))
    }
}

/// One call of a tool with its typed arguments.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "name", content = "arguments", rename_all = "snake_case")]
pub enum ToolCall {
    Accounts(NoArgs),
    SearchTransactions(SearchArgs),
    SpendingByCategory(SpendingArgs),
    CashFlow(RangeArgs),
    NetWorth(NoArgs),
    TopMerchants(TopMerchantsArgs),
    BudgetsStatus(BudgetsArgs),
    GoalsProgress(GoalsArgs),
    UpcomingLoanPayments(NoArgs),
    PortfolioPerformance(PortfolioArgs),
    RecentImports(RecentImportsArgs),
    SearchNotes(NotesArgs),
    DraftBudget(DraftBudgetArgs),
    DraftGoal(DraftGoalArgs),
    DraftRule(DraftRuleArgs),
    DraftRecategorize(DraftRecategorizeArgs),
}

impl ToolCall {
    /// A call as a model names it: the tool's name and its arguments (a JSON object; an empty
    /// string is no arguments). Unknown tools and unknown or mistyped arguments are refused.
    pub fn parse(name: &str, arguments: &str) -> Result<Self, String> {
        let arguments: Value = if arguments.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            serde_json::from_str(arguments).map_err(|err| format!("arguments: {err}"))?
        };
        if spec::find(name).is_none() {
            return Err(format!("unknown tool {name:?}"));
        }
        serde_json::from_value(serde_json::json!({"name": name, "arguments": arguments}))
            .map_err(|err| format!("arguments of {name}: {err}"))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Accounts(_) => "accounts",
            Self::SearchTransactions(_) => "search_transactions",
            Self::SpendingByCategory(_) => "spending_by_category",
            Self::CashFlow(_) => "cash_flow",
            Self::NetWorth(_) => "net_worth",
            Self::TopMerchants(_) => "top_merchants",
            Self::BudgetsStatus(_) => "budgets_status",
            Self::GoalsProgress(_) => "goals_progress",
            Self::UpcomingLoanPayments(_) => "upcoming_loan_payments",
            Self::PortfolioPerformance(_) => "portfolio_performance",
            Self::RecentImports(_) => "recent_imports",
            Self::SearchNotes(_) => "search_notes",
            Self::DraftBudget(_) => "draft_budget",
            Self::DraftGoal(_) => "draft_goal",
            Self::DraftRule(_) => "draft_rule",
            Self::DraftRecategorize(_) => "draft_recategorize",
        }
    }
}

/// What a tool call found: a plain-English summary (the parser's answer), the data (what a
/// model reads; the user's free text in it is quoted, see [`quote`]), the figures it used, the
/// records it read, and the draft it stored, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ToolOutput {
    pub summary: String,
    pub data: Value,
    pub figures: Vec<Figure>,
    pub citations: Vec<Citation>,
    pub draft: Option<DraftId>,
}

/// The tools for one caller in one conversation.
pub struct Toolbox {
    state: AppState,
    user_id: UserId,
    conversation_id: ConversationId,
    today: Date,
    /// Vector search for `search_notes`, when an embeddings endpoint is configured.
    embedder: Option<Embedder>,
}

impl Toolbox {
    /// The caller comes from the authenticated request, never from a tool's arguments;
    /// `today` is the caller's date in their time zone, which relative periods count from.
    pub fn for_caller(
        state: &AppState,
        user_id: UserId,
        conversation_id: ConversationId,
        today: Date,
    ) -> Self {
        Self {
            state: state.clone(),
            user_id,
            conversation_id,
            today,
            embedder: None,
        }
    }

    /// The toolbox with vector search over the caller's texts.
    pub fn with_embedder(self, embedder: Option<Embedder>) -> Self {
        Self { embedder, ..self }
    }

    pub fn today(&self) -> Date {
        self.today
    }

    pub async fn run(&self, call: &ToolCall) -> Result<ToolOutput, Problem> {
        match call {
            ToolCall::Accounts(_) => self.accounts().await,
            ToolCall::SearchTransactions(args) => self.search_transactions(args).await,
            ToolCall::SpendingByCategory(args) => self.spending_by_category(args).await,
            ToolCall::CashFlow(args) => self.cash_flow(args).await,
            ToolCall::NetWorth(_) => self.net_worth().await,
            ToolCall::TopMerchants(args) => self.top_merchants(args).await,
            ToolCall::BudgetsStatus(args) => self.budgets_status(args).await,
            ToolCall::GoalsProgress(args) => self.goals_progress(args).await,
            ToolCall::UpcomingLoanPayments(_) => self.upcoming_loan_payments().await,
            ToolCall::PortfolioPerformance(args) => self.portfolio_performance(args).await,
            ToolCall::RecentImports(args) => self.recent_imports(args).await,
            ToolCall::SearchNotes(args) => self.search_notes(args).await,
            ToolCall::DraftBudget(args) => self.draft_budget(args).await,
            ToolCall::DraftGoal(args) => self.draft_goal(args).await,
            ToolCall::DraftRule(args) => self.draft_rule(args).await,
            ToolCall::DraftRecategorize(args) => self.draft_recategorize(args).await,
        }
    }
}

/// A 422 naming one argument.
pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Problem {
    ferrofin_platform::fields::Invalid::field(field, message).into_problem()
}

/// Any area's error as the problem it reads as.
pub(crate) fn problem(err: impl IntoProblem) -> Problem {
    err.into_problem()
}

/// `text` with its first letter upper-case.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_parses_from_a_name_and_json_arguments() {
        let call = ToolCall::parse("cash_flow", r#"{"from":"2026-01-01","to":"2026-01-31"}"#);
        assert_eq!(
            call,
            Ok(ToolCall::CashFlow(RangeArgs {
                from: "2026-01-01".into(),
                to: "2026-01-31".into()
            }))
        );
        assert_eq!(
            ToolCall::parse("net_worth", ""),
            Ok(ToolCall::NetWorth(NoArgs {}))
        );
    }

    #[test]
    fn no_argument_can_name_a_user_and_unknown_tools_are_refused() {
        let err = ToolCall::parse("accounts", r#"{"user_id":"someone-else"}"#).unwrap_err();
        assert!(err.contains("unknown field"), "{err}");
        let err = ToolCall::parse(
            "search_transactions",
            r#"{"text":"rent","user_id":"someone-else"}"#,
        )
        .unwrap_err();
        assert!(err.contains("unknown field"), "{err}");
        assert!(ToolCall::parse("delete_everything", "{}").is_err());
    }
}
