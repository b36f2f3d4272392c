//! Each tool's name, what it is for, and its arguments' JSON schema, as the chat-completions
//! API's function-calling `tools` list takes them. The schemas match the argument types in
//! [`super`] (`additionalProperties: false` as they deny unknown fields); a test reads every
//! schema's example back through [`super::ToolCall::parse`].

use serde_json::{Value, json};

/// One tool as a model sees it.
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// JSON schema of the arguments.
    pub parameters: fn() -> Value,
    /// Arguments that parse, for the test and the docs.
    pub example: fn() -> Value,
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn none() -> Value {
    object(json!({}), &[])
}

fn empty() -> Value {
    json!({})
}

const DATE: &str = "YYYY-MM-DD";

fn range() -> Value {
    object(
        json!({"from": {"type": "string", "description": DATE}, "to": {"type": "string", "description": DATE}}),
        &["from", "to"],
    )
}

fn range_example() -> Value {
    json!({"from": "2026-10-01", "to": "2026-10-31"})
}

pub const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "accounts",
        description: "The user's open accounts with their balances.",
        parameters: none,
        example: empty,
    },
    ToolSpec {
        name: "search_transactions",
        description: "The user's transactions, newest first, filtered by text (description or merchant), category id, merchant and date range; paginated with `cursor`.",
        parameters: || {
            object(
                json!({
                    "text": {"type": "string"},
                    "category": {"type": "string", "description": "category id, e.g. groceries"},
                    "merchant": {"type": "string"},
                    "from": {"type": "string", "description": DATE},
                    "to": {"type": "string", "description": DATE},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 50},
                    "cursor": {"type": "string", "description": "next_cursor of the previous call"}
                }),
                &[],
            )
        },
        example: || json!({"category": "groceries", "from": "2026-10-01", "to": "2026-10-31", "limit": 5}),
    },
    ToolSpec {
        name: "spending_by_category",
        description: "Spending per category over exactly the days of the range; one category when `category` is given.",
        parameters: || {
            object(
                json!({"from": {"type": "string", "description": DATE}, "to": {"type": "string", "description": DATE},
                       "category": {"type": "string", "description": "category id"}}),
                &["from", "to"],
            )
        },
        example: || json!({"from": "2026-10-01", "to": "2026-10-31", "category": "groceries"}),
    },
    ToolSpec {
        name: "cash_flow",
        description: "Income, spending and net over a date range, per currency.",
        parameters: range,
        example: range_example,
    },
    ToolSpec {
        name: "net_worth",
        description: "Assets, liabilities, investments and net worth today, per currency.",
        parameters: none,
        example: empty,
    },
    ToolSpec {
        name: "top_merchants",
        description: "The merchants the user spent most at over a date range.",
        parameters: || {
            object(
                json!({"from": {"type": "string", "description": DATE}, "to": {"type": "string", "description": DATE},
                       "limit": {"type": "integer", "minimum": 1, "maximum": 20}}),
                &["from", "to"],
            )
        },
        example: || json!({"from": "2026-01-01", "to": "2026-12-31", "limit": 5}),
    },
    ToolSpec {
        name: "budgets_status",
        description: "Every budget's amount, spending and remainder in a month (default this month).",
        parameters: || {
            object(
                json!({"month": {"type": "string", "description": "YYYY-MM"}}),
                &[],
            )
        },
        example: || json!({"month": "2026-11"}),
    },
    ToolSpec {
        name: "goals_progress",
        description: "Savings goals' progress and whether each is on track; `name` narrows to goals whose name contains it.",
        parameters: || object(json!({"name": {"type": "string"}}), &[]),
        example: || json!({"name": "holiday"}),
    },
    ToolSpec {
        name: "upcoming_loan_payments",
        description: "The next installment still owed on each of the user's active loans.",
        parameters: none,
        example: empty,
    },
    ToolSpec {
        name: "portfolio_performance",
        description: "Each investment portfolio's value and returns over a range: mtd, ytd (default), 1y or max.",
        parameters: || {
            object(
                json!({"range": {"type": "string", "enum": ["1d", "mtd", "ytd", "1y", "max"]}}),
                &[],
            )
        },
        example: || json!({"range": "ytd"}),
    },
    ToolSpec {
        name: "recent_imports",
        description: "The user's latest statement imports and their outcome.",
        parameters: || {
            object(
                json!({"limit": {"type": "integer", "minimum": 1, "maximum": 20}}),
                &[],
            )
        },
        example: || json!({"limit": 3}),
    },
    ToolSpec {
        name: "search_notes",
        description: "Search over the user's own transaction descriptions, merchants, notes and tags: by keyword, and by meaning when vector search is configured (best matches first).",
        parameters: || object(json!({"query": {"type": "string"}}), &["query"]),
        example: || json!({"query": "birthday present"}),
    },
    ToolSpec {
        name: "draft_budget",
        description: "Drafts a monthly budget for an expense category; the user confirms it before it is created.",
        parameters: || {
            object(
                json!({"category": {"type": "string"}, "amount": {"type": "string", "description": "decimal, e.g. 300.00"},
                       "currency": {"type": "string"}, "rollover": {"type": "boolean"}}),
                &["category", "amount", "currency"],
            )
        },
        example: || json!({"category": "groceries", "amount": "300.00", "currency": "EUR"}),
    },
    ToolSpec {
        name: "draft_goal",
        description: "Drafts a savings goal; the user confirms it before it is created.",
        parameters: || {
            object(
                json!({"name": {"type": "string"}, "target_amount": {"type": "string"}, "currency": {"type": "string"},
                       "target_date": {"type": "string", "description": DATE}}),
                &["name", "target_amount", "currency", "target_date"],
            )
        },
        example: || json!({"name": "Holiday", "target_amount": "1500.00", "currency": "EUR", "target_date": "2027-07-01"}),
    },
    ToolSpec {
        name: "draft_rule",
        description: "Drafts a categorisation rule (merchant or description contains / equals / starts with a text -> category); the user confirms it.",
        parameters: || {
            object(
                json!({"field": {"type": "string", "enum": ["merchant", "description"]},
                       "operator": {"type": "string", "enum": ["contains", "equals", "starts_with"]},
                       "pattern": {"type": "string"}, "category": {"type": "string"}}),
                &["field", "operator", "pattern", "category"],
            )
        },
        example: || json!({"field": "merchant", "operator": "contains", "pattern": "Lidl", "category": "groceries"}),
    },
    ToolSpec {
        name: "draft_recategorize",
        description: "Drafts moving one of the user's transactions to another category; the user confirms it.",
        parameters: || {
            object(
                json!({"transaction_id": {"type": "string"}, "category": {"type": "string"}}),
                &["transaction_id", "category"],
            )
        },
        example: || json!({"transaction_id": "01JTX", "category": "dining"}),
    },
];

pub fn find(name: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().find(|tool| tool.name == name)
}

/// The `tools` list of a chat-completions request.
pub fn function_list() -> Vec<Value> {
    TOOLS
        .iter()
        .map(|tool| {
            json!({"type": "function", "function": {
                "name": tool.name, "description": tool.description, "parameters": (tool.parameters)()
            }})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::ToolCall;

    #[test]
    fn every_schema_example_parses_as_its_tool_and_names_match() {
        for tool in TOOLS {
            let call = ToolCall::parse(tool.name, &(tool.example)().to_string())
                .unwrap_or_else(|err| panic!("{}: {err}", tool.name));
            assert_eq!(call.name(), tool.name);
            let schema = (tool.parameters)();
            assert_eq!(schema["additionalProperties"], false, "{}", tool.name);
            for key in (tool.example)()
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                assert!(
                    schema["properties"].get(key).is_some(),
                    "{}: {key} is not in the schema",
                    tool.name
                );
            }
        }
    }
}
