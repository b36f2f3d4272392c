//! The import job on the embedded store: a CSV or OFX file read in batches into an account;
//! a re-import is all duplicates; identical rows in one file are both kept; bad rows are
//! reported with their numbers; a job stopped at a deadline, or one whose last batch was
//! written but not saved, ends as one clean run; a file that is not a statement fails the job.

use bytes::Bytes;
use ferrofin_files::{FileId, Files, Purpose, Upload};
use ferrofin_imports::{
    ImportFormat, ImportId, ImportJob, ImportRunner, ImportStatus, ImportStore, StepOutcome,
};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::{Account, AccountKind};
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_platform::AppState;
use ferrofin_platform::ids::UserId;
use ferrofin_statements::{Column, CsvMapping};
use ferrofin_tests::TestApp;

fn user() -> UserId {
    UserId::from("01IMPORTRUNNER")
}

async fn account(state: &AppState) -> Account {
    let new = NewAccount {
        kind: AccountKind::Checking,
        name: "Bank".into(),
        currency: "EUR".into(),
        opening_balance: "0".into(),
        institution: None,
    };
    Ledger::new(state)
        .open_account(&user(), new)
        .await
        .expect("open")
}

/// A ready file of the user holding `content`.
async fn file(state: &AppState, content: &[u8], content_type: &str) -> FileId {
    let files = Files::new(state);
    let upload = Upload::checked(
        "statement",
        content_type,
        content.len() as u64,
        Purpose::Import,
    )
    .expect("upload");
    let declared = files.declare(&user(), upload).await.expect("declare");
    state
        .blobs
        .put(
            &declared.file.upload_key(),
            Bytes::copy_from_slice(content),
            content_type,
        )
        .await
        .expect("upload");
    files
        .complete(&user(), &declared.file.id)
        .await
        .expect("complete")
        .id
}

fn csv_format() -> ImportFormat {
    let mut mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
    mapping.description = Some(Column::Name("Text".into()));
    ImportFormat::Csv {
        mapping: Box::new(mapping),
    }
}

async fn job(state: &AppState, file: &FileId, account: &Account, format: ImportFormat) -> ImportId {
    let job = ImportJob::queued(
        ImportId::generate(state.clock.as_ref()),
        user(),
        file.clone(),
        account.id.clone(),
        format,
        state.clock.now(),
    );
    ImportStore::new(state).create(&job).await.expect("create");
    job.id
}

async fn run(state: &AppState, id: &ImportId) -> ImportJob {
    let outcome = ImportRunner::new(state)
        .step(&user(), id, None)
        .await
        .expect("step");
    assert_eq!(outcome, StepOutcome::Done);
    ImportStore::new(state).get(&user(), id).await.expect("job")
}

async fn balance(state: &AppState, account: &Account) -> String {
    Ledger::new(state)
        .account(&user(), &account.id)
        .await
        .expect("account")
        .balance()
        .to_decimal_string()
}

const CSV: &str = "Date,Amount,Text\n\
2026-03-01,-4.50,Coffee\n\
2026-03-01,-4.50,Coffee\n\
2026-03-02,2500.00,Salary\n\
2026-03-03,12.345,Too precise\n\
not a date,-1.00,Broken\n\
2026-03-04,-60.00,Groceries\n";

#[tokio::test]
async fn a_csv_is_imported_then_a_reimport_is_all_duplicates() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let account = account(&state).await;
    let file = file(&state, CSV.as_bytes(), "text/csv").await;
    let first = run(&state, &job(&state, &file, &account, csv_format()).await).await;
    assert_eq!(first.status, ImportStatus::CompletedWithErrors);
    assert_eq!(
        (
            first.counts.processed,
            first.counts.imported,
            first.counts.duplicates,
            first.counts.failed
        ),
        (6, 4, 0, 2),
        "two identical coffees are both kept"
    );
    let rows: Vec<(u64, Option<&str>)> = first
        .errors
        .iter()
        .map(|error| (error.row, error.column.as_deref()))
        .collect();
    assert_eq!(rows, [(5, Some("amount")), (6, Some("date"))]);
    assert_eq!(balance(&state, &account).await, "2431.00");

    let again = run(&state, &job(&state, &file, &account, csv_format()).await).await;
    assert_eq!(
        (
            again.counts.imported,
            again.counts.duplicates,
            again.counts.failed
        ),
        (0, 4, 2)
    );
    assert_eq!(balance(&state, &account).await, "2431.00");
}

