//! Conformance subjects on the AWS adapters, against DynamoDB Local and moto started by
//! `scripts/test`. A missing emulator fails the test with a message saying how to start it;
//! nothing is skipped.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use aws_config::{BehaviorVersion, SdkConfig};
use bytes::Bytes;
use ferrofin_platform::adapters::aws::{DynamoTable, S3Blobs, SesMailer, SqsQueue, schema};
use ferrofin_platform::ports::blobs::PresignedRequest;
use ferrofin_platform::ports::queue::{Envelope, QueueName};

use crate::conformance::blobs::{BlobsSubject, PresignedClient, PresignedResponse};
use crate::conformance::mailer::{MailProbe, MailerSubject, SentMail};
use crate::conformance::queue::{QueueProbe, QueueSubject};
use crate::conformance::table::TableSubject;
use crate::embedded_subjects::{PROBE_TIMEOUT, test_clock};

/// Sender identity the SES tests verify in moto.
const MAIL_FROM: &str = "no-reply@ferrofin.test";

/// Reads an emulator setting, failing loudly when the emulators were not started.
pub fn require(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| {
        panic!(
            "{variable} is not set: the `emulators` tests need DynamoDB Local and moto. \
             Run them with scripts/test, which installs and starts both."
        )
    })
}

/// SDK configuration for the emulators, checking the environment names them.
pub async fn sdk_config() -> SdkConfig {
    for variable in [
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL_SQS",
        "AWS_ENDPOINT_URL_SESV2",
    ] {
        let endpoint = require(variable);
        assert!(
            endpoint.starts_with("http://127.0.0.1:"),
            "{variable} must point at 127.0.0.1, got {endpoint}"
        );
    }
    assert_eq!(
        std::env::var("AWS_EC2_METADATA_DISABLED").as_deref(),
        Ok("true"),
        "instance metadata must be disabled"
    );
    aws_config::defaults(BehaviorVersion::latest()).load().await
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", ulid::Ulid::new().to_string().to_lowercase())
}

/// Creates a table with the production schema (as in template.yaml) under a fresh name.
pub async fn create_table(client: &aws_sdk_dynamodb::Client) -> String {
    let name = unique("ferrofin-test");
    schema::create_table(client, &name)
        .await
        .expect("create table in DynamoDB Local");
    name
}

pub async fn table() -> TableSubject {
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let name = create_table(&client).await;
    let clock = test_clock();
    TableSubject {
        table: Arc::new(DynamoTable::new(client, name, clock.clone())),
        clock,
        data_dir: None,
    }
}

/// Sends presigned requests over real HTTP.
pub struct HttpClient(reqwest::Client);

/// A plain HTTP client to the emulators. reqwest is built with rustls but no crypto provider of
/// its own (the investments' price source, one TLS stack): the process installs aws-lc-rs's.
pub fn http_client() -> reqwest::Client {
    // Already installed by an earlier client: that is fine.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    reqwest::Client::new()
}

#[async_trait]
impl PresignedClient for HttpClient {
    async fn execute(&self, request: &PresignedRequest, body: Option<Bytes>) -> PresignedResponse {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("method");
        let mut builder = self.0.request(method, &request.url);
        for (name, value) in &request.headers {
            // reqwest derives Content-Length from the body.
            if !name.eq_ignore_ascii_case("content-length") {
                builder = builder.header(name, value);
            }
        }
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let response = builder.send().await.expect("presigned request");
        PresignedResponse {
            status: response.status().as_u16(),
            content_disposition: response
                .headers()
                .get(reqwest::header::CONTENT_DISPOSITION)
                .map(|value| value.to_str().expect("ASCII header").to_owned()),
            body: response.bytes().await.expect("body"),
        }
    }
}

pub async fn blobs() -> BlobsSubject {
    let sdk = sdk_config().await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    let bucket = unique("ferrofin-test");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("create bucket in moto");
    BlobsSubject {
        blobs: Arc::new(S3Blobs::new(s3, bucket, test_clock())),
        client: Arc::new(HttpClient(http_client())),
    }
}

