//! Federated identity (issue 16): tokens of the trusted issuers registered through the API,
//! verified with each issuer's own keys, algorithms and audience, and mapped to a principal by its
//! claim mapping.
//!
//! Keys are fetched over HTTPS (ureq with rustls: the public roots plus `GOVERNANCE_OIDC_CA_FILE`),
//! kept for the provider's `Cache-Control: max-age` within configured bounds, refetched at most once
//! per `refetch_interval` when a token names an unknown `kid` (key rotation), and kept while the
//! provider is down until they expire, then no longer. A fetch runs on the blocking pool
//! (`web::block`): only a request that needs keys the service does not hold waits for it (at most
//! the fetch timeout), while the worker thread goes on serving other requests. A background refresher
//! would spare that one request the wait but fetch keys of issuers nobody uses; fetching on demand
//! keeps one code path and no task to stop.
//!
//! The registry itself is read from the database when it changes through this process, and at most
//! every ten seconds otherwise (so replicas see each other's changes within that).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use actix_web::web;
use base64::Engine;
use domain::access::{Principal, Role};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use sha2::Digest;
use uuid::Uuid;

use crate::config::OidcSettings;
use crate::error::ApiError;
use crate::state::AppState;

/// How often the registry is reread when nothing changed it in this process.
const REGISTRY_RECHECK: Duration = Duration::from_secs(10);
/// Keys kept this long when the provider sends no `max-age` (within the configured bounds).
const DEFAULT_KEY_LIFETIME: Duration = Duration::from_secs(300);
/// Bound on each issuer's verified-token cache.
const MAX_VERIFIED_TOKENS: usize = 10_000;
/// The largest JWKS or discovery document read.
const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024;

