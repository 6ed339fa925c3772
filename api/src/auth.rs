//! Bearer tokens: verification with a key and algorithm fixed by configuration (never by the
//! token's header), and checking and signing local tokens for `governance token`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::config::{KeySource, Settings};

/// The claims the service reads. `org` is the organisation slug the principal acts for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub org: String,
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
}

enum Keys {
    Secret(DecodingKey),
    /// Keys by `kid` from a JWKS file, reloaded when the file changes (key rotation).
    Jwks(JwksFile),
}

/// A JWKS file and the keys last read from it. The file is checked for changes at most once a
/// second, so a key added by the identity provider is accepted and a removed one refused shortly
/// after the file is rewritten, with no restart and no per-request file access.
struct JwksFile {
    path: std::path::PathBuf,
    state: std::sync::RwLock<JwksState>,
}

struct JwksState {
    keys: HashMap<String, DecodingKey>,
    /// Tokens already verified with these keys (asymmetric signatures are costly to check on
    /// every request): digest -> claims. Cleared whenever the keys change, so a removed key's
    /// tokens are refused from the reload on.
    verified: HashMap<[u8; 32], Claims>,
    modified: Option<std::time::SystemTime>,
    checked: std::time::Instant,
}

const JWKS_RECHECK: std::time::Duration = std::time::Duration::from_secs(1);
/// Bound on the verified-token cache: beyond it expired entries go, then all.
const MAX_VERIFIED_TOKENS: usize = 10_000;

fn read_jwks(path: &Path) -> Result<HashMap<String, DecodingKey>, KeyError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| KeyError(format!("GOVERNANCE_JWKS_FILE {}: {e}", path.display())))?;
    let set: JwkSet = serde_json::from_str(&text)
        .map_err(|e| KeyError(format!("GOVERNANCE_JWKS_FILE {}: not a JWKS: {e}", path.display())))?;
    let mut by_kid = HashMap::new();
    for jwk in &set.keys {
        let kid =
            jwk.common.key_id.clone().ok_or_else(|| KeyError("GOVERNANCE_JWKS_FILE: every key needs a kid".into()))?;
        let key = DecodingKey::from_jwk(jwk).map_err(|e| KeyError(format!("GOVERNANCE_JWKS_FILE: key {kid}: {e}")))?;
        by_kid.insert(kid, key);
    }
    if by_kid.is_empty() {
        return Err(KeyError("GOVERNANCE_JWKS_FILE: the key set is empty".into()));
    }
    Ok(by_kid)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl JwksFile {
    fn open(path: &Path) -> Result<JwksFile, KeyError> {
        let keys = read_jwks(path)?;
        let state =
            JwksState { keys, verified: HashMap::new(), modified: modified(path), checked: std::time::Instant::now() };
        Ok(JwksFile { path: path.to_path_buf(), state: std::sync::RwLock::new(state) })
    }

    /// Rereads the file if it changed since the last look (at most once a second). A file that
    /// has become unreadable or invalid keeps the last good keys and logs why.
    fn refresh(&self) {
        let due = self.state.read().map(|s| s.checked.elapsed() >= JWKS_RECHECK).unwrap_or(false);
        if !due {
            return;
        }
        let Ok(mut state) = self.state.write() else { return };
        state.checked = std::time::Instant::now();
        let now_modified = modified(&self.path);
        if now_modified == state.modified {
            return;
        }
        match read_jwks(&self.path) {
            Ok(keys) => {
                tracing::info!(keys = keys.len(), "reloaded the JWKS file");
                state.keys = keys;
                state.verified.clear();
                state.modified = now_modified;
            }
            Err(e) => {
                tracing::warn!(error = %e.0, "the JWKS file changed but cannot be used; keeping the last good keys")
            }
        }
    }

    fn verify(&self, token: &str, validation: &Validation) -> Result<Claims, String> {
        self.refresh();
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        let now = jsonwebtoken::get_current_timestamp();
        let leeway = validation.leeway;
        {
            let state = self.state.read().map_err(|_| "the key set is unavailable".to_string())?;
            // A cached token still has to be inside its validity window right now.
            if let Some(claims) = state.verified.get(&digest) {
                if claims.exp + leeway > now && claims.nbf <= now + leeway {
                    return Ok(claims.clone());
                }
            }
        }
        let header = jsonwebtoken::decode_header(token).map_err(|e| format!("malformed token: {e}"))?;
        let kid = header.kid.ok_or("the token names no key (kid)")?;
        let claims = {
            let state = self.state.read().map_err(|_| "the key set is unavailable".to_string())?;
            let key = state.keys.get(&kid).ok_or_else(|| format!("unknown key id {kid:?}"))?;
            jsonwebtoken::decode::<Claims>(token, key, validation)
                .map(|data| data.claims)
                .map_err(|e| format!("invalid token: {e}"))?
        };
        if let Ok(mut state) = self.state.write() {
            if state.verified.len() >= MAX_VERIFIED_TOKENS {
                state.verified.retain(|_, c| c.exp + leeway > now);
                if state.verified.len() >= MAX_VERIFIED_TOKENS {
                    state.verified.clear();
                }
            }
            state.verified.insert(digest, claims.clone());
        }
        Ok(claims)
    }
}

