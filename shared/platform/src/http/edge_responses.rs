//! The error responses the shared edge gives, documented on every operation they apply to.
//!
//! The extractors and the auth layer answer the same way on every route (see [`super::extract`]):
//! a JSON body that is not `application/json` gets 415, one over the size limit 413, malformed or
//! of the wrong shape 400, with invalid values 422; query and path parameters the same 400/422;
//! a missing or invalid access token 401; `If-Match` missing 428 and stale 412. Those statuses are
//! a property of what an operation takes (a body, parameters, a token, a version header), so they
//! are added here from its description rather than repeated on every route; a route's own
//! response for a status (with a more specific description) is kept. A documented status
//! without a description (an error's, or a success whose body says what it is) gets the standard
//! one.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// Adds the edge's error responses to every operation of `document`.
pub fn document_edge_responses(document: &mut OpenApi) {
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            for status in edge_statuses(operation) {
                add_response(operation, status);
            }
            describe_error_responses(operation);
        }
    }
}

/// The statuses the edge can answer for `operation`, from what it takes.
fn edge_statuses(operation: &Operation) -> Vec<u16> {
    let mut statuses = Vec::new();
    let takes = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|parameter| parameter.parameter_in == place)
    };
    let version_header = operation.parameters.iter().flatten().any(|parameter| {
        parameter.parameter_in == ParameterIn::Header
            && parameter.name.eq_ignore_ascii_case("if-match")
    });
    if operation.request_body.is_some() {
        statuses.extend([400, 413, 415, 422]);
    }
    if takes(ParameterIn::Query) {
        statuses.extend([400, 422]);
    }
    if takes(ParameterIn::Path) {
        statuses.extend([400, 404]);
    }
    if operation
        .security
        .iter()
        .flatten()
        .any(|requirement| *requirement != Default::default())
    {
        statuses.push(401);
    }
    if version_header {
        statuses.extend([412, 428]);
    }
    statuses
}

/// What the edge means by `status`, in the words a client reads.
fn standard_description(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "Success: the body below",
        201 => "Created: the new resource below",
        202 => "Accepted: queued, done in the background (the body says how to follow it)",
        204 => "Done; no body",
        400 => {
            "Malformed request: a body that is not a JSON object or not of the expected shape, \
                or an unknown or malformed parameter (the details name it)"
        }
        401 => "No valid access token",
        403 => "The caller is not allowed to do this",
        404 => "No such resource, or not the caller's",
        409 => "Conflicts with the current state of the resource",
        412 => "If-Match is not the resource's current version",
        413 => "The request body is too large",
        415 => "The body is not application/json",
        422 => "Invalid values (the details name each field or parameter)",
        423 => "The account is locked for a while after failed attempts (see Retry-After)",
        428 => "If-Match is required",
        429 => "Too many requests (see Retry-After)",
        503 => "A service this operation needs is unavailable; retry later",
        _ => return None,
    })
}

fn add_response(operation: &mut Operation, status: u16) {
    let Some(description) = standard_description(status) else {
        return;
    };
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(error_response(description)));
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// Gives each documented error status without a description the standard one.
fn describe_error_responses(operation: &mut Operation) {
    for (status, response) in &mut operation.responses.responses {
        let RefOr::T(response) = response else {
            continue;
        };
        let standard = status.parse().ok().and_then(standard_description);
        if let (true, Some(standard)) = (response.description.is_empty(), standard) {
            standard.clone_into(&mut response.description);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::path::{OperationBuilder, ParameterBuilder};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::security::SecurityRequirement;

    fn statuses(operation: &Operation) -> Vec<&str> {
        operation
            .responses
            .responses
            .keys()
            .map(String::as_str)
            .collect()
    }

    fn parameter(name: &str, place: ParameterIn) -> utoipa::openapi::path::Parameter {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(place)
            .build()
    }

    fn documented(operation: Operation) -> Operation {
        let mut document = OpenApi::default();
        let item = utoipa::openapi::PathItem::new(utoipa::openapi::HttpMethod::Put, operation);
        document.paths.paths.insert("/x/{id}".to_owned(), item);
        document_edge_responses(&mut document);
        let mut item = document.paths.paths.remove("/x/{id}").expect("path");
        item.put.take().expect("put")
    }

    #[test]
    fn an_operation_gets_the_statuses_of_what_it_takes() {
        let operation = OperationBuilder::new()
            .request_body(Some(RequestBodyBuilder::new().build()))
            .parameter(parameter("id", ParameterIn::Path))
            .parameter(parameter("If-Match", ParameterIn::Header))
            .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
            .build();
        assert_eq!(
            statuses(&documented(operation)),
            ["400", "401", "404", "412", "413", "415", "422", "428"]
        );
    }

    #[test]
    fn a_public_operation_without_input_gets_none() {
        let operation = OperationBuilder::new()
            .response("200", ResponseBuilder::new().description("ok").build())
            .build();
        assert_eq!(statuses(&documented(operation)), ["200"]);
    }

    #[test]
    fn a_route_keeps_its_own_description_and_an_empty_one_gets_the_standard() {
        let operation = OperationBuilder::new()
            .parameter(parameter("month", ParameterIn::Query))
            .response(
                "400",
                ResponseBuilder::new().description("a bad month").build(),
            )
            .response("422", ResponseBuilder::new().build())
            .build();
        let operation = documented(operation);
        let description = |status: &str| match &operation.responses.responses[status] {
            RefOr::T(response) => response.description.clone(),
            RefOr::Ref(_) => String::new(),
        };
        assert_eq!(description("400"), "a bad month");
        assert_eq!(
            description("422"),
            "Invalid values (the details name each field or parameter)"
        );
    }
}
