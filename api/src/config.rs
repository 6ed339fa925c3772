//! Settings, all from environment variables with documented defaults. A bad value stops start-up
//! with one line naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How tokens are verified.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// Local use: an HS256 secret in `<data dir>/jwt-secret`, generated on first run.
    LocalSecret,
    /// Production: public keys by `kid` from a JWKS file, with one fixed algorithm.
    JwksFile { path: PathBuf, algorithm: jsonwebtoken::Algorithm },
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub pool_size: u32,
    pub workers: usize,
    pub max_body_bytes: usize,
    pub issuer: String,
    pub audience: String,
    pub leeway: Duration,
    pub keys: KeySource,
    pub log_json: bool,
    /// Requests a second each principal (by token) may make; 0 turns rate limiting off.
    pub rate_limit_per_second: u32,
    /// Requests a second each anonymous address may make; 0 turns it off.
    pub anonymous_rate_limit_per_second: u32,
    pub max_query_bytes: usize,
    pub max_header_bytes: usize,
    pub webhooks: WebhookSettings,
    /// Signed checkpoints of the audit log's Merkle tree.
    pub audit: AuditLogSettings,
    /// The service's public base URL (e.g. `https://governance.example.police.uk`), which problem
    /// `type` URIs are built on; empty (the default) leaves them relative: `/api/v1/rules/{code}`.
    pub public_base_url: String,
    /// Origins (`scheme://host[:port]`, as browsers send them in `Origin`) whose web applications
    /// may call the API from the browser (CORS); empty (the default) sends no CORS headers at all.
    pub cors_allowed_origins: Vec<String>,
    /// Fetching trusted issuers' keys (the trust registry, `crate::federation`).
    pub oidc: OidcSettings,
}

/// How the keys of trusted identity providers are fetched and cached.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// Extra CA certificates (PEM) trusted for providers' HTTPS besides the built-in public roots,
    /// for providers behind an internal CA.
    pub ca_file: Option<PathBuf>,
    /// Bounds on how long fetched keys are kept (the provider's `Cache-Control: max-age`, or five
    /// minutes without one, within these); after `max`, keys are refetched, and if the provider is
    /// down they are used no longer.
    pub min_cache: Duration,
    pub max_cache: Duration,
    /// The least time between two fetches of one issuer's keys (an unknown `kid` refetches at most
    /// this often, so a flood of made-up key ids cannot make the service hammer the provider).
    pub refetch_interval: Duration,
    /// How long a provider has to answer.
    pub timeout: Duration,
    /// Private networks where identity providers may be reached (an ADFS on the force network);
    /// elsewhere keys are fetched from public addresses only, so a registration cannot make the
    /// service probe its own hosting network.
    pub trusted_networks: Vec<domain::webhooks::TrustedNetwork>,
}

impl Default for OidcSettings {
    fn default() -> Self {
        OidcSettings {
            ca_file: None,
            min_cache: Duration::from_secs(60),
            max_cache: Duration::from_secs(24 * 3600),
            refetch_interval: Duration::from_secs(10),
            timeout: Duration::from_secs(5),
            trusted_networks: Vec::new(),
        }
    }
}

/// Signed checkpoints of the audit log (issue 16).
#[derive(Debug, Clone)]
pub struct AuditLogSettings {
    /// The file holding the Ed25519 signing key, PKCS#8 (`None`: `audit-signing-key` in the data
    /// directory, made on first use, owner-only). Replicas must share it.
    pub signing_key_file: Option<std::path::PathBuf>,
    /// The log's name, first line of every checkpoint and the signing key's name (C2SP signed note).
    pub origin: String,
    /// How often the background worker signs a checkpoint when the log has grown (`None`: never;
    /// checkpoints are then issued on demand only).
    pub checkpoint_interval: Option<Duration>,
}

impl Default for AuditLogSettings {
    fn default() -> Self {
        AuditLogSettings {
            signing_key_file: None,
            origin: "governance.local/audit-log".into(),
            checkpoint_interval: Some(Duration::from_secs(300)),
        }
    }
}

