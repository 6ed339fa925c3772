//! The benchmark's reference server: the least an authenticated point read can cost on this stack.
//!
//! `GET /api/v1/collaboration-agreements/{id}`: verify the bearer token (HS256, the service's secret,
//! issuer, audience and required claims), take a connection from an r2d2 pool of diesel connections on
//! the blocking pool (as the service does), run one prepared indexed SELECT of the stored JSON body and
//! answer it. No routing table, no middleware, no logging, no access policy.
//!
//! At start it stores the bodies it is given (`--seed ID=FILE`, the service's own answers) in a table of
//! its own database (`--database-url`: a PostgreSQL URL or an SQLite file), so the answer is byte for byte
//! the service's. Settings: `--bind`, `--secret-file` (the service's `jwt-secret`), `--issuer`,
//! `--audience`, `--pool-size`, `--workers`.

use std::time::Duration;

use actix_web::{get, web, App, HttpRequest, HttpResponse, HttpServer};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

diesel::table! {
    bench_reference_bodies (id) {
        id -> Text,
        body -> Text,
    }
}

#[allow(dead_code)] // read by jsonwebtoken's validation, as the service's claims are
#[derive(Deserialize)]
struct Claims {
    sub: String,
    org: String,
    roles: Vec<String>,
    iss: String,
    aud: String,
    exp: u64,
    nbf: u64,
}

enum Db {
    Postgres(Pool<ConnectionManager<PgConnection>>),
    Sqlite(Pool<ConnectionManager<SqliteConnection>>),
}

impl Db {
    fn body(&self, id: &str) -> Result<Option<String>, String> {
        use bench_reference_bodies::dsl as t;
        // The query DSL with a bind parameter: diesel prepares it once per connection and caches it.
        let query = t::bench_reference_bodies.filter(t::id.eq(id)).select(t::body);
        match self {
            Db::Postgres(pool) => {
                query.first(&mut pool.get().map_err(|e| e.to_string())?).optional().map_err(|e| e.to_string())
            }
            Db::Sqlite(pool) => {
                query.first(&mut pool.get().map_err(|e| e.to_string())?).optional().map_err(|e| e.to_string())
            }
        }
    }
}

struct State {
    db: Db,
    key: DecodingKey,
    validation: Validation,
}

#[get("/api/v1/collaboration-agreements/{id}")]
async fn read(request: HttpRequest, id: web::Path<String>, state: web::Data<State>) -> HttpResponse {
    let token =
        request.headers().get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token else { return HttpResponse::Unauthorized().finish() };
    if jsonwebtoken::decode::<Claims>(token, &state.key, &state.validation).is_err() {
        return HttpResponse::Unauthorized().finish();
    }
    let shared = state.clone();
    match web::block(move || shared.db.body(&id)).await {
        Ok(Ok(Some(body))) => HttpResponse::Ok().content_type("application/json").body(body),
        Ok(Ok(None)) => HttpResponse::NotFound().finish(),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

#[get("/readyz")]
async fn ready() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn fail(message: String) -> ! {
    eprintln!("reference-server: {message}");
    std::process::exit(2)
}

fn connect(url: &str, pool_size: u32, seeds: &[(String, String)]) -> Result<Db, String> {
    let create = "CREATE TABLE IF NOT EXISTS bench_reference_bodies (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
    // As the service's pool: no `SELECT 1` on checkout.
    macro_rules! builder {
        () => {
            Pool::builder().max_size(pool_size).connection_timeout(Duration::from_secs(10)).test_on_check_out(false)
        };
    }
    macro_rules! seed {
        ($pool:expr) => {{
            let mut conn = $pool.get().map_err(|e| e.to_string())?;
            diesel::sql_query(create).execute(&mut conn).map_err(|e| e.to_string())?;
            for (id, body) in seeds {
                use bench_reference_bodies::dsl as t;
                diesel::delete(t::bench_reference_bodies.filter(t::id.eq(id)))
                    .execute(&mut conn)
                    .map_err(|e| e.to_string())?;
                diesel::insert_into(t::bench_reference_bodies)
                    .values((t::id.eq(id), t::body.eq(body)))
                    .execute(&mut conn)
                    .map_err(|e| e.to_string())?;
            }
        }};
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = builder!().build(ConnectionManager::<PgConnection>::new(url)).map_err(|e| e.to_string())?;
        seed!(pool);
        Ok(Db::Postgres(pool))
    } else {
        let pool = builder!().build(ConnectionManager::<SqliteConnection>::new(url)).map_err(|e| e.to_string())?;
        {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            diesel::sql_query("PRAGMA journal_mode = WAL").execute(&mut conn).map_err(|e| e.to_string())?;
        }
        seed!(pool);
        Ok(Db::Sqlite(pool))
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let need = |name: &str| arg(&args, name).unwrap_or_else(|| fail(format!("{name} is required")));
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let workers = arg(&args, "--workers").and_then(|v| v.parse().ok()).unwrap_or(cores);
    // The service's default pool: twice the cores, 4 to 32.
    let pool_size = arg(&args, "--pool-size").and_then(|v| v.parse().ok()).unwrap_or(((cores * 2) as u32).clamp(4, 32));
    let secret = std::fs::read_to_string(need("--secret-file")).unwrap_or_else(|e| fail(e.to_string()));
    let secret = hex::decode(secret.trim()).unwrap_or_else(|e| fail(e.to_string()));
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.set_issuer(&[arg(&args, "--issuer").unwrap_or_else(|| "governance-local".into())]);
    validation.set_audience(&[arg(&args, "--audience").unwrap_or_else(|| "governance-api".into())]);
    validation.validate_nbf = true;
    validation.leeway = 30;
    let seeds: Vec<(String, String)> = args
        .iter()
        .enumerate()
        .filter(|(_, a)| *a == "--seed")
        .filter_map(|(i, _)| args.get(i + 1))
        .map(|s| {
            let (id, file) = s.split_once('=').unwrap_or_else(|| fail(format!("--seed {s}: expected ID=FILE")));
            (id.to_string(), std::fs::read_to_string(file).unwrap_or_else(|e| fail(format!("{file}: {e}"))))
        })
        .collect();
    let db = connect(&need("--database-url"), pool_size, &seeds).unwrap_or_else(|e| fail(e));
    let state = web::Data::new(State { db, key: DecodingKey::from_secret(&secret), validation });
    let bind = need("--bind");
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || App::new().app_data(state.clone()).service(read).service(ready))
            .workers(workers)
            // As the service: blocking threads per worker bounded by the pool.
            .worker_max_blocking_threads((pool_size as usize).div_ceil(workers.max(1)).max(2))
            .bind(bind)?
            .run()
            .await
    })
}
