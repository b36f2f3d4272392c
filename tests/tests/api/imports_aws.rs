//! The whole import pipeline on the emulators, as it runs in AWS: the statement uploaded to S3
//! (moto) through its presigned URL and completed, the job queued on SQS (moto) and run by the
//! import worker's consumer from the messages it receives, the ledger and the job in DynamoDB
//! Local; then a re-import that is all duplicates and an undo, through the same queue.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use ferrofin_files::{Files, Purpose, Upload};
use ferrofin_fn_import_worker::ImportConsumer;
use ferrofin_imports::{FormatChoice, ImportJob, ImportStatus, Imports, NewImport};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::aws::SqsQueue;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::queue::QueueName;
use ferrofin_statements::{Column, CsvMapping};
use ferrofin_tests::TestApp;
use ferrofin_tests::conformance::blobs::PresignedClient;
use ferrofin_tests::emulators::{self, SqsPoller};

use crate::imports::CSV;

/// Longest time the test polls the imports queue for one job to end.
const JOB_TIMEOUT: Duration = Duration::from_secs(60);

struct Pipeline {
    _app: TestApp,
    state: AppState,
    poller: SqsPoller,
    worker: ImportConsumer,
    uploader: Arc<dyn PresignedClient>,
    user: UserId,
}

async fn pipeline() -> Pipeline {
    let app = TestApp::new();
    let sqs = aws_sdk_sqs::Client::new(&emulators::sdk_config().await);
    let url = emulators::create_sqs_queue(&sqs, "ferrofin-imports", &[]).await;
    let blobs = emulators::blobs().await;
    let state = AppState {
        table: emulators::table().await.table,
        blobs: blobs.blobs,
        queue: Arc::new(SqsQueue::new(
            sqs.clone(),
            HashMap::from([(QueueName::Imports, url.clone())]),
        )),
        ..app.embedded.state()
    };
    Pipeline {
        worker: ImportConsumer::new(&state),
        poller: SqsPoller { client: sqs, url },
        uploader: blobs.client,
        user: UserId::from(format!("01PIPELINE{}", ulid::Ulid::new())),
        state,
        _app: app,
    }
}

impl Pipeline {
    async fn account(&self) -> Account {
        let new = NewAccount {
            kind: AccountKind::Checking,
            name: "Bank".into(),
            currency: "EUR".into(),
            opening_balance: "0".into(),
            institution: None,
        };
        Ledger::new(&self.state)
            .open_account(&self.user, new)
            .await
            .expect("open")
    }

    /// Uploads `content` to S3 through the presigned request the declaration answers, and
    /// completes the file.
    async fn uploaded(&self, content: &'static [u8]) -> ferrofin_files::FileId {
        let files = Files::new(&self.state);
        let upload = Upload::checked(
            "statement.csv",
            "text/csv",
            content.len() as u64,
            Purpose::Import,
        )
        .expect("upload");
        let declared = files.declare(&self.user, upload).await.expect("declare");
        let response = self
            .uploader
            .execute(&declared.upload, Some(Bytes::from_static(content)))
            .await;
        assert_eq!(response.status, 200, "the presigned upload to S3");
        files
            .complete(&self.user, &declared.file.id)
            .await
            .expect("complete")
            .id
    }

    /// Feeds the queue's messages to the worker until the job is final.
    async fn finished(&self, job: &ImportJob) -> ImportJob {
        let imports = Imports::new(&self.state);
        let deadline = tokio::time::Instant::now() + JOB_TIMEOUT;
        loop {
            let current = imports.get(&self.user, &job.id).await.expect("job");
            if current.status.is_final() {
                return current;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the job is still {:?}",
                current.status
            );
            let (_, response) = self.poller.poll_once(&self.worker, 30).await;
            assert!(
                response.batch_item_failures.is_empty(),
                "the worker failed a message"
            );
        }
    }

    async fn balance(&self, account: &Account) -> String {
        Ledger::new(&self.state)
            .account(&self.user, &account.id)
            .await
            .expect("account")
            .balance()
            .to_decimal_string()
    }
}

fn csv_mapping() -> FormatChoice {
    let mut mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
    mapping.description = Some(Column::Name("Text".into()));
    FormatChoice::Csv(Some(Box::new(mapping)))
}

#[tokio::test]
async fn a_statement_travels_s3_sqs_and_dynamodb_and_comes_out_exact() {
    let pipeline = pipeline().await;
    let account = pipeline.account().await;
    let file = pipeline.uploaded(CSV).await;
    let imports = Imports::new(&pipeline.state);
    let new = |file| NewImport {
        file_id: file,
        account_id: account.id.clone(),
        format: csv_mapping(),
    };
    let job = imports
        .start(&pipeline.user, new(file.clone()), None)
        .await
        .expect("start");
    let done = pipeline.finished(&job).await;
    assert_eq!(done.status, ImportStatus::CompletedWithErrors, "{done:?}");
    assert_eq!(
        (
            done.counts.imported,
            done.counts.duplicates,
            done.counts.failed
        ),
        (3, 0, 1)
    );
    assert_eq!(done.errors[0].row, 5);
    assert_eq!(pipeline.balance(&account).await, "2491.00");

    let again = imports
        .start(&pipeline.user, new(file), None)
        .await
        .expect("start again");
    let again = pipeline.finished(&again).await;
    assert_eq!((again.counts.imported, again.counts.duplicates), (0, 3));
    assert_eq!(pipeline.balance(&account).await, "2491.00");

    let undoing = imports.undo(&pipeline.user, &job.id).await.expect("undo");
    assert_eq!(undoing.status, ImportStatus::Undoing);
    let undone = pipeline.finished(&undoing).await;
    assert_eq!(undone.status, ImportStatus::Undone);
    assert_eq!(undone.counts.removed, 3);
    assert_eq!(pipeline.balance(&account).await, "0.00");
}
