//! Conversation handlers: start, list, read, delete; ask a question; list the messages; today's
//! usage.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_assistant::{Assistant, ConversationId};
use ferrofin_identity::AuthUser;
use ferrofin_platform::AppState;
use ferrofin_platform::fields::format_date;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiRouter, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;

use crate::conversations_dto::{
    AskBody, ConversationView, CreateConversation, ExchangeView, MessageView, UsageView,
};
use crate::drafts_dto::DraftView;
use crate::settings::Settings;

/// Starts a conversation.
#[utoipa::path(post, path = "/v1/assistant/conversations", tag = "assistant", operation_id = "createAssistantConversation",
    security(("bearer" = [])), request_body = CreateConversation,
    responses((status = 201, description = "The conversation", body = ConversationView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 422, description = "The title is empty or too long", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiJson(body): ApiJson<CreateConversation>,
) -> Result<(StatusCode, Json<ConversationView>), ApiError> {
    let conversation = Assistant::new(&state, settings)
        .start(&user.user_id, body.title.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(conversation.into())))
}

/// The caller's conversations, newest first.
#[utoipa::path(get, path = "/v1/assistant/conversations", tag = "assistant", operation_id = "listAssistantConversations",
    security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "One page of conversations", body = PageResponse<ConversationView>),
        (status = 400, description = "A malformed query parameter or an invalid cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<ConversationView>>, ApiError> {
    let assistant = Assistant::new(&state, settings);
    let load = |limit, start| assistant.conversations(&user.user_id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("assistant-conversations:{}", user.user_id),
        load,
        |conversation| Ok(ConversationView::from(conversation)),
    )
    .await
}

/// One of the caller's conversations.
#[utoipa::path(get, path = "/v1/assistant/conversations/{id}", tag = "assistant", operation_id = "getAssistantConversation",
    security(("bearer" = [])), params(("id" = String, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation", body = ConversationView),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller", body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiPath(id): ApiPath<ConversationId>,
) -> Result<Json<ConversationView>, ApiError> {
    let conversation = Assistant::new(&state, settings)
        .conversation(&user.user_id, &id)
        .await?;
    Ok(Json(conversation.into()))
}

/// Deletes a conversation with its messages and drafts.
#[utoipa::path(delete, path = "/v1/assistant/conversations/{id}", tag = "assistant", operation_id = "deleteAssistantConversation",
    security(("bearer" = [])), params(("id" = String, Path, description = "Conversation id")),
    responses((status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiPath(id): ApiPath<ConversationId>,
) -> Result<StatusCode, ApiError> {
    Assistant::new(&state, settings)
        .delete(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks a question about the caller's own data; answers with the figures it used, the records
/// it read (citations) and any drafts it proposed. Counts towards the daily message limit.
#[utoipa::path(post, path = "/v1/assistant/conversations/{id}/messages", tag = "assistant", operation_id = "askAssistant",
    security(("bearer" = [])), params(("id" = String, Path, description = "Conversation id")), request_body = AskBody,
    responses((status = 201, description = "The question and its answer", body = ExchangeView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller", body = ErrorBody),
        (status = 422, description = "The text is empty or too long", body = ErrorBody),
        (status = 429, description = "The daily message limit is reached (see Retry-After)", body = ErrorBody)))]
async fn ask(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiPath(id): ApiPath<ConversationId>,
    ApiJson(body): ApiJson<AskBody>,
) -> Result<(StatusCode, Json<ExchangeView>), ApiError> {
    let assistant = Assistant::new(&state, settings);
    let (question, answer) = assistant.ask(&user.user_id, &id, &body.text).await?;
    let mut drafts = Vec::new();
    for draft in &answer.drafts {
        drafts.push(DraftView::from(
            assistant.drafts().get(&user.user_id, draft).await?,
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(ExchangeView {
            question: question.into(),
            answer: answer.into(),
            drafts,
        }),
    ))
}

/// A conversation's messages, oldest first.
#[utoipa::path(get, path = "/v1/assistant/conversations/{id}/messages", tag = "assistant", operation_id = "listAssistantMessages",
    security(("bearer" = [])), params(("id" = String, Path, description = "Conversation id"), PageQuery),
    responses((status = 200, description = "One page of messages", body = PageResponse<MessageView>),
        (status = 400, description = "A malformed query parameter or an invalid cursor", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 404, description = "No such conversation of the caller", body = ErrorBody)))]
async fn messages(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
    ApiPath(id): ApiPath<ConversationId>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<MessageView>>, ApiError> {
    let assistant = Assistant::new(&state, settings);
    let load = |limit, start| assistant.messages(&user.user_id, &id, limit, start);
    paged(
        &state.cursors,
        &query,
        &format!("assistant-messages:{}:{id}", user.user_id),
        load,
        |message| Ok(MessageView::from(message)),
    )
    .await
}

/// The caller's use of the assistant today (their day, in their time zone): messages against the daily limit, tokens and
/// the model's cost.
#[utoipa::path(get, path = "/v1/assistant/usage", tag = "assistant", operation_id = "getAssistantUsage",
    security(("bearer" = [])),
    responses((status = 200, description = "Today's usage", body = UsageView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn usage(
    State(state): State<AppState>,
    Settings(settings): Settings,
    user: AuthUser,
) -> Result<Json<UsageView>, ApiError> {
    let (day, used, daily_limit) = Assistant::new(&state, settings)
        .usage_today(&user.user_id)
        .await?;
    Ok(Json(UsageView {
        day: format_date(day),
        messages: used.messages,
        daily_limit,
        prompt_tokens: used.prompt_tokens,
        completion_tokens: used.completion_tokens,
        embedding_tokens: used.embedding_tokens,
        cost_micro_usd: used.cost_micro_usd,
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one, delete))
        .routes(routes!(ask, messages))
        .routes(routes!(usage))
}
