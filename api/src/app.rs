//! Building and running the HTTP server. `build` binds the listener itself so tests can ask for port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_http::{error::DispatchError, HttpService};
use actix_service::{fn_service, map_config, ServiceFactoryExt as _};
use actix_web::dev::AppConfig;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::rt::net::TcpStream;
use actix_web::{web, App};

use utoipa_swagger_ui::SwaggerUi;

use crate::auth::TokenVerifier;
use crate::config::Settings;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::routes::operations;
use crate::state::AppState;

/// Every operation's access-policy row, as registered with its route.
pub use crate::routes::operations::{operation, operations};

/// The OpenAPI document as served (for `governance openapi`).
pub fn document_json() -> String {
    crate::routes::doc::document_json()
}

/// Opens the database the settings name with `pool_size` connections (creating the default SQLite
/// file's directory) and applies the migrations.
pub fn open_database(settings: &Settings, pool_size: u32) -> Result<persistence::Database, String> {
    if settings.database_url == settings.data_dir.join("governance.sqlite3").to_string_lossy() {
        std::fs::create_dir_all(&settings.data_dir)
            .map_err(|e| format!("GOVERNANCE_DATA_DIR {}: {e}", settings.data_dir.display()))?;
    }
    let db = persistence::Database::connect(&settings.database_url, pool_size)
        .map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?
        .with_history(crate::service::history::snapshot);
    db.migrate().map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?;
    // Records stored before search existed are indexed once.
    let mut conn = db.connection().map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?;
    if persistence::search::rebuild_if_needed(&mut conn).map_err(|e| format!("search index: {e}"))? {
        tracing::info!("search index built for the records already stored");
    }
    if persistence::audience::rebuild_if_needed(&mut conn).map_err(|e| format!("event audiences: {e}"))? {
        tracing::info!("change feed audiences derived for the events already stored");
    }
    drop(conn);
    Ok(db)
}

/// The box sealing webhook secrets, with its key from `GOVERNANCE_WEBHOOK_SECRET_KEY_FILE` or the
/// data directory.
fn webhook_secret_box(settings: &Settings) -> Result<crate::secret_box::SecretBox, String> {
    let path =
        settings.webhooks.secret_key_file.clone().unwrap_or_else(|| settings.data_dir.join("webhook-secret-key"));
    let key = crate::auth::key_file(&path).map_err(|e| format!("GOVERNANCE_WEBHOOK_SECRET_KEY_FILE: {}", e.0))?;
    crate::secret_box::SecretBox::new(&key)
        .map_err(|e| format!("GOVERNANCE_WEBHOOK_SECRET_KEY_FILE {}: {e}", path.display()))
}

/// Opens the database, applies migrations and prepares the shared state.
pub fn prepare(settings: Settings) -> Result<AppState, String> {
    let db = open_database(&settings, settings.pool_size)?;
    let verifier = TokenVerifier::from_settings(&settings).map_err(|e| e.0)?;
    let secret_box = webhook_secret_box(&settings)?;
    let checkpoint_signer = crate::checkpoints::CheckpointSigner::from_settings(&settings)?;
    let federation = crate::federation::Federation::new(&settings.oidc)?;
    let rate_limiter =
        crate::limits::RateLimiter::new(settings.rate_limit_per_second, settings.anonymous_rate_limit_per_second);
    Ok(AppState {
        db,
        verifier,
        federation,
        settings,
        metrics: Arc::new(Metrics::default()),
        organisations: Default::default(),
        agreements: Default::default(),
        authority: Default::default(),
        decision_pages: Default::default(),
        agreement_pages: Default::default(),
        rate_limiter,
        secret_box,
        checkpoint_signer,
    })
}

/// The methods each path pattern accepts (for `Allow` on 405), from the routing table.
struct AllowedMethods(std::collections::HashMap<String, String>);

