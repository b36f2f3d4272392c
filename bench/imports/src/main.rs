//! Import throughput on the durable embedded store (BENCHMARKS.md, "Statement import").
//!
//! `import-bench prepare --dir D --rows N` writes a user's account, a few categorisation rules
//! and a generated CSV statement of N rows (an uploaded, completed `import` file) into the data
//! dir D. `import-bench run --dir D` then imports it end to end in a fresh process — parse,
//! validate, dedup, categorise, write with balances and rollups, and deliver every domain event
//! to every subscriber — and prints rows per minute and the process's peak memory. Two
//! processes, so the generated file's bytes do not count in the run's peak.
//!
//! With `--dynamodb` (both commands) the table is DynamoDB — DynamoDB Local on 127.0.0.1, from
//! the `AWS_ENDPOINT_URL_DYNAMODB` that `scripts/test --emulators` writes to
//! `.tools/emulators.env` — and the file stays on local disk: the run measures what one import
//! worker writes (its events are delivered by the stream's worker in AWS, not here).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use bytes::Bytes;
use clap::{Parser, Subcommand};
use ferrofin_files::{FileId, Files, Purpose, Upload};
use ferrofin_imports::{ImportFormat, ImportId, ImportJob, ImportRunner, ImportStore, StepOutcome};
use ferrofin_ledger::Ledger;
use ferrofin_ledger::accounts::AccountKind;
use ferrofin_ledger::accounts_service::NewAccount;
use ferrofin_ledger::ids::AccountId;
use ferrofin_ledger::rules::{RuleField, RuleOperator, RuleSpec};
use ferrofin_platform::AppState;
use ferrofin_platform::adapters::aws::{DynamoTable, load_sdk_config, schema};
use ferrofin_platform::adapters::embedded::{DeliveryPolicy, Storage};
use ferrofin_platform::http::HttpSettings;
use ferrofin_platform::ids::UserId;
use ferrofin_platform::ports::clock::SystemClock;
use ferrofin_platform::{Embedded, EmbeddedOptions};
use ferrofin_statements::{Column, CsvMapping};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes the account, rules and statement file to import.
    Prepare {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// On DynamoDB (Local): creates a table for the run.
        #[arg(long)]
        dynamodb: bool,
    },
    /// Imports the prepared file and reports the throughput and peak memory.
    Run {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        dynamodb: bool,
    },
}

const USER: &str = "01BENCHIMPORTUSER";
/// Where `prepare` leaves the ids `run` needs.
const IDS_FILE: &str = "import-bench.ids";
/// Where `prepare --dynamodb` leaves the name of the table it created.
const TABLE_FILE: &str = "import-bench.table";

/// Merchants of the generated rows; the rules categorise some of them.
const MERCHANTS: &[&str] = &[
    "Grocer Fresh Market",
    "City Transit",
    "Corner Coffee",
    "Online Books",
    "Power and Light Co",
    "Pharmacy Plus",
    "Fuel Station",
    "Cinema Central",
    "Salary ACME Ltd",
    "Rent Payment",
];

/// The embedded services on `dir`, and the state handlers see: on the embedded table, or with
/// `dynamodb` on the DynamoDB table named in `dir` (created when `create`).
async fn open(dir: &Path, dynamodb: bool, create: bool) -> anyhow::Result<(Embedded, AppState)> {
    let embedded = open_embedded(dir)?;
    let mut state = embedded.state();
    if dynamodb {
        anyhow::ensure!(
            std::env::var("AWS_ENDPOINT_URL_DYNAMODB")
                .is_ok_and(|endpoint| endpoint.starts_with("http://127.0.0.1:")),
            "AWS_ENDPOINT_URL_DYNAMODB must point at DynamoDB Local on 127.0.0.1 \
             (scripts/test --emulators, then source .tools/emulators.env)"
        );
        let client = aws_sdk_dynamodb::Client::new(&load_sdk_config().await);
        let name = if create {
            let name = format!("import-bench-{}", std::process::id());
            schema::create_table(&client, &name).await?;
            std::fs::write(dir.join(TABLE_FILE), &name)?;
            name
        } else {
            std::fs::read_to_string(dir.join(TABLE_FILE)).context("prepare with --dynamodb")?
        };
        state.table = Arc::new(DynamoTable::new(client, name, state.clock.clone()));
    }
    Ok((embedded, state))
}

fn open_embedded(dir: &Path) -> anyhow::Result<Embedded> {
    Embedded::new(EmbeddedOptions {
        data_dir: dir.to_owned(),
        storage: Storage::durable_in(dir),
        base_url: "http://127.0.0.1:1".into(),
        clock: Arc::new(SystemClock),
        secret: vec![7; 32],
        delivery: DeliveryPolicy::default(),
        event_copies: 1,
        http: HttpSettings::default(),
        mail_from: "bench@localhost".into(),
    })
    .context("cannot open the data dir")
}

