//! The investments function: `/v1/investments/portfolios` — the caller's portfolios (create,
//! list, read, change, delete), their holdings and activities, and what they are worth today on
//! stored daily prices: positions, returns over a range (time- and money-weighted), the value
//! history and the allocation.

mod activities;
mod activity_dto;
mod figures;
mod figures_dto;
mod portfolio_dto;
mod portfolios;

use ferrofin_platform::http::ApiRouter;

fn api() -> ApiRouter {
    portfolios::routes()
        .merge(activities::routes())
        .merge(figures::routes())
}

ferrofin_platform::endpoint_group!(api);