/// 405 with the `Allow` header RFC 9110 asks for, the methods the routing table serves on the path.
async fn method_not_allowed(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    let mut response = ApiError::MethodNotAllowed.error_response();
    let allowed = req.match_pattern().and_then(|pattern| {
        req.app_data::<web::Data<AllowedMethods>>().and_then(|allowed| allowed.0.get(&pattern).cloned())
    });
    if let Some(allow) = allowed.and_then(|a| actix_web::http::header::HeaderValue::from_str(&a).ok()) {
        response.headers_mut().insert(actix_web::http::header::ALLOW, allow);
    }
    response
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// A resource whose unmatched methods answer 405 as a problem.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Every route of the service, from the one list of operations (`routes::operations`). Unmatched
/// methods on a known path answer 405.
///
/// The router tries patterns in order, one by one. So the few paths outside the API come first,
/// then one scope per collection under `/api/v1`: a request is matched against its own collection's
/// patterns only, not against every pattern before it (measured: with one flat list, `/healthz`
/// came after ~150 API patterns and served about a quarter fewer requests a second).
pub fn routes(cfg: &mut web::ServiceConfig, routing_table: &[operations::PathRoutes]) {
    let mut collections: Vec<(String, Vec<operations::PathRoutes>)> = Vec::new();
    for (path, routes) in routing_table.iter().cloned() {
        let Some(rest) = path.strip_prefix(API_PREFIX) else {
            cfg.service(resource_with(&path, routes));
            continue;
        };
        let (collection, tail) = match rest.split_once('/') {
            Some((collection, tail)) => (collection.to_string(), format!("/{tail}")),
            None => (rest.to_string(), String::new()),
        };
        match collections.iter_mut().find(|(name, _)| *name == collection) {
            Some((_, paths)) => paths.push((tail, routes)),
            None => collections.push((collection, vec![(tail, routes)])),
        }
    }
    let api = collections.into_iter().fold(web::scope(API_PREFIX.trim_end_matches('/')), |api, (collection, paths)| {
        let scope = paths.into_iter().fold(web::scope(&format!("/{collection}")), |scope, (tail, routes)| {
            scope.service(resource_with(&tail, routes))
        });
        api.service(scope)
    });
    cfg.service(api);
    cfg.service(resource("/docs").get(docs_redirect).route(web::head().to(docs_redirect)));
}

/// Where the versioned API lives.
const API_PREFIX: &str = "/api/v1/";

/// A resource answering each of its methods with its handler, and 405 otherwise. A `GET` answers
/// `HEAD` too (RFC 9110 9.3.2), with the same status and headers and no body (the server sends none
/// for a `HEAD`).
fn resource_with(path: &str, routes: operations::MethodRoutes) -> actix_web::Resource {
    routes.into_iter().fold(resource(path), |resource, (method, attach)| {
        let resource = if method == actix_web::http::Method::GET {
            resource.route(attach(web::route().method(actix_web::http::Method::HEAD)))
        } else {
            resource
        };
        resource.route(attach(web::route().method(method)))
    })
}

async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish()
}

/// Binds and starts the server on `listener` (not awaited: the caller runs it).
pub fn serve(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let workers = state.settings.workers;
    openapi::problem::set_type_base(&state.settings.public_base_url);
    let blocking_threads = (state.settings.pool_size as usize).div_ceil(workers.max(1)).max(2);
    let state = web::Data::new(state);
    // Built once: each worker's router is made from the same table, and 405s name its methods.
    let routing_table = std::sync::Arc::new(operations::routing_table());
    let allowed_methods = web::Data::new(AllowedMethods(crate::routes::doc::allowed_methods(&routing_table)));
    crate::webhooks::start(state.clone());
    crate::checkpoints::start(state.clone());
    let local = listener.local_addr()?;
    let server = actix_server::Server::build()
        .workers(workers)
        // Every blocking task holds or waits for a pooled connection: more threads than connections only
        // queue on the pool's lock (measured: futex wake-ups and RSS grew with the load's concurrency).
        .worker_max_blocking_threads(blocking_threads)
        .listen("governance", listener, move || {
            let app = App::new()
                .app_data(state.clone())
                .app_data(allowed_methods.clone())
                .wrap(Compress::default())
                .wrap(from_fn(crate::edge::edge))
                .configure(|cfg| routes(cfg, &routing_table))
                .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
                .default_service(web::to(not_found));
            // As HttpServer assembles it, with each connection's stream wrapped so that the codec's own
            // answers to unparseable requests are problem documents too.
            fn_service(|stream: TcpStream| async move {
                let peer = stream.peer_addr().ok();
                let _ = stream.set_nodelay(true);
                Ok::<_, DispatchError>((crate::wire::ProblemOnParseError::new(stream), peer))
            })
            .and_then(
                HttpService::build()
                    // HttpServer's default: a second for a client to close after the answer.
                    .client_disconnect_timeout(std::time::Duration::from_secs(1))
                    .local_addr(local)
                    .h1(map_config(app, |_| AppConfig::default())),
            )
        })?
        .run();
    Ok(server)
}
