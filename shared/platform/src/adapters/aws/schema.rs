//! The table's schema, as template.yaml declares it (`pk`/`sk`, the generic index `gsi1`
//! projecting everything, a NEW_IMAGE stream, on-demand capacity), for creating it where no
//! CloudFormation runs: DynamoDB Local in tests and benchmarks.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
};

use crate::ports::table::TableError;

fn string_attribute(name: &str) -> Result<AttributeDefinition, TableError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(invalid)
}

fn key(name: &str, key_type: KeyType) -> Result<KeySchemaElement, TableError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()
        .map_err(invalid)
}

fn invalid(err: impl std::fmt::Display) -> TableError {
    TableError::InvalidRequest(err.to_string())
}

/// Creates the table `name` with the production schema.
pub async fn create_table(client: &Client, name: &str) -> Result<(), TableError> {
    let attributes = ["pk", "sk", "gsi1pk", "gsi1sk"]
        .map(string_attribute)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let index = GlobalSecondaryIndex::builder()
        .index_name("gsi1")
        .key_schema(key("gsi1pk", KeyType::Hash)?)
        .key_schema(key("gsi1sk", KeyType::Range)?)
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .build()
        .map_err(invalid)?;
    let stream = StreamSpecification::builder()
        .stream_enabled(true)
        .stream_view_type(StreamViewType::NewImage)
        .build()
        .map_err(invalid)?;
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(attributes))
        .key_schema(key("pk", KeyType::Hash)?)
        .key_schema(key("sk", KeyType::Range)?)
        .global_secondary_indexes(index)
        .stream_specification(stream)
        .send()
        .await
        .map_err(|err| {
            TableError::Unavailable(format!(
                "{}",
                aws_sdk_dynamodb::error::DisplayErrorContext(err)
            ))
        })?;
    Ok(())
}
