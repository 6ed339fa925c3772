//! The `governance` binary: `serve` (default), `token`, `demo-data`, `bench-data`, `openapi`, `export`.

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use governance_api::app;
use governance_api::auth::{check_token_request, local_signing, sign_local_token, TokenRequest};
use governance_api::config::Settings;
use governance_api::seed::{bench, demo};
use governance_api::service::exports::{operator_export, ExportFormat, ExportKind};

#[derive(Parser)]
#[command(name = "governance", version, about = "Governance API for police collaborations in England and Wales")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// The allocator. With glibc's malloc the idle server held 97 MB, 30 MB of it in two worker threads'
/// arenas of memory freed after start-up; mimalloc gives freed pages back (bench/README.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Subcommand)]
enum Command {
    /// Run the service (the default): migrations are applied at start.
    Serve {
        /// Load the demo registry first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Print a signed token for local use (needs the local HS256 set-up). The organisation must be
    /// registered in the configured database, and the person (if given) one of its people.
    Token {
        /// Organisation slug the token acts for, e.g. west-mercia-opcc.
        #[arg(long, value_parser = parse_slug)]
        org: String,
        /// Comma-separated roles: reader, contributor, secretary, approver, org_admin, system_admin.
        #[arg(long, value_delimiter = ',', default_value = "reader", value_parser = parse_role)]
        roles: Vec<String>,
        /// Person id the principal is (optional): a UUID.
        #[arg(long, value_parser = parse_person)]
        person: Option<String>,
        /// Token subject (default local:<org>).
        #[arg(long)]
        subject: Option<String>,
        /// Lifetime, e.g. 30m, 8h, 2d.
        #[arg(long, default_value = "8h", value_parser = parse_ttl)]
        ttl: Duration,
    },
    /// Load the demo registry from the seed documents (idempotent).
    DemoData,
    /// Load generated benchmark data into an empty database (issue 7): scale 1 is 2,000
    /// agreements, 500 boards, 50,000 meetings, 100,000 decisions, 20,000 delegations.
    BenchData {
        /// Multiplies every count but the registry's (0.01 for a quick test, 10 for a big run).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Write a JSON manifest for the load scripts here (and the approval pool's id files beside it).
        #[arg(long)]
        manifest: Option<std::path::PathBuf>,
    },
    /// Print the OpenAPI document (the same one the service serves).
    Openapi,
    /// Write every record of a kind as NDJSON (or CSV) to standard output, read from one snapshot,
    /// as the platform sees them; the change-feed position to follow on from goes to standard error.
    Export {
        /// collaboration-agreements, boards, actions, records-of-decision, delegations, schemes,
        /// forces, corporations-sole, organisations, people, posts, appointments, interests or
        /// gifts-and-hospitality.
        #[arg(value_parser = parse_export_kind)]
        kind: ExportKind,
        /// ndjson (every kind) or csv (the tabular kinds: all but boards and records-of-decision),
        /// with the columns `GET /api/v1/exports/{kind}?format=csv` has.
        #[arg(long, default_value = "ndjson", value_parser = parse_export_format)]
        format: ExportFormat,
    },
}

fn parse_export_kind(text: &str) -> Result<ExportKind, String> {
    ExportKind::parse(text).ok_or_else(|| format!("{text:?}: not a kind of record this service exports"))
}

fn parse_export_format(text: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(text).ok_or_else(|| format!("{text:?}: the formats are ndjson and csv"))
}

/// An organisation slug as the registry writes them (lowercase words joined by hyphens).
fn parse_slug(text: &str) -> Result<String, String> {
    match domain::rules::check_slug(text, "--org").first() {
        None => Ok(text.to_string()),
        Some(v) => Err(format!("{text:?} is not an organisation slug: {}", v.message)),
    }
}

/// A role the service knows; a misspelt role would otherwise mint a token that grants nothing.
fn parse_role(text: &str) -> Result<String, String> {
    domain::access::Role::parse(text).map(|r| r.as_str().to_string()).ok_or_else(|| {
        format!("{text:?} is not a role: use reader, contributor, secretary, approver, org_admin or system_admin")
    })
}

fn parse_person(text: &str) -> Result<String, String> {
    uuid::Uuid::parse_str(text).map(|id| id.to_string()).map_err(|_| format!("{text:?} is not a person id (a UUID)"))
}

fn parse_ttl(text: &str) -> Result<Duration, String> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: u64 = number.parse().map_err(|_| format!("{text:?}: expected e.g. 30m, 8h, 2d"))?;
    let seconds = match unit {
        "s" | "" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("{text:?}: unit must be s, m, h or d")),
    };
    if seconds == 0 {
        return Err("the lifetime must be positive".into());
    }
    Ok(Duration::from_secs(seconds))
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GOVERNANCE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("governance: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => return fail(e),
    };
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Openapi => {
            println!("{}", app::document_json());
            ExitCode::SUCCESS
        }
        Command::Token { org, roles, person, subject, ttl } => {
            let request = TokenRequest {
                organisation: &org,
                roles: &roles,
                person_id: person.as_deref(),
                subject: subject.as_deref(),
                ttl,
            };
            if let Err(e) = local_signing(&settings) {
                return fail(e);
            }
            // The registry is read from the database the service uses (one connection is enough).
            let checked = app::open_database(&settings, 1)
                .and_then(|db| check_token_request(&db, &database_location(&settings), &request));
            if let Err(e) = checked {
                return fail(e);
            }
            match sign_local_token(&settings, &request) {
                Ok(token) => {
                    println!("{token}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Export { kind, format } => {
            let db = match app::open_database(&settings, 1) {
                Ok(db) => db,
                Err(e) => return fail(e),
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match operator_export(&db, kind, format, &mut out) {
                Ok(feed_cursor) => {
                    eprintln!("feed cursor: {feed_cursor} (read GET /api/v1/events?after={feed_cursor} to follow on)");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("export: {e}")),
            }
        }
        Command::DemoData => {
            init_logging(settings.log_json);
            let state = match app::prepare(settings) {
                Ok(state) => state,
                Err(e) => return fail(e),
            };
            match demo::load(&state.db) {
                Ok(report) => {
                    println!("demo data: {} written, {} already present", report.written, report.already_present);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("demo data: {e}")),
            }
        }
        Command::BenchData { scale, manifest } => {
            init_logging(settings.log_json);
            load_bench_data(settings, scale, manifest.as_deref())
        }
        Command::Serve { demo: with_demo } => {
            init_logging(settings.log_json);
            serve(settings, with_demo)
        }
    }
}

fn load_bench_data(settings: Settings, scale: f64, manifest: Option<&std::path::Path>) -> ExitCode {
    let plan = match bench::Plan::at(scale) {
        Ok(plan) => plan,
        Err(e) => return fail(e),
    };
    let state = match app::prepare(settings) {
        Ok(state) => state,
        Err(e) => return fail(e),
    };
    let started = std::time::Instant::now();
    let loaded = match bench::load(&state.db, plan) {
        Ok(loaded) => loaded,
        Err(e) => return fail(format!("bench data: {e}")),
    };
    let rows: u64 = loaded.written.values().sum();
    println!("bench data: scale {scale}, {rows} rows in {:.1} s", started.elapsed().as_secs_f64());
    if let Some(path) = manifest {
        if let Err(e) = bench::write_manifest(&loaded, path, state.db.backend()) {
            return fail(format!("bench data manifest: {e}"));
        }
        println!("manifest: {}", path.display());
    }
    ExitCode::SUCCESS
}

/// Where the database is, for messages: an SQLite file's path (a PostgreSQL URL may hold a password).
fn database_location(settings: &Settings) -> String {
    if settings.database_url.starts_with("postgres") {
        "the PostgreSQL database of GOVERNANCE_DATABASE_URL".into()
    } else {
        settings.database_url.clone()
    }
}

fn serve(settings: Settings, with_demo: bool) -> ExitCode {
    let bind = settings.bind;
    let database = if settings.database_url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    let location =
        if database == "SQLite" { settings.database_url.clone() } else { "(from GOVERNANCE_DATABASE_URL)".into() };
    let state = match app::prepare(settings) {
        Ok(state) => state,
        Err(e) => return fail(e),
    };
    if with_demo {
        match demo::is_empty(&state.db).and_then(|empty| if empty { demo::load(&state.db).map(Some) } else { Ok(None) })
        {
            Ok(Some(report)) => tracing::info!(written = report.written, "demo data loaded"),
            Ok(None) => tracing::info!("database not empty: demo data not loaded"),
            Err(e) => return fail(format!("demo data: {e}")),
        }
    }
    let listener = match TcpListener::bind(bind) {
        Ok(listener) => listener,
        Err(e) => return fail(format!("GOVERNANCE_BIND {bind}: {e}")),
    };
    let address = listener.local_addr().map_or_else(|_| bind.to_string(), |a| a.to_string());
    tracing::info!(database, location = %location, "database ready");
    tracing::info!("listening on http://{address}; docs at http://{address}/docs/ ; OpenAPI at http://{address}/api/v1/openapi.json");
    tracing::info!("get a token: governance token --org governance-service --roles system_admin");
    let runtime = match actix_web::rt::System::new().block_on(async move {
        match app::serve(state, listener) {
            Ok(server) => server.await,
            Err(e) => Err(e),
        }
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("server: {e}")),
    };
    runtime
}
