//! The request context every handler takes: who is asking, on which request, with which
//! preconditions, and the helpers that run reads and audited writes on the blocking pool.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use domain::access::{Principal, Role};
use persistence::idempotency::{self, IdempotencyKey};
use persistence::{Change, DbConnection, WriteContext};
use serde::Serialize;

use crate::directory::Known;
use crate::edge::RequestId;
use crate::error::ApiError;
use crate::state::AppState;

pub struct RequestContext {
    pub principal: Principal,
    pub request_id: String,
    pub state: web::Data<AppState>,
    if_match: Option<String>,
    if_none_match: Option<String>,
    idempotency_key: Option<String>,
}

fn header_text(headers: &HeaderMap, name: &str) -> Result<Option<String>, ApiError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => value.to_str().map(|v| Some(v.trim().to_string())).map_err(|_| {
            ApiError::invalid_field(format!("/header/{name}"), "invalid", format!("{name} must be visible ASCII"))
        }),
    }
}

/// Takes one request from the address's bucket; 429 when it is empty.
fn charge_address(state: &AppState, address: Option<&str>) -> Result<(), ApiError> {
    state
        .rate_limiter
        .check_address(address)
        .map(|_| ())
        .map_err(|refused| ApiError::TooManyRequests { retry_after_seconds: refused.wait.as_secs().max(1) })
}

/// Verifies the bearer token and reads its claims into a principal whose organisation is still
/// to be resolved (by slug, from the directory or the database).
fn claims_of(state: &AppState, authorization: &str) -> Result<(Principal, String), ApiError> {
    let token = authorization
        .strip_prefix("Bearer ")
        .or_else(|| authorization.strip_prefix("bearer "))
        .ok_or_else(|| ApiError::Unauthenticated("use Authorization: Bearer <token>".into()))?;
    let claims = state.verifier.verify(token.trim()).map_err(ApiError::Unauthenticated)?;
    principal_of(claims)
}

/// The principal a verified local token's claims name, with its organisation's slug.
fn principal_of(claims: crate::auth::Claims) -> Result<(Principal, String), ApiError> {
    let mut roles = Vec::with_capacity(claims.roles.len());
    for role in &claims.roles {
        roles.push(
            Role::parse(role)
                .ok_or_else(|| ApiError::Unauthenticated(format!("the token carries an unknown role {role:?}")))?,
        );
    }
    let person_id = match &claims.person_id {
        None => None,
        Some(text) => Some(
            uuid::Uuid::parse_str(text)
                .map_err(|_| ApiError::Unauthenticated("person_id in the token is not a UUID".into()))?,
        ),
    };
    let principal = Principal { subject: claims.sub, organisation_id: None, organisation_slug: None, roles, person_id };
    Ok((principal, claims.org))
}

/// Verifies the bearer token: with the trusted issuer's keys and mapping when its `iss` is one of
/// the trust registry's (`crate::federation`), else as a local token ([`claims_of`]).
async fn token_of(state: &web::Data<AppState>, authorization: &str) -> Result<(Principal, String), ApiError> {
    let token = authorization
        .strip_prefix("Bearer ")
        .or_else(|| authorization.strip_prefix("bearer "))
        .ok_or_else(|| ApiError::Unauthenticated("use Authorization: Bearer <token>".into()))?
        .trim();
    // A local token verified before needs neither its issuer read nor its signature checked again.
    if let Some(claims) = state.verifier.remembered(token) {
        return principal_of(claims);
    }
    if let Some(iss) = crate::federation::claimed_issuer(token).filter(|iss| *iss != state.settings.issuer) {
        if let Some(federated) = crate::federation::Federation::principal(state, token, &iss).await? {
            // Keyed by (issuer, subject, organisation), whatever token carries them.
            let key = format!("{}|{}", federated.organisation_slug, federated.principal.subject);
            if let Err(refused) = state.rate_limiter.check_principal(&key) {
                return Err(ApiError::TooManyRequests { retry_after_seconds: refused.wait.as_secs().max(1) });
            }
            return Ok((federated.principal, federated.organisation_slug));
        }
    }
    claims_of(state, authorization)
}

/// The id of the token's organisation (remembered for a while, or read from the database); a token
/// of an organisation that has ended no longer acts (401).
async fn organisation_of(state: &web::Data<AppState>, slug: String) -> Result<uuid::Uuid, ApiError> {
    let known = match state.organisations.get(&slug) {
        Some(known) => known,
        None => {
            let shared = state.clone();
            web::block(move || {
                let mut conn = shared.db.connection()?;
                let organisation =
                    persistence::registry::find_organisation_by_slug(&mut conn, &slug)?.ok_or_else(|| {
                        ApiError::Unauthenticated(format!("the token's organisation {slug:?} is not registered"))
                    })?;
                let known = Known { id: organisation.id.uuid(), ends_on: organisation.ends_on };
                shared.organisations.remember(&organisation.slug, known);
                Ok::<_, ApiError>(known)
            })
            .await??
        }
    };
    let today = chrono::Utc::now().date_naive();
    if !domain::access::organisation_acts_on(known.ends_on, today) {
        let ended = known.ends_on.map(|d| d.to_string()).unwrap_or_default();
        return Err(ApiError::Unauthenticated(format!("the token's organisation ended on {ended}")));
    }
    Ok(known.id)
}

