//! Drafts: what a write tool proposes, stored with the conversation and written only when the
//! user confirms it with a second call — through the owning area's own service (budgets,
//! goals, rules, a transaction's category), with that area's checks. A draft is confirmed or
//! discarded once; confirming claims it first (a versioned write), so two confirmations cannot
//! both write.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::conversation::{Citation, CitationKind};
use crate::ids::{ConversationId, DraftId};
use crate::keys;
use crate::tools::{DraftBudgetArgs, DraftGoalArgs, DraftRecategorizeArgs, DraftRuleArgs};
use ferrofin_budgets::Budgets;
use ferrofin_budgets::budget_service::NewBudget;
use ferrofin_budgets::goal_service::NewGoal;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::ids::TransactionId;
use ferrofin_ledger::rules::RuleSpec;
use ferrofin_ledger::transaction_service::TransactionChanges;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::Clock;
use ferrofin_platform::ports::table::{Condition, Table, TableError, from_record, to_record};
use ferrofin_platform::problem::{IntoProblem, Problem, ProblemKind};

/// What a draft would write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "fields", rename_all = "snake_case")]
pub enum DraftAction {
    CreateBudget(DraftBudgetArgs),
    CreateGoal(DraftGoalArgs),
    CreateRule(DraftRuleArgs),
    Recategorize(DraftRecategorizeArgs),
}