/// Verifies tokens against the configured keys, issuer, audience and algorithm.
pub struct TokenVerifier {
    keys: Keys,
    validation: Validation,
    /// Local tokens already verified with the secret (fixed for the process's life): digest -> claims.
    /// Verifying is a pure function of the token's bytes and the secret except for the time checks,
    /// which are made again on every use; a hit costs a SHA-256 of the token instead of the HMAC, the
    /// base64 and the JSON of the claims (measured: 7% of the server's CPU on a GET).
    verified: std::sync::RwLock<HashMap<[u8; 32], Claims>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub String);

const SECRET_FILE: &str = "jwt-secret";

/// Reads the local HS256 secret, creating a random one (owner-only file) on first use.
pub fn local_secret(data_dir: &Path) -> Result<Vec<u8>, KeyError> {
    key_file(&data_dir.join(SECRET_FILE))
}

/// A 256-bit key kept in a file (hex), made with owner-only permissions on first use.
pub fn key_file(path: &Path) -> Result<Vec<u8>, KeyError> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        return hex::decode(existing.trim())
            .map_err(|e| KeyError(format!("{}: not a hex secret: {e}", path.display())));
    }
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory).map_err(|e| KeyError(format!("{}: {e}", directory.display())))?;
    }
    let secret: [u8; 32] = rand::random();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| KeyError(format!("{}: {e}", path.display())))?;
    file.write_all(hex::encode(secret).as_bytes()).map_err(|e| KeyError(format!("{}: {e}", path.display())))?;
    Ok(secret.to_vec())
}

impl TokenVerifier {
    pub fn from_settings(settings: &Settings) -> Result<TokenVerifier, KeyError> {
        let (keys, algorithm) = match &settings.keys {
            KeySource::LocalSecret => {
                let secret = local_secret(&settings.data_dir)?;
                (Keys::Secret(DecodingKey::from_secret(&secret)), Algorithm::HS256)
            }
            KeySource::JwksFile { path, algorithm } => (Keys::Jwks(JwksFile::open(path)?), *algorithm),
        };
        Ok(TokenVerifier { keys, validation: validation(settings, algorithm), verified: Default::default() })
    }

    /// The claims of a local token this process has verified before, if it is still inside its validity
    /// window now (`None` for any other token, and always with a JWKS file, which keeps its own).
    pub fn remembered(&self, token: &str) -> Option<Claims> {
        let Keys::Secret(_) = &self.keys else { return None };
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        self.remembered_by(&digest)
    }

    fn remembered_by(&self, digest: &[u8; 32]) -> Option<Claims> {
        let now = jsonwebtoken::get_current_timestamp();
        let leeway = self.validation.leeway;
        let verified = self.verified.read().ok()?;
        verified.get(digest).filter(|claims| claims.exp + leeway > now && claims.nbf <= now + leeway).cloned()
    }