impl FromRequest for RequestContext {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
        let headers = req.headers().clone();
        let address = req.peer_addr().map(|a| a.ip().to_string());
        let reads_only = matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let authorization = header_text(&headers, header::AUTHORIZATION.as_str())?;
            let principal = if let Some(authorization) = authorization {
                // Token checks are CPU work (verified tokens are cached with a JWKS file); only an
                // organisation not yet in the directory needs the database.
                let (mut principal, slug) = match token_of(&state, &authorization).await {
                    Ok(verified) => verified,
                    // A refused token counts against its address, like a request without one: a
                    // fresh junk token per request gets no fresh bucket.
                    Err(refused) => return Err(charge_address(&state, address.as_deref()).err().unwrap_or(refused)),
                };
                principal.organisation_id = Some(organisation_of(&state, slug.clone()).await?);
                principal.organisation_slug = Some(slug);
                principal
            } else if reads_only {
                Principal::anonymous()
            } else {
                // Every change (and every evaluating POST) needs a token: say so before anything else.
                return Err(ApiError::Unauthenticated("this needs a bearer token".into()));
            };
            Ok(RequestContext {
                principal,
                request_id,
                if_match: header_text(&headers, "if-match")?,
                if_none_match: header_text(&headers, "if-none-match")?,
                idempotency_key: idempotency_key(&headers)?,
                state,
            })
        })
    }
}

/// `Idempotency-Key`, whenever it is sent (also where the answer may not be recorded): exactly
/// `openapi::bounds::IDEMPOTENCY_KEY_PATTERN`, 1 to 255 visible ASCII characters without spaces.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let key = header_text(headers, "idempotency-key")?;
    if key.as_ref().is_some_and(|key| key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic())) {
        return Err(ApiError::invalid_field(
            "/header/idempotency-key",
            "invalid",
            "Idempotency-Key must be 1 to 255 visible ASCII characters, without spaces",
        ));
    }
    Ok(key)
}

/// The ETag of a version alone: `"<version>"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The ETag of a record's representation: its version (what `If-Match` compares) and 16 hex digits
/// of the body's SHA-256. A body also holds what its version does not count (warnings as on the day,
/// a meeting's quorum, what this caller may see), so a 304 is answered only for the very bytes the
/// client holds.
pub fn representation_etag(version: i64, body: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body);
    format!("\"{version}-{}\"", hex::encode(&digest[..8]))
}

