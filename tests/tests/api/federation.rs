//! Federated identity against real OpenID providers (issue 16): two `oauth2-mock-server` processes
//! on loopback, over HTTPS with a throwaway CA, play West Mercia's and Warwickshire's identity
//! providers. The npm package is installed under the cargo target directory on first use (as
//! `scripts/npm-tools.sh` installs the contract tools); without node and npm these tests fail.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use governance_tests::{on_both_backends, spawn, Backend, Options, TempDir, TestApp};
use serde_json::{json, Value};

use crate::fixtures::{area, create, id, person, Area};

const MOCK_SERVER: &str = "oauth2-mock-server@9.3.0";
const AUDIENCE: &str = "governance-api";

/// The cargo target directory: `CARGO_TARGET_DIR`, or the one this test binary was built in.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current_exe: {e}"));
    // <target>/<profile>/deps/<test binary>
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| panic!("no target dir above {}", exe.display()))
}

/// The installed package's entry module, installing it (pinned) on first use.
fn mock_server_module() -> PathBuf {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = target_dir().join("oidc-npm");
    let module = dir.join("node_modules/oauth2-mock-server/dist/index.mjs");
    let marker = dir.join(".tools");
    if module.exists() && std::fs::read_to_string(&marker).is_ok_and(|t| t == MOCK_SERVER) {
        return module;
    }
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    std::fs::write(dir.join("package.json"), "{\"private\": true}\n").unwrap_or_else(|e| panic!("{e}"));
    let installed = Command::new("npm")
        .args(["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", MOCK_SERVER])
        .current_dir(&dir)
        .status();
    match installed {
        Ok(status) if status.success() && module.exists() => {}
        other => panic!(
            "the federation tests need node and npm to run {MOCK_SERVER} as the forces' identity providers \
             (apt-get install nodejs npm); `npm install {MOCK_SERVER}` in {} gave {other:?}",
            dir.display()
        ),
    }
    std::fs::write(&marker, MOCK_SERVER).unwrap_or_else(|e| panic!("{e}"));
    module
}

/// A throwaway CA and a server certificate for 127.0.0.1 signed by it (EC P-256, made by openssl).
struct Tls {
    ca: PathBuf,
    key: PathBuf,
    cert: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("the federation tests need openssl to make a test CA: {e}"));
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn throwaway_ca(dir: &Path) -> Tls {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend(["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Federation test CA"]);
    ca.extend(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
    openssl(dir, &ca);
    let mut request = vec!["req"];
    request.extend(ec);
    request.extend(["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
    openssl(dir, &request);
    let extensions = "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
                      keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n";
    std::fs::write(dir.join("server.ext"), extensions).unwrap_or_else(|e| panic!("{e}"));
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "1",
            "-extfile",
            "server.ext",
        ],
    );
    Tls { ca: dir.join("ca.pem"), key: dir.join("server.key"), cert: dir.join("server.pem") }
}

/// One identity provider process; stopped (killed) when dropped.
struct Provider {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    url: String,
}

impl Provider {
    fn start(tls: &Tls) -> Provider {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oidc-provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg(mock_server_module())
            .arg(&tls.key)
            .arg(&tls.cert)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("the federation tests need node (apt-get install nodejs): {e}"));
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout")));
        let mut provider = Provider { child, stdin, stdout, url: String::new() };
        provider.url = provider.read()["url"].as_str().unwrap_or_else(|| panic!("no url")).to_string();
        provider
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap_or_else(|e| panic!("provider: {e}"));
        let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("provider said {line:?}: {e}"));
        assert!(value.get("error").is_none(), "provider: {value}");
        value
    }

    fn ask(&mut self, command: Value) -> Value {
        let stdin = self.stdin.as_mut().unwrap_or_else(|| panic!("the provider was stopped"));
        writeln!(stdin, "{command}").unwrap_or_else(|e| panic!("provider: {e}"));
        self.read()
    }

    /// A token signed by the provider's first key (or `kid`), `claims` over its defaults
    /// (`iss` the provider, `iat`, `nbf`, `exp` in ten minutes).
    fn token_signed_by(&mut self, kid: Option<&str>, claims: Value) -> String {
        let mut claims = claims;
        claims["aud"] = json!(AUDIENCE);
        let answer = self.ask(json!({"cmd": "token", "kid": kid, "claims": claims}));
        answer["token"].as_str().unwrap_or_else(|| panic!("no token")).to_string()
    }

    fn token(&mut self, claims: Value) -> String {
        self.token_signed_by(Some("key-1"), claims)
    }

    /// Adds a key (published in the provider's JWKS at once).
    fn rotate(&mut self, kid: &str) {
        self.ask(json!({"cmd": "rotate", "kid": kid}));
    }

    /// The provider goes down.
    fn stop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The test providers listen on loopback, which the operator must trust explicitly.
