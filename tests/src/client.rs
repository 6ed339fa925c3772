//! A small blocking HTTP client over the running test service, and token minting.

use std::collections::HashMap;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::{Backend, TempDir};

pub struct TestApp {
    pub base: String,
    pub database_url: String,
    pub backend: Backend,
    secret: Option<Vec<u8>>,
    handle: actix_web::dev::ServerHandle,
    /// A connection pool to the service's database, opened on first use by [`TestApp::audit_head`].
    db: std::sync::OnceLock<persistence::Database>,
    _dir: TempDir,
}

/// A response with everything tests assert on.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub text: String,
}

impl Response {
    /// The body as JSON; panics (naming the status and body) when it is not JSON, so a test can
    /// never compare a non-JSON answer as `null`.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("the {} response body is not JSON ({e}): {:?}", self.status, self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// Asserts the status, printing the body when it differs.
    pub fn expect(self, status: u16) -> Response {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        self
    }

    /// Asserts a problem+json response of this status and code.
    pub fn expect_problem(self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "body: {}", self.text);
        let body = self.json();
        assert_eq!(body["code"], code, "body: {}", self.text);
        assert_eq!(body["status"], status);
        body
    }
}

/// One request being built.
pub struct Request<'a> {
    app: &'a TestApp,
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
}

