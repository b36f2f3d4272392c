//! The deterministic intent parser: answers the common English questions with no model, by
//! mapping the question onto ONE tool call with arguments read from its words (a period, a
//! category, a goal's name, a count) — or, to recategorise "my last Lidl payment", onto a
//! search whose newest match the draft then names. What it does not recognise it says so,
//! listing what it can answer.

use time::Date;

use crate::period::{self, Period};
use crate::tools::{
    BudgetsArgs, DraftBudgetArgs, DraftGoalArgs, DraftRecategorizeArgs, DraftRuleArgs, GoalsArgs,
    NoArgs, NotesArgs, PortfolioArgs, RangeArgs, RecentImportsArgs, SearchArgs, SpendingArgs,
    ToolCall, TopMerchantsArgs,
};
use crate::tools::{RuleFieldName, RuleOperatorName};
use ferrofin_ledger::categories::{CategoryKind, DEFAULT_CATEGORIES};
use ferrofin_ledger::rules::{RuleField, RuleOperator};
use ferrofin_platform::fields::format_date;
use ferrofin_platform::money::Currency;
use ferrofin_platform::month::Month;

/// What the parser made of a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    Call(ToolCall),
    /// Draft a new category for the caller's newest transaction whose merchant or description
    /// contains `matching`.
    RecategorizeLatest {
        matching: String,
        category: String,
    },
    /// Recognised, but something it needs is missing: what to add.
    Clarify(String),
    Unknown,
}

/// The answer when the parser does not recognise a question.
pub const CANNOT_ANSWER: &str = "I can't answer that without a language model configured. I can \
answer questions like: \"what are my account balances\", \"how much did I spend on groceries last \
month\", \"what did I spend this month\", \"what is my cash flow this year\", \"what is my net \
worth\", \"top 5 merchants this year\", \"how are my budgets this month\", \"am I on track for my \
holiday goal\", \"when is my next loan payment\", \"how is my portfolio doing this year\", \"show \
my recent imports\", \"find transactions at Lidl last month\", \"search my notes for birthday\", \
\"create a budget of 300 EUR for groceries\", \"create a goal Holiday of 1500 EUR by \
2027-07-01\", \"always categorise Lidl as groceries\" and \"recategorise my last Uber payment as \
transport\".";

/// Words that name a default category, beyond its id and name.
const SYNONYMS: &[(&str, &str)] = &[
    ("grocery", "groceries"),
    ("supermarket", "groceries"),
    ("supermarkets", "groceries"),
    ("food", "groceries"),
    ("restaurant", "dining"),
    ("restaurants", "dining"),
    ("eating out", "dining"),
    ("cafe", "dining"),
    ("cafes", "dining"),
    ("coffee", "dining"),
    ("mortgage", "rent"),
    ("electricity", "utilities"),
    ("fuel", "transport"),
    ("petrol", "transport"),
    ("taxi", "transport"),
    ("taxis", "transport"),
    ("train", "transport"),
    ("doctor", "health"),
    ("pharmacy", "health"),
    ("movies", "entertainment"),
    ("clothes", "shopping"),
    ("flights", "travel"),
    ("hotels", "travel"),
    ("streaming", "subscriptions"),
    ("tax", "taxes"),
    ("charges", "fees"),
];

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| !word.is_empty())
        .collect()
}

fn has(text: &str, needles: &[&str]) -> bool {
    let words = words(text);
    needles.iter().any(|needle| {
        if needle.contains(' ') {
            text.contains(needle)
        } else {
            words.contains(needle)
        }
    })
}

/// The default category the question names (by id, name or a common word).
pub fn category_in(text: &str) -> Option<&'static str> {
    let words = words(text);
    DEFAULT_CATEGORIES
        .iter()
        .find(|category| {
            words.contains(&category.id)
                || category
                    .name
                    .to_lowercase()
                    .split([' ', ','])
                    .filter(|word| word.len() > 3 && *word != "and")
                    .any(|word| words.contains(&word))
        })
        .map(|category| category.id)
        .or_else(|| {
            SYNONYMS
                .iter()
                .find(|(word, _)| has(text, &[word]))
                .map(|(_, id)| *id)
        })
}

/// The first whole number in the question (e.g. "top 5").
fn number_in(text: &str) -> Option<usize> {
    words(text).iter().find_map(|word| word.parse().ok())
}

