//! The services a function's handlers use: the ports, the clock, the cursor codec and the HTTP
//! settings, built either on AWS (Lambda) or embedded (devserver, tests).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::adapters::aws::{
    DynamoTable, LazyClient, QueuePair, S3Blobs, SesMailer, SqsQueue, SqsQueueAdmin,
    load_sdk_config,
};
use crate::adapters::embedded::{
    DeliveryPolicy, EmbeddedBlobs, EmbeddedQueue, EmbeddedTable, OpenError, OutboxMailer, Storage,
    Store,
};
use crate::adapters::table_settings::TableSettings;
use crate::config::Config;
use crate::events::LocalEvents;
use crate::events::local::PublishingTable;
use crate::http::{CursorCodec, HttpSettings};
use crate::ports::blobs::Blobs;
use crate::ports::clock::{Clock, SystemClock};
use crate::ports::mailer::Mailer;
use crate::ports::queue::{Queue, QueueName};
use crate::ports::queue_admin::QueueAdmin;
use crate::ports::table::Table;
use crate::security::Signer;
use crate::security::jwt::JwtKeys;
use crate::security::password::PasswordHasher;
use crate::settings::RuntimeSettings;

/// `iss` of Ferrofin's access tokens.
pub const JWT_ISSUER: &str = "ferrofin";
/// `aud` of Ferrofin's access tokens.
pub const JWT_AUDIENCE: &str = "ferrofin-api";

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub table: Arc<dyn Table>,
    pub blobs: Arc<dyn Blobs>,
    pub queue: Arc<dyn Queue>,
    /// Counts, dead letters and redrive of the queues (the admin function).
    pub queue_admin: Arc<dyn QueueAdmin>,
    /// Feature flags and limits, cached (see `crate::settings`).
    pub settings: RuntimeSettings,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
    pub cursors: CursorCodec,
    /// Signs the links in emails (unsubscribe), under the cursor secret.
    pub signer: Signer,
    /// Issues and checks access tokens.
    pub jwt: Arc<JwtKeys>,
    pub password_hasher: Arc<PasswordHasher>,
    pub http: HttpSettings,
    /// When this process started serving (cold start).
    pub started: Instant,
}

impl AppState {
    /// Builds SDK clients once, for the lifetime of the Lambda execution environment.
    pub async fn aws(config: &Config) -> Self {
        let sdk = load_sdk_config().await;
        let signer = Signer::new(&config.cursor_secret)
            .with_previous(config.cursor_secret_previous.as_deref());
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let s3 = aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(config.s3_force_path_style)
            .build();
        // Clients are built on first use: a function builds only those it needs.
        let (dynamodb, sqs, sqs_admin, ses) = (sdk.clone(), sdk.clone(), sdk.clone(), sdk);
        let queue_urls = HashMap::from([
            (QueueName::Email, config.email_queue_url.clone()),
            (QueueName::Jobs, config.jobs_queue_url.clone()),
            (QueueName::Imports, config.imports_queue_url.clone()),
            (QueueName::Risk, config.risk_queue_url.clone()),
            (QueueName::Prices, config.prices_queue_url.clone()),
        ]);
        let queue_pairs = config
            .dead_letter_queue_urls
            .iter()
            .filter_map(|(queue, dead_letter_url)| {
                let url = queue_urls.get(queue)?.clone();
                let dead_letter_url = dead_letter_url.clone();
                Some((
                    *queue,
                    QueuePair {
                        url,
                        dead_letter_url,
                    },
                ))
            })
            .collect();
        let table: Arc<dyn Table> = Arc::new(DynamoTable::new(
            LazyClient::new(move || aws_sdk_dynamodb::Client::new(&dynamodb)),
            &config.table_name,
            Arc::clone(&clock),
        ));
        Self {
            settings: settings_on(&table, &clock),
            table,
            blobs: Arc::new(S3Blobs::new(
                LazyClient::new(move || aws_sdk_s3::Client::from_conf(s3.clone())),
                &config.bucket_name,
                Arc::clone(&clock),
            )),
            queue: Arc::new(SqsQueue::new(
                LazyClient::new(move || aws_sdk_sqs::Client::new(&sqs)),
                queue_urls,
            )),
            queue_admin: Arc::new(SqsQueueAdmin::new(
                LazyClient::new(move || aws_sdk_sqs::Client::new(&sqs_admin)),
                queue_pairs,
            )),
            mailer: Arc::new(SesMailer::new(
                LazyClient::new(move || aws_sdk_sesv2::Client::new(&ses)),
                &config.mail_from,
            )),
            clock,
            cursors: CursorCodec::signed_by(signer.clone()),
            signer,
            jwt: Arc::new(
                JwtKeys::new(&config.jwt_secret, JWT_ISSUER, JWT_AUDIENCE)
                    .with_previous(config.jwt_secret_previous.as_deref()),
            ),
            password_hasher: Arc::new(PasswordHasher::new()),
            http: config.http.clone(),
            started: Instant::now(),
        }
    }
}