fn audit_log_settings() -> Result<AuditLogSettings, SettingError> {
    let defaults = AuditLogSettings::default();
    let origin = var("GOVERNANCE_AUDIT_LOG_ORIGIN").unwrap_or(defaults.origin);
    if origin.trim().is_empty() || origin.chars().any(|c| c.is_whitespace() || c.is_control() || c == '+') {
        return Err(SettingError {
            variable: "GOVERNANCE_AUDIT_LOG_ORIGIN",
            problem: "must be a name without spaces or '+', e.g. governance.example.police.uk/audit-log".into(),
        });
    }
    let seconds: u64 = parse("GOVERNANCE_AUDIT_CHECKPOINT_INTERVAL_SECONDS", 300)?;
    Ok(AuditLogSettings {
        signing_key_file: std::env::var_os("GOVERNANCE_AUDIT_SIGNING_KEY_FILE")
            .filter(|path| !path.is_empty())
            .map(std::path::PathBuf::from),
        origin,
        checkpoint_interval: (seconds > 0).then(|| Duration::from_secs(seconds)),
    })
}

/// The webhook delivery worker's timing.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// How often the worker looks for work when idle.
    pub poll_interval: Duration,
    /// Retry n waits min(base * 2^n, cap) plus up to half that again of random jitter.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Consecutive failed attempts after which a subscription is paused.
    pub pause_after: u32,
    /// How long a receiver has to answer.
    pub timeout: Duration,
    /// Non-public networks whose receivers the operator trusts (plain `http` allowed there too).
    /// Empty by default: every target must be a public `https` address.
    pub trusted_networks: Vec<domain::webhooks::TrustedNetwork>,
    /// The file holding the key that seals signing secrets at rest (`None`: `webhook-secret-key` in
    /// the data directory, made on first use). Replicas must share it.
    pub secret_key_file: Option<std::path::PathBuf>,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            poll_interval: Duration::from_millis(1_000),
            backoff_base: Duration::from_millis(10_000),
            backoff_cap: Duration::from_millis(900_000),
            pause_after: 20,
            timeout: Duration::from_millis(10_000),
            trusted_networks: Vec::new(),
            secret_key_file: None,
        }
    }
}

/// A setting that could not be used; `Display` is the one-line start-up message.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct SettingError {
    pub variable: &'static str,
    pub problem: String,
}