/// The first decimal amount in the question.
fn amount_in(text: &str) -> Option<String> {
    words(text)
        .into_iter()
        .find(|word| {
            word.chars().next().is_some_and(|c| c.is_ascii_digit())
                && word.parse::<rust_decimal::Decimal>().is_ok()
        })
        .map(str::to_owned)
}

/// The first currency code in the question.
fn currency_in(original: &str) -> Option<String> {
    words(original).into_iter().find_map(|word| {
        (word.len() == 3 && word.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| word.to_uppercase())
            .filter(|code| Currency::parse(code).is_ok())
    })
}

/// The goal's name in "for my holiday goal", "my car goal", "goal holiday".
fn goal_name(text: &str) -> Option<String> {
    let words = words(text);
    let at = words
        .iter()
        .position(|word| *word == "goal" || *word == "goals")?;
    let before = at.checked_sub(1).map(|i| words[i]);
    let after = words.get(at + 1).copied();
    let skip = [
        "my", "the", "a", "for", "savings", "saving", "all", "on", "of", "to", "reach",
    ];
    before
        .filter(|word| !skip.contains(word))
        .or(after.filter(|word| !skip.contains(word) && *word != "progress"))
        .map(str::to_owned)
}

/// The text a search names: quoted, or after "at" / "from" / "for" / "mentioning".
fn search_text(original: &str) -> Option<String> {
    if let Some(start) = original.find('"') {
        let rest = &original[start + 1..];
        if let Some(end) = rest.find('"') {
            return Some(rest[..end].to_owned()).filter(|text| !text.is_empty());
        }
    }
    let lower = original.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let at = words
        .iter()
        .position(|word| ["at", "from", "mentioning", "for", "about"].contains(word))?;
    let stop = [
        "last",
        "this",
        "in",
        "on",
        "since",
        "today",
        "yesterday",
        "past",
    ];
    let text: Vec<&str> = words[at + 1..]
        .iter()
        .take_while(|word| !stop.contains(word))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    Some(text.join(" ")).filter(|text| !text.is_empty())
}

fn range(period: &Period) -> RangeArgs {
    RangeArgs::new(period.from, period.to)
}

fn spending_category(text: &str) -> Option<String> {
    category_in(text)
        .filter(|id| {
            DEFAULT_CATEGORIES
                .iter()
                .any(|c| c.id == *id && c.kind == CategoryKind::Expense)
        })
        .map(str::to_owned)
}

fn draft_budget(text: &str, original: &str) -> Intent {
    let (category, amount, currency) = (
        spending_category(text),
        amount_in(text),
        currency_in(original),
    );
    match (category, amount, currency) {
        (Some(category), Some(amount), Some(currency)) => {
            Intent::Call(ToolCall::DraftBudget(DraftBudgetArgs {
                category,
                amount,
                currency,
                rollover: None,
            }))
        }
        _ => Intent::Clarify(
            "To draft a budget I need an expense category, an amount and a currency, e.g. \
             \"create a budget of 300 EUR for groceries\"."
                .to_owned(),
        ),
    }
}

/// The first `YYYY-MM-DD` in the question.
fn date_in(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_ascii_digit()))
        .find(|word| ferrofin_platform::fields::iso_date(word).is_ok())
        .map(str::to_owned)
}

/// "create a goal <name> of 1500 EUR by 2027-07-01" (also "called <name>", "for <name>").
fn draft_goal(original: &str) -> Intent {
    let lower = original.to_lowercase();
    let name = lower.find("goal").and_then(|at| {
        let rest = &original[at + "goal".len()..];
        let name: Vec<&str> = rest
            .split_whitespace()
            .skip_while(|word| {
                ["called", "named", "for", "a", "my", "the"].contains(&word.to_lowercase().as_str())
            })
            .take_while(|word| {
                let word = word.to_lowercase();
                !["of", "to", "by", "with", "worth"].contains(&word.as_str())
                    && !word.starts_with(|c: char| c.is_ascii_digit())
            })
            .collect();
        Some(name.join(" ")).filter(|name| !name.is_empty())
    });
    match (
        name,
        amount_in(&lower),
        currency_in(original),
        date_in(&lower),
    ) {
        (Some(name), Some(target_amount), Some(currency), Some(target_date)) => {
            Intent::Call(ToolCall::DraftGoal(DraftGoalArgs {
                name,
                target_amount,
                currency,
                target_date,
            }))
        }
        _ => Intent::Clarify(
            "To draft a goal I need a name, a target amount with its currency and a date, e.g. \
             \"create a goal Holiday of 1500 EUR by 2027-07-01\"."
                .to_owned(),
        ),
    }
}

