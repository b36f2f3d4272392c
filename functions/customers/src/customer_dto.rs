//! What the customers routes answer about customers (the national id masked unless the caller
//! may see it) and the per-customer results of bulk operations; and the staff member behind a
//! request, as the services take it.

use ferrofin_customers::ids::CustomerId;
use ferrofin_customers::{Actor, Customer, CustomerDetails, CustomerError};
use ferrofin_identity::{AuthUser, RequestMeta};
use ferrofin_platform::http::ApiError;
use ferrofin_platform::http::error::ErrorObject;
use ferrofin_platform::ids::UserId;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

/// The staff member behind a request, for the services and the audit log.
pub fn actor(user: &AuthUser, meta: RequestMeta) -> Actor {
    Actor {
        user_id: user.user_id.clone(),
        ip: meta.ip,
    }
}

/// A customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerView {
    #[schema(value_type = String)]
    pub id: CustomerId,
    #[serde(flatten)]
    #[schema(schema_with = details_as_shown)]
    pub details: CustomerDetails,
    /// Masked (`•••••6789`) unless the caller holds `customers:read:sensitive`.
    pub national_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[schema(value_type = String)]
    pub updated_by: UserId,
    /// Send it back in `If-Match` to change the customer.
    pub version: u64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

/// [`CustomerDetails`] as part of a view: without its `national_id`, which a view shows in
/// its own (maybe masked) form, and open to the view's other properties.
fn details_as_shown() -> RefOr<Schema> {
    let mut schema = CustomerDetails::schema();
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        object.properties.remove("national_id");
        object.additional_properties = None;
        object.example = None;
    }
    schema
}

impl CustomerView {
    /// The customer as shown; `unmasked` shows the whole national id.
    pub fn of(customer: Customer, unmasked: bool) -> Self {
        let mut details = customer.details;
        let national_id = details.national_id.take().map(|id| {
            if unmasked {
                id.as_str().to_owned()
            } else {
                id.masked()
            }
        });
        Self {
            id: customer.id,
            details,
            national_id,
            created_at: customer.created_at,
            created_by: customer.created_by,
            updated_at: customer.updated_at,
            updated_by: customer.updated_by,
            version: customer.version,
            deleted_at: customer.deleted_at,
        }
    }
}

/// The outcome for one id of a bulk operation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemResult {
    #[schema(value_type = String)]
    pub id: CustomerId,
    /// The HTTP status this item alone would have had (200, 404, 409, 412, 422, ...).
    pub status: u16,
    /// The customer's new version, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// Why the item failed (the error object of the error body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
}

impl ItemResult {
    pub fn of(id: CustomerId, result: Result<Option<u64>, CustomerError>) -> Self {
        match result {
            Ok(version) => Self {
                id,
                status: 200,
                version,
                error: None,
            },
            Err(err) => {
                let err = ApiError::from(err);
                Self {
                    id,
                    status: err.status.as_u16(),
                    version: None,
                    error: Some(err.error),
                }
            }
        }
    }
}

/// Per-id results of a bulk operation, in request order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResponse {
    pub results: Vec<ItemResult>,
}