/// Receives (and deletes) what reached the SQS queues.
pub struct SqsProbe {
    client: aws_sdk_sqs::Client,
    urls: HashMap<QueueName, String>,
}

#[async_trait]
impl QueueProbe for SqsProbe {
    async fn received(&self, queue: QueueName, count: usize) -> Vec<Envelope> {
        let url = &self.urls[&queue];
        let deadline = tokio::time::Instant::now() + PROBE_TIMEOUT;
        let mut received = Vec::new();
        while received.len() < count && tokio::time::Instant::now() < deadline {
            let output = self
                .client
                .receive_message()
                .queue_url(url)
                .max_number_of_messages(10)
                .wait_time_seconds(1)
                .send()
                .await
                .expect("receive");
            for message in output.messages.unwrap_or_default() {
                received
                    .push(Envelope::from_json(message.body().expect("body")).expect("envelope"));
                if let Some(handle) = message.receipt_handle() {
                    self.client
                        .delete_message()
                        .queue_url(url)
                        .receipt_handle(handle)
                        .send()
                        .await
                        .expect("delete");
                }
            }
        }
        received
    }
}

pub async fn queue() -> QueueSubject {
    let client = aws_sdk_sqs::Client::new(&sdk_config().await);
    let mut urls = HashMap::new();
    for name in QueueName::ALL {
        let output = client
            .create_queue()
            .queue_name(unique(&format!("ferrofin-{}", name.as_str())))
            .send()
            .await
            .expect("create queue in moto");
        urls.insert(name, output.queue_url().expect("queue url").to_owned());
    }
    QueueSubject {
        queue: Arc::new(SqsQueue::new(client.clone(), urls.clone())),
        probe: Arc::new(SqsProbe { client, urls }),
        data_dir: None,
    }
}

/// Reads the messages moto's SES recorded, from `/moto-api/data.json`.
pub struct MotoMailProbe {
    data_url: String,
}

#[async_trait]
impl MailProbe for MotoMailProbe {
    async fn sent(&self) -> Vec<SentMail> {
        let data: serde_json::Value = http_client()
            .get(&self.data_url)
            .send()
            .await
            .expect("moto data.json")
            .json()
            .await
            .expect("data.json is JSON");
        let messages = data["ses"]["Message"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        messages
            .iter()
            .flat_map(|message| {
                let subject = message["subject"].as_str().unwrap_or_default().to_owned();
                let body = message["body"].as_str().unwrap_or_default().to_owned();
                let to = message["destinations"]["ToAddresses"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                to.into_iter().map(move |address| SentMail {
                    to: address.as_str().unwrap_or_default().to_owned(),
                    subject: subject.clone(),
                    body: body.clone(),
                })
            })
            .collect()
    }
}

pub async fn mailer() -> MailerSubject {
    let client = aws_sdk_sesv2::Client::new(&sdk_config().await);
    client
        .create_email_identity()
        .email_identity(MAIL_FROM)
        .send()
        .await
        .expect("verify the sender in moto");
    MailerSubject {
        mailer: Arc::new(SesMailer::new(client, MAIL_FROM)),
        probe: Arc::new(MotoMailProbe {
            data_url: format!("{}/moto-api/data.json", require("MOTO_URL")),
        }),
    }
}

// ---------------------------------------------------------------- SQS workers
// Helpers for worker tests: queues with redrive policies, and a poller that does what Lambda's
// SQS event source mapping does (receive, invoke the batch handler, delete what succeeded).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use ferrofin_platform::ports::queue::Consumer;
use ferrofin_platform::worker::handle_sqs_batch;

/// Creates an SQS queue in moto under a fresh name with the given attributes; returns its URL.
pub async fn create_sqs_queue(
    client: &aws_sdk_sqs::Client,
    prefix: &str,
    attributes: &[(QueueAttributeName, String)],
) -> String {
    let mut request = client.create_queue().queue_name(unique(prefix));
    for (name, value) in attributes {
        request = request.attributes(name.clone(), value);
    }
    let output = request.send().await.expect("create queue in moto");
    output.queue_url().expect("queue url").to_owned()
}

/// Creates a queue whose messages move to a new dead-letter queue after `max_receive_count`
/// receives; returns (queue URL, dead-letter queue URL).
pub async fn create_sqs_queue_with_dlq(
    client: &aws_sdk_sqs::Client,
    prefix: &str,
    max_receive_count: u32,
) -> (String, String) {
    let dlq = create_sqs_queue(client, &format!("{prefix}-dlq"), &[]).await;
    let attributes = client
        .get_queue_attributes()
        .queue_url(&dlq)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .expect("dead-letter queue attributes");
    let arn = attributes
        .attributes()
        .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn))
        .expect("dead-letter queue ARN");
    let redrive = serde_json::json!({
        "deadLetterTargetArn": arn,
        "maxReceiveCount": max_receive_count.to_string(),
    });
    let queue = create_sqs_queue(
        client,
        prefix,
        &[(QueueAttributeName::RedrivePolicy, redrive.to_string())],
    )
    .await;
    (queue, dlq)
}

