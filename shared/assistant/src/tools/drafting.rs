//! Write tools: each checks what it can up front (the caller's transaction exists, the
//! category is known, the amount reads in the currency) and stores a DRAFT with the
//! conversation; nothing is written until the user confirms it ([`crate::drafts`]).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ToolOutput, Toolbox, invalid, problem};
use crate::conversation::{Citation, CitationKind};
use crate::drafts::{DraftAction, Drafts};
use ferrofin_budgets::budget_service::{expense_category, positive_money};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::ids::TransactionId;
use ferrofin_ledger::rules::{RuleField, RuleOperator};
use ferrofin_platform::fields::iso_date;
use ferrofin_platform::money::Currency;
use ferrofin_platform::problem::Problem;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBudgetArgs {
    pub category: String,
    /// Decimal string.
    pub amount: String,
    pub currency: String,
    pub rollover: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftGoalArgs {
    pub name: String,
    pub target_amount: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub target_date: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftRuleArgs {
    pub field: RuleFieldName,
    pub operator: RuleOperatorName,
    pub pattern: String,
    pub category: String,
}

/// [`RuleField`] as it reads in a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleFieldName(pub RuleField);

/// [`RuleOperator`] as it reads in a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleOperatorName(pub RuleOperator);

impl std::fmt::Display for RuleFieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            RuleField::Merchant => "merchant",
            RuleField::Description => "description",
        })
    }
}

impl std::fmt::Display for RuleOperatorName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            RuleOperator::Contains => "contains",
            RuleOperator::Equals => "equals",
            RuleOperator::StartsWith => "starts with",
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftRecategorizeArgs {
    pub transaction_id: String,
    pub category: String,
}

impl Toolbox {
    async fn known_category(&self, id: &str) -> Result<(), Problem> {
        match Ledger::new(&self.state)
            .known_category(&self.user_id, id)
            .await
            .map_err(problem)?
        {
            Some(_) => Ok(()),
            None => Err(invalid(
                "category",
                "unknown category (see /v1/transactions/categories)",
            )),
        }
    }

    async fn drafted(
        &self,
        action: DraftAction,
        cites: Vec<Citation>,
    ) -> Result<ToolOutput, Problem> {
        let describe = action.describe();
        let draft = Drafts::new(&self.state)
            .create(&self.user_id, &self.conversation_id, action)
            .await?;
        Ok(ToolOutput {
            summary: format!(
                "I drafted this for you to confirm: {describe}. Nothing is changed until you \
                 confirm draft {} (POST /v1/assistant/drafts/{}/confirm) or discard it.",
                draft.id, draft.id
            ),
            data: json!({"draft_id": draft.id.as_str(), "status": "pending", "would": describe,
                "note": "the user must confirm the draft; it is not written yet"}),
            figures: Vec::new(),
            citations: cites,
            draft: Some(draft.id),
        })
    }

    pub(super) async fn draft_budget(&self, args: &DraftBudgetArgs) -> Result<ToolOutput, Problem> {
        expense_category(&args.category).map_err(|err| invalid("category", err))?;
        let currency =
            Currency::parse(&args.currency).map_err(|err| invalid("currency", err.to_string()))?;
        positive_money(&args.amount, currency).map_err(|err| invalid("amount", err))?;
        self.drafted(DraftAction::CreateBudget(args.clone()), Vec::new())
            .await
    }

    pub(super) async fn draft_goal(&self, args: &DraftGoalArgs) -> Result<ToolOutput, Problem> {
        let currency =
            Currency::parse(&args.currency).map_err(|err| invalid("currency", err.to_string()))?;
        positive_money(&args.target_amount, currency)
            .map_err(|err| invalid("target_amount", err))?;
        iso_date(&args.target_date).map_err(|err| invalid("target_date", err))?;
        self.drafted(DraftAction::CreateGoal(args.clone()), Vec::new())
            .await
    }

    pub(super) async fn draft_rule(&self, args: &DraftRuleArgs) -> Result<ToolOutput, Problem> {
        self.known_category(&args.category).await?;
        self.drafted(DraftAction::CreateRule(args.clone()), Vec::new())
            .await
    }

    pub(super) async fn draft_recategorize(
        &self,
        args: &DraftRecategorizeArgs,
    ) -> Result<ToolOutput, Problem> {
        // Only the caller's own transaction: another user's id is "not found".
        let transaction = Ledger::new(&self.state)
            .transaction_of(
                &self.user_id,
                &TransactionId::from(args.transaction_id.as_str()),
            )
            .await
            .map_err(problem)?;
        self.known_category(&args.category).await?;
        self.drafted(
            DraftAction::Recategorize(args.clone()),
            vec![Citation::new(CitationKind::Transaction, &transaction.id)],
        )
        .await
    }
}
