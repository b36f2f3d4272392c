//! Customer groups: create, list, read, replace, delete.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ferrofin_customers::ids::GroupId;
use ferrofin_customers::{CustomerGroup, CustomerGroups, GroupDetails};
use ferrofin_identity::roles::Permission;
use ferrofin_identity::{AuthUser, ClientMeta};
use ferrofin_platform::AppState;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, IfMatch, PageQuery, PageResponse, etag, paged,
};
use ferrofin_platform::ids::UserId;
use ferrofin_platform::routes;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::customer_dto::actor;

const LIST_SCOPE: &str = "customer-groups";

/// A customer group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    #[schema(value_type = String)]
    pub id: GroupId,
    #[serde(flatten)]
    pub details: GroupDetails,
    pub member_count: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub updated_by: UserId,
    pub version: u64,
}

impl From<CustomerGroup> for GroupView {
    fn from(group: CustomerGroup) -> Self {
        Self {
            id: group.id,
            details: group.details,
            member_count: group.member_count,
            created_at: group.created_at,
            created_by: group.created_by,
            updated_at: group.updated_at,
            updated_by: group.updated_by,
            version: group.version,
        }
    }
}

fn answer(status: StatusCode, view: GroupView) -> impl IntoResponse {
    (status, etag(view.version), Json(view))
}

/// Creates a group (`customer-groups:create`).
#[utoipa::path(post, path = "/v1/customers/groups", operation_id = "createCustomerGroup", tag = "customer-groups", security(("bearer" = [])),
    request_body = GroupDetails,
    responses((status = 201, body = GroupView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiJson(details): ApiJson<GroupDetails>,
) -> Result<impl IntoResponse, ApiError> {
    user.require(Permission::CustomerGroupsCreate)?;
    let group = CustomerGroups::new(&state)
        .create(&actor(&user, meta), details)
        .await?;
    Ok(answer(StatusCode::CREATED, group.into()))
}

/// Groups, oldest first (`customer-groups:read`).
#[utoipa::path(get, path = "/v1/customers/groups", operation_id = "listCustomerGroups", tag = "customer-groups", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = PageResponse<GroupView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<GroupView>>, ApiError> {
    user.require(Permission::CustomerGroupsRead)?;
    let groups = CustomerGroups::new(&state);
    let load = |limit, start| groups.list(limit, start);
    paged(&state.cursors, &page, LIST_SCOPE, load, |group| {
        Ok(GroupView::from(group))
    })
    .await
}

/// A group (`customer-groups:read`).
#[utoipa::path(get, path = "/v1/customers/groups/{id}", operation_id = "getCustomerGroup", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id")),
    responses((status = 200, body = GroupView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<GroupId>,
) -> Result<impl IntoResponse, ApiError> {
    user.require(Permission::CustomerGroupsRead)?;
    let group = CustomerGroups::new(&state).get(&id).await?;
    Ok(answer(StatusCode::OK, group.into()))
}

/// Replaces a group's name and description (`customer-groups:update`; `If-Match` checked when sent).
#[utoipa::path(put, path = "/v1/customers/groups/{id}", operation_id = "replaceCustomerGroup", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id"),
        ("If-Match" = Option<String>, Header, description = "The version being replaced")),
    request_body = GroupDetails,
    responses((status = 200, body = GroupView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 412, body = ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<GroupId>,
    IfMatch(version): IfMatch,
    ApiJson(details): ApiJson<GroupDetails>,
) -> Result<impl IntoResponse, ApiError> {
    user.require(Permission::CustomerGroupsUpdate)?;
    let group = CustomerGroups::new(&state)
        .update(&actor(&user, meta), &id, version, details)
        .await?;
    Ok(answer(StatusCode::OK, group.into()))
}

/// Deletes a group and its memberships; the customers stay (`customer-groups:delete`).
#[utoipa::path(delete, path = "/v1/customers/groups/{id}", operation_id = "deleteCustomerGroup", tag = "customer-groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "Group id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    ClientMeta(meta): ClientMeta,
    ApiPath(id): ApiPath<GroupId>,
) -> Result<StatusCode, ApiError> {
    user.require(Permission::CustomerGroupsDelete)?;
    CustomerGroups::new(&state)
        .delete(&actor(&user, meta), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get, replace, delete))
}