/// The SQS event Lambda would deliver for received messages.
pub fn sqs_event(messages: &[aws_sdk_sqs::types::Message]) -> SqsEvent {
    let mut event = SqsEvent::default();
    event.records = messages
        .iter()
        .map(|message| {
            let mut record = SqsMessage::default();
            record.message_id = message.message_id().map(str::to_owned);
            record.receipt_handle = message.receipt_handle().map(str::to_owned);
            record.body = message.body().map(str::to_owned);
            record.md5_of_body = message.md5_of_body().map(str::to_owned);
            record.event_source = Some("aws:sqs".to_owned());
            record.attributes = message
                .attributes()
                .map(|attributes| {
                    attributes
                        .iter()
                        .map(|(name, value)| (name.as_str().to_owned(), value.clone()))
                        .collect()
                })
                .unwrap_or_default();
            record
        })
        .collect();
    event
}

/// Polls one queue like Lambda's SQS event source mapping with `ReportBatchItemFailures`.
pub struct SqsPoller {
    pub client: aws_sdk_sqs::Client,
    pub url: String,
}

impl SqsPoller {
    /// Receives up to 10 messages (waiting up to a second) with the given visibility timeout,
    /// hands them to `handle_sqs_batch`, and deletes those not reported as failed, so a failed
    /// one comes back after the visibility timeout. Returns how many were received and the
    /// batch response.
    pub async fn poll_once(
        &self,
        consumer: &dyn Consumer,
        visibility_timeout: i32,
    ) -> (usize, SqsBatchResponse) {
        let messages = self.receive(visibility_timeout).await;
        let response = handle_sqs_batch(consumer, sqs_event(&messages)).await;
        let failed: Vec<&str> = response
            .batch_item_failures
            .iter()
            .map(|failure| failure.item_identifier.as_str())
            .collect();
        for message in &messages {
            if failed.contains(&message.message_id().unwrap_or_default()) {
                continue;
            }
            if let Some(handle) = message.receipt_handle() {
                self.client
                    .delete_message()
                    .queue_url(&self.url)
                    .receipt_handle(handle)
                    .send()
                    .await
                    .expect("delete");
            }
        }
        (messages.len(), response)
    }

    /// Receives up to 10 messages, waiting up to a second, without deleting them.
    pub async fn receive(&self, visibility_timeout: i32) -> Vec<aws_sdk_sqs::types::Message> {
        self.client
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .visibility_timeout(visibility_timeout)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .send()
            .await
            .expect("receive")
            .messages
            .unwrap_or_default()
    }
}