/// The version an `If-Match` names: exactly `openapi::bounds::IF_MATCH_PATTERN`, `"3"`, `W/"3"` or
/// `"3-<digest>"` (the digest is not compared: the version is what a change may be lost against).
fn version_of_etag(text: &str) -> Option<i64> {
    let quoted = text.strip_prefix("W/").unwrap_or(text);
    let tag = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let (digits, digest) = match tag.split_once('-') {
        Some((digits, digest)) => (digits, Some(digest)),
        None => (tag, None),
    };
    let well_formed_digest =
        digest.is_none_or(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    let well_formed =
        (1..=18).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && well_formed_digest;
    well_formed.then(|| digits.parse().ok()).flatten()
}

impl RequestContext {
    /// The version named by `If-Match`: required on every change (428 without it).
    pub fn expected_version(&self) -> Result<i64, ApiError> {
        let text = self.if_match.as_deref().ok_or(ApiError::PreconditionRequired)?;
        version_of_etag(text).ok_or_else(|| {
            ApiError::invalid_field(
                "/header/if-match",
                "invalid",
                "If-Match must be the ETag of the version you are changing, e.g. \"3\"",
            )
        })
    }

    /// Runs read-only work on the blocking pool.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Principal) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.state.clone();
        let principal = self.principal.clone();
        web::block(move || state.db.read(|conn| work(conn, &principal))).await?
    }

    /// Like [`read`](Self::read), with every statement on one snapshot of the database (a read that
    /// must not see a change land between its statements).
    pub async fn read_snapshot<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Principal) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.state.clone();
        let principal = self.principal.clone();
        web::block(move || state.db.snapshot(|conn| work(conn, &principal))).await?
    }

    /// Who is writing, on which request: the audit event's actor, organisation and request id.
    pub fn write_context(&self, idempotency: Option<IdempotencyKey>) -> WriteContext {
        WriteContext {
            actor: self.principal.subject.clone(),
            organisation_id: self.principal.organisation_id.map(|id| id.to_string()),
            request_id: self.request_id.clone(),
            idempotency,
        }
    }

    /// Runs an audited write in one transaction and answers with its representation.
    pub async fn change<F>(&self, work: F) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError> + Send + 'static,
    {
        self.run_write(None, work).await.map(|change| respond(&change))
    }

    /// Like [`change`](Self::change) for creating POSTs: honours `Idempotency-Key`, replaying the
    /// first answer for the same key and body and refusing the key with another body.
    pub async fn create<F>(&self, body_digest: &str, work: F) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError> + Send + 'static,
    {
        let Some(key) = self.idempotency_key.clone() else {
            return self.change(work).await;
        };
        // Keyed by organisation and subject: tokens of two organisations never share a record.
        let principal = format!(
            "{}|{}",
            self.principal.organisation_id.map(|id| id.to_string()).unwrap_or_default(),
            self.principal.subject
        );
        let key = IdempotencyKey { principal, key, request_digest: body_digest.to_string() };
        if self.has_record(&key).await? {
            // A replay answers only a caller who may make the request now: the request is rehearsed
            // (and rolled back) first, so a refusal is answered as the refusal, never as the stored
            // answer (which may hold a secret, such as a webhook's).
            self.refuse_if_not_allowed(work).await?;
            return self.replay(&key).await?.ok_or_else(|| ApiError::Internal("idempotency record vanished".into()));
        }
        match self.run_write(Some(key.clone()), work).await {
            Ok(change) => Ok(respond(&change)),
            // A concurrent request with the same key committed first: answer as it did.
            Err(ApiError::Conflict(detail)) => self.replay(&key).await?.ok_or(ApiError::Conflict(detail)),
            Err(other) => Err(other),
        }
    }

    async fn has_record(&self, key: &IdempotencyKey) -> Result<bool, ApiError> {
        let lookup = key.clone();
        self.read(move |conn, _| Ok(idempotency::find(conn, &lookup)?.is_some())).await
    }

    /// Runs the request's work in a transaction that is rolled back; answers its refusal if it was
    /// refused for want of a token, standing or sight of the record.
    async fn refuse_if_not_allowed<F>(&self, work: F) -> Result<(), ApiError>
    where
        F: FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError> + Send + 'static,
    {
        let state = self.state.clone();
        let principal = self.principal.clone();
        let answer = web::block(move || state.db.rehearse(|conn| work(conn, &principal))).await??;
        match answer {
            Err(refused @ (ApiError::Unauthenticated(_) | ApiError::Forbidden(_) | ApiError::NotFound)) => Err(refused),
            _ => Ok(()),
        }
    }

    async fn replay(&self, key: &IdempotencyKey) -> Result<Option<HttpResponse>, ApiError> {
        let lookup = key.clone();
        let stored = self.read(move |conn, _| Ok(idempotency::find(conn, &lookup)?)).await?;
        let Some(stored) = stored else { return Ok(None) };
        if stored.request_digest != key.request_digest {
            return Err(ApiError::Unprocessable {
                code: "idempotency_key.reused",
                detail: "this Idempotency-Key was used with a different request body".into(),
                errors: vec![openapi::FieldError {
                    pointer: "/header/idempotency-key".into(),
                    code: "reused".into(),
                    message: "use a new key for a different request".into(),
                }],
            });
        }
        let change = Change {
            action: "replay",
            resource_type: "",
            resource_id: String::new(),
            version: None,
            status: u16::try_from(stored.status).unwrap_or(200),
            body: stored.body,
            etag: stored.etag,
            location: stored.location,
            related: Vec::new(),
            extent: Default::default(),
        };
        let mut response = respond(&change);
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("idempotent-replayed"), header::HeaderValue::from_static("true"));
        Ok(Some(response))
    }

    async fn run_write<F>(&self, idempotency: Option<IdempotencyKey>, work: F) -> Result<Change, ApiError>
    where
        F: FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError> + Send + 'static,
    {
        let state = self.state.clone();
        let principal = self.principal.clone();
        let context = self.write_context(idempotency);
        web::block(move || state.db.write(&context, |conn| work(conn, &principal))).await?
    }

    /// Answers a GET with `known_at`: the record of `kind` as the service held it at `at`, under the
    /// entity tag of that version.
    pub async fn known_at(
        &self,
        kind: crate::service::history::KeptKind,
        id: uuid::Uuid,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<HttpResponse, ApiError> {
        let state = self.state.clone();
        let held = self
            .read(move |conn, principal| {
                crate::service::history::read_known_at(conn, principal, kind, id, at, &state.agreements)
            })
            .await?;
        self.json_resource(held.body, held.version)
    }

    /// Whether `If-None-Match` names this ETag (or `*`).
    pub fn if_none_match_names(&self, tag: &str) -> bool {
        self.if_none_match.as_deref().is_some_and(|listed| none_match_names(listed, tag))
    }

    /// Answers a GET of one resource with its ETag, or 304 when `If-None-Match` names it.
    pub fn resource<T: Serialize>(&self, body: &T, version: i64) -> Result<HttpResponse, ApiError> {
        let body = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.to_string()))?;
        self.json_resource(body.into(), version)
    }

    /// [`resource`](Self::resource) for a body already serialised to JSON.
    pub fn json_resource(&self, body: web::Bytes, version: i64) -> Result<HttpResponse, ApiError> {
        let tag = representation_etag(version, &body);
        Ok(self.tagged(body, tag, "application/json"))
    }

    /// A representation under its entity tag (304 when `If-None-Match` names it), for bodies whose
    /// tag is not a record version (e.g. a report's digest).
    pub fn tagged(&self, body: web::Bytes, tag: String, content_type: &str) -> HttpResponse {
        if self.if_none_match_names(&tag) {
            return HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish();
        }
        HttpResponse::Ok().insert_header((header::ETAG, tag)).content_type(content_type.to_string()).body(body)
    }
}