/// One documented setting: variable, default, meaning. README's table is written from this list.
pub const SETTINGS: &[(&str, &str, &str)] = &[
    ("GOVERNANCE_BIND", "127.0.0.1:8080", "address and port to listen on"),
    ("GOVERNANCE_DATA_DIR", "./data", "directory for the SQLite file and the local token secret"),
    ("GOVERNANCE_DATABASE_URL", "<data dir>/governance.sqlite3", "an SQLite file path, or postgres://user@host/db"),
    (
        "GOVERNANCE_DB_POOL_SIZE",
        "twice the cores, 4 to 32",
        "database connections in the pool (more only queue on the database's cores: raise it for a larger database host)",
    ),
    ("GOVERNANCE_WORKERS", "number of cores", "HTTP worker threads"),
    ("GOVERNANCE_MAX_BODY_BYTES", "262144", "largest accepted request body (413 above it)"),
    ("GOVERNANCE_JWT_ISSUER", "governance-local", "required `iss` of tokens"),
    ("GOVERNANCE_JWT_AUDIENCE", "governance-api", "required `aud` of tokens"),
    ("GOVERNANCE_JWT_LEEWAY_SECONDS", "30", "clock skew allowed on `exp` and `nbf`"),
    (
        "GOVERNANCE_JWKS_FILE",
        "(unset: local HS256 secret)",
        "JWKS file of public keys; switches to asymmetric verification",
    ),
    ("GOVERNANCE_JWT_ALGORITHM", "EdDSA", "with a JWKS file: the one accepted algorithm (EdDSA, ES256, RS256)"),
    ("GOVERNANCE_LOG_FORMAT", "text", "`text` or `json` logs"),
    (
        "GOVERNANCE_RATE_LIMIT",
        "100",
        "requests a second per token (burst of twice that; 429 above it; 0 = off; per replica)",
    ),
    (
        "GOVERNANCE_ANONYMOUS_RATE_LIMIT",
        "20",
        "requests a second per anonymous address (burst of twice that; 0 = off; per replica)",
    ),
    ("GOVERNANCE_MAX_QUERY_BYTES", "16384", "longest accepted query string (414 above it)"),
    ("GOVERNANCE_MAX_HEADER_BYTES", "16384", "largest accepted total of request headers (431 above it)"),
    ("GOVERNANCE_WEBHOOK_POLL_MS", "1000", "how often the webhook worker looks for events and due deliveries"),
    (
        "GOVERNANCE_WEBHOOK_BACKOFF_BASE_MS",
        "10000",
        "first retry delay; retry n waits min(base * 2^n, cap) plus jitter",
    ),
    ("GOVERNANCE_WEBHOOK_BACKOFF_CAP_MS", "900000", "longest retry delay (before jitter)"),
    (
        "GOVERNANCE_WEBHOOK_PAUSE_AFTER",
        "20",
        "consecutive failed deliveries after which a subscription is paused (over three hours with the defaults)",
    ),
    ("GOVERNANCE_WEBHOOK_TIMEOUT_MS", "10000", "how long a receiver has to answer a delivery"),
    (
        "GOVERNANCE_WEBHOOK_SECRET_KEY_FILE",
        "`<data dir>/webhook-secret-key`",
        "file of the key (64 hex characters) sealing webhook signing secrets at rest; made on first use; replicas share one",
    ),
    (
        "GOVERNANCE_WEBHOOK_TRUSTED_NETWORKS",
        "(none)",
        "comma-separated networks (e.g. `10.20.0.0/16,fd00::/8`) of private webhook receivers you trust; elsewhere only public https targets are called",
    ),
    (
        "GOVERNANCE_OIDC_CA_FILE",
        "(none)",
        "PEM file of extra CA certificates trusted when fetching trusted issuers' keys (providers behind an internal CA)",
    ),
    (
        "GOVERNANCE_OIDC_MIN_CACHE_SECONDS",
        "60",
        "least time a trusted issuer's fetched keys are kept (their Cache-Control max-age, or 300 s, within the bounds)",
    ),
    (
        "GOVERNANCE_OIDC_MAX_CACHE_SECONDS",
        "86400",
        "most time fetched keys are kept; while the provider is down they are used until then, and no longer",
    ),
    (
        "GOVERNANCE_OIDC_REFETCH_SECONDS",
        "10",
        "least time between two fetches of one issuer's keys (an unknown `kid` refetches at most this often)",
    ),
    ("GOVERNANCE_OIDC_TIMEOUT_MS", "5000", "how long an identity provider has to answer a key fetch"),
    (
        "GOVERNANCE_OIDC_TRUSTED_NETWORKS",
        "(none)",
        "comma-separated networks (e.g. `10.20.0.0/16`) where identity providers may be reached; elsewhere keys are fetched from public addresses only",
    ),
    (
        "GOVERNANCE_CORS_ALLOWED_ORIGINS",
        "(none)",
        "comma-separated origins (e.g. `https://intranet.west-mercia.police.uk`) whose browser apps may call the API (CORS); none: no CORS headers",
    ),
];

fn var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, SettingError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|e: T::Err| SettingError { variable: name, problem: format!("cannot use {text:?}: {e}") }),
    }
}

