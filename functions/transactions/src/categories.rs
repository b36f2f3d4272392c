//! `/v1/transactions/categories`: the default categories plus the caller's own, which the
//! caller creates, renames, moves under a parent and deletes (when nothing uses them).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ferrofin_identity::AuthUser;
use ferrofin_ledger::Ledger;
use ferrofin_ledger::categories::CategoryKind;
use ferrofin_ledger::ids::CategoryId;
use ferrofin_ledger::user_categories::CategoryEntry;
use ferrofin_platform::AppState;
use ferrofin_platform::fields::FieldErrors;
use ferrofin_platform::http::ApiRouter;
use ferrofin_platform::http::text_schemas::required_text;
use ferrofin_platform::http::{
    ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody, PageQuery, PageResponse, paged,
};
use ferrofin_platform::merge_patch::Patch;
use ferrofin_platform::routes;
use serde::Deserialize;
use utoipa::ToSchema;

/// A new category of the caller.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Pet food", "kind": "expense", "parent": "shopping"}))]
pub struct CreateCategory {
    /// 1 to 60 characters.
    #[schema(schema_with = required_text::<60>)]
    pub name: String,
    pub kind: CategoryKind,
    /// A default category or a top-level category of the caller, of the same kind.
    pub parent: Option<String>,
}

/// Changes to a category as a JSON Merge Patch: a field left out stays, `null` makes it
/// top-level; the name cannot be cleared.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Eating out", "parent": null}))]
pub struct ChangeCategory {
    #[serde(default)]
    #[schema(schema_with = required_text::<60>)]
    pub name: Patch<String>,
    /// A new parent, or `null` to make it top-level.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub parent: Patch<String>,
}

/// The categories a transaction can have: the defaults (`default: true`), then the caller's.
#[utoipa::path(get, path = "/v1/transactions/categories", operation_id = "listCategories", tag = "transactions", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = PageResponse<CategoryEntry>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_categories(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PageResponse<CategoryEntry>>, ApiError> {
    let ledger = Ledger::new(&state);
    let load = |limit, start| ledger.list_categories(&user.user_id, limit, start);
    let scope = format!("categories:{}", user.user_id);
    paged(&state.cursors, &query, &scope, load, Ok).await
}

/// Adds a category of the caller (at most 200).
#[utoipa::path(post, path = "/v1/transactions/categories", operation_id = "createCategory", tag = "transactions", security(("bearer" = [])),
    request_body = CreateCategory,
    responses((status = 201, body = CategoryEntry), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<CreateCategory>,
) -> Result<(StatusCode, Json<CategoryEntry>), ApiError> {
    let category = Ledger::new(&state)
        .create_category(&user.user_id, &body.name, body.kind, body.parent.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(category.into())))
}

/// One category the list shows: a built-in one (`default: true`) or one of the caller's.
#[utoipa::path(get, path = "/v1/transactions/categories/{id}", operation_id = "getCategory", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Category id")),
    responses((status = 200, body = CategoryEntry), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<CategoryId>,
) -> Result<Json<CategoryEntry>, ApiError> {
    Ok(Json(
        Ledger::new(&state)
            .category_entry(&user.user_id, &id)
            .await?,
    ))
}

/// Renames a category or changes its parent (`null`: top-level); the kind is fixed.
#[utoipa::path(patch, path = "/v1/transactions/categories/{id}", operation_id = "updateCategory", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Category id")), request_body = ChangeCategory,
    responses((status = 200, body = CategoryEntry), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<CategoryId>,
    ApiJson(body): ApiJson<ChangeCategory>,
) -> Result<Json<CategoryEntry>, ApiError> {
    let mut errors = FieldErrors::default();
    let name = body.name.required("name", &mut errors);
    errors.finish()?;
    let parent = body.parent.change();
    let category = Ledger::new(&state)
        .change_category(
            &user.user_id,
            &id,
            name.as_deref(),
            parent.as_ref().map(Option::as_deref),
        )
        .await?;
    Ok(Json(category.into()))
}

/// Deletes a category no transaction, rule or subcategory uses (409 otherwise).
#[utoipa::path(delete, path = "/v1/transactions/categories/{id}", operation_id = "deleteCategory", tag = "transactions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Category id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<CategoryId>,
) -> Result<StatusCode, ApiError> {
    Ledger::new(&state)
        .delete_category(&user.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(get_category, change_category, delete_category))
}
