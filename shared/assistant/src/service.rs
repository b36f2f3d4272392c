//! The assistant's service: conversations (start, list, read, delete with their messages and
//! drafts) and asking — the daily limit checked, the question answered by the model when one
//! is configured (the intent parser otherwise, or when the model fails), usage recorded, and
//! the question and answer stored together. A user's days (the daily count, "today", "last
//! month") are those of their stored IANA time zone.

use std::sync::Arc;

use time::{Date, OffsetDateTime, Time};

use crate::conversation::{Answer, AnsweredBy, CitationKind, Conversation, Message, Role};
use crate::drafts::Drafts;
use crate::embeddings::Embedder;
use crate::ids::{ConversationId, MessageId};
use crate::intent::{self, CANNOT_ANSWER, Intent};
use crate::keys;
use crate::model::{Agent, ChatClient};
use crate::settings::AssistantSettings;
use crate::store::ConversationStore;
use crate::tools::{DraftRecategorizeArgs, SearchArgs, ToolCall, ToolOutput, Toolbox};
use crate::usage::{MessageLimit, SettingsLimit, Tokens, Usage, UsageStore};
use ferrofin_identity::users::UserStore;
use ferrofin_platform::AppState;
use ferrofin_platform::fields::{Invalid, text};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::table::Position;
use ferrofin_platform::problem::{ErrorCode, IntoProblem, Problem, ProblemKind};
use ferrofin_platform::time_zone::TimeZoneName;

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_QUESTION_CHARS: usize = 2_000;
const DEFAULT_TITLE: &str = "New conversation";

fn problem(err: impl IntoProblem) -> Problem {
    err.into_problem()
}

/// Seconds from `now` to the next midnight in `zone`, when the daily count starts again.
fn until_tomorrow(zone: &TimeZoneName, now: OffsetDateTime) -> u64 {
    let midnight = zone.next_at(now, Time::MIDNIGHT);
    u64::try_from((midnight - now).whole_seconds())
        .unwrap_or(0)
        .max(1)
}

/// Runs `call` into `answer`; the output, or `None` when the tool refused (the refusal is then
/// the answer's text).
async fn run_into(toolbox: &Toolbox, call: &ToolCall, answer: &mut Answer) -> Option<ToolOutput> {
    match toolbox.run(call).await {
        Ok(output) => {
            answer.absorb(call.name(), &output);
            answer.text = output.summary.clone();
            Some(output)
        }
        Err(refused) => {
            answer.tools.push(call.name().to_owned());
            answer.text = format!("I could not answer that: {}.", refused.message);
            None
        }
    }
}

/// A recategorisation draft for the newest of the caller's transactions matching `matching`.
async fn recategorize_latest(toolbox: &Toolbox, matching: String, category: String) -> Answer {
    let mut answer = Answer::default();
    let search = ToolCall::SearchTransactions(SearchArgs {
        text: Some(matching.clone()),
        limit: Some(1),
        ..SearchArgs::default()
    });
    let Some(found) = run_into(toolbox, &search, &mut answer).await else {
        return answer;
    };
    let Some(newest) = found
        .citations
        .iter()
        .find(|citation| citation.kind == CitationKind::Transaction)
    else {
        answer.text = format!("I found no transaction matching \"{matching}\" to recategorise.");
        return answer;
    };
    let draft = ToolCall::DraftRecategorize(DraftRecategorizeArgs {
        transaction_id: newest.id.clone(),
        category,
    });
    if run_into(toolbox, &draft, &mut answer).await.is_some() {
        answer.text = format!("{} {}", found.summary, answer.text);
    }
    answer
}

/// The parser's answer to `question`, from the same tools.
pub async fn parser_answer(toolbox: &Toolbox, question: &str) -> Answer {
    match intent::parse(question, toolbox.today()) {
        Intent::Call(call) => {
            let mut answer = Answer::default();
            run_into(toolbox, &call, &mut answer).await;
            answer
        }
        Intent::RecategorizeLatest { matching, category } => {
            recategorize_latest(toolbox, matching, category).await
        }
        Intent::Clarify(ask) => Answer {
            text: ask,
            ..Answer::default()
        },
        Intent::Unknown => Answer {
            text: CANNOT_ANSWER.to_owned(),
            ..Answer::default()
        },
    }
}