/// "always categorise <merchant> as <category>": a rule on the merchant (as written).
fn draft_rule(original: &str) -> Intent {
    let words: Vec<&str> = original.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    let verb = lower
        .iter()
        .position(|word| word.starts_with("categori") || word == "file" || word == "put");
    let to = lower
        .iter()
        .rposition(|word| word == "as" || word == "under" || word == "in");
    let category = to.and_then(|to| category_in(&lower[to + 1..].join(" ")));
    let pattern = verb
        .zip(to)
        .filter(|(verb, to)| verb + 1 < *to)
        .map(|(verb, to)| words[verb + 1..to].join(" "))
        .map(|pattern| {
            pattern
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned()
        })
        .filter(|pattern| !pattern.is_empty());
    match (pattern, category) {
        (Some(pattern), Some(category)) => Intent::Call(ToolCall::DraftRule(DraftRuleArgs {
            field: RuleFieldName(RuleField::Merchant),
            operator: RuleOperatorName(RuleOperator::Contains),
            pattern,
            category: category.to_owned(),
        })),
        _ => Intent::Clarify(
            "To draft a rule I need a merchant and a category, e.g. \"always categorise Lidl as \
             groceries\"."
                .to_owned(),
        ),
    }
}

/// Words of a recategorising request that name no transaction: "change the category of my
/// last Lidl payment to dining" leaves "Lidl".
const NOT_A_MATCH: &[&str] = &[
    "recategorise",
    "recategorize",
    "change",
    "the",
    "category",
    "of",
    "my",
    "last",
    "latest",
    "most",
    "recent",
    "newest",
    "transaction",
    "payment",
    "purchase",
    "charge",
    "at",
    "from",
    "a",
    "move",
    "please",
    "it",
    "this",
    "that",
    "one",
];