/// One trusted issuer as the token path uses it.
#[derive(Debug)]
struct Issuer {
    issuer: String,
    key_source: KeySource,
    audience: String,
    algorithms: Vec<Algorithm>,
    subject_claim: String,
    organisation_claim: Option<String>,
    /// Claim value -> organisation (id, slug).
    organisation_map: BTreeMap<String, (Uuid, String)>,
    fixed_organisation: Option<(Uuid, String)>,
    roles_claim: String,
    role_map: BTreeMap<String, String>,
    machine_roles: Vec<Role>,
    /// Subject -> person.
    links: HashMap<String, Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeySource {
    Jwks(String),
    Discovery(String),
}

#[derive(Default)]
struct Registry {
    loaded: Option<Instant>,
    issuers: HashMap<String, Arc<Issuer>>,
}

/// One issuer's keys and the tokens verified with them.
#[derive(Default)]
struct KeyState {
    keys: HashMap<String, DecodingKey>,
    /// Until when the keys may be used (none fetched yet: `None`).
    expires: Option<Instant>,
    last_attempt: Option<Instant>,
    /// Token digest -> (claims, the token's own expiry as a Unix time). Cleared with new keys.
    verified: HashMap<[u8; 32], (serde_json::Map<String, Value>, u64)>,
}

impl KeyState {
    fn usable(&self, now: Instant) -> bool {
        self.expires.is_some_and(|until| now < until)
    }
}

type SharedKeys = Arc<RwLock<KeyState>>;

/// The trust registry as the token path sees it, with each issuer's keys.
pub struct Federation {
    settings: OidcSettings,
    agent: ureq::Agent,
    registry: RwLock<Registry>,
    stale: AtomicBool,
    /// Keys by (issuer, key source): kept across rereads of the registry.
    keys: Mutex<HashMap<(String, KeySource), SharedKeys>>,
}

/// What a verified federated token says, before its organisation is checked for standing.
pub struct FederatedPrincipal {
    pub principal: Principal,
    pub organisation_slug: String,
}

fn unauthenticated(why: impl Into<String>) -> ApiError {
    ApiError::Unauthenticated(why.into())
}

/// The `iss` a token claims, read without verifying anything: it only chooses the verifier.
pub fn claimed_issuer(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Map<String, Value> = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(str::to_string)
}

fn tls_agent(settings: &OidcSettings) -> Result<ureq::Agent, String> {
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &settings.ca_file {
        let certificates = rustls_pki_types::CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("GOVERNANCE_OIDC_CA_FILE {}: {e}", path.display()))?;
        let mut added = 0;
        for certificate in certificates {
            let certificate = certificate.map_err(|e| format!("GOVERNANCE_OIDC_CA_FILE {}: {e}", path.display()))?;
            roots.add(certificate).map_err(|e| format!("GOVERNANCE_OIDC_CA_FILE {}: {e}", path.display()))?;
            added += 1;
        }
        if added == 0 {
            return Err(format!("GOVERNANCE_OIDC_CA_FILE {}: no certificate in the file", path.display()));
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(ureq::AgentBuilder::new()
        .tls_config(Arc::new(config))
        .timeout(settings.timeout)
        // Keys come from the address registered, never from wherever a response points.
        .redirects(0)
        // Only from public addresses, or the private networks the operator trusts; checked on the
        // addresses connected to, so a name that changes its answer later is refused too.
        .resolver(crate::service::webhook_targets::guarded_resolver("https", settings.trusted_networks.clone()))
        .build())
}

fn algorithm(name: &str) -> Option<Algorithm> {
    // Only the asymmetric ones the registry accepts (`domain::trust::ASYMMETRIC_ALGORITHMS`).
    Some(match name {
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" => Algorithm::EdDSA,
        _ => return None,
    })
}

/// The `max-age` of a `Cache-Control` header (`no-store`/`no-cache`: zero, i.e. the lower bound).
fn max_age(cache_control: Option<&str>) -> Option<Duration> {
    let header = cache_control?.to_ascii_lowercase();
    let mut age = None;
    for directive in header.split(',').map(str::trim) {
        if directive == "no-store" || directive == "no-cache" {
            return Some(Duration::ZERO);
        }
        if let Some(seconds) = directive.strip_prefix("max-age=") {
            age = seconds.trim_matches('"').parse().ok().map(Duration::from_secs);
        }
    }
    age
}

fn read_all_issuers(conn: &mut persistence::DbConnection) -> Result<HashMap<String, Arc<Issuer>>, ApiError> {
    use persistence::registry::organisation_store;
    use persistence::trust::{active_trusted_issuers, list_person_links};
    let mut organisations: HashMap<Uuid, String> = HashMap::new();
    let mut slug_of = |conn: &mut persistence::DbConnection, id: Uuid| -> Result<Option<(Uuid, String)>, ApiError> {
        if let Some(slug) = organisations.get(&id) {
            return Ok(Some((id, slug.clone())));
        }
        let Some(row) = organisation_store::find(conn, id.into())? else { return Ok(None) };
        organisations.insert(id, row.slug.clone());
        Ok(Some((id, row.slug)))
    };
    let mut issuers = HashMap::new();
    for row in active_trusted_issuers(conn)? {
        let mut organisation_map = BTreeMap::new();
        for (value, id) in crate::service::trusted_issuers::decode_map(&row.organisation_map)? {
            if let Some(organisation) = slug_of(conn, crate::convert::uuid(&id)?)? {
                organisation_map.insert(value, organisation);
            }
        }
        let fixed_organisation = match row.fixed_organisation_id {
            Some(id) => slug_of(conn, id.uuid())?,
            None => None,
        };
        let mut links = HashMap::new();
        let mut page = persistence::registry::PageRequest { after: None, limit: 1_000 };
        loop {
            let found = list_person_links(conn, row.id, &page)?;
            for link in found.items.iter().filter(|link| link.ended_at.is_none()) {
                links.insert(link.subject.clone(), link.person_id.uuid());
            }
            match found.next_cursor {
                Some(cursor) => page.after = Some(cursor),
                None => break,
            }
        }
        let key_source = match (&row.jwks_url, &row.discovery_url) {
            (Some(url), _) => KeySource::Jwks(url.clone()),
            (None, Some(url)) => KeySource::Discovery(url.clone()),
            (None, None) => continue,
        };
        let issuer = Issuer {
            issuer: row.issuer.clone(),
            key_source,
            audience: row.audience,
            algorithms: row.algorithms.split(',').filter_map(algorithm).collect(),
            subject_claim: row.subject_claim,
            organisation_claim: row.organisation_claim,
            organisation_map,
            fixed_organisation,
            roles_claim: row.roles_claim,
            role_map: crate::service::trusted_issuers::decode_map(&row.role_map)?,
            machine_roles: row.machine_roles.split(',').filter_map(Role::parse).collect(),
            links,
        };
        issuers.insert(row.issuer, Arc::new(issuer));
    }
    Ok(issuers)
}

impl Federation {
    pub fn new(settings: &OidcSettings) -> Result<Federation, String> {
        Ok(Federation {
            agent: tls_agent(settings)?,
            settings: settings.clone(),
            registry: RwLock::new(Registry::default()),
            stale: AtomicBool::new(true),
            keys: Mutex::new(HashMap::new()),
        })
    }

    /// The registry changed: reread it before the next federated token.
    pub fn invalidate(&self) {
        self.stale.store(true, Ordering::SeqCst);
    }

    fn due(&self) -> bool {
        self.stale.load(Ordering::SeqCst)
            || self.registry.read().map_or(true, |r| r.loaded.is_none_or(|at| at.elapsed() >= REGISTRY_RECHECK))
    }

    /// The trusted issuer named `iss`, rereading the registry first if it is due.
    async fn issuer(state: &web::Data<AppState>, iss: &str) -> Result<Option<Arc<Issuer>>, ApiError> {
        if state.federation.due() {
            let shared = state.clone();
            web::block(move || {
                let federation = &shared.federation;
                federation.stale.store(false, Ordering::SeqCst);
                let issuers = shared.db.read(read_all_issuers);
                match issuers {
                    Ok(issuers) => {
                        if let Ok(mut registry) = federation.registry.write() {
                            *registry = Registry { loaded: Some(Instant::now()), issuers };
                        }
                        Ok(())
                    }
                    Err(e) => {
                        federation.stale.store(true, Ordering::SeqCst);
                        Err(e)
                    }
                }
            })
            .await??;
        }
        Ok(state.federation.registry.read().ok().and_then(|r| r.issuers.get(iss).cloned()))
    }

    fn key_state(&self, issuer: &Issuer) -> SharedKeys {
        let mut keys = self.keys.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        keys.entry((issuer.issuer.clone(), issuer.key_source.clone())).or_default().clone()
    }

    fn get(&self, url: &str) -> Result<(Value, Option<Duration>), String> {
        let response = self.agent.get(url).call().map_err(|e| match e {
            ureq::Error::Status(code, _) => format!("{url} answered {code}"),
            ureq::Error::Transport(t) => format!("{url}: {t}"),
        })?;
        let age = max_age(response.header("cache-control"));
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(response.into_reader(), MAX_DOCUMENT_BYTES), &mut body)
            .map_err(|e| format!("{url}: {e}"))?;
        let value = serde_json::from_slice(&body).map_err(|e| format!("{url}: not JSON: {e}"))?;
        Ok((value, age))
    }

    /// Fetches the issuer's key set (through its discovery document if that is what is registered,
    /// which must name the same issuer).
    fn fetch(&self, issuer: &Issuer) -> Result<(HashMap<String, DecodingKey>, Option<Duration>), String> {
        let jwks_url = match &issuer.key_source {
            KeySource::Jwks(url) => url.clone(),
            KeySource::Discovery(url) => {
                let (document, _) = self.get(url)?;
                // OpenID Connect Discovery 1.0, section 4.3: the document is the issuer's own.
                let named = document.get("issuer").and_then(Value::as_str);
                if named != Some(issuer.issuer.as_str()) {
                    return Err(format!("the discovery document names the issuer {named:?}, not this one"));
                }
                let uri = document.get("jwks_uri").and_then(Value::as_str).ok_or("no jwks_uri in discovery")?;
                if !uri.starts_with("https://") {
                    return Err(format!("the discovery document's jwks_uri {uri:?} is not https"));
                }
                uri.to_string()
            }
        };
        let (document, age) = self.get(&jwks_url)?;
        let set: JwkSet = serde_json::from_value(document).map_err(|e| format!("{jwks_url}: not a JWKS: {e}"))?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            let Some(kid) = jwk.common.key_id.clone() else { continue };
            // Keys marked for encryption are not for signatures; others that cannot be read are skipped.
            if matches!(jwk.common.public_key_use, Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)) {
                continue;
            }
            if let Ok(key) = DecodingKey::from_jwk(jwk) {
                keys.insert(kid, key);
            }
        }
        if keys.is_empty() {
            return Err(format!("{jwks_url}: no usable signing key"));
        }
        Ok((keys, age))
    }

    /// Refreshes one issuer's keys if they are missing, expired or lack `kid`, at most once per
    /// `refetch_interval`. Keeps the last good keys (until they expire) when the fetch fails.
    fn refresh(&self, issuer: &Issuer, keys: &RwLock<KeyState>, kid: &str) {
        let now = Instant::now();
        {
            let Ok(mut state) = keys.write() else { return };
            let needed = !state.usable(now) || !state.keys.contains_key(kid);
            let recently = state.last_attempt.is_some_and(|at| now.duration_since(at) < self.settings.refetch_interval);
            if !needed || recently {
                return;
            }
            state.last_attempt = Some(now);
        }
        let fetched = self.fetch(issuer);
        let Ok(mut state) = keys.write() else { return };
        match fetched {
            Ok((fresh, age)) => {
                let lifetime =
                    age.unwrap_or(DEFAULT_KEY_LIFETIME).clamp(self.settings.min_cache, self.settings.max_cache);
                tracing::info!(issuer = %issuer.issuer, keys = fresh.len(), seconds = lifetime.as_secs(), "fetched a trusted issuer's keys");
                state.keys = fresh;
                state.expires = Some(Instant::now() + lifetime);
                state.verified.clear();
            }
            Err(why) => {
                tracing::warn!(issuer = %issuer.issuer, error = %why, "could not fetch a trusted issuer's keys; keeping the last good ones until they expire");
            }
        }
    }

    fn validation(&self, issuer: &Issuer, leeway: u64) -> Result<Validation, ApiError> {
        let first = *issuer.algorithms.first().ok_or_else(|| unauthenticated("the issuer accepts no algorithm"))?;
        let mut validation = Validation::new(first);
        validation.algorithms = issuer.algorithms.clone();
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_issuer(&[issuer.issuer.as_str()]);
        validation.set_audience(&[issuer.audience.as_str()]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = leeway;
        Ok(validation)
    }

    /// Verifies a token of a trusted issuer with that issuer's keys, algorithms and audience.
    async fn verify(
        state: &web::Data<AppState>,
        issuer: &Arc<Issuer>,
        token: &str,
    ) -> Result<serde_json::Map<String, Value>, ApiError> {
        let federation = &state.federation;
        let leeway = state.settings.leeway.as_secs();
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| unauthenticated(format!("malformed token: {e}")))?;
        // The algorithm is the issuer's to fix, never the token's: refused before any key is looked up.
        if !issuer.algorithms.contains(&header.alg) {
            return Err(unauthenticated(format!("{:?} is not an algorithm this issuer is trusted with", header.alg)));
        }
        let kid = header.kid.ok_or_else(|| unauthenticated("the token names no key (kid)"))?;
        let keys = federation.key_state(issuer);
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        let now = jsonwebtoken::get_current_timestamp();
        let needs_fetch = {
            let held = keys.read().map_err(|_| ApiError::Internal("key cache unavailable".into()))?;
            if held.usable(Instant::now()) {
                if let Some((claims, exp)) = held.verified.get(&digest) {
                    if exp + leeway > now {
                        return Ok(claims.clone());
                    }
                }
            }
            !held.usable(Instant::now()) || !held.keys.contains_key(&kid)
        };
        if needs_fetch {
            let (shared, issuer, keys, kid) = (state.clone(), issuer.clone(), keys.clone(), kid.clone());
            web::block(move || shared.federation.refresh(&issuer, &keys, &kid)).await?;
        }
        let validation = federation.validation(issuer, leeway)?;
        let claims = {
            let held = keys.read().map_err(|_| ApiError::Internal("key cache unavailable".into()))?;
            if !held.usable(Instant::now()) {
                return Err(unauthenticated(
                    "the issuer's keys cannot be fetched now (and the last ones have expired)",
                ));
            }
            let key = held.keys.get(&kid).ok_or_else(|| unauthenticated(format!("unknown key id {kid:?}")))?;
            jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, key, &validation)
                .map(|data| data.claims)
                .map_err(|e| unauthenticated(format!("invalid token: {e}")))?
        };
        let exp = claims.get("exp").and_then(Value::as_u64).unwrap_or(0);
        if let Ok(mut held) = keys.write() {
            if held.verified.len() >= MAX_VERIFIED_TOKENS {
                held.verified.retain(|_, (_, exp)| *exp + leeway > now);
                if held.verified.len() >= MAX_VERIFIED_TOKENS {
                    held.verified.clear();
                }
            }
            held.verified.insert(digest, (claims.clone(), exp));
        }
        Ok(claims)
    }

    /// The principal of a token whose `iss` is a trusted issuer, or `None` when `iss` is not one
    /// (the caller then verifies it as a local token, which refuses a foreign issuer).
    pub async fn principal(
        state: &web::Data<AppState>,
        token: &str,
        iss: &str,
    ) -> Result<Option<FederatedPrincipal>, ApiError> {
        let Some(issuer) = Self::issuer(state, iss).await? else { return Ok(None) };
        let claims = Self::verify(state, &issuer, token).await?;
        map_claims(&issuer, &claims).map(Some)
    }
}