#[derive(Clone)]
pub struct Assistant {
    state: AppState,
    store: ConversationStore,
    usage: UsageStore,
    settings: Arc<AssistantSettings>,
    limit: Arc<dyn MessageLimit>,
}

impl Assistant {
    pub fn new(state: &AppState, settings: Arc<AssistantSettings>) -> Self {
        Self {
            state: state.clone(),
            store: ConversationStore::new(state),
            usage: UsageStore::new(state.table.clone()),
            limit: Arc::new(SettingsLimit(state.settings.clone())),
            settings,
        }
    }

    /// Vector search, when an embeddings endpoint is configured (and its client could be made).
    fn embedder(&self) -> Option<Embedder> {
        let settings = self.settings.embeddings.clone()?;
        match self.settings.http.client() {
            Ok(http) => Some(Embedder::new(
                settings,
                http,
                self.settings.timeout,
                self.state.table.clone(),
            )),
            Err(err) => {
                tracing::warn!(error = %err, "no embeddings client; keyword search only");
                None
            }
        }
    }

    pub fn drafts(&self) -> Drafts {
        Drafts::new(&self.state)
    }

    /// The user's stored time zone (UTC for a user not found).
    async fn zone(&self, user_id: &UserId) -> Result<TimeZoneName, Problem> {
        let user = UserStore::new(self.state.table.clone())
            .get(user_id)
            .await
            .map_err(problem)?;
        Ok(user.map_or_else(TimeZoneName::utc, |user| user.time_zone))
    }

    /// The user's today (in their time zone), its usage and their daily message limit.
    pub async fn usage_today(&self, user_id: &UserId) -> Result<(Date, Usage, u32), Problem> {
        let today = self.zone(user_id).await?.today(self.state.clock.now());
        let used = self.usage.day(user_id, today).await.map_err(problem)?;
        let limit = self.limit.daily_messages(user_id).await.map_err(problem)?;
        Ok((today, used, limit))
    }

    pub async fn start(
        &self,
        user_id: &UserId,
        title: Option<&str>,
    ) -> Result<Conversation, Problem> {
        let title = match title {
            None => DEFAULT_TITLE.to_owned(),
            Some(raw) => text(raw, MAX_TITLE_CHARS, true)
                .map_err(|err| Invalid::field("title", err).into_problem())?,
        };
        let conversation = Conversation {
            id: ConversationId::generate(self.state.clock.as_ref()),
            user_id: user_id.clone(),
            title,
            created_at: self.state.clock.now(),
        };
        self.store.create(&conversation).await.map_err(problem)?;
        Ok(conversation)
    }

    /// The caller's conversation, or 404 (also for another user's).
    pub async fn conversation(
        &self,
        user_id: &UserId,
        id: &ConversationId,
    ) -> Result<Conversation, Problem> {
        self.store
            .get(user_id, id)
            .await
            .map_err(problem)?
            .ok_or_else(|| Problem::not_found("conversation"))
    }

    pub async fn conversations(
        &self,
        user_id: &UserId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Conversation>, Option<Position>), Problem> {
        self.store
            .page(user_id, limit, start_after)
            .await
            .map_err(problem)
    }

    pub async fn messages(
        &self,
        user_id: &UserId,
        id: &ConversationId,
        limit: u32,
        start_after: Option<Position>,
    ) -> Result<(Vec<Message>, Option<Position>), Problem> {
        self.conversation(user_id, id).await?;
        self.store
            .messages(user_id, id, limit, start_after)
            .await
            .map_err(problem)
    }

    /// Deletes the conversation, its messages and its drafts.
    pub async fn delete(&self, user_id: &UserId, id: &ConversationId) -> Result<(), Problem> {
        self.conversation(user_id, id).await?;
        let messages = self
            .store
            .all_messages(user_id, id)
            .await
            .map_err(problem)?;
        let mut doomed: Vec<_> = messages
            .iter()
            .flat_map(|message| {
                message
                    .drafts
                    .iter()
                    .map(|draft| keys::draft(user_id, draft))
            })
            .collect();
        doomed.extend(
            messages
                .iter()
                .map(|message| keys::message(user_id, id, &message.id)),
        );
        doomed.push(keys::conversation(user_id, id));
        self.store.delete_keys(doomed).await.map_err(problem)
    }

