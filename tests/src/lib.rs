//! Test harness: starts the real service on a random port against a real database (an SQLite
//! temporary file, or a database in a throwaway PostgreSQL cluster) and speaks HTTP to it.

pub mod client;
pub mod postgres_cluster;

use std::path::PathBuf;
use std::sync::{mpsc, OnceLock};

use api::config::{KeySource, Settings};
use diesel::{Connection, RunQueryDsl};

pub use client::{Response, TestApp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests use: `GOVERNANCE_TEST_DATABASE_URL`, or a throwaway cluster.
enum PostgresServer {
    Given(String),
    Cluster(postgres_cluster::PostgresCluster),
}

impl PostgresServer {
    fn url(&self, database: &str) -> String {
        match self {
            PostgresServer::Given(url) => {
                let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
                format!("{base}/{database}")
            }
            PostgresServer::Cluster(cluster) => cluster.url(database),
        }
    }

    fn admin_url(&self) -> String {
        match self {
            PostgresServer::Given(url) => url.clone(),
            PostgresServer::Cluster(cluster) => cluster.url("postgres"),
        }
    }
}

fn postgres() -> &'static PostgresServer {
    static SERVER: OnceLock<PostgresServer> = OnceLock::new();
    SERVER.get_or_init(|| match std::env::var("GOVERNANCE_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => PostgresServer::Given(url),
        _ => match postgres_cluster::PostgresCluster::start() {
            Ok(cluster) => PostgresServer::Cluster(cluster),
            // Fail loudly: a silent skip would hide that half the suite never ran.
            Err(message) => panic!("PostgreSQL tests cannot run: {message}"),
        },
    })
}

/// A fresh, empty database URL for one test.
pub fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => dir.join("governance.sqlite3").to_string_lossy().into_owned(),
        Backend::Postgres => {
            let server = postgres();
            let name = format!("t_{}", uuid::Uuid::now_v7().simple());
            let mut admin = diesel::PgConnection::establish(&server.admin_url())
                .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server: {e}"));
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
            server.url(&name)
        }
    }
}

/// A temporary directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("governance-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }
}

impl Default for TempDir {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Settings for a test server: random port, one worker, the local HS256 key in `dir`.
pub fn test_settings(database_url: String, dir: &std::path::Path) -> Settings {
    Settings {
        bind: "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
        database_url,
        data_dir: dir.to_path_buf(),
        pool_size: 4,
        workers: 1,
        max_body_bytes: 256 * 1024,
        issuer: "governance-local".into(),
        audience: "governance-api".into(),
        leeway: std::time::Duration::from_secs(5),
        keys: KeySource::LocalSecret,
        log_json: false,
        // Off by default so tests may be quick; the rate-limit test turns it on.
        rate_limit_per_second: 0,
        anonymous_rate_limit_per_second: 0,
        max_query_bytes: 4096,
        max_header_bytes: 16 * 1024,
        // Quick retries so webhook tests finish in well under a second per retry.
        webhooks: api::config::WebhookSettings {
            poll_interval: std::time::Duration::from_millis(50),
            backoff_base: std::time::Duration::from_millis(50),
            backoff_cap: std::time::Duration::from_millis(200),
            pause_after: 5,
            timeout: std::time::Duration::from_millis(2_000),
            // The tests' receivers listen on loopback: trusted here, as an operator would trust its
            // own private receivers. The webhook target tests clear this to check the default.
            trusted_networks: vec![
                domain::webhooks::TrustedNetwork::parse("127.0.0.0/8").unwrap_or_else(|e| panic!("{e}"))
            ],
            secret_key_file: None,
        },
        // Checkpoints on demand only, so each test decides when the log is signed.
        audit: api::config::AuditLogSettings {
            signing_key_file: None,
            origin: "test.governance.local/audit-log".into(),
            checkpoint_interval: None,
        },
        public_base_url: String::new(),
        // Off, as by default; the CORS tests list an origin.
        cors_allowed_origins: Vec::new(),
        oidc: api::config::OidcSettings::default(),
    }
}

/// Adjusts a test service's settings before it starts.
pub type Configure = Box<dyn FnOnce(&mut Settings)>;

/// Options for starting a test service.
#[derive(Default)]
pub struct Options {
    pub demo: bool,
    pub configure: Option<Configure>,
    /// Share this database (another replica's) instead of a fresh one.
    pub database_url: Option<String>,
}

/// Starts the service on its own thread; the returned app stops it when dropped.
pub fn spawn(backend: Backend, options: Options) -> TestApp {
    let dir = TempDir::new();
    let database_url = match options.database_url {
        Some(shared) => shared,
        None => fresh_database(backend, &dir.0),
    };
    let mut settings = test_settings(database_url.clone(), &dir.0);
    if let Some(configure) = options.configure {
        configure(&mut settings);
    }
    let state = api::app::prepare(settings).unwrap_or_else(|e| panic!("service did not start: {e}"));
    if options.demo {
        api::seed::demo::load(&state.db).unwrap_or_else(|e| panic!("demo data did not load: {e}"));
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"));
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = api::app::serve(state, listener).unwrap_or_else(|e| panic!("serve: {e}"));
            let _ = sender.send(server.handle());
            let _ = server.await;
        })
    });
    let handle = receiver.recv().unwrap_or_else(|e| panic!("server thread: {e}"));
    let secret = std::fs::read_to_string(dir.0.join("jwt-secret")).ok().and_then(|hex| hex_decode(hex.trim()));
    TestApp::new(format!("http://127.0.0.1:{port}"), secret, database_url, backend, handle, dir)
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

/// Runs `test` once per backend; each test file lists its tests through this macro.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::Backend::Postgres) } )*
        }
    };
}