impl Request<'_> {
    pub fn token(mut self, token: &str) -> Self {
        self.headers.push(("Authorization".into(), format!("Bearer {token}")));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn if_match(self, version: i64) -> Self {
        self.header("If-Match", &format!("\"{version}\""))
    }

    pub fn send(self) -> Response {
        self.send_body(None, None)
    }

    pub fn json(self, body: &Value) -> Response {
        self.send_body(Some(body.to_string()), Some("application/json"))
    }

    pub fn raw(self, body: &str, content_type: &str) -> Response {
        self.send_body(Some(body.to_string()), Some(content_type))
    }

    fn send_body(self, body: Option<String>, content_type: Option<&str>) -> Response {
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let mut request = agent.request(self.method, &format!("{}{}", self.app.base, self.path));
        for (name, value) in &self.headers {
            request = request.set(name, value);
        }
        if let Some(content_type) = content_type {
            request = request.set("Content-Type", content_type);
        }
        let result = match body {
            Some(body) => request.send_string(&body),
            None => request.call(),
        };
        let response = match result {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(other) => panic!("{} {} failed: {other}", self.method, self.path),
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .filter_map(|name| response.header(&name).map(|v| (name.to_ascii_lowercase(), v.to_string())))
            .collect();
        let text =
            response.into_string().unwrap_or_else(|e| panic!("{} {}: unreadable body: {e}", self.method, self.path));
        Response { status, headers, text }
    }
}

impl TestApp {
    pub(crate) fn new(
        base: String,
        secret: Option<Vec<u8>>,
        database_url: String,
        backend: Backend,
        handle: actix_web::dev::ServerHandle,
        dir: TempDir,
    ) -> TestApp {
        TestApp { base, database_url, backend, secret, handle, db: std::sync::OnceLock::new(), _dir: dir }
    }

    /// The data directory (local token secret) of this service, for a replica sharing its key.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self._dir.0.clone()
    }

    pub fn get(&self, path: &str) -> Request<'_> {
        self.request("GET", path)
    }

    pub fn post(&self, path: &str) -> Request<'_> {
        self.request("POST", path)
    }

    pub fn patch(&self, path: &str) -> Request<'_> {
        self.request("PATCH", path)
    }

    pub fn request(&self, method: &'static str, path: &str) -> Request<'_> {
        Request { app: self, method, path: path.to_string(), headers: Vec::new() }
    }

    /// Standard claims for a principal of `org` with `roles`, valid now.
    pub fn claims(&self, org: &str, roles: &[&str]) -> Value {
        let now = jsonwebtoken::get_current_timestamp();
        json!({
            "sub": format!("test:{org}:{}", roles.join("+")),
            "org": org,
            "roles": roles,
            "iss": "governance-local",
            "aud": "governance-api",
            "exp": now + 600,
            "nbf": now - 1,
            "iat": now,
        })
    }

    /// Signs any claims with the service's local HS256 secret.
    pub fn sign(&self, claims: &Value) -> String {
        let secret = self.secret.as_deref().unwrap_or_else(|| panic!("this service has no local secret"));
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret))
            .unwrap_or_else(|e| panic!("sign: {e}"))
    }

    pub fn token(&self, org: &str, roles: &[&str]) -> String {
        self.sign(&self.claims(org, roles))
    }

    /// A system administrator of the platform organisation (created on first use).
    pub fn admin(&self) -> String {
        self.ensure_organisation("governance-service", "external", None);
        self.token("governance-service", &["system_admin"])
    }

    /// Creates an organisation directly in the database if missing (tokens need a registered org).
    pub fn ensure_organisation(&self, slug: &str, kind: &str, corporation_sole_id: Option<&str>) -> String {
        use persistence::registry::{find_organisation_by_slug, organisation_store, OrganisationRow};
        let db = persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        if let Some(existing) = find_organisation_by_slug(&mut conn, slug).unwrap_or_else(|e| panic!("{e}")) {
            return existing.id.to_string();
        }
        let now = persistence::audit::now();
        let row = OrganisationRow {
            id: persistence::ids::OrganisationId::generate(),
            slug: slug.into(),
            name: slug.into(),
            kind: kind.to_string().try_into().unwrap_or_else(|e: String| panic!("{e}")),
            corporation_sole_id: corporation_sole_id
                .map(|id| uuid::Uuid::parse_str(id).map(Into::into).unwrap_or_else(|e| panic!("{id}: {e}"))),
            force_id: None,
            ends_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        organisation_store::insert(&mut conn, &row).unwrap_or_else(|e| panic!("{e}"));
        row.id.to_string()
    }

    /// The sequence of the last event of the audit chain (0 when empty), read from the database: what
    /// every stored change moves, so a refused change must leave it where it was.
    pub fn audit_head(&self) -> i64 {
        use diesel::{QueryDsl, RunQueryDsl};
        use persistence::schema::audit_events;
        let db = self
            .db
            .get_or_init(|| persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}")));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        audit_events::table
            .select(diesel::dsl::max(audit_events::sequence))
            .first::<Option<i64>>(&mut *conn)
            .unwrap_or_else(|e| panic!("audit head: {e}"))
            .unwrap_or(0)
    }

    /// Sends `HEAD path` over a plain connection and answers its status and everything the server
    /// sent after the headers (an HTTP client would not read a body after a HEAD, so it could not
    /// tell whether one was sent).
    pub fn raw_head(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).unwrap_or_else(|e| panic!("connect {address}: {e}"));
        let mut request = format!("HEAD {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap_or_else(|e| panic!("HEAD {path}: {e}"));
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap_or_else(|e| panic!("HEAD {path}: {e}"));
        let (head, after) = answer.split_once("\r\n\r\n").unwrap_or((answer.as_str(), ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_string(), after.to_string())
    }

    /// The revision of everything the authority check reads, from the database.
    pub fn authority_revision(&self) -> i64 {
        let db = self
            .db
            .get_or_init(|| persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}")));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        persistence::delegations::authority_revision(&mut conn)
            .unwrap_or_else(|e| panic!("authority revision: {e}"))
            .unwrap_or_else(|| panic!("the database keeps no authority revision"))
    }

    /// The database's `decisions` read revision (what a decision register page shows) as stored now.
    pub fn decisions_revision(&self) -> i64 {
        let db = self
            .db
            .get_or_init(|| persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}")));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        persistence::boards::decisions_revision(&mut conn)
            .unwrap_or_else(|e| panic!("decisions revision: {e}"))
            .unwrap_or_else(|| panic!("the database keeps no decisions revision"))
    }

    /// The database's `agreement_lists` read revision (what the agreements list shows) as stored now.
    pub fn agreement_lists_revision(&self) -> i64 {
        let db = self
            .db
            .get_or_init(|| persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}")));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        persistence::agreements::agreement_lists_revision(&mut conn)
            .unwrap_or_else(|e| panic!("agreement lists revision: {e}"))
            .unwrap_or_else(|| panic!("the database keeps no agreement lists revision"))
    }

    /// Runs SQL directly against the service's database (for tampering tests).
    pub fn execute_sql(&self, sql: &str) -> usize {
        use diesel::RunQueryDsl;
        let db = persistence::Database::connect(&self.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
        let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
        diesel::sql_query(sql).execute(&mut *conn).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(false))).join();
    }
}