/// How to build the embedded services.
pub struct EmbeddedOptions {
    /// Folder for blobs (`blobs/`) and the mail outbox (`outbox/`).
    pub data_dir: PathBuf,
    /// Where the table and the queue's undelivered messages live: in memory (tests), or durable,
    /// normally [`Storage::durable_in`] the data dir (`<data_dir>/table.redb`, the devserver).
    pub storage: Storage,
    /// Where the devserver listens, for presigned URLs.
    pub base_url: String,
    pub clock: Arc<dyn Clock>,
    /// Signs cursors, access tokens and local presigned URLs.
    pub secret: Vec<u8>,
    pub delivery: DeliveryPolicy,
    /// Deliveries of each domain event: 1, or more to show subscribers are idempotent.
    pub event_copies: u32,
    pub http: HttpSettings,
    pub mail_from: String,
}

/// The embedded adapters, kept concrete so the devserver and tests can reach their extras
/// (registering consumers and subscribers, the dead-letter lists, the outbox, the blob routes).
#[derive(Clone)]
pub struct Embedded {
    pub table: Arc<EmbeddedTable>,
    /// Delivers the domain events committed to the table (handlers write through
    /// [`PublishingTable`], the local stand-in for DynamoDB Streams).
    pub events: LocalEvents,
    published: Arc<dyn Table>,
    pub blobs: Arc<EmbeddedBlobs>,
    pub queue: EmbeddedQueue,
    pub mailer: Arc<OutboxMailer>,
    pub clock: Arc<dyn Clock>,
    cursors: CursorCodec,
    signer: Signer,
    jwt: Arc<JwtKeys>,
    password_hasher: Arc<PasswordHasher>,
    http: HttpSettings,
    settings: RuntimeSettings,
}

/// The runtime settings kept in `table`, with their cache.
fn settings_on(table: &Arc<dyn Table>, clock: &Arc<dyn Clock>) -> RuntimeSettings {
    let store = TableSettings::new(Arc::clone(table), Arc::clone(clock));
    RuntimeSettings::new(Arc::new(store), Arc::clone(clock))
}

impl Embedded {
    /// Opens the store and builds the services on it. Fails when a durable store cannot be
    /// opened, e.g. [`OpenError::Locked`] while another devserver uses the same data dir.
    pub fn new(options: EmbeddedOptions) -> Result<Self, OpenError> {
        let clock = options.clock;
        let store = Store::open(&options.storage)?;
        let queue = EmbeddedQueue::open(options.delivery, store.clone()).map_err(|err| {
            OpenError::Failed {
                path: options.storage.describe(),
                reason: err.to_string(),
            }
        })?;
        let table = Arc::new(EmbeddedTable::on_store(store, Arc::clone(&clock)));
        let events = LocalEvents::with_copies(options.delivery, options.event_copies);
        let published: Arc<dyn Table> =
            Arc::new(PublishingTable::new(table.clone(), events.clone()));
        Ok(Self {
            settings: settings_on(&published, &clock),
            published,
            table,
            events,
            blobs: Arc::new(EmbeddedBlobs::new(
                options.data_dir.join("blobs"),
                options.base_url,
                options.secret.clone(),
                Arc::clone(&clock),
            )),
            queue,
            mailer: Arc::new(OutboxMailer::new(
                options.data_dir.join("outbox"),
                options.mail_from,
                Arc::clone(&clock),
            )),
            cursors: CursorCodec::new(&options.secret),
            signer: Signer::new(&options.secret),
            jwt: Arc::new(JwtKeys::new(&options.secret, JWT_ISSUER, JWT_AUDIENCE)),
            password_hasher: Arc::new(PasswordHasher::new()),
            http: options.http,
            clock,
        })
    }

    /// The state handlers see.
    pub fn state(&self) -> AppState {
        AppState {
            table: self.published.clone(),
            blobs: self.blobs.clone(),
            queue: Arc::new(self.queue.clone()),
            queue_admin: Arc::new(self.queue.clone()),
            settings: self.settings.clone(),
            mailer: self.mailer.clone(),
            clock: Arc::clone(&self.clock),
            cursors: self.cursors.clone(),
            signer: self.signer.clone(),
            jwt: self.jwt.clone(),
            password_hasher: self.password_hasher.clone(),
            http: self.http.clone(),
            started: Instant::now(),
        }
    }
}

/// A new random secret (256 bits) for local runs.
pub fn random_secret() -> Vec<u8> {
    let mut secret = vec![0; 32];
    // The OS random source is always there on the platforms we run on.
    getrandom::fill(&mut secret).unwrap_or_else(|err| panic!("no OS randomness: {err}"));
    secret
}