    /// Asks a question in the caller's conversation; answers the stored question and answer.
    pub async fn ask(
        &self,
        user_id: &UserId,
        id: &ConversationId,
        question: &str,
    ) -> Result<(Message, Message), Problem> {
        self.conversation(user_id, id).await?;
        let question = text(question, MAX_QUESTION_CHARS, true)
            .map_err(|err| Invalid::field("text", err).into_problem())?;
        let now = self.state.clock.now();
        let zone = self.zone(user_id).await?;
        let today = zone.today(now);
        let allowed = self.limit.daily_messages(user_id).await.map_err(problem)?;
        let counted = self
            .usage
            .reserve(user_id, today, allowed)
            .await
            .map_err(problem)?;
        if !counted {
            return Err(Problem::new(
                ProblemKind::RateLimited,
                ErrorCode::RateLimited,
                format!(
                    "you have sent the {allowed} messages a day allows; try again after midnight ({})",
                    zone.as_str()
                ),
            )
            .with_retry_after(until_tomorrow(&zone, now)));
        }
        let embedder = self.embedder();
        let toolbox = Toolbox::for_caller(&self.state, user_id.clone(), id.clone(), today)
            .with_embedder(embedder.clone());
        let (answer, answered_by, mut tokens) =
            self.answer(&toolbox, user_id, id, &question).await?;
        tokens.embedding = embedder.map_or(0, |embedder| embedder.tokens_used());
        let cost = tokens.cost_micro_usd(
            self.settings.model.as_ref(),
            self.settings.embeddings.as_ref(),
        );
        if tokens != Tokens::default() {
            self.usage
                .add_tokens(user_id, today, tokens, cost)
                .await
                .map_err(problem)?;
        }
        // Ids are made in order: the question sorts before its answer.
        let message = |role, answer: Answer, answered_by| Message {
            id: MessageId::generate(self.state.clock.as_ref()),
            conversation_id: id.clone(),
            user_id: user_id.clone(),
            role,
            text: answer.text,
            answered_by,
            tools: answer.tools,
            figures: answer.figures,
            citations: answer.citations,
            drafts: answer.drafts,
            created_at: now,
        };
        let asked = message(
            Role::User,
            Answer {
                text: question,
                ..Answer::default()
            },
            None,
        );
        let answered = message(Role::Assistant, answer, Some(answered_by));
        self.store
            .add(&[&asked, &answered])
            .await
            .map_err(problem)?;
        Ok((asked, answered))
    }

    async fn answer(
        &self,
        toolbox: &Toolbox,
        user_id: &UserId,
        id: &ConversationId,
        question: &str,
    ) -> Result<(Answer, AnsweredBy, Tokens), Problem> {
        let Some(model) = &self.settings.model else {
            return Ok((
                parser_answer(toolbox, question).await,
                AnsweredBy::Parser,
                Tokens::default(),
            ));
        };
        let history = self.store.recent(user_id, id).await.map_err(problem)?;
        let outcome = match self.settings.http.client() {
            Ok(http) => {
                let client = ChatClient::new(model.clone(), http, self.settings.timeout);
                let agent = Agent {
                    client: &client,
                    toolbox,
                    max_rounds: self.settings.max_tool_rounds,
                };
                agent.answer(&history, question).await
            }
            Err(err) => Err(err),
        };
        match outcome {
            Ok(done) => Ok((done.answer, AnsweredBy::Model, done.tokens)),
            Err(failed) => {
                tracing::warn!(error = %failed, "the model failed; the parser answers");
                let mut answer = parser_answer(toolbox, question).await;
                answer.text = format!(
                    "(The language model is unavailable, so the built-in parser answered.) {}",
                    answer.text
                );
                Ok((answer, AnsweredBy::Parser, Tokens::default()))
            }
        }
    }
}