    /// Checks signature, algorithm, issuer, audience, expiry and not-before.
    pub fn verify(&self, token: &str) -> Result<Claims, String> {
        match &self.keys {
            Keys::Secret(key) => {
                let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
                if let Some(claims) = self.remembered_by(&digest) {
                    return Ok(claims);
                }
                let claims = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
                    .map(|data| data.claims)
                    .map_err(|e| format!("invalid token: {e}"))?;
                if let Ok(mut verified) = self.verified.write() {
                    if verified.len() >= MAX_VERIFIED_TOKENS {
                        let now = jsonwebtoken::get_current_timestamp();
                        verified.retain(|_, c| c.exp + self.validation.leeway > now);
                        if verified.len() >= MAX_VERIFIED_TOKENS {
                            verified.clear();
                        }
                    }
                    verified.insert(digest, claims.clone());
                }
                Ok(claims)
            }
            Keys::Jwks(file) => file.verify(token, &self.validation),
        }
    }
}

fn validation(settings: &Settings, algorithm: Algorithm) -> Validation {
    let mut validation = Validation::new(algorithm);
    validation.algorithms = vec![algorithm];
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.set_issuer(&[settings.issuer.as_str()]);
    validation.set_audience(&[settings.audience.as_str()]);
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.leeway = settings.leeway.as_secs();
    validation
}

/// What `governance token` asks for.
pub struct TokenRequest<'a> {
    pub organisation: &'a str,
    pub roles: &'a [String],
    pub person_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub ttl: std::time::Duration,
}

/// Only the local HS256 set-up can sign: with a JWKS file, tokens come from the identity provider.
pub fn local_signing(settings: &Settings) -> Result<(), KeyError> {
    match settings.keys {
        KeySource::LocalSecret => Ok(()),
        KeySource::JwksFile { .. } => Err(KeyError(
            "GOVERNANCE_JWKS_FILE is set: tokens are issued by your identity provider, not by this command".into(),
        )),
    }
}

/// Refuses a token that the service would not honour as meant: an organisation that is not in the
/// registry (the service answers its every request 401), or a person who is not one of that
/// organisation's people (see [`persistence::registry::is_person_of`]). `Err` is one line for the user;
/// `database` names the database in it.
pub fn check_token_request(
    db: &persistence::Database,
    database: &str,
    request: &TokenRequest<'_>,
) -> Result<(), String> {
    use persistence::registry::{find_organisation_by_slug, is_person_of, person_store, PersonId};
    let mut conn = db.connection().map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?;
    let slug = request.organisation;
    let organisation = find_organisation_by_slug(&mut conn, slug)
        .map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?
        .ok_or_else(|| {
            format!(
                "--org {slug}: no organisation with this slug is registered in {database}; load the demo data \
                 (`governance demo-data`) or have a system_admin create it (POST /api/v1/organisations)"
            )
        })?;
    let Some(person) = request.person_id else { return Ok(()) };
    let id = uuid::Uuid::parse_str(person).map_err(|_| format!("--person {person}: not a person id (a UUID)"))?;
    let row = person_store::find(&mut conn, PersonId::from(id))
        .map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?
        .ok_or_else(|| format!("--person {person}: no person with this id is registered in {database}"))?;
    if !is_person_of(&mut conn, &row, &organisation).map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))? {
        return Err(format!(
            "--person {person}: {} is not one of {slug}'s people (not maintained by it, and never appointed \
             to its posts or to the office it serves)",
            row.full_name
        ));
    }
    Ok(())
}

/// Signs a local token with the data directory's secret (see [`local_signing`]).
pub fn sign_local_token(settings: &Settings, request: &TokenRequest<'_>) -> Result<String, KeyError> {
    local_signing(settings)?;
    let secret = local_secret(&settings.data_dir)?;
    let now = jsonwebtoken::get_current_timestamp();
    let claims = Claims {
        sub: request.subject.map(str::to_string).unwrap_or_else(|| format!("local:{}", request.organisation)),
        org: request.organisation.to_string(),
        roles: request.roles.to_vec(),
        person_id: request.person_id.map(str::to_string),
        iss: settings.issuer.clone(),
        aud: settings.audience.clone(),
        exp: now + request.ttl.as_secs(),
        nbf: now,
        iat: now,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(&secret))
        .map_err(|e| KeyError(format!("could not sign: {e}")))
}