/// Whether an `If-None-Match` value names `tag` (or is `*`). The comparison is weak (RFC 9110, 13.1.2):
/// `W/"x"` names `"x"`, since a proxy that compresses a body (nginx with gzip) weakens its tag.
fn none_match_names(listed: &str, tag: &str) -> bool {
    listed.split(',').map(str::trim).any(|listed| listed == "*" || listed.strip_prefix("W/").unwrap_or(listed) == tag)
}

/// The HTTP response for a change (or its replay).
fn respond(change: &Change) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(change.status).unwrap_or(actix_web::http::StatusCode::OK);
    let mut response = HttpResponse::build(status);
    response.content_type("application/json");
    if let Some(tag) = &change.etag {
        response.insert_header((header::ETAG, tag.clone()));
    }
    if let Some(location) = &change.location {
        response.insert_header((header::LOCATION, location.clone()));
    }
    response.body(change.body.clone())
}

/// Builds the [`Change`] for a versioned resource: serialises it and sets ETag (and Location on create).
pub fn versioned_change<T: Serialize>(
    action: &'static str,
    kind: domain::access::ResourceKind,
    id: impl std::fmt::Display,
    version: i64,
    representation: &T,
    location: Option<String>,
) -> Result<Change, ApiError> {
    let body = serde_json::to_string(representation).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Change {
        action,
        resource_type: kind.as_str(),
        resource_id: id.to_string(),
        version: Some(version),
        status: if location.is_some() { 201 } else { 200 },
        etag: Some(representation_etag(version, body.as_bytes())),
        body,
        location,
        related: Vec::new(),
        extent: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn if_none_match_compares_weakly() {
        assert!(super::none_match_names("\"3-ab\"", "\"3-ab\""));
        assert!(super::none_match_names("W/\"3-ab\"", "\"3-ab\""));
        assert!(super::none_match_names("\"1-x\", W/\"3-ab\"", "\"3-ab\""));
        assert!(super::none_match_names("*", "\"3-ab\""));
        assert!(!super::none_match_names("W/\"3-ac\"", "\"3-ab\""));
        assert!(!super::none_match_names("3-ab", "\"3-ab\""));
    }

    #[test]
    fn if_match_names_a_version_exactly_as_the_document_declares() {
        let read = super::representation_etag(3, b"{}");
        for (text, version) in [
            ("\"3\"", Some(3)),
            ("W/\"12\"", Some(12)),
            ("\"000000000000000007\"", Some(7)),
            ("\"4-0123456789abcdef\"", Some(4)),
            (read.as_str(), Some(3)),
        ] {
            assert_eq!(super::version_of_etag(text), version, "{text}");
            assert!(text.len() <= openapi::bounds::MAX_IF_MATCH_CHARS, "{text}");
        }
        for text in [
            "3",
            "\"-3\"",
            "\"\"",
            "\"3",
            "W/3",
            "*",
            "\"1234567890123456789\"",
            "\"3\" ",
            "w/\"3\"",
            "\"3-\"",
            "\"3-0123456789ABCDEF\"",
            "\"3-0123456789abcde\"",
            "\"3-0123456789abcdef0\"",
        ] {
            assert_eq!(super::version_of_etag(text), None, "{text}");
        }
    }

    #[test]
    fn a_representation_tag_changes_with_its_body_not_only_its_version() {
        let (one, other) = (super::representation_etag(3, b"{\"warnings\":[]}"), super::representation_etag(3, b"{}"));
        assert_ne!(one, other);
        assert!(one.starts_with("\"3-") && one.len() == 20, "{one}");
    }
}