fn loopback() -> Vec<domain::webhooks::TrustedNetwork> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .map(|net| domain::webhooks::TrustedNetwork::parse(net).unwrap_or_else(|e| panic!("{net}: {e}")))
        .collect()
}

fn federated_app(backend: Backend, tls: &Tls, oidc: impl FnOnce(&mut api::config::OidcSettings) + 'static) -> TestApp {
    let ca = tls.ca.clone();
    spawn(
        backend,
        Options {
            configure: Some(Box::new(move |settings| {
                settings.oidc.ca_file = Some(ca);
                settings.oidc.trusted_networks = loopback();
                oidc(&mut settings.oidc);
            })),
            ..Options::default()
        },
    )
}

/// Registers a provider as the identity provider of `area`'s OPCC (claim `tid` = `tenant`).
fn registration(provider: &Provider, area: &Area, tenant: &str, keys: Value) -> Value {
    let mut body = json!({
        "issuer": provider.url,
        "name": format!("Identity provider of {}", area.opcc_slug),
        "audience": AUDIENCE,
        "algorithms": ["RS256"],
        "subject_claim": "oid",
        "organisation_claim": "tid",
        "organisation_map": {tenant: area.opcc},
        "roles_claim": "roles",
        "role_map": {"Gov.Read": "reader", "Gov.Draft": "contributor", "Gov.Approve": "approver", "Gov.Admin": "org_admin"},
        "machine_roles": ["reader"],
    });
    for (k, v) in keys.as_object().cloned().unwrap_or_default() {
        body[k] = v;
    }
    body
}

fn me(app: &TestApp, token: &str) -> Value {
    app.get("/api/v1/me").token(token).send().expect(200).json()
}

fn refused(app: &TestApp, token: &str) -> Value {
    let response = app.get("/api/v1/me").token(token).send();
    let bearer = response.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer"));
    assert!(bearer, "no WWW-Authenticate: {} {}", response.status, response.text);
    response.expect_problem(401, "unauthenticated")
}

