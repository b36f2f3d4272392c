//! Group membership: add and remove customers in bulk, list a group's members and a
//! customer's groups.

use axum::Json;
use axum::extract::State;
use ferrofin_customers::ids::{CustomerId, GroupId};
use ferrofin_customers::{CustomerGroups, Membership, MembershipChange};
use ferrofin_identity::RequestMeta;
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::customer_dto::{BulkResponse, ItemResult, actor};

/// The customers to add or remove.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_ids": ["01KAD5R5T2X4M9Q8ZC3B7N6P0E"]}))]
pub struct MemberIds {
    /// 1 to 100 distinct customer ids.
    #[schema(value_type = std::collections::BTreeSet<String>, min_items = 1, max_items = 100)]
    pub customer_ids: Vec<CustomerId>,
}

/// Adds or removes the listed customers, as `user`, and answers per-customer results.
async fn change_members(
    state: &AppState,
    user: &AuthUser,
    meta: RequestMeta,
    group_id: &GroupId,
    request: MemberIds,
    change: MembershipChange,
) -> Result<Json<BulkResponse>, ApiError> {
    user.require(Permission::CustomerGroupsManageMembers)?;
    let outcomes = CustomerGroups::new(state)
        .change_members(&actor(user, meta), group_id, &request.customer_ids, change)
        .await?;
    let results = outcomes
        .into_iter()
        .map(|(id, result)| ItemResult::of(id, result.map(|()| None)))
        .collect();
    Ok(Json(BulkResponse { results }))
}

/// Adds customers to a group (`customer-groups:manage-members`); per-customer results.
#[utoipa::path(post, path = "/v1/customers/groups/{id}/customers", operation_id = "addCustomersToGroup", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id")), request_body = MemberIds,
    responses((status = 200, body = BulkResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<GroupId>,
    ApiJson(request): ApiJson<MemberIds>,
) -> Result<Json<BulkResponse>, ApiError> {
    change_members(&state, &user, meta, &id, request, MembershipChange::Add).await
}

/// Removes customers from a group (`customer-groups:manage-members`); per-customer results.
#[utoipa::path(delete, path = "/v1/customers/groups/{id}/customers", operation_id = "removeCustomersFromGroup", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id")), request_body = MemberIds,
    responses((status = 200, body = BulkResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<GroupId>,
    ApiJson(request): ApiJson<MemberIds>,
) -> Result<Json<BulkResponse>, ApiError> {
    change_members(&state, &user, meta, &id, request, MembershipChange::Remove).await
}

/// A group's members, by customer id (`customer-groups:read`).
#[utoipa::path(get, path = "/v1/customers/groups/{id}/customers", operation_id = "listGroupCustomers", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id"), PageQuery),
    responses((status = 200, body = PageResponse<Membership>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GroupId>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<Membership>>, ApiError> {
    user.require(Permission::CustomerGroupsRead)?;
    let groups = CustomerGroups::new(&state);
    let load = |limit, start| groups.members(&id, limit, start);
    let scope = format!("customer-group-members:{id}");
    paged(&state.cursors, &page, &scope, load, Ok).await
}

/// The groups a customer belongs to, by group id (`customer-groups:read`).
#[utoipa::path(get, path = "/v1/customers/{id}/groups", operation_id = "listCustomerGroupsOfCustomer", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), PageQuery),
    responses((status = 200, body = PageResponse<Membership>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn groups_of_customer(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<CustomerId>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<Membership>>, ApiError> {
    user.require(Permission::CustomerGroupsRead)?;
    let groups = CustomerGroups::new(&state);
    let load = |limit, start| groups.groups_of(&id, limit, start);
    let scope = format!("customer-groups-of:{id}");
    paged(&state.cursors, &page, &scope, load, Ok).await
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(add, remove, list))
        .routes(routes!(groups_of_customer))
}