impl DraftAction {
    /// One line saying what confirming does.
    pub fn describe(&self) -> String {
        match self {
            Self::CreateBudget(b) => format!(
                "create a monthly budget of {} {} for {}",
                b.amount, b.currency, b.category
            ),
            Self::CreateGoal(g) => format!(
                "create the goal {:?}: {} {} by {}",
                g.name, g.target_amount, g.currency, g.target_date
            ),
            Self::CreateRule(r) => format!(
                "create a rule: {} {} {:?} -> {}",
                r.field, r.operator, r.pattern, r.category
            ),
            Self::Recategorize(r) => format!(
                "move transaction {} to the category {}",
                r.transaction_id, r.category
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    Pending,
    Confirmed,
    Discarded,
}

/// A proposed write of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    pub user_id: UserId,
    pub conversation_id: ConversationId,
    pub action: DraftAction,
    pub status: DraftStatus,
    /// Once confirmed: the record it wrote.
    pub result: Option<Citation>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    pub version: u64,
}

fn problem(err: impl IntoProblem) -> Problem {
    err.into_problem()
}

fn not_found() -> Problem {
    Problem::not_found("draft")
}

fn decided(draft: &Draft) -> Problem {
    let status = match draft.status {
        DraftStatus::Confirmed => "confirmed",
        DraftStatus::Discarded => "discarded",
        DraftStatus::Pending => "pending",
    };
    Problem::conflict(format!("the draft is already {status}"))
}

#[derive(Clone)]
pub struct Drafts {
    state: AppState,
    table: Arc<dyn Table>,
    clock: Arc<dyn Clock>,
}

impl Drafts {
    pub fn new(state: &AppState) -> Self {
        Self {
            state: state.clone(),
            table: state.table.clone(),
            clock: state.clock.clone(),
        }
    }

    /// Stores a new pending draft.
    pub async fn create(
        &self,
        user_id: &UserId,
        conversation_id: &ConversationId,
        action: DraftAction,
    ) -> Result<Draft, Problem> {
        let draft = Draft {
            id: DraftId::generate(self.clock.as_ref()),
            user_id: user_id.clone(),
            conversation_id: conversation_id.clone(),
            action,
            status: DraftStatus::Pending,
            result: None,
            created_at: self.clock.now(),
            decided_at: None,
            version: 1,
        };
        let key = keys::draft(user_id, &draft.id);
        self.table
            .put(
                to_record(&draft, &key, None).map_err(problem)?,
                Condition::NotExists,
            )
            .await
            .map_err(problem)?;
        Ok(draft)
    }

    /// The caller's draft, or 404 (also for another user's).
    pub async fn get(&self, user_id: &UserId, id: &DraftId) -> Result<Draft, Problem> {
        let item = self
            .table
            .get(&keys::draft(user_id, id))
            .await
            .map_err(problem)?
            .ok_or_else(not_found)?;
        from_record(item).map_err(problem)
    }

    /// Saves `draft` if it is still at the version read; a lost race is 409.
    async fn save(&self, draft: &mut Draft) -> Result<(), Problem> {
        let expected = draft.version;
        draft.version += 1;
        let key = keys::draft(&draft.user_id, &draft.id);
        let item = to_record(&*draft, &key, None).map_err(problem)?;
        match self.table.put(item, Condition::version_is(expected)).await {
            Err(TableError::ConditionFailed { .. }) => {
                Err(Problem::conflict("the draft changed meanwhile"))
            }
            other => other.map_err(problem),
        }
    }

    /// Discards a pending draft.
    pub async fn discard(&self, user_id: &UserId, id: &DraftId) -> Result<Draft, Problem> {
        let mut draft = self.get(user_id, id).await?;
        if draft.status != DraftStatus::Pending {
            return Err(decided(&draft));
        }
        draft.status = DraftStatus::Discarded;
        draft.decided_at = Some(self.clock.now());
        self.save(&mut draft).await?;
        Ok(draft)
    }

    /// Confirms a pending draft: claims it, writes through the owning area's service, and
    /// records what was written; when the area refuses, the draft is pending again and the
    /// area's problem (e.g. a 409 for a budget that exists) is the answer.
    pub async fn confirm(&self, user_id: &UserId, id: &DraftId) -> Result<Draft, Problem> {
        let mut draft = self.get(user_id, id).await?;
        if draft.status != DraftStatus::Pending {
            return Err(decided(&draft));
        }
        draft.status = DraftStatus::Confirmed;
        draft.decided_at = Some(self.clock.now());
        self.save(&mut draft).await?;
        match self.write(user_id, &draft.action).await {
            Ok(result) => {
                draft.result = Some(result);
                self.save(&mut draft).await?;
                Ok(draft)
            }
            Err(refused) => {
                draft.status = DraftStatus::Pending;
                draft.decided_at = None;
                self.save(&mut draft).await?;
                Err(refused)
            }
        }
    }

    async fn write(&self, user_id: &UserId, action: &DraftAction) -> Result<Citation, Problem> {
        match action {
            DraftAction::CreateBudget(b) => {
                let budget = Budgets::new(&self.state)
                    .create_budget(
                        user_id,
                        NewBudget {
                            category: b.category.clone(),
                            amount: b.amount.clone(),
                            currency: b.currency.clone(),
                            rollover: b.rollover.unwrap_or(false),
                        },
                    )
                    .await
                    .map_err(problem)?;
                Ok(Citation::new(CitationKind::Budget, &budget.id))
            }
            DraftAction::CreateGoal(g) => {
                let goal = Budgets::new(&self.state)
                    .create_goal(
                        user_id,
                        NewGoal {
                            name: g.name.clone(),
                            target_amount: g.target_amount.clone(),
                            currency: g.currency.clone(),
                            target_date: g.target_date.clone(),
                            account_id: None,
                        },
                    )
                    .await
                    .map_err(problem)?;
                Ok(Citation::new(CitationKind::Goal, &goal.id))
            }
            DraftAction::CreateRule(r) => {
                // The rule's own defaults (priority) apply, as for POST /v1/transactions/rules.
                let spec: RuleSpec = serde_json::from_value(serde_json::json!({
                    "field": r.field, "operator": r.operator, "pattern": r.pattern, "category": r.category,
                }))
                .map_err(|err| {
                    Problem::new(
                        ProblemKind::Invalid,
                        ferrofin_platform::problem::ErrorCode::ValidationFailed,
                        err.to_string(),
                    )
                })?;
                let rule = Ledger::new(&self.state)
                    .create_rule(user_id, spec)
                    .await
                    .map_err(problem)?;
                Ok(Citation::new(CitationKind::Rule, &rule.id))
            }
            DraftAction::Recategorize(r) => {
                let transaction = Ledger::new(&self.state)
                    .change_transaction(
                        user_id,
                        &TransactionId::from(r.transaction_id.as_str()),
                        TransactionChanges {
                            category: Some(Some(r.category.clone())),
                            ..TransactionChanges::default()
                        },
                    )
                    .await
                    .map_err(problem)?;
                Ok(Citation::new(CitationKind::Transaction, &transaction.id))
            }
        }
    }
}
