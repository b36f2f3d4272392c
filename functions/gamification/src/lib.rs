//! The gamification function: `/v1/gamification` — the caller's points, level, streaks,
//! badges and challenges (list the open ones, join, leave), their leaderboard settings and the
//! opt-in leaderboard (weekly, all-time) — and, for admins (`gamification:manage`, audited),
//! `/v1/admin/badges` and `/v1/admin/challenges`.

mod admin;
mod admin_dto;
mod challenges;
mod challenges_dto;
mod me;
mod me_dto;

use ferrofin_platform::http::ApiRouter;

fn api() -> ApiRouter {
    me::routes()
        .merge(challenges::routes())
        .merge(admin::routes())
}

ferrofin_platform::endpoint_group!(api);
