//! The assistant function: `/v1/assistant` — the caller's conversations (start, list, read,
//! delete), questions answered from the tools over their own data (figures and citations with
//! every answer), the drafts write tools propose (read, confirm, discard) and today's usage.

mod conversations;
mod conversations_dto;
mod drafts;
mod drafts_dto;
mod settings;

use ferrofin_platform::http::ApiRouter;

fn api() -> ApiRouter {
    conversations::routes().merge(drafts::routes())
}

ferrofin_platform::endpoint_group!(api);
