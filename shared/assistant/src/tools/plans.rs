//! Tools over the budgets area: budgets' status in a month and goals' progress.

use serde::Deserialize;
use serde_json::json;

use super::ledger::category_name;
use super::quote::quoted;
use super::{ToolOutput, Toolbox, capitalised, invalid, problem};
use crate::conversation::{Citation, CitationKind, Figure};
use ferrofin_budgets::Budgets;
use ferrofin_budgets::goal::Goal;
use ferrofin_platform::fields::format_date;
use ferrofin_platform::month::Month;
use ferrofin_platform::problem::Problem;

/// Most goals the tool reads.
const MAX_GOALS: u32 = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetsArgs {
    /// `YYYY-MM`; this month when absent.
    pub month: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsArgs {
    /// Only goals whose name contains this (case-insensitive).
    pub name: Option<String>,
}

impl Toolbox {
    pub(super) async fn budgets_status(&self, args: &BudgetsArgs) -> Result<ToolOutput, Problem> {
        let month = match &args.month {
            Some(raw) => Month::parse(raw).map_err(|err| invalid("month", err))?,
            None => Month::of(self.today()),
        };
        let overview = Budgets::new(&self.state)
            .overview(&self.user_id, month)
            .await
            .map_err(problem)?;
        let mut figures = Vec::new();
        let mut lines = Vec::new();
        let mut data = Vec::new();
        for (budget, progress) in &overview.items {
            let name = capitalised(&category_name(&budget.category));
            figures.push(Figure::money(
                format!("{name} available"),
                progress.available,
            ));
            figures.push(Figure::money(format!("{name} spent"), progress.actual));
            figures.push(Figure::money(
                format!("{name} remaining"),
                progress.remaining,
            ));
            let state = if progress.remaining.minor() < 0 {
                "over budget"
            } else {
                "left"
            };
            lines.push(format!(
                "{name}: spent {} of {} {}, {} {state}",
                progress.actual.to_decimal_string(),
                progress.available.to_decimal_string(),
                budget.currency,
                progress
                    .remaining
                    .to_decimal_string()
                    .trim_start_matches('-'),
            ));
            data.push(json!({
                "budget_id": budget.id.as_str(), "category": budget.category, "currency": budget.currency.code(),
                "available": progress.available.to_decimal_string(), "spent": progress.actual.to_decimal_string(),
                "remaining": progress.remaining.to_decimal_string(),
                "percent_used": progress.percent_used.map(|p| p.to_string()),
            }));
        }
        let summary = if lines.is_empty() {
            format!("You have no budgets for {month}.")
        } else {
            format!("Your budgets in {month}: {}.", lines.join("; "))
        };
        Ok(ToolOutput {
            summary,
            data: json!({"month": month.to_string(), "budgets": data}),
            figures,
            citations: overview
                .items
                .iter()
                .map(|(budget, _)| Citation::new(CitationKind::Budget, &budget.id))
                .collect(),
            draft: None,
        })
    }

    pub(super) async fn goals_progress(&self, args: &GoalsArgs) -> Result<ToolOutput, Problem> {
        let budgets = Budgets::new(&self.state);
        let (goals, _) = budgets
            .list_goals(&self.user_id, MAX_GOALS, None)
            .await
            .map_err(problem)?;
        let wanted = args.name.as_deref().map(str::to_lowercase);
        let goals: Vec<Goal> = goals
            .into_iter()
            .filter(|goal| {
                wanted
                    .as_ref()
                    .is_none_or(|wanted| goal.name.to_lowercase().contains(wanted))
            })
            .collect();
        let mut figures = Vec::new();
        let mut lines = Vec::new();
        let mut data = Vec::new();
        for goal in &goals {
            let progress = budgets.progress_of_goal(goal).map_err(problem)?;
            figures.push(Figure::money(format!("{} saved", goal.name), goal.saved()));
            figures.push(Figure::money(
                format!("{} target", goal.name),
                goal.target(),
            ));
            figures.push(Figure::number(
                format!("{} percent", goal.name),
                progress.percent,
            ));
            figures.push(Figure::money(
                format!("{} monthly saving needed", goal.name),
                progress.required_monthly,
            ));
            let track = if progress.on_track {
                "on track"
            } else {
                "not on track"
            };
            lines.push(format!(
                "{}: {} of {} {} saved ({}%), {track}; save {} {} a month to reach it by {}",
                goal.name,
                goal.saved().to_decimal_string(),
                goal.target().to_decimal_string(),
                goal.currency,
                progress.percent,
                progress.required_monthly.to_decimal_string(),
                goal.currency,
                format_date(goal.target_date)
            ));
            data.push(json!({
                "goal_id": goal.id.as_str(), "name": quoted(&goal.name), "currency": goal.currency.code(),
                "saved": goal.saved().to_decimal_string(), "target": goal.target().to_decimal_string(),
                "target_date": format_date(goal.target_date), "percent": progress.percent.to_string(),
                "on_track": progress.on_track, "expected_saved": progress.expected_saved.to_decimal_string(),
                "required_monthly": progress.required_monthly.to_decimal_string(),
            }));
        }
        let summary = match (&args.name, lines.is_empty()) {
            (Some(name), true) => format!("You have no goal named like {name:?}."),
            (None, true) => "You have no savings goals yet.".to_owned(),
            _ => format!("{}.", lines.join("; ")),
        };
        Ok(ToolOutput {
            summary,
            data: json!({"goals": data}),
            figures,
            citations: goals
                .iter()
                .map(|goal| Citation::new(CitationKind::Goal, &goal.id))
                .collect(),
            draft: None,
        })
    }
}
