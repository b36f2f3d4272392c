//! `ferrofin-devserver`: the whole API on 127.0.0.1 with no AWS account, emulator or Docker.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use ferrofin_identity::Identity;
use ferrofin_platform::adapters::embedded::{DeliveryPolicy, Storage};
use ferrofin_platform::config::origins;
use ferrofin_platform::http::HttpSettings;
use ferrofin_platform::ports::clock::SystemClock;
use ferrofin_platform::state::random_secret;
use ferrofin_platform::{Embedded, EmbeddedOptions, telemetry};

/// Runs the Ferrofin API locally on embedded adapters.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 3000)]
    port: u16,
    /// Folder for the table and queue (table.redb), uploaded blobs and the mail outbox; delete
    /// it (with the devserver stopped) to start afresh.
    #[arg(long, env = "FERROFIN_DATA_DIR", default_value = ".devdata")]
    data_dir: PathBuf,
    /// Comma-separated origins allowed by CORS (e.g. a local web app).
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        default_value = "http://127.0.0.1:5173,http://localhost:5173"
    )]
    cors_allowed_origins: String,
    /// Sender address of local mail.
    #[arg(long, env = "MAIL_FROM", default_value = "no-reply@ferrofin.local")]
    mail_from: String,
    /// Base URL of the web app that email links open.
    #[arg(long, env = "APP_BASE_URL", default_value = "http://127.0.0.1:5173")]
    app_base_url: String,
    /// Creates an admin with this email and a random password, printed once (skipped when the
    /// address is already registered). There is no default admin.
    #[arg(long, env = "BOOTSTRAP_ADMIN_EMAIL")]
    bootstrap_admin: Option<String>,
    /// Runs no scheduled work (the workers' schedules, the expiry of uncompleted uploads); the
    /// variable takes true/false, 1/0, yes/no or on/off.
    #[arg(long, env = "FERROFIN_NO_SCHEDULES", value_parser = clap::builder::BoolishValueParser::new())]
    no_schedules: bool,
    /// The prices worker's source: a JSON file of daily closes and FX rates.
    #[arg(long, env = "PRICES_FILE", default_value = "devserver/prices.json")]
    prices_file: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init_pretty();
    let args = Args::parse();
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    let address = listener.local_addr()?;
    let embedded = Embedded::new(EmbeddedOptions {
        data_dir: args.data_dir.clone(),
        storage: Storage::durable_in(&args.data_dir),
        base_url: format!("http://{address}"),
        clock: Arc::new(SystemClock),
        secret: random_secret(),
        delivery: DeliveryPolicy::default(),
        event_copies: 1,
        http: HttpSettings {
            cors_allowed_origins: origins(args.cors_allowed_origins)?,
        },
        mail_from: args.mail_from,
    })
    .context("cannot open the local data")?;
    let app_base_url = ferrofin_fn_email_worker::parse_app_base_url(&args.app_base_url)?;
    ferrofin_devserver::register_workers(&embedded, &app_base_url);
    if !args.no_schedules {
        ferrofin_devserver::scheduled::start(&embedded);
    }
    let prices = ferrofin_investments::FilePriceSource::open(&args.prices_file)
        .map_err(|err| anyhow::anyhow!(err))?;
    ferrofin_devserver::register_prices_worker(&embedded, Arc::new(prices));
    if let Some(email) = &args.bootstrap_admin {
        let created = Identity::new(&embedded.state())
            .bootstrap_admin(email)
            .await
            .map_err(|err| anyhow::anyhow!("admin bootstrap failed: {err}"))?;
        match created {
            Some(password) => {
                println!("Created admin {email} with password: {password}  (shown once)")
            }
            None => println!("Admin bootstrap skipped: {email} is already registered"),
        }
    }
    // The assistant's handlers read these from the environment; a mistake fails here, at start.
    let assistant =
        ferrofin_assistant::AssistantSettings::from_env().map_err(|err| anyhow::anyhow!(err))?;
    let app = ferrofin_devserver::app(&embedded);
    println!("Ferrofin devserver listening on http://{address}");
    println!("  health:  http://{address}/health");
    println!("  OpenAPI: http://{address}/v1/openapi.json");
    match &assistant.model {
        None => println!("  assistant: the intent parser (no ASSISTANT_MODEL_BASE_URL)"),
        Some(model) => println!("  assistant: {} at {}", model.model, model.base_url),
    }
    println!(
        "  data:    {} (table and queue in {}, mail outbox in outbox/)",
        args.data_dir.display(),
        Storage::FILE_NAME
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
    .await
    .context("devserver failed")
}
