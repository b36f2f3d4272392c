//! AWS adapters on the official SDK. Clients are built once per cold start from one shared
//! SDK configuration (region, credentials and `AWS_ENDPOINT_URL_*` overrides from the
//! environment, which is how the tests point them at DynamoDB Local and moto).

mod dynamodb;
mod expressions;
mod http_client;
mod lazy_client;
mod s3;
pub mod schema;
mod ses;
mod sqs;
mod sqs_admin;

pub use dynamodb::DynamoTable;
pub use lazy_client::LazyClient;
pub use s3::S3Blobs;
pub use ses::SesMailer;
pub use sqs::SqsQueue;
pub use sqs_admin::{QueuePair, SqsQueueAdmin};

use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::{BehaviorVersion, ConfigLoader, SdkConfig};

/// Loads the SDK configuration from the environment, with the shared HTTPS client.
pub async fn load_sdk_config() -> SdkConfig {
    let loader = with_credentials(aws_config::defaults(BehaviorVersion::latest()));
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

/// Lambda hands the function role's credentials over as environment variables: read them
/// directly when they are there instead of building the whole default chain, which at load also
/// builds a web-identity provider with its own STS client (most of the SDK's share of init).
/// Elsewhere (a developer's machine) the default chain stays.
fn with_credentials(loader: ConfigLoader) -> ConfigLoader {
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
        loader.credentials_provider(EnvironmentVariableCredentialsProvider::new())
    } else {
        loader
    }
}

/// The message of an SDK error with its cause chain, for logs (never for clients).
fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    aws_sdk_dynamodb::error::DisplayErrorContext(err).to_string()
}