fn tokens_of_one_force_never_act_for_another_and_machines_never_act_as_people(backend: Backend) {
    let started = Instant::now();
    let dir = TempDir::new();
    let tls = throwaway_ca(&dir.0);
    let mut west_mercia_idp = Provider::start(&tls);
    let mut warwickshire_idp = Provider::start(&tls);
    let app = federated_app(backend, &tls, |_| {});
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wk = area(&app, &admin, "warwickshire");

    // The registry refuses what it must not trust (422 with the field), and is the platform's.
    let mut bad = registration(&west_mercia_idp, &wm, "wm-tenant", json!({"jwks_url": "http://127.0.0.1:1/jwks"}));
    bad["algorithms"] = json!(["HS256"]);
    let problem =
        app.post("/api/v1/trusted-issuers").token(&admin).json(&bad).expect_problem(422, "trust.insecure_url");
    let codes: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .map(|e| e.iter().map(|e| (e["pointer"].as_str().unwrap_or(""), e["code"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    assert!(codes.contains(&("/jwks_url", "trust.insecure_url")), "{problem}");
    assert!(codes.contains(&("/algorithms/0", "trust.algorithm_refused")), "{problem}");
    let wm_admin_local = app.token(&wm.opcc_slug, &["org_admin"]);
    let good =
        registration(&west_mercia_idp, &wm, "wm-tenant", json!({"jwks_url": format!("{}/jwks", west_mercia_idp.url)}));
    app.post("/api/v1/trusted-issuers").token(&wm_admin_local).json(&good).expect_problem(403, "forbidden");
    let wm_issuer = create(&app, &admin, "/api/v1/trusted-issuers", good);
    // Warwickshire's is found through its discovery document.
    let discovery = json!({"discovery_url": format!("{}/.well-known/openid-configuration", warwickshire_idp.url)});
    let wk_issuer =
        create(&app, &admin, "/api/v1/trusted-issuers", registration(&warwickshire_idp, &wk, "wk-tenant", discovery));
    let alice = person(&app, &wm_admin_local, "Alice Approver");
    let link = json!({"subject": "alice-oid", "person_id": alice});
    let alice_link = create(&app, &admin, &format!("/api/v1/trusted-issuers/{}/person-links", id(&wm_issuer)), link);

    // A linked person of West Mercia acts for West Mercia's OPCC, with the mapped roles only.
    let alice_token = west_mercia_idp
        .token(json!({"sub": "alice-sub", "oid": "alice-oid", "tid": "wm-tenant", "roles": ["Gov.Admin", "Gov.Approve", "Unmapped"]}));
    let alice_me = me(&app, &alice_token);
    assert_eq!(alice_me["organisation_slug"], wm.opcc_slug.as_str());
    assert_eq!(alice_me["person_id"], alice.as_str());
    assert_eq!(alice_me["roles"], json!(["org_admin", "approver"]));
    assert_eq!(alice_me["subject"], format!("{}#alice-oid", west_mercia_idp.url));

    // West Mercia's provider cannot speak for Warwickshire: not by claiming its tenant (401)...
    let as_warwickshire = west_mercia_idp
        .token(json!({"sub": "alice-sub", "oid": "alice-oid", "tid": "wk-tenant", "roles": ["Gov.Admin"]}));
    refused(&app, &as_warwickshire);
    // ...nor by acting on Warwickshire's organisation (403), while its own works.
    let hook = |org: &str| json!({"organisation_id": org, "target_url": "http://127.0.0.1:9/hook"});
    app.post("/api/v1/webhook-subscriptions")
        .token(&alice_token)
        .json(&hook(&wk.opcc))
        .expect_problem(403, "forbidden");
    app.post("/api/v1/webhook-subscriptions").token(&alice_token).json(&hook(&wm.opcc)).expect(201);
    // Warwickshire's own provider does act for Warwickshire.
    let wk_token =
        warwickshire_idp.token(json!({"sub": "s", "oid": "bob-oid", "tid": "wk-tenant", "roles": ["Gov.Read"]}));
    assert_eq!(me(&app, &wk_token)["organisation_slug"], wk.opcc_slug.as_str());

    // An unknown issuer, even with a real provider's signature, is refused with a problem.
    let unknown = west_mercia_idp.token(json!({"iss": "https://unknown.example", "oid": "x", "tid": "wm-tenant"}));
    refused(&app, &unknown);
    // An HS256 token claiming a trusted issuer (signed with the service's own local secret) is refused.
    let now = jsonwebtoken::get_current_timestamp();
    let forged = app.sign(&json!({"iss": west_mercia_idp.url, "aud": AUDIENCE, "sub": "alice-sub", "oid": "alice-oid",
        "tid": "wm-tenant", "roles": ["Gov.Admin"], "exp": now + 600, "nbf": now - 1, "iat": now}));
    let problem = refused(&app, &forged);
    assert!(problem["detail"].as_str().unwrap_or("").contains("HS256"), "{problem}");

    // A machine client (client credentials: an app token, no linked person) reads, never approves.
    let machine = west_mercia_idp
        .token(json!({"sub": "app-sub", "oid": "integration-app", "idtyp": "app", "tid": "wm-tenant", "roles": ["Gov.Read", "Gov.Approve", "Gov.Admin"]}));
    let machine_me = me(&app, &machine);
    assert_eq!((machine_me["roles"].clone(), machine_me["person_id"].clone()), (json!(["reader"]), Value::Null));
    // Even a linked person's subject, presented as an app token, is no person.
    let app_as_alice = west_mercia_idp.token(
        json!({"sub": "alice-sub", "oid": "alice-oid", "idtyp": "app", "tid": "wm-tenant", "roles": ["Gov.Approve"]}),
    );
    assert_eq!(me(&app, &app_as_alice)["person_id"], Value::Null);
    let contributor = app.token(&wm.opcc_slug, &["contributor"]);
    let draft = create(&app, &contributor, "/api/v1/collaboration-agreements", agreement(&wm, &wk));
    let path = format!("/api/v1/collaboration-agreements/{}", id(&draft));
    app.get(&path).token(&machine).send().expect(200);
    let party = draft["parties"][0]["id"].clone();
    let approval = json!({"party_id": party, "approved_on": "2016-06-01", "rationale": rationale()});
    app.post(&format!("{path}/approvals"))
        .token(&machine)
        .if_match(draft["version"].as_i64().unwrap_or(1))
        .json(&approval)
        .expect_problem(403, "forbidden");

    // Ending Alice's link (she left): her next token is no one, and a machine's roles it does not carry.
    let end_link = format!("/api/v1/trusted-issuers/{}/person-links/{}/end", id(&wm_issuer), id(&alice_link));
    app.post(&end_link).token(&admin).if_match(1).send().expect(200);
    let after_leaving = me(&app, &alice_token);
    assert_eq!((after_leaving["person_id"].clone(), after_leaving["roles"].clone()), (Value::Null, json!([])));

    // Ending the trust refuses the issuer's tokens from the next request on (audited).
    let wk_path = format!("/api/v1/trusted-issuers/{}", id(&wk_issuer));
    app.post(&format!("{wk_path}/end")).token(&admin).if_match(1).send().expect(200);
    refused(&app, &wk_token);
    let events = app.get("/api/v1/audit-events?limit=200").token(&admin).send().expect(200).json();
    let actions: Vec<String> = events["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|e| e["resource_type"] == "trusted_issuer")
                .map(|e| e["action"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(actions, ["create", "create", "link_person", "unlink_person", "end"], "{events}");
    warwickshire_idp.stop();
    eprintln!("federation test ({backend:?}) took {:?}", started.elapsed());
}

fn key_rotation_is_picked_up_and_cached_keys_outlive_an_outage_until_they_expire(backend: Backend) {
    let started = Instant::now();
    let dir = TempDir::new();
    let tls = throwaway_ca(&dir.0);
    let mut idp = Provider::start(&tls);
    let lifetime = Duration::from_secs(5);
    let interval = Duration::from_secs(3);
    let app = federated_app(backend, &tls, move |oidc| {
        (oidc.min_cache, oidc.max_cache) = (lifetime, lifetime);
        oidc.refetch_interval = interval;
    });
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let jwks = json!({"jwks_url": format!("{}/jwks", idp.url)});
    create(&app, &admin, "/api/v1/trusted-issuers", registration(&idp, &wm, "wm-tenant", jwks));
    let claims = || json!({"sub": "s", "oid": "reader-oid", "tid": "wm-tenant", "roles": ["Gov.Read"]});
    me(&app, &idp.token(claims()));
    let first_fetch = Instant::now();

    // The provider rotates at once: a token under the new key names an unknown kid, but the keys
    // were fetched just now, and refetching is rate-limited per issuer (401 within the interval)...
    idp.rotate("key-2");
    let rotated = idp.token_signed_by(Some("key-2"), claims());
    refused(&app, &rotated);
    assert!(first_fetch.elapsed() < interval, "too slow to see the rate limit: {:?}", first_fetch.elapsed());
    // ...and the new key is picked up (refetched on the unknown kid) once the interval has passed.
    std::thread::sleep((first_fetch + interval + Duration::from_millis(100)).saturating_duration_since(Instant::now()));
    me(&app, &rotated);
    let fetched = Instant::now();

    // The provider goes down: keys already fetched keep working, for new tokens too, until they expire.
    let before_outage = idp.token_signed_by(Some("key-1"), claims());
    idp.stop();
    me(&app, &rotated);
    me(&app, &before_outage);
    std::thread::sleep((fetched + lifetime + Duration::from_millis(300)).saturating_duration_since(Instant::now()));
    let problem = refused(&app, &before_outage);
    assert!(problem["detail"].as_str().unwrap_or("").contains("expired"), "{problem}");
    eprintln!("key rotation test ({backend:?}) took {:?}", started.elapsed());
}

fn the_trust_registry_is_the_platforms_and_refuses_what_it_must_not_trust(backend: Backend) {
    let app = crate::fixtures::app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wk = area(&app, &admin, "warwickshire");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let body = json!({"issuer": "https://idp.west-mercia.example", "name": "West Mercia", "audience": AUDIENCE,
        "jwks_url": "https://idp.west-mercia.example/jwks", "algorithms": ["RS256", "ES256"], "organisation_id": wm.opcc});
    let created = app.post("/api/v1/trusted-issuers").token(&admin).json(&body).expect(201);
    let issuer = created.json();
    let path = format!("/api/v1/trusted-issuers/{}", id(&issuer));
    assert_eq!(created.header("location"), Some(path.as_str()));
    assert_eq!((issuer["subject_claim"].clone(), issuer["roles_claim"].clone()), (json!("sub"), json!("roles")));
    // Others may neither list, read nor change the registry.
    app.get("/api/v1/trusted-issuers").token(&wm_admin).send().expect_problem(403, "forbidden");
    app.get(&path).token(&wm_admin).send().expect_problem(404, "not_found");
    app.get("/api/v1/trusted-issuers").send().expect_problem(401, "unauthenticated");
    app.patch(&path).token(&wm_admin).if_match(1).json(&json!({"name": "Mine"})).expect_problem(403, "forbidden");
    let listed = app.get("/api/v1/trusted-issuers").token(&admin).send().expect(200).json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    // The same iss twice is a conflict; an unknown organisation is named.
    app.post("/api/v1/trusted-issuers").token(&admin).json(&body).expect_problem(409, "conflict");
    let mut unknown = body.clone();
    unknown["issuer"] = json!("https://other.example");
    unknown["organisation_id"] = json!(uuid::Uuid::now_v7());
    app.post("/api/v1/trusted-issuers").token(&admin).json(&unknown).expect_problem(422, "unknown_reference");
    // Changes need the version; each field given replaces the stored one, under the same checks.
    app.patch(&path).token(&admin).json(&json!({"name": "x"})).expect_problem(428, "precondition_required");
    app.patch(&path).token(&admin).if_match(7).json(&json!({"name": "x"})).expect_problem(412, "precondition_failed");
    let hs = json!({"algorithms": ["RS256", "HS256"]});
    let problem = app.patch(&path).token(&admin).if_match(1).json(&hs).expect_problem(422, "trust.algorithm_refused");
    assert_eq!(problem["errors"][0]["pointer"], "/algorithms/1");
    let claim_without_map = json!({"organisation_claim": "tid"});
    app.patch(&path)
        .token(&admin)
        .if_match(1)
        .json(&claim_without_map)
        .expect_problem(422, "trust.organisation_mapping");
    let platform = json!({"role_map": {"Admin": "system_admin"}});
    app.patch(&path).token(&admin).if_match(1).json(&platform).expect_problem(422, "trust.role_refused");
    let machine = json!({"machine_roles": ["approver"]});
    app.patch(&path).token(&admin).if_match(1).json(&machine).expect_problem(422, "trust.role_refused");
    let plain = json!({"discovery_url": "http://idp.west-mercia.example/.well-known/openid-configuration"});
    app.patch(&path).token(&admin).if_match(1).json(&plain).expect_problem(422, "trust.insecure_url");
    let discovery = json!({"discovery_url": "https://idp.west-mercia.example/.well-known/openid-configuration"});
    let changed = app.patch(&path).token(&admin).if_match(1).json(&discovery).expect(200).json();
    assert_eq!((changed["version"].clone(), changed["jwks_url"].clone()), (json!(2), Value::Null));
    // A subject is linked once, and only to a person of the issuer's organisations.
    let links = format!("{path}/person-links");
    let alice = person(&app, &wm_admin, "Alice");
    let bob = person(&app, &app.token(&wk.opcc_slug, &["org_admin"]), "Bob");
    create(&app, &admin, &links, json!({"subject": "alice", "person_id": alice}));
    app.post(&links)
        .token(&admin)
        .json(&json!({"subject": "alice", "person_id": alice}))
        .expect_problem(409, "conflict");
    let problem = app
        .post(&links)
        .token(&admin)
        .json(&json!({"subject": "bob", "person_id": bob}))
        .expect_problem(422, "trust.person_link");
    assert_eq!(problem["errors"][0]["pointer"], "/person_id");
    let listed = app.get(&links).token(&admin).send().expect(200).json();
    assert_eq!(listed["items"][0]["person_id"], alice.as_str());
    // A link is ended by the platform only, once; it stays listed, ended, and the subject is not linked again.
    let link_id = listed["items"][0]["id"].as_str().unwrap_or_default().to_string();
    let end_link = format!("{links}/{link_id}/end");
    app.post(&end_link).token(&wm_admin).if_match(2).send().expect_problem(403, "forbidden");
    app.post(&end_link).token(&admin).send().expect_problem(428, "precondition_required");
    let ended = app.post(&end_link).token(&admin).if_match(2).send().expect(200).json();
    assert!(ended["ended_at"].is_string(), "{ended}");
    app.post(&end_link).token(&admin).if_match(3).send().expect_problem(409, "conflict");
    let unknown = format!("{links}/{}/end", uuid::Uuid::now_v7());
    app.post(&unknown).token(&admin).if_match(3).send().expect_problem(404, "not_found");
    app.post(&links)
        .token(&admin)
        .json(&json!({"subject": "alice", "person_id": alice}))
        .expect_problem(409, "conflict");
    let listed = app.get(&links).token(&admin).send().expect(200).json();
    assert!(listed["items"][0]["ended_at"].is_string(), "{listed}");
    // Ending is once.
    app.post(&format!("{path}/end")).token(&admin).if_match(3).send().expect(200);
    app.post(&format!("{path}/end")).token(&admin).if_match(4).send().expect_problem(409, "conflict");
}

fn a_federated_subject_has_one_rate_limit_bucket_whatever_its_tokens(backend: Backend) {
    let dir = TempDir::new();
    let tls = throwaway_ca(&dir.0);
    let mut idp = Provider::start(&tls);
    let ca = tls.ca.clone();
    let app = spawn(
        backend,
        Options {
            configure: Some(Box::new(move |settings| {
                settings.oidc.ca_file = Some(ca);
                settings.oidc.trusted_networks = loopback();
                // A burst of 10: enough for the set-up below; each new token would get as many.
                settings.rate_limit_per_second = 5;
            })),
            ..Options::default()
        },
    );
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let jwks = json!({"jwks_url": format!("{}/jwks", idp.url)});
    create(&app, &admin, "/api/v1/trusted-issuers", registration(&idp, &wm, "wm-tenant", jwks));
    // Sixty fresh tokens of one subject: each token's own bucket is full, the subject's is not.
    let tokens: Vec<String> = (0..60)
        .map(|n| idp.token(json!({"sub": "s", "oid": "busy-oid", "tid": "wm-tenant", "roles": ["Gov.Read"], "n": n})))
        .collect();
    let statuses: Vec<u16> = tokens.iter().map(|t| app.get("/api/v1/me").token(t).send().status).collect();
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "one subject's fresh tokens were never limited: {statuses:?}");
    // Another subject of the same issuer has its own bucket.
    let other = idp.token(json!({"sub": "s", "oid": "other-oid", "tid": "wm-tenant", "roles": ["Gov.Read"]}));
    me(&app, &other);
}

fn rationale() -> Value {
    json!({
        "efficiency_or_effectiveness": "a joint unit saves money",
        "existing_collaboration_considered": "builds on the alliance",
        "consistency_considered": "one process across the forces",
        "other_opportunities_considered": "regional options compared",
    })
}

/// A draft agreement between both areas' corporations sole.
fn agreement(wm: &Area, wk: &Area) -> Value {
    json!({
        "reference": "WMW-FEDERATION",
        "title": "Firearms and explosives licensing",
        "summary": "A joint firearms and explosives licensing unit",
        "lead_force_id": wm.force,
        "lead_board_name": "Operational Support Governance Board",
        "withdrawal_notice_months": 12,
        "withdrawal_effective_rule": "31 March after 12 months' notice",
        "baseline_cost_pence": 71_200_000,
        "savings_target_pence": 31_400_000,
        "parties": [{"corporation_sole_id": wm.pcc}, {"corporation_sole_id": wm.chief_constable},
                    {"corporation_sole_id": wk.pcc}, {"corporation_sole_id": wk.chief_constable}],
        "provisions": [{"kind": "fcp", "function": "Firearms and explosives licensing", "forces": [wm.force, wk.force],
                        "direction_and_control": wm.chief_constable}],
    })
}

/// A registration cannot make the service probe its own hosting network: keys are fetched from
/// public addresses only, unless the operator trusts the provider's private network.
fn a_provider_on_an_untrusted_private_address_is_never_fetched(backend: Backend) {
    let dir = TempDir::new();
    let tls = throwaway_ca(&dir.0);
    let mut idp = Provider::start(&tls);
    let app = federated_app(backend, &tls, |oidc| oidc.trusted_networks = Vec::new());
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let jwks = json!({"jwks_url": format!("{}/jwks", idp.url)});
    create(&app, &admin, "/api/v1/trusted-issuers", registration(&idp, &wm, "wm-tenant", jwks));
    let token = idp.token(json!({"sub": "s", "oid": "reader-oid", "tid": "wm-tenant", "roles": ["Gov.Read"]}));
    refused(&app, &token);
    let fetched = idp.ask(json!({"cmd": "requests"}));
    assert_eq!(fetched["count"], 0, "the service connected to a loopback provider: {fetched}");
    // Trusted by the operator, the same provider is fetched and its token accepted.
    let trusting = federated_app(backend, &tls, |_| {});
    let admin = trusting.admin();
    let wm = area(&trusting, &admin, "west-mercia");
    let jwks = json!({"jwks_url": format!("{}/jwks", idp.url)});
    create(&trusting, &admin, "/api/v1/trusted-issuers", registration(&idp, &wm, "wm-tenant", jwks));
    me(&trusting, &token);
    let fetched = idp.ask(json!({"cmd": "requests"}));
    assert!(fetched["count"].as_u64().is_some_and(|n| n >= 1), "{fetched}");
}

on_both_backends!(
    a_provider_on_an_untrusted_private_address_is_never_fetched,
    a_federated_subject_has_one_rate_limit_bucket_whatever_its_tokens,
    the_trust_registry_is_the_platforms_and_refuses_what_it_must_not_trust,
    tokens_of_one_force_never_act_for_another_and_machines_never_act_as_people,
    key_rotation_is_picked_up_and_cached_keys_outlive_an_outage_until_they_expire,
);