fn text_claim<'a>(claims: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str).filter(|v| !v.is_empty())
}

/// Maps verified claims to a principal: the organisation only through the issuer's mapping, roles
/// through its role map (unmapped values ignored), a person only through a registered link; a
/// token with no linked person (or an app token, `idtyp: app`) is a machine client.
fn map_claims(issuer: &Issuer, claims: &serde_json::Map<String, Value>) -> Result<FederatedPrincipal, ApiError> {
    let subject = text_claim(claims, &issuer.subject_claim)
        .ok_or_else(|| unauthenticated(format!("the token has no {:?} claim (its subject)", issuer.subject_claim)))?;
    let (organisation_id, organisation_slug) = match (&issuer.fixed_organisation, &issuer.organisation_claim) {
        (Some(fixed), _) => fixed.clone(),
        (None, Some(claim)) => {
            let value = text_claim(claims, claim)
                .ok_or_else(|| unauthenticated(format!("the token has no {claim:?} claim (its organisation)")))?;
            issuer.organisation_map.get(value).cloned().ok_or_else(|| {
                unauthenticated(format!("this issuer does not speak for the organisation {claim}={value:?}"))
            })?
        }
        (None, None) => return Err(unauthenticated("the issuer maps no organisation")),
    };
    let claimed: Vec<String> = match claims.get(&issuer.roles_claim) {
        Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        // A space-separated string, as OAuth's `scope`/`scp` claims are.
        Some(Value::String(text)) => text.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let app = text_claim(claims, "idtyp") == Some("app");
    let person_id = if app { None } else { issuer.links.get(subject).copied() };
    let roles = domain::trust::mapped_roles(&claimed, &issuer.role_map, person_id.is_some(), &issuer.machine_roles);
    Ok(FederatedPrincipal {
        principal: Principal {
            // The issuer is part of the subject: audit actors and idempotency records are keyed by
            // (issuer, subject, organisation), so two providers' subjects never meet.
            subject: format!("{}#{}", issuer.issuer, subject),
            organisation_id: Some(organisation_id),
            organisation_slug: Some(organisation_slug.clone()),
            roles,
            person_id,
        },
        organisation_slug,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_max_age_is_read_and_no_store_means_the_lower_bound() {
        assert_eq!(max_age(Some("public, max-age=3600")), Some(Duration::from_secs(3600)));
        assert_eq!(max_age(Some("no-store")), Some(Duration::ZERO));
        assert_eq!(max_age(Some("public")), None);
        assert_eq!(max_age(None), None);
    }

    #[test]
    fn the_claimed_issuer_is_read_from_the_payload() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"iss":"https://idp.example"}"#);
        assert_eq!(claimed_issuer(&format!("e30.{payload}.sig")).as_deref(), Some("https://idp.example"));
        assert_eq!(claimed_issuer("not-a-token"), None);
    }

    fn issuer() -> Issuer {
        let wm = Uuid::now_v7();
        Issuer {
            issuer: "https://idp.west-mercia.example".into(),
            key_source: KeySource::Jwks("https://idp.west-mercia.example/jwks".into()),
            audience: "governance".into(),
            algorithms: vec![Algorithm::RS256],
            subject_claim: "oid".into(),
            organisation_claim: Some("tid".into()),
            organisation_map: BTreeMap::from([("wm-tenant".to_string(), (wm, "west-mercia-opcc".to_string()))]),
            fixed_organisation: None,
            roles_claim: "roles".into(),
            role_map: BTreeMap::from([
                ("Read".to_string(), "reader".to_string()),
                ("Approve".to_string(), "approver".to_string()),
            ]),
            machine_roles: vec![Role::Reader],
            links: HashMap::from([("alice".to_string(), Uuid::now_v7())]),
        }
    }

    fn claims(value: Value) -> serde_json::Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn claims_map_through_the_issuer_only() {
        let issuer = issuer();
        let person = claims(serde_json::json!({"oid": "alice", "tid": "wm-tenant", "roles": ["Read", "Approve", "X"]}));
        let mapped = map_claims(&issuer, &person).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mapped.principal.roles, [Role::Reader, Role::Approver]);
        assert!(mapped.principal.person_id.is_some());
        assert_eq!(mapped.organisation_slug, "west-mercia-opcc");
        // The same subject as an app token, and an unlinked subject: machine clients, reader only.
        let app =
            claims(serde_json::json!({"oid": "alice", "tid": "wm-tenant", "roles": "Read Approve", "idtyp": "app"}));
        let mapped = map_claims(&issuer, &app).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((mapped.principal.roles, mapped.principal.person_id), (vec![Role::Reader], None));
        let other =
            claims(serde_json::json!({"oid": "warwickshire-user", "tid": "warwickshire-tenant", "roles": ["Read"]}));
        assert!(map_claims(&issuer, &other).is_err());
    }
}
