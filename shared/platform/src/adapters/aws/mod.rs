//! AWS adapters on the official SDK. Clients are built once per cold start from one shared
//! SDK configuration (region, credentials and `AWS_ENDPOINT_URL_*` overrides from the
//! environment, which is how the tests point them at DynamoDB Local and moto).

mod dynamodb;
mod expressions;
mod http_client;
mod lazy_client;
mod s3;
mod ses;
mod sqs;

pub use dynamodb::DynamoTable;
pub use lazy_client::LazyClient;
pub use s3::S3Blobs;
pub use ses::SesMailer;
pub use sqs::SqsQueue;

use aws_config::{BehaviorVersion, SdkConfig};

/// Loads the SDK configuration from the environment, with the shared HTTPS client.
pub async fn load_sdk_config() -> SdkConfig {
    let loader = aws_config::defaults(BehaviorVersion::latest());
    match http_client::https_client() {
        Ok(client) => loader.http_client(client),
        // The bundled roots always parse; should that ever fail, the SDK's default client works.
        Err(err) => {
            tracing::warn!(error = %err, "falling back to the SDK's default HTTPS client");
            loader
        }
    }
    .load()
    .await
}

/// The message of an SDK error with its cause chain, for logs (never for clients).
fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    aws_sdk_dynamodb::error::DisplayErrorContext(err).to_string()
}