/// Whether a word looks like a record id (26 characters of Crockford base32, a ULID).
fn is_id(word: &str) -> bool {
    word.len() == 26 && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// "recategorise my last Lidl payment as dining", "change the category of transaction <id> to
/// groceries", "move my latest Uber charge to transport".
fn recategorize(original: &str) -> Intent {
    let words: Vec<&str> = original
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    let to = lower
        .iter()
        .rposition(|word| ["as", "to", "into", "under"].contains(&word.as_str()));
    let category = to.and_then(|to| category_in(&lower[to + 1..].join(" ")));
    let named: Vec<&str> = words[..to.unwrap_or(0)]
        .iter()
        .zip(&lower)
        .filter(|(_, lower)| !NOT_A_MATCH.contains(&lower.as_str()))
        .map(|(word, _)| *word)
        .collect();
    match (named.as_slice(), category) {
        ([id], Some(category)) if is_id(id) => {
            Intent::Call(ToolCall::DraftRecategorize(DraftRecategorizeArgs {
                transaction_id: (*id).to_owned(),
                category: category.to_owned(),
            }))
        }
        ([_, ..], Some(category)) => Intent::RecategorizeLatest {
            matching: named.join(" "),
            category: category.to_owned(),
        },
        _ => Intent::Clarify(
            "To recategorise a transaction I need which one and a category, e.g. \"recategorise \
             my last Lidl payment as groceries\"."
                .to_owned(),
        ),
    }
}

/// Whether the question asks to recategorise one transaction.
fn recategorizing(text: &str) -> bool {
    text.contains("recategori")
        || text.contains("change the category")
        || (has(text, &["move"]) && has(text, &["transaction", "payment", "purchase", "charge"]))
}

/// The one tool call that answers `question`, asked on `today`.
pub fn parse(question: &str, today: Date) -> Intent {
    let text = question.to_lowercase();
    let text = text.as_str();
    let named = period::find(text, today);
    let this_month = || period::this_month(today);
    let this_year = || period::this_year(today);
    let call = |call| Intent::Call(call);
    let creating = has(text, &["create", "set up", "make", "add", "draft", "start"]);
    if creating && has(text, &["budget"]) {
        return draft_budget(text, question);
    }
    if creating && has(text, &["goal"]) {
        return draft_goal(question);
    }
    if has(text, &["always"]) && (text.contains("categori") || has(text, &["file", "put"])) {
        return draft_rule(question);
    }
    if recategorizing(text) {
        return recategorize(question);
    }
    if has(text, &["net worth", "worth"]) {
        return call(ToolCall::NetWorth(NoArgs {}));
    }
    if has(text, &["loan", "loans", "installment", "repayment"]) {
        return call(ToolCall::UpcomingLoanPayments(NoArgs {}));
    }
    if has(text, &["goal", "goals", "on track"]) {
        return call(ToolCall::GoalsProgress(GoalsArgs {
            name: goal_name(text),
        }));
    }
    if has(text, &["budget", "budgets"]) {
        let month = named
            .as_ref()
            .map_or_else(|| Month::of(today), |p| Month::of(p.from));
        return call(ToolCall::BudgetsStatus(BudgetsArgs {
            month: Some(month.to_string()),
        }));
    }
    if has(
        text,
        &[
            "portfolio",
            "portfolios",
            "investments",
            "invested",
            "investment",
            "stocks",
        ],
    ) {
        let range = match named.as_ref().map(|p| p.label.as_str()) {
            Some("this month") => "mtd",
            Some("last year") => "1y",
            _ if has(text, &["all time", "ever"]) => "max",
            _ => "ytd",
        };
        return call(ToolCall::PortfolioPerformance(PortfolioArgs {
            range: Some(range.to_owned()),
        }));
    }
    if has(
        text,
        &["import", "imports", "imported", "statement", "statements"],
    ) {
        return call(ToolCall::RecentImports(RecentImportsArgs { limit: None }));
    }
    if has(
        text,
        &["merchant", "merchants", "shops", "stores", "payees"],
    ) {
        let period = named.unwrap_or_else(this_year);
        return call(ToolCall::TopMerchants(TopMerchantsArgs {
            from: format_date(period.from),
            to: format_date(period.to),
            limit: number_in(text).filter(|n| (1..=20).contains(n)),
        }));
    }
    if has(text, &["note", "notes", "mention", "mentions", "mentioned"]) {
        return match search_text(question) {
            Some(query) => call(ToolCall::SearchNotes(NotesArgs { query })),
            None => Intent::Clarify(
                "What should I look for in your notes? e.g. \"search my notes for birthday\"."
                    .to_owned(),
            ),
        };
    }
    if has(text, &["find", "search", "show", "list"])
        && has(
            text,
            &["transaction", "transactions", "payments", "purchases"],
        )
    {
        let category = category_in(text).map(str::to_owned);
        return call(ToolCall::SearchTransactions(SearchArgs {
            text: search_text(question).filter(|t| category.as_deref() != Some(t.as_str())),
            category,
            from: named.as_ref().map(|p| format_date(p.from)),
            to: named.as_ref().map(|p| format_date(p.to)),
            ..SearchArgs::default()
        }));
    }
    if has(
        text,
        &[
            "cash flow",
            "cashflow",
            "income",
            "earn",
            "earned",
            "save",
            "saved",
        ],
    ) {
        return call(ToolCall::CashFlow(range(&named.unwrap_or_else(this_month))));
    }
    if has(text, &["spend", "spent", "spending", "expenses", "cost"]) {
        let period = named.unwrap_or_else(this_month);
        return call(ToolCall::SpendingByCategory(SpendingArgs {
            from: format_date(period.from),
            to: format_date(period.to),
            category: spending_category(text),
        }));
    }
    if has(
        text,
        &[
            "balance",
            "balances",
            "accounts",
            "account",
            "how much money",
            "how much do i have",
        ],
    ) {
        return call(ToolCall::Accounts(NoArgs {}));
    }
    Intent::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn call(question: &str) -> ToolCall {
        match parse(question, TODAY) {
            Intent::Call(call) => call,
            other => panic!("{question}: {other:?}"),
        }
    }

    #[test]
    fn recategorising_names_the_newest_match_or_the_transaction_given() {
        assert_eq!(
            parse("Recategorise my last Lidl payment as dining", TODAY),
            Intent::RecategorizeLatest {
                matching: "Lidl".into(),
                category: "dining".into(),
            }
        );
        assert_eq!(
            parse(
                "Change the category of my latest Uber Eats charge to restaurants",
                TODAY
            ),
            Intent::RecategorizeLatest {
                matching: "Uber Eats".into(),
                category: "dining".into(),
            }
        );
        assert_eq!(
            call("recategorize transaction 01M7YZMHG0NXCTZ82NJ0ZDXWCJ as groceries"),
            ToolCall::DraftRecategorize(DraftRecategorizeArgs {
                transaction_id: "01M7YZMHG0NXCTZ82NJ0ZDXWCJ".into(),
                category: "groceries".into(),
            })
        );
        assert!(matches!(
            parse("recategorise my last payment", TODAY),
            Intent::Clarify(_)
        ));
        assert!(matches!(
            parse("recategorise it as groceries", TODAY),
            Intent::Clarify(_)
        ));
    }

    #[test]
    fn the_common_questions_map_to_one_tool() {
        assert_eq!(
            call("How much did I spend on groceries last month?"),
            ToolCall::SpendingByCategory(SpendingArgs {
                from: "2026-10-01".into(),
                to: "2026-10-31".into(),
                category: Some("groceries".into()),
            })
        );
        assert_eq!(
            call("Am I on track for my holiday goal?"),
            ToolCall::GoalsProgress(GoalsArgs {
                name: Some("holiday".into())
            })
        );
        assert_eq!(call("What is my net worth?"), ToolCall::NetWorth(NoArgs {}));
        assert_eq!(
            call("Top 5 merchants this year"),
            ToolCall::TopMerchants(TopMerchantsArgs {
                from: "2026-01-01".into(),
                to: "2026-11-21".into(),
                limit: Some(5),
            })
        );
        assert_eq!(
            call("When is my next loan payment?"),
            ToolCall::UpcomingLoanPayments(NoArgs {})
        );
        assert_eq!(
            call("What are my account balances?"),
            ToolCall::Accounts(NoArgs {})
        );
        assert!(matches!(
            call("How are my budgets this month?"),
            ToolCall::BudgetsStatus(_)
        ));
        assert!(matches!(
            call("What was my cash flow last month?"),
            ToolCall::CashFlow(_)
        ));
        assert!(matches!(
            call("How is my portfolio doing?"),
            ToolCall::PortfolioPerformance(_)
        ));
        assert!(matches!(
            call("Show my recent imports"),
            ToolCall::RecentImports(_)
        ));
        assert_eq!(
            call("Find transactions at Lidl last month"),
            ToolCall::SearchTransactions(SearchArgs {
                text: Some("lidl".into()),
                from: Some("2026-10-01".into()),
                to: Some("2026-10-31".into()),
                ..SearchArgs::default()
            })
        );
        assert_eq!(
            call("Search my notes for birthday"),
            ToolCall::SearchNotes(NotesArgs {
                query: "birthday".into()
            })
        );
        assert_eq!(
            call("Create a goal Summer holiday of 1500.00 EUR by 2027-07-01"),
            ToolCall::DraftGoal(DraftGoalArgs {
                name: "Summer holiday".into(),
                target_amount: "1500.00".into(),
                currency: "EUR".into(),
                target_date: "2027-07-01".into(),
            })
        );
        assert_eq!(
            call("Always categorise Lidl as groceries"),
            ToolCall::DraftRule(DraftRuleArgs {
                field: RuleFieldName(RuleField::Merchant),
                operator: RuleOperatorName(RuleOperator::Contains),
                pattern: "Lidl".into(),
                category: "groceries".into(),
            })
        );
        assert_eq!(
            call("Create a budget of 300 EUR for groceries"),
            ToolCall::DraftBudget(DraftBudgetArgs {
                category: "groceries".into(),
                amount: "300".into(),
                currency: "EUR".into(),
                rollover: None,
            })
        );
    }

    #[test]
    fn what_it_cannot_answer_it_says() {
        assert_eq!(
            parse("Write me a poem about the sea", TODAY),
            Intent::Unknown
        );
        for incomplete in ["create a budget", "create a goal", "always categorise it"] {
            assert!(
                matches!(parse(incomplete, TODAY), Intent::Clarify(_)),
                "{incomplete}"
            );
        }
    }
}
