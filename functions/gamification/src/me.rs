//! The caller's own handlers: their standing, their leaderboard settings, and the leaderboard.

use axum::Json;
use axum::extract::State;
use ferrofin_gamification::levels::level_of;
use ferrofin_gamification::{
    Activity, Challenge, Definitions, Leaderboard, Participations, PointsLedger, StatsStore,
};
use ferrofin_identity::AuthUser;
use ferrofin_identity::users::UserStore;
use ferrofin_platform::AppState;
use ferrofin_platform::fields::format_date;
use ferrofin_platform::http::{ApiError, ApiJson, ApiQuery, ApiRouter, ErrorBody};
use ferrofin_platform::ports::table::TableError;
use ferrofin_platform::problem::Problem;
use ferrofin_platform::routes;
use ferrofin_platform::time_zone::TimeZoneName;

use crate::challenges_dto::UserChallengeView;
use crate::me_dto::{
    BudgetStreakView, LeaderboardQuery, LeaderboardSettingsView, LeaderboardView, MeView,
    PutLeaderboardSettings, StreakView,
};

/// Ledger entries `GET /me` shows.
const RECENT_POINTS: u32 = 10;

/// The caller's name and time zone as the profile keeps them.
async fn profile(state: &AppState, user: &AuthUser) -> Result<(String, TimeZoneName), ApiError> {
    let found = UserStore::new(state.table.clone())
        .get(&user.user_id)
        .await?;
    Ok(found.map_or_else(
        || (String::new(), TimeZoneName::utc()),
        |found| (found.name, found.time_zone),
    ))
}

/// The caller's points, level, streaks (days in their time zone; per budget, the days that ended
/// under it), badges, joined challenges that have not ended with their progress, latest points
/// and leaderboard settings.
#[utoipa::path(get, path = "/v1/gamification/me", tag = "gamification", operation_id = "getGamificationMe",
    security(("bearer" = [])),
    responses((status = 200, description = "Where the caller stands", body = MeView),
        (status = 401, description = "No valid access token", body = ErrorBody)))]
async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<MeView>, ApiError> {
    let now = state.clock.now();
    let (_, zone) = profile(&state, &user).await?;
    let stats_store = StatsStore::new(&state);
    let stats = stats_store.get(&user.user_id).await?;
    let today = zone.today(now);
    let streaks = Activity::ALL
        .into_iter()
        .filter_map(|activity| {
            stats.streak(activity).map(|streak| StreakView {
                activity,
                current: streak.current_on(today),
                longest: streak.longest,
                last_day: format_date(streak.last_day),
            })
        })
        .collect();
    let budget_streaks = stats
        .budget_streaks
        .iter()
        .map(|(budget_id, streak)| BudgetStreakView {
            budget_id: budget_id.clone(),
            current: streak.closed_days_on(today),
            longest: streak.longest,
            last_day: format_date(streak.last_day),
        })
        .collect();
    let joined = Participations::new(&state).all(&user.user_id).await?;
    let ids: Vec<String> = joined.iter().map(|j| j.challenge_id.to_string()).collect();
    let found = Definitions::<Challenge>::new(&state).get_many(&ids).await?;
    let challenges = joined
        .iter()
        .zip(found)
        .filter_map(|(joined, challenge)| {
            let challenge = challenge.filter(|challenge| challenge.is_open(now))?;
            Some(UserChallengeView::new(challenge, Some(joined)))
        })
        .collect();
    let settings = Leaderboard::new(&state).settings(&user.user_id).await?;
    let recent = PointsLedger::new(&state)
        .latest(&user.user_id, RECENT_POINTS)
        .await?;
    Ok(Json(MeView {
        points: stats.points,
        week_points: stats.points_in_week_of(now),
        level: level_of(stats.points).into(),
        streaks,
        budget_streaks,
        badges: stats_store
            .earned(&user.user_id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
        challenges,
        recent_points: recent.into_iter().map(Into::into).collect(),
        leaderboard: (&settings).into(),
    }))
}

/// Opts the caller in to the leaderboard (under a pseudonym, with their name only if
/// `show_name`) or out of it (their entries leave the boards at once).
#[utoipa::path(put, path = "/v1/gamification/me/leaderboard", tag = "gamification", operation_id = "putLeaderboardSettings",
    security(("bearer" = [])), request_body = PutLeaderboardSettings,
    responses((status = 200, description = "The settings now", body = LeaderboardSettingsView),
        (status = 400, description = "The body is not a JSON object of this shape", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 409, description = "Changed concurrently; try again", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "A missing or malformed pseudonym", body = ErrorBody)))]
async fn put_leaderboard(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<PutLeaderboardSettings>,
) -> Result<Json<LeaderboardSettingsView>, ApiError> {
    let (name, _) = profile(&state, &user).await?;
    let board = Leaderboard::new(&state);
    let stats_store = StatsStore::new(&state);
    // Points may arrive meanwhile; a few tries, then the caller tries again.
    for _ in 0..3 {
        let before = board.settings(&user.user_id).await?;
        let after = body.apply(&before)?;
        let stats = stats_store.get(&user.user_id).await?;
        match board.save(&before, &after, &name, &stats).await {
            Err(TableError::ConditionFailed { .. }) => continue,
            other => other?,
        }
        return Ok(Json((&after).into()));
    }
    Err(Problem::conflict("the settings or points changed meanwhile; try again").into())
}

/// A page of the weekly (this ISO week, UTC) or all-time leaderboard, most points first: only
/// users who opted in, by pseudonym, with a name only when its user chose to show it, never an
/// email; and the caller's own rank and points (`me`) wherever they stand.
#[utoipa::path(get, path = "/v1/gamification/leaderboard", tag = "gamification", operation_id = "getLeaderboard",
    security(("bearer" = [])), params(LeaderboardQuery),
    responses((status = 200, description = "A page of the board and the caller's line", body = LeaderboardView),
        (status = 400, description = "An unknown or malformed query parameter (period is weekly or all_time), or a cursor of another board or user", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 422, description = "A limit outside 1..=100", body = ErrorBody)))]
async fn leaderboard(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<LeaderboardQuery>,
) -> Result<Json<LeaderboardView>, ApiError> {
    let limit = query.limit()?;
    let period = query.period();
    let board = Leaderboard::new(&state);
    let partition = board.partition(period);
    let scope = format!("gamification:{}:leaderboard:{partition}", user.user_id);
    let start_after = query
        .cursor
        .as_deref()
        .map(|cursor| state.cursors.decode(cursor, &scope))
        .transpose()?;
    let page = board.page(&partition, limit, start_after).await?;
    let next_cursor = page
        .next
        .as_ref()
        .map(|next| state.cursors.encode(next, &scope));
    let me = board.standing(&user.user_id, period).await?;
    Ok(Json(LeaderboardView::new(
        period,
        page,
        next_cursor,
        me,
        user.user_id.as_str(),
    )))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(put_leaderboard))
        .routes(routes!(leaderboard))
}