fn webhook_settings() -> Result<WebhookSettings, SettingError> {
    let defaults = WebhookSettings::default();
    let millis = |name: &'static str, default: Duration| -> Result<Duration, SettingError> {
        let value: u64 = parse(name, default.as_millis() as u64)?;
        if value == 0 {
            return Err(SettingError { variable: name, problem: "must be at least 1".into() });
        }
        Ok(Duration::from_millis(value))
    };
    let pause_after: u32 = parse("GOVERNANCE_WEBHOOK_PAUSE_AFTER", defaults.pause_after)?;
    if pause_after == 0 {
        return Err(SettingError { variable: "GOVERNANCE_WEBHOOK_PAUSE_AFTER", problem: "must be at least 1".into() });
    }
    Ok(WebhookSettings {
        poll_interval: millis("GOVERNANCE_WEBHOOK_POLL_MS", defaults.poll_interval)?,
        backoff_base: millis("GOVERNANCE_WEBHOOK_BACKOFF_BASE_MS", defaults.backoff_base)?,
        backoff_cap: millis("GOVERNANCE_WEBHOOK_BACKOFF_CAP_MS", defaults.backoff_cap)?,
        pause_after,
        timeout: millis("GOVERNANCE_WEBHOOK_TIMEOUT_MS", defaults.timeout)?,
        trusted_networks: trusted_networks("GOVERNANCE_WEBHOOK_TRUSTED_NETWORKS")?,
        secret_key_file: std::env::var_os("GOVERNANCE_WEBHOOK_SECRET_KEY_FILE")
            .filter(|path| !path.is_empty())
            .map(std::path::PathBuf::from),
    })
}

fn oidc_settings() -> Result<OidcSettings, SettingError> {
    let defaults = OidcSettings::default();
    let seconds = |name: &'static str, default: Duration| -> Result<Duration, SettingError> {
        Ok(Duration::from_secs(parse(name, default.as_secs())?))
    };
    let settings = OidcSettings {
        ca_file: var("GOVERNANCE_OIDC_CA_FILE").map(PathBuf::from),
        min_cache: seconds("GOVERNANCE_OIDC_MIN_CACHE_SECONDS", defaults.min_cache)?,
        max_cache: seconds("GOVERNANCE_OIDC_MAX_CACHE_SECONDS", defaults.max_cache)?,
        refetch_interval: seconds("GOVERNANCE_OIDC_REFETCH_SECONDS", defaults.refetch_interval)?,
        timeout: Duration::from_millis(parse("GOVERNANCE_OIDC_TIMEOUT_MS", defaults.timeout.as_millis() as u64)?),
        trusted_networks: trusted_networks("GOVERNANCE_OIDC_TRUSTED_NETWORKS")?,
    };
    if settings.max_cache < settings.min_cache || settings.max_cache.is_zero() {
        return Err(SettingError {
            variable: "GOVERNANCE_OIDC_MAX_CACHE_SECONDS",
            problem: "must be at least 1 and at least GOVERNANCE_OIDC_MIN_CACHE_SECONDS".into(),
        });
    }
    Ok(settings)
}

fn trusted_networks(name: &'static str) -> Result<Vec<domain::webhooks::TrustedNetwork>, SettingError> {
    let Some(text) = var(name) else { return Ok(Vec::new()) };
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            domain::webhooks::TrustedNetwork::parse(part).map_err(|problem| SettingError { variable: name, problem })
        })
        .collect()
}