#[tokio::test]
async fn a_job_stopped_at_its_deadline_continues_to_one_clean_run() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let account = account(&state).await;
    let mut csv = String::from("Date,Amount,Text\n");
    for i in 0..1_200 {
        csv.push_str(&format!("2026-02-{:02},-1.00,Shop {}\n", i % 28 + 1, i % 7));
    }
    let file = file(&state, csv.as_bytes(), "text/csv").await;
    let id = job(&state, &file, &account, csv_format()).await;
    let runner = ImportRunner::new(&state);
    let past = Some(state.clock.now());
    assert_eq!(
        runner.step(&user(), &id, past).await.expect("first step"),
        StepOutcome::Continue
    );
    let partial = ImportStore::new(&state)
        .get(&user(), &id)
        .await
        .expect("job");
    assert_eq!(partial.status, ImportStatus::Running);
    assert_eq!(partial.counts.imported, 500);
    let done = run(&state, &id).await;
    assert_eq!(done.status, ImportStatus::Completed);
    assert_eq!((done.counts.imported, done.counts.duplicates), (1_200, 0));
    assert_eq!(balance(&state, &account).await, "-1200.00");
    // A redelivered message finds the job final and changes nothing.
    assert_eq!(run(&state, &id).await.counts, done.counts);
}

#[tokio::test]
async fn a_batch_written_by_a_run_that_died_before_saving_counts_once() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let account = account(&state).await;
    let file = file(&state, CSV.as_bytes(), "text/csv").await;
    let id = job(&state, &file, &account, csv_format()).await;
    // The first run recorded everything and died before it saved the job: run it, then put
    // the job back as it was stored before.
    let before = ImportStore::new(&state)
        .get(&user(), &id)
        .await
        .expect("job");
    run(&state, &id).await;
    let mut rewound = ImportStore::new(&state)
        .get(&user(), &id)
        .await
        .expect("job");
    let version = rewound.version;
    rewound = ImportJob { version, ..before };
    ImportStore::new(&state)
        .save(&mut rewound, state.clock.now())
        .await
        .expect("rewind");
    let done = run(&state, &id).await;
    assert_eq!(
        (
            done.counts.imported,
            done.counts.duplicates,
            done.counts.failed
        ),
        (4, 0, 2)
    );
    assert_eq!(balance(&state, &account).await, "2431.00");
}

#[tokio::test]
async fn an_ofx_statement_is_imported_by_fitid() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let account = account(&state).await;
    let ofx = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>EUR\
<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>\
<BANKTRANLIST><DTSTART>20260301<DTEND>20260331\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260305<TRNAMT>-20.00<FITID>A1<NAME>Bakery</STMTTRN>\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260306<TRNAMT>100.00<FITID>A2<NAME>Refund</STMTTRN>\
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n";
    let file = file(&state, ofx.as_bytes(), "application/x-ofx").await;
    let done = run(
        &state,
        &job(&state, &file, &account, ImportFormat::Ofx).await,
    )
    .await;
    assert_eq!(done.status, ImportStatus::Completed, "{:?}", done.failure);
    assert_eq!(done.counts.imported, 2);
    assert_eq!(balance(&state, &account).await, "80.00");
    let again = run(
        &state,
        &job(&state, &file, &account, ImportFormat::Ofx).await,
    )
    .await;
    assert_eq!(again.counts.duplicates, 2);
}

#[tokio::test]
async fn a_file_that_is_not_a_statement_fails_the_job_with_its_reason() {
    let app = TestApp::new();
    let state = app.embedded.state();
    let account = account(&state).await;
    let file = file(&state, b"just some words, no statement here", "text/plain").await;
    let done = run(
        &state,
        &job(&state, &file, &account, ImportFormat::Ofx).await,
    )
    .await;
    assert_eq!(done.status, ImportStatus::Failed);
    assert!(done.failure.is_some_and(|reason| !reason.is_empty()));
    assert_eq!(balance(&state, &account).await, "0.00");
}
