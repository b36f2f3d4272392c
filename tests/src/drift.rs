//! The checks behind the route-drift tests: the hand-kept lists of routes and workers
//! (OpenAPI, template.yaml, events/, functions/) compared with one another. Each check returns
//! its problems as sentences that name what is missing and where; none means no drift.
//!
//! The lists come from one place each: the routes of a function from its `openapi()` in
//! `ferrofin_devserver::endpoint_groups()` (what the devserver mounts), the workers from the
//! `functions/*-worker` folders, the Lambda functions from template.yaml's
//! `AWS::Serverless::Function` resources (matched by `Metadata.BuildProperties.Binary`, which
//! is the crate's folder name) and the fixtures from the `events/<function>/` folders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_norway::Value;

use crate::routes::{Route, documented_routes, path_matches, route_for};
use crate::template::{Event, Reference, Template, reference, repository_root};

/// Event types that feed a worker from a queue or a stream.
const WORKER_EVENT_TYPES: &[&str] = &["SQS", "DynamoDB", "Kinesis"];

/// A function that serves HTTP and its routes.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub routes: BTreeSet<Route>,
}

/// What the repository says exists.
#[derive(Clone, Debug)]
pub struct Inventory {
    /// `ferrofin_devserver::endpoint_groups()`, with each group's documented routes.
    pub groups: Vec<Group>,
    /// The folders under functions/ (each is a crate and a Lambda binary of that name).
    pub function_folders: BTreeSet<String>,
}

impl Inventory {
    pub fn load() -> Self {
        let groups = ferrofin_devserver::endpoint_groups()
            .iter()
            .map(|group| Group {
                name: group.name.to_owned(),
                routes: documented_routes(&(group.openapi)()),
            })
            .collect();
        Self {
            groups,
            function_folders: folders(&repository_root().join("functions")),
        }
    }

    /// The worker crates: `functions/*-worker`.
    pub fn workers(&self) -> impl Iterator<Item = &str> {
        self.function_folders
            .iter()
            .map(String::as_str)
            .filter(|name| is_worker(name))
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|group| group.name == name)
    }

    /// Every route with the group that serves it.
    pub fn routes(&self) -> impl Iterator<Item = (&Group, &Route)> {
        self.groups
            .iter()
            .flat_map(|group| group.routes.iter().map(move |route| (group, route)))
    }
}

fn is_worker(name: &str) -> bool {
    name.ends_with("-worker")
}

fn folders(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            path.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// `Resources.<id>.Properties.Events.<name>`, for messages.
fn event_location(function: &str, event: &str) -> String {
    format!("template.yaml Resources.{function}.Properties.Events.{event}")
}

/// The template function(s) that build `functions/<name>`, for messages.
fn function_resources(template: &Template, name: &str) -> String {
    let ids: Vec<&str> = template
        .functions_built_from(name)
        .iter()
        .map(|function| function.id)
        .collect();
    if ids.is_empty() {
        format!(
            "no function resource in template.yaml (none has Metadata.BuildProperties.Binary: {name})"
        )
    } else {
        ids.join(", ")
    }
}

/// Every functions/ folder is a mounted endpoint group or a worker, and every group is a folder.
pub fn folder_problems(inventory: &Inventory) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for group in &inventory.groups {
        if !seen.insert(group.name.as_str()) {
            problems.push(format!(
                "{} is listed twice in ferrofin_devserver::endpoint_groups()",
                group.name
            ));
        }
        if !inventory.function_folders.contains(&group.name) {
            problems.push(format!(
                "ferrofin_devserver::endpoint_groups() lists {:?}, but there is no functions/{}/",
                group.name, group.name
            ));
        }
        if is_worker(&group.name) {
            problems.push(format!(
                "functions/{} is named like a worker (*-worker) but serves HTTP routes",
                group.name
            ));
        }
    }
    for folder in &inventory.function_folders {
        if !is_worker(folder) && inventory.group(folder).is_none() {
            problems.push(format!(
                "functions/{folder}/ is neither a worker (*-worker) nor in \
                 ferrofin_devserver::endpoint_groups(): add it there so the devserver mounts it"
            ));
        }
    }
    problems
}