fn cors_allowed_origins() -> Result<Vec<String>, SettingError> {
    let name = "GOVERNANCE_CORS_ALLOWED_ORIGINS";
    let Some(text) = var(name) else { return Ok(Vec::new()) };
    let mut origins: Vec<String> = Vec::new();
    for part in text.split(',').filter(|part| !part.trim().is_empty()) {
        let origin = crate::cors::parse_origin(part).map_err(|problem| SettingError { variable: name, problem })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

impl Settings {
    pub fn from_env() -> Result<Settings, SettingError> {
        let data_dir = PathBuf::from(var("GOVERNANCE_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("GOVERNANCE_DATABASE_URL")
            .unwrap_or_else(|| data_dir.join("governance.sqlite3").to_string_lossy().into_owned());
        if database_url.starts_with("mysql:") || database_url.starts_with("http") {
            return Err(SettingError {
                variable: "GOVERNANCE_DATABASE_URL",
                problem: "use postgres://... or an SQLite file path".into(),
            });
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let workers = parse("GOVERNANCE_WORKERS", cores)?;
        let pool_size: u32 = parse("GOVERNANCE_DB_POOL_SIZE", default_pool_size(cores))?;
        let max_body_bytes: usize = parse("GOVERNANCE_MAX_BODY_BYTES", 256 * 1024)?;
        for (name, value) in [
            ("GOVERNANCE_WORKERS", workers),
            ("GOVERNANCE_DB_POOL_SIZE", pool_size as usize),
            ("GOVERNANCE_MAX_BODY_BYTES", max_body_bytes),
        ] {
            if value == 0 {
                return Err(SettingError { variable: name, problem: "must be at least 1".into() });
            }
        }
        let keys = match var("GOVERNANCE_JWKS_FILE") {
            None => KeySource::LocalSecret,
            Some(path) => {
                let algorithm = match var("GOVERNANCE_JWT_ALGORITHM").as_deref().unwrap_or("EdDSA") {
                    "EdDSA" => jsonwebtoken::Algorithm::EdDSA,
                    "ES256" => jsonwebtoken::Algorithm::ES256,
                    "RS256" => jsonwebtoken::Algorithm::RS256,
                    other => {
                        return Err(SettingError {
                            variable: "GOVERNANCE_JWT_ALGORITHM",
                            problem: format!("{other:?} is not one of EdDSA, ES256, RS256"),
                        })
                    }
                };
                KeySource::JwksFile { path: PathBuf::from(path), algorithm }
            }
        };
        let log_json = match var("GOVERNANCE_LOG_FORMAT").as_deref().unwrap_or("text") {
            "text" => false,
            "json" => true,
            other => {
                return Err(SettingError {
                    variable: "GOVERNANCE_LOG_FORMAT",
                    problem: format!("{other:?} is not `text` or `json`"),
                })
            }
        };
        Ok(Settings {
            bind: parse("GOVERNANCE_BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            database_url,
            data_dir,
            pool_size,
            workers,
            max_body_bytes,
            issuer: var("GOVERNANCE_JWT_ISSUER").unwrap_or_else(|| "governance-local".into()),
            audience: var("GOVERNANCE_JWT_AUDIENCE").unwrap_or_else(|| "governance-api".into()),
            leeway: Duration::from_secs(parse("GOVERNANCE_JWT_LEEWAY_SECONDS", 30)?),
            keys,
            log_json,
            rate_limit_per_second: parse("GOVERNANCE_RATE_LIMIT", 100)?,
            anonymous_rate_limit_per_second: parse("GOVERNANCE_ANONYMOUS_RATE_LIMIT", 20)?,
            max_query_bytes: parse("GOVERNANCE_MAX_QUERY_BYTES", 16 * 1024)?,
            max_header_bytes: parse("GOVERNANCE_MAX_HEADER_BYTES", 16 * 1024)?,
            webhooks: webhook_settings()?,
            audit: audit_log_settings()?,
            public_base_url: var("GOVERNANCE_PUBLIC_BASE_URL").unwrap_or_default(),
            cors_allowed_origins: cors_allowed_origins()?,
            oidc: oidc_settings()?,
        })
    }
}

/// Twice the cores, 4 to 32. Measured on two cores with the database on the same host (bench/README.md):
/// 8 connections gave approvals 540/s and a list p99 of 48 ms, 4 gave 774/s and 27-35 ms; 16 gave a
/// list p99 of 189 ms. Connections beyond what the cores can run only queue inside the database.
pub fn default_pool_size(cores: usize) -> u32 {
    u32::try_from(cores.saturating_mul(2).clamp(4, 32)).unwrap_or(32)
}

#[cfg(test)]
mod tests {
    use super::default_pool_size;

    #[test]
    fn the_default_pool_is_twice_the_cores_within_4_to_32() {
        assert_eq!([1, 2, 3, 8, 16, 64].map(default_pool_size), [4, 4, 6, 16, 32, 32]);
    }
}