/// `rows` lines of `Date,Amount,Text`: two years of days in order (as a bank writes them),
/// varied amounts, the merchants above with a reference number (every row distinct).
fn statement(rows: u64) -> Vec<u8> {
    let mut csv = String::with_capacity(rows as usize * 48 + 32);
    csv.push_str("Date,Amount,Text\n");
    for row in 0..rows {
        let day = row * 730 / rows;
        let (year, day_of_year) = (2024 + day / 365, day % 365);
        let (month, day_of_month) = (1 + day_of_year / 31 % 12, 1 + day_of_year % 28);
        let merchant = MERCHANTS[(row % MERCHANTS.len() as u64) as usize];
        let cents = (row * 7919) % 20_000;
        let sign = if merchant.starts_with("Salary") {
            ""
        } else {
            "-"
        };
        csv.push_str(&format!(
            "{year}-{month:02}-{day_of_month:02},{sign}{}.{:02},{merchant} {row}\n",
            cents / 100,
            cents % 100
        ));
    }
    csv.into_bytes()
}

async fn prepare(dir: &Path, rows: u64, dynamodb: bool) -> anyhow::Result<()> {
    if dir.join(IDS_FILE).exists() {
        bail!("{} is already prepared; use an empty dir", dir.display());
    }
    std::fs::create_dir_all(dir)?;
    let (_embedded, state) = open(dir, dynamodb, true).await?;
    let user = UserId::from(USER);
    let ledger = Ledger::new(&state);
    let account = ledger
        .open_account(
            &user,
            NewAccount {
                kind: AccountKind::Checking,
                name: "Bench".into(),
                currency: "EUR".into(),
                opening_balance: "0".into(),
                institution: None,
            },
        )
        .await?;
    for (pattern, category) in [
        ("grocer", "groceries"),
        ("transit", "transport"),
        ("coffee", "dining"),
        ("salary", "salary"),
    ] {
        ledger
            .create_rule(
                &user,
                RuleSpec {
                    priority: 100,
                    field: RuleField::Description,
                    operator: RuleOperator::Contains,
                    pattern: pattern.into(),
                    min_amount: None,
                    max_amount: None,
                    category: Some(category.into()),
                    tags: Vec::new(),
                },
            )
            .await
            .map_err(|err| anyhow::anyhow!("cannot add a rule: {err:?}"))?;
    }
    let content = statement(rows);
    let files = Files::new(&state);
    let upload = Upload::checked(
        "bench.csv",
        "text/csv",
        content.len() as u64,
        Purpose::Import,
    )
    .map_err(|err| anyhow::anyhow!("{err:?}"))?;
    let declared = files.declare(&user, upload).await?;
    state
        .blobs
        .put(
            &declared.file.upload_key(),
            Bytes::from(content),
            "text/csv",
        )
        .await?;
    let file = files.complete(&user, &declared.file.id).await?;
    std::fs::write(
        dir.join(IDS_FILE),
        format!("{}\n{}\n{rows}\n", account.id, file.id),
    )?;
    println!("prepared {rows} rows in {}", dir.display());
    Ok(())
}

async fn run(dir: &Path, dynamodb: bool) -> anyhow::Result<()> {
    let ids = std::fs::read_to_string(dir.join(IDS_FILE)).context("run `prepare` first")?;
    let mut ids = ids.lines();
    let (Some(account_id), Some(file_id), Some(rows)) = (ids.next(), ids.next(), ids.next()) else {
        bail!("{IDS_FILE} is not what `prepare` wrote");
    };
    let rows: u64 = rows.parse()?;
    let (embedded, state) = open(dir, dynamodb, false).await?;
    embedded
        .events
        .start(ferrofin_fn_events_worker::dispatcher(&state));
    let user = UserId::from(USER);
    let mut mapping = CsvMapping::new(Column::Name("Date".into()), Column::Name("Amount".into()));
    mapping.description = Some(Column::Name("Text".into()));
    let job = ImportJob::queued(
        ImportId::generate(state.clock.as_ref()),
        user.clone(),
        FileId::from(file_id),
        AccountId::from(account_id),
        ImportFormat::Csv {
            mapping: Box::new(mapping),
        },
        state.clock.now(),
    );
    ImportStore::new(&state).create(&job).await?;

    let started = Instant::now();
    let runner = ImportRunner::new(&state);
    while runner.step(&user, &job.id, None).await? == StepOutcome::Continue {}
    let imported_at = started.elapsed();
    embedded.events.settle().await;
    let elapsed = started.elapsed();

    let done = ImportStore::new(&state).get(&user, &job.id).await?;
    if done.counts.imported != rows {
        bail!(
            "imported {} of {rows} rows: {:?}",
            done.counts.imported,
            done.status
        );
    }
    let per_minute = rows as u128 * 60_000 / elapsed.as_millis().max(1);
    println!(
        "{rows} rows: imported in {:.1} s, events delivered after {:.1} s: {per_minute} rows/min; peak memory {}",
        imported_at.as_secs_f32(),
        elapsed.as_secs_f32(),
        peak_memory()
    );
    Ok(())
}

/// The process's peak resident memory (`VmHWM`), as Linux reports it.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:").map(|v| v.trim().to_owned()))
        })
        .unwrap_or_else(|| "unknown".into())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Command::Prepare {
            dir,
            rows,
            dynamodb,
        } => prepare(&dir, rows, dynamodb).await,
        Command::Run { dir, dynamodb } => run(&dir, dynamodb).await,
    }
}
