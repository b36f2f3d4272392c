//! The notifications function: `/v1/notifications` — the caller's inbox (newest first, filtered
//! by unread, archive and kind; an O(1) unread count; read, unread, archive, unarchive, one or
//! all; delete), their preferences (each kind per channel, quiet hours, digest), and the
//! unsubscribe link of emails, which needs no sign-in.

mod inbox;
mod inbox_dto;
mod preferences;
mod preferences_dto;

use ferrofin_platform::http::ApiRouter;

pub use inbox_dto::NotificationView;

fn api() -> ApiRouter {
    inbox::routes().merge(preferences::routes())
}

ferrofin_platform::endpoint_group!(api);
