//! Routes (method + path template) as the OpenAPI document, template.yaml and the API Gateway
//! events name them, and matching concrete paths against path templates.

use std::collections::BTreeSet;
use std::fmt;

use ferrofin_platform::http::endpoints::OpenApi;

/// The operations an OpenAPI path item can hold, as they are keyed in the document.
const OPENAPI_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One route: an upper-case HTTP method and a path template such as `/v1/accounts/{id}`
/// (the same syntax in OpenAPI and API Gateway).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    pub method: String,
    pub path: String,
}

impl Route {
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
        }
    }

    /// Parses an API Gateway route key (`"GET /v1/accounts/{id}"`).
    pub fn from_route_key(key: &str) -> Option<Self> {
        let (method, path) = key.split_once(' ')?;
        (!method.is_empty() && path.starts_with('/')).then(|| Self::new(method, path))
    }

    /// The path with every `{parameter}` replaced by a placeholder value (a valid ULID, as most
    /// identifiers are), for requests that only need to reach the route.
    pub fn placeholder_path(&self) -> String {
        self.path
            .split('/')
            .map(|segment| {
                if is_parameter(segment) {
                    "01HZZZZZZZZZZZZZZZZZZZZZZZ"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// How many segments are parameters (fewer is more specific, as API Gateway prefers).
    fn parameter_count(&self) -> usize {
        self.path.split('/').filter(|s| is_parameter(s)).count()
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Every route of an OpenAPI document.
pub fn documented_routes(document: &OpenApi) -> BTreeSet<Route> {
    let json = serde_json::to_value(document)
        .unwrap_or_else(|err| panic!("the OpenAPI document serialises: {err}"));
    let mut routes = BTreeSet::new();
    if let Some(paths) = json["paths"].as_object() {
        for (path, item) in paths {
            for method in OPENAPI_METHODS {
                if item
                    .get(*method)
                    .is_some_and(|operation| !operation.is_null())
                {
                    routes.insert(Route::new(method, path));
                }
            }
        }
    }
    routes
}

fn is_parameter(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// Whether a concrete path (`/v1/accounts/01J…`) is an instance of a path template: literal
/// segments are equal and each `{parameter}` stands for one non-empty segment (`{name+}`, API
/// Gateway's greedy parameter, for the rest of the path).
pub fn path_matches(template: &str, path: &str) -> bool {
    let mut concrete = path.split('/');
    for segment in template.split('/') {
        if is_parameter(segment) && segment.ends_with("+}") {
            return concrete.any(|rest| !rest.is_empty());
        }
        match concrete.next() {
            Some(value) if is_parameter(segment) => {
                if value.is_empty() {
                    return false;
                }
            }
            Some(value) if value == segment => {}
            _ => return false,
        }
    }
    concrete.next().is_none()
}

/// The route among `routes` that API Gateway would pick for `method` and a concrete path: the
/// matching template with the fewest parameters.
pub fn route_for<'a>(
    routes: impl IntoIterator<Item = &'a Route>,
    method: &str,
    path: &str,
) -> Option<&'a Route> {
    routes
        .into_iter()
        .filter(|route| {
            route.method.eq_ignore_ascii_case(method) && path_matches(&route.path, path)
        })
        .min_by_key(|route| route.parameter_count())
}