/// The combined OpenAPI document (`ferrofin_fn_docs::openapi_document`) holds exactly the routes
/// of the groups, and no route belongs to two groups.
pub fn openapi_problems(inventory: &Inventory, combined: &BTreeSet<Route>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut owners: BTreeMap<&Route, Vec<&str>> = BTreeMap::new();
    for (group, route) in inventory.routes() {
        owners.entry(route).or_default().push(&group.name);
    }
    for (route, groups) in &owners {
        if groups.len() > 1 {
            problems.push(format!(
                "{route} is documented by more than one function: {}",
                groups.join(", ")
            ));
        }
        if !combined.contains(*route) {
            problems.push(format!(
                "{route} (functions/{}) is missing from the combined OpenAPI document: add \
                 its openapi to FUNCTION_DOCUMENTS in functions/docs/src/document.rs",
                groups[0]
            ));
        }
    }
    for route in combined {
        if !owners.contains_key(route) {
            problems.push(format!(
                "{route} is in the combined OpenAPI document but in no endpoint group's openapi()"
            ));
        }
    }
    problems
}

/// An `HttpApi` event of the template.
struct HttpEvent<'a> {
    function: &'a str,
    binary: Option<&'a str>,
    event: Event<'a>,
}

/// Every route has exactly one `HttpApi` event, on the function resource built from the crate
/// that serves it; every `HttpApi` event is a route of its function; every function resource
/// builds a functions/ crate, and each crate has exactly one function resource.
pub fn http_api_problems(template: &Template, inventory: &Inventory) -> Vec<String> {
    let mut problems = Vec::new();
    let mut events: BTreeMap<Route, Vec<HttpEvent<'_>>> = BTreeMap::new();
    for function in template.functions() {
        match function.binary {
            None => problems.push(format!(
                "template.yaml Resources.{}: no Metadata.BuildProperties.Binary, so which \
                 functions/ crate it runs is unknown",
                function.id
            )),
            Some(binary) if !inventory.function_folders.contains(binary) => problems.push(format!(
                "template.yaml Resources.{} builds binary {binary:?}, but there is no \
                     functions/{binary}/",
                function.id
            )),
            Some(_) => {}
        }
        if function.build_method != Some("rust-cargolambda") {
            problems.push(format!(
                "template.yaml Resources.{}: Metadata.BuildMethod is {:?}, not rust-cargolambda",
                function.id, function.build_method
            ));
        }
        for event in function.events.iter().filter(|e| e.kind == "HttpApi") {
            let location = event_location(function.id, event.name);
            let (Some(method), Some(path)) = (event.string("Method"), event.string("Path")) else {
                problems.push(format!(
                    "{location}: an HttpApi event needs Method and Path"
                ));
                continue;
            };
            if event.string("PayloadFormatVersion") != Some("2.0") {
                problems.push(format!(
                    "{location}: PayloadFormatVersion must be \"2.0\" (lambda_http reads \
                     API Gateway v2 events)"
                ));
            }
            let api = event.properties.get("ApiId").and_then(reference);
            let api_type = api
                .as_ref()
                .and_then(|r| template.resource_type(r.target()));
            if !matches!(api, Some(Reference::Ref(_)))
                || api_type != Some("AWS::Serverless::HttpApi")
            {
                problems.push(format!(
                    "{location}: ApiId must be !Ref to the AWS::Serverless::HttpApi resource"
                ));
            }
            events
                .entry(Route::new(method, path))
                .or_default()
                .push(HttpEvent {
                    function: function.id,
                    binary: function.binary,
                    event: event.clone(),
                });
        }
    }
    for folder in &inventory.function_folders {
        let built = template.functions_built_from(folder);
        if built.len() > 1 {
            problems.push(format!(
                "functions/{folder} is built by more than one function resource in template.yaml: {}",
                function_resources(template, folder)
            ));
        }
        if built.is_empty() {
            problems.push(format!(
                "functions/{folder} has no function resource in template.yaml (an \
                 AWS::Serverless::Function with Metadata.BuildProperties.Binary: {folder})"
            ));
        }
    }
    let mut served = BTreeSet::new();
    for (group, route) in inventory.routes() {
        served.insert(route);
        let found = events.get(route).map(Vec::as_slice).unwrap_or_default();
        let resources = function_resources(template, &group.name);
        match found {
            [] => problems.push(format!(
                "{route} (served by functions/{}) has no HttpApi event in template.yaml: add \
                 one with Method: {} and Path: {} under Events of {resources}",
                group.name, route.method, route.path
            )),
            [one] if one.binary == Some(group.name.as_str()) => {}
            [one] => problems.push(format!(
                "{route} is served by functions/{} ({resources}) but its HttpApi event is {}",
                group.name,
                event_location(one.function, one.event.name)
            )),
            many => problems.push(format!(
                "{route} (served by functions/{}) has {} HttpApi events in template.yaml, one \
                 is allowed: {}",
                group.name,
                many.len(),
                many.iter()
                    .map(|e| event_location(e.function, e.event.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    for (route, found) in &events {
        if served.contains(route) {
            continue;
        }
        for event in found {
            let serves = match event.binary.and_then(|b| inventory.group(b)) {
                Some(group) => format!("functions/{}'s openapi()", group.name),
                None => format!(
                    "any endpoint group (functions/{} serves no HTTP routes)",
                    event.binary.unwrap_or("?")
                ),
            };
            problems.push(format!(
                "{}: {route} is not a route: it is not in {serves}",
                event_location(event.function, event.event.name)
            ));
        }
    }
    problems
}

/// Every worker crate is fed by a queue (SQS event) or stream (DynamoDB/Kinesis event) on its
/// function resource, with a dead-letter queue (the queue's RedrivePolicy, or the stream
/// event's OnFailure destination) and partial batch responses (ReportBatchItemFailures, which
/// `ferrofin_platform::worker` answers with).
pub fn worker_problems(template: &Template, inventory: &Inventory) -> Vec<String> {
    let mut problems = Vec::new();
    for worker in inventory.workers() {
        let functions = template.functions_built_from(worker);
        let [function] = functions.as_slice() else {
            problems.push(format!(
                "functions/{worker} needs exactly one function resource in template.yaml, found: {}",
                function_resources(template, worker)
            ));
            continue;
        };
        let feeds: Vec<&Event<'_>> = function
            .events
            .iter()
            .filter(|e| WORKER_EVENT_TYPES.contains(&e.kind))
            .collect();
        if feeds.is_empty() {
            problems.push(format!(
                "functions/{worker}: template.yaml Resources.{}.Properties.Events has no SQS \
                 (queue) or DynamoDB/Kinesis (stream) event, so nothing invokes the worker",
                function.id
            ));
        }
        for event in feeds {
            let location = event_location(function.id, event.name);
            let batch_failures = event
                .properties
                .get("FunctionResponseTypes")
                .and_then(Value::as_sequence)
                .is_some_and(|types| {
                    types
                        .iter()
                        .any(|t| t.as_str() == Some("ReportBatchItemFailures"))
                });
            if !batch_failures {
                problems.push(format!(
                    "{location}: FunctionResponseTypes must list ReportBatchItemFailures (the \
                     worker reports failed records as batchItemFailures)"
                ));
            }
            if event.kind == "SQS" {
                problems.extend(queue_problems(template, &location, event));
            } else if !has_on_failure(event.properties) {
                problems.push(format!(
                    "{location}: the stream has no dead-letter destination \
                     (DestinationConfig.OnFailure.Destination)"
                ));
            }
        }
    }
    problems
}

fn has_on_failure(properties: &Value) -> bool {
    properties
        .get("DestinationConfig")
        .and_then(|d| d.get("OnFailure"))
        .and_then(|o| o.get("Destination"))
        .is_some()
}

fn queue_problems(template: &Template, location: &str, event: &Event<'_>) -> Vec<String> {
    let queue = match event.properties.get("Queue").and_then(reference) {
        Some(Reference::GetAtt(id, attribute)) if attribute == "Arn" => id,
        _ => {
            return vec![format!(
                "{location}: Queue must be !GetAtt <an AWS::SQS::Queue of this template>.Arn"
            )];
        }
    };
    if template.resource_type(&queue) != Some("AWS::SQS::Queue") {
        return vec![format!(
            "{location}: Queue refers to {queue}, which is not an AWS::SQS::Queue resource of \
             template.yaml"
        )];
    }
    let redrive = template
        .resource(&queue)
        .and_then(|q| q.get("Properties"))
        .and_then(|p| p.get("RedrivePolicy"));
    let dead_letter = redrive
        .and_then(|r| r.get("deadLetterTargetArn"))
        .and_then(reference)
        .filter(|r| template.resource_type(r.target()) == Some("AWS::SQS::Queue"));
    let mut problems = Vec::new();
    if dead_letter.is_none() {
        problems.push(format!(
            "template.yaml Resources.{queue} (the queue of {location}) has no dead-letter \
             queue: add Properties.RedrivePolicy.deadLetterTargetArn: !GetAtt <an \
             AWS::SQS::Queue>.Arn"
        ));
    } else if redrive.and_then(|r| r.get("maxReceiveCount")).is_none() {
        problems.push(format!(
            "template.yaml Resources.{queue}.Properties.RedrivePolicy has no maxReceiveCount"
        ));
    }
    problems
}

/// One file under events/.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// Relative to events/ (`accounts/get.json`).
    pub path: String,
    /// The folder: the function the event is for.
    pub function: String,
    /// The file as JSON, or why it is not.
    pub json: Result<serde_json::Value, String>,
}

/// Every file of every events/<function>/ folder (files directly under events/ are reported
/// with an empty function).
pub fn load_fixtures() -> Vec<Fixture> {
    let root = repository_root().join("events");
    let mut fixtures = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("events/ folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .expect("under events/")
                .to_string_lossy()
                .replace('\\', "/");
            let function = match relative.split_once('/') {
                Some((folder, _)) => folder.to_owned(),
                None => String::new(),
            };
            let json = std::fs::read_to_string(&path)
                .map_err(|err| err.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|err| err.to_string()));
            fixtures.push(Fixture {
                path: relative,
                function,
                json,
            });
        }
    }
    fixtures.sort_by(|a, b| a.path.cmp(&b.path));
    fixtures
}

/// The template event type that a fixture's `Records[].eventSource` comes from.
fn feed_type(event_source: &str) -> Option<&'static str> {
    match event_source {
        "aws:sqs" => Some("SQS"),
        "aws:dynamodb" => Some("DynamoDB"),
        "aws:kinesis" => Some("Kinesis"),
        _ => None,
    }
}

/// Every route has an API Gateway v2 fixture in its function's events/ folder, every worker a
/// fixture of its feed, and every fixture belongs to a route or worker of its folder's function.
pub fn fixture_problems(
    template: &Template,
    inventory: &Inventory,
    fixtures: &[Fixture],
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut covered: BTreeSet<(&str, Route)> = BTreeSet::new();
    let mut fed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for fixture in fixtures {
        let path = format!("events/{}", fixture.path);
        let json = match &fixture.json {
            Ok(json) => json,
            Err(err) => {
                problems.push(format!("{path} is not a JSON event: {err}"));
                continue;
            }
        };
        let function = fixture.function.as_str();
        let group = inventory.group(function);
        let is_worker_folder = is_worker(function) && inventory.function_folders.contains(function);
        if group.is_none() && !is_worker_folder {
            problems.push(format!(
                "{path} is in no function's folder: events/<folder>/ must be named after an \
                 endpoint group or a worker under functions/"
            ));
            continue;
        }
        if let Some(records) = json.get("Records") {
            let sources: BTreeSet<&str> = records
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["eventSource"].as_str().or(r["EventSource"].as_str()))
                .collect();
            if !is_worker_folder {
                problems.push(format!(
                    "{path} is a batch of records ({}), but functions/{function} is not a worker",
                    sources.iter().copied().collect::<Vec<_>>().join(", ")
                ));
                continue;
            }
            let worker_feeds: BTreeSet<&str> = template
                .functions_built_from(function)
                .iter()
                .flat_map(|f| f.events.iter().map(|e| e.kind))
                .collect();
            if sources.is_empty() {
                problems.push(format!("{path}: no record has an eventSource"));
            }
            for source in sources {
                match feed_type(source) {
                    Some(kind) if worker_feeds.contains(kind) => {
                        fed.insert((function, kind));
                    }
                    Some(kind) => problems.push(format!(
                        "{path} is a {kind} event, but functions/{function}'s function resource \
                         has no {kind} event in template.yaml"
                    )),
                    None => problems.push(format!(
                        "{path}: eventSource {source:?} feeds no worker (aws:sqs, aws:dynamodb \
                         or aws:kinesis)"
                    )),
                }
            }
            continue;
        }
        let Some(group) = group else {
            problems.push(format!(
                "{path} is not a batch of records, but functions/{function} is a worker"
            ));
            continue;
        };
        match api_route(json, group) {
            Ok(route) => {
                covered.insert((function, route));
            }
            Err(problem) => problems.push(format!("{path}: {problem}")),
        }
    }
    for (group, route) in inventory.routes() {
        if !covered.contains(&(group.name.as_str(), route.clone())) {
            problems.push(format!(
                "{route} (functions/{name}) has no fixture in events/{name}/: add an API \
                 Gateway v2 event with \"routeKey\": \"{route}\"",
                name = group.name
            ));
        }
    }
    for worker in inventory.workers() {
        if !fed.iter().any(|(fed_worker, _)| *fed_worker == worker) {
            problems.push(format!(
                "functions/{worker} has no event fixture: add a batch of records its queue or \
                 stream delivers to events/{worker}/"
            ));
            continue;
        }
        for function in template.functions_built_from(worker) {
            for event in function.events.iter() {
                if WORKER_EVENT_TYPES.contains(&event.kind) && !fed.contains(&(worker, event.kind))
                {
                    problems.push(format!(
                        "functions/{worker} has no {} event fixture in events/{worker}/ (for {})",
                        event.kind,
                        event_location(function.id, event.name)
                    ));
                }
            }
        }
    }
    problems
}

/// The route of an API Gateway v2 event, which must be one of the group's.
fn api_route(json: &serde_json::Value, group: &Group) -> Result<Route, String> {
    if json["version"] != "2.0" {
        return Err(format!(
            "not an API Gateway v2 event (version is {}, not \"2.0\")",
            json["version"]
        ));
    }
    let method = json["requestContext"]["http"]["method"]
        .as_str()
        .ok_or("no requestContext.http.method")?;
    let raw_path = json["rawPath"].as_str().ok_or("no rawPath")?;
    let route = match json["routeKey"].as_str() {
        Some(key) => {
            let route = Route::from_route_key(key).ok_or(format!(
                "routeKey {key:?} is not \"METHOD /path\" (one route per event)"
            ))?;
            if !group.routes.contains(&route) {
                return Err(format!(
                    "routeKey {route} is not a route of functions/{}",
                    group.name
                ));
            }
            route
        }
        None => route_for(&group.routes, method, raw_path)
            .cloned()
            .ok_or(format!(
                "{method} {raw_path} matches no route of functions/{}",
                group.name
            ))?,
    };
    if !route.method.eq_ignore_ascii_case(method) {
        return Err(format!(
            "requestContext.http.method is {method}, but routeKey is {route}"
        ));
    }
    if !path_matches(&route.path, raw_path) {
        return Err(format!(
            "rawPath {raw_path} is not an instance of {}",
            route.path
        ));
    }
    Ok(route)
}
