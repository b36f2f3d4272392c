//! template.yaml as the route-drift tests read it: the function resources, the functions/
//! crate each one builds, their events, and CloudFormation references (`!Ref X`,
//! `!GetAtt X.Arn` and their long forms).

use std::path::{Path, PathBuf};

use serde_norway::Value;

/// The repository root (the workspace).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_path_buf()
}

/// The parsed SAM template.
#[derive(Clone, Debug)]
pub struct Template {
    pub root: Value,
}

/// An `AWS::Serverless::Function` resource.
#[derive(Clone, Debug)]
pub struct Function<'a> {
    /// Its logical id (`AccountsFunction`).
    pub id: &'a str,
    /// `Metadata.BuildMethod` (`rust-cargolambda`).
    pub build_method: Option<&'a str>,
    /// The cargo binary it is built from: `Metadata.BuildProperties.Binary`, else a `Handler`
    /// other than `bootstrap`. Each binary is named after its crate's folder under functions/.
    pub binary: Option<&'a str>,
    /// `Properties.Events`, in template order.
    pub events: Vec<Event<'a>>,
}

/// One entry of a function's `Events`.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    /// Its name (the key under `Events`).
    pub name: &'a str,
    /// Its `Type` (`HttpApi`, `SQS`, `DynamoDB`, …).
    pub kind: &'a str,
    pub properties: &'a Value,
}

impl Event<'_> {
    /// A property as a string (a tag such as `!Ref` is looked through).
    pub fn string(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }
}

/// A reference to another resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference {
    /// `!Ref X` / `{Ref: X}`.
    Ref(String),
    /// `!GetAtt X.Attr` / `!GetAtt [X, Attr]` / `{"Fn::GetAtt": …}`.
    GetAtt(String, String),
}

impl Reference {
    /// The logical id referred to.
    pub fn target(&self) -> &str {
        match self {
            Self::Ref(id) | Self::GetAtt(id, _) => id,
        }
    }
}

/// The reference a value holds, if it is one.
pub fn reference(value: &Value) -> Option<Reference> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" => tagged
            .value
            .as_str()
            .map(|id| Reference::Ref(id.to_owned())),
        Value::Tagged(tagged) if tagged.tag == "GetAtt" => get_att(&tagged.value),
        Value::Mapping(mapping) if mapping.len() == 1 => {
            if let Some(id) = mapping.get("Ref").and_then(Value::as_str) {
                Some(Reference::Ref(id.to_owned()))
            } else {
                mapping.get("Fn::GetAtt").and_then(get_att)
            }
        }
        _ => None,
    }
}

fn get_att(value: &Value) -> Option<Reference> {
    let (id, attribute) = match value {
        Value::String(text) => text.split_once('.')?,
        Value::Sequence(parts) => match parts.as_slice() {
            [id, attribute] => (id.as_str()?, attribute.as_str()?),
            _ => return None,
        },
        _ => return None,
    };
    Some(Reference::GetAtt(id.to_owned(), attribute.to_owned()))
}

impl Template {
    /// template.yaml at the repository root.
    pub fn load() -> Self {
        let path = repository_root().join("template.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        Self::parse(&text).unwrap_or_else(|err| panic!("template.yaml is not YAML: {err}"))
    }

    pub fn parse(text: &str) -> Result<Self, serde_norway::Error> {
        Ok(Self {
            root: serde_norway::from_str(text)?,
        })
    }

    /// A resource by logical id.
    pub fn resource(&self, id: &str) -> Option<&Value> {
        self.root.get("Resources")?.get(id)
    }

    /// The `Type` of a resource.
    pub fn resource_type(&self, id: &str) -> Option<&str> {
        self.resource(id)?.get("Type")?.as_str()
    }

    /// Every `AWS::Serverless::Function`, in template order.
    pub fn functions(&self) -> Vec<Function<'_>> {
        let Some(resources) = self.root.get("Resources").and_then(Value::as_mapping) else {
            return Vec::new();
        };
        resources
            .iter()
            .filter(|(_, resource)| {
                resource.get("Type").and_then(Value::as_str) == Some("AWS::Serverless::Function")
            })
            .filter_map(|(id, resource)| Some(function(id.as_str()?, resource)))
            .collect()
    }

    /// The function resources built from `binary`.
    pub fn functions_built_from(&self, binary: &str) -> Vec<Function<'_>> {
        self.functions()
            .into_iter()
            .filter(|function| function.binary == Some(binary))
            .collect()
    }
}

fn function<'a>(id: &'a str, resource: &'a Value) -> Function<'a> {
    let metadata = resource.get("Metadata");
    let properties = resource.get("Properties");
    let binary = metadata
        .and_then(|m| m.get("BuildProperties"))
        .and_then(|b| b.get("Binary"))
        .and_then(Value::as_str)
        .or_else(|| {
            properties
                .and_then(|p| p.get("Handler"))
                .and_then(Value::as_str)
                .filter(|handler| *handler != "bootstrap")
        });
    let events = properties
        .and_then(|p| p.get("Events"))
        .and_then(Value::as_mapping)
        .map(|events| {
            events
                .iter()
                .filter_map(|(name, event)| {
                    Some(Event {
                        name: name.as_str()?,
                        kind: event.get("Type").and_then(Value::as_str).unwrap_or(""),
                        properties: event.get("Properties").unwrap_or(&Value::Null),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Function {
        id,
        build_method: metadata
            .and_then(|m| m.get("BuildMethod"))
            .and_then(Value::as_str),
        binary,
        events,
    }
}
