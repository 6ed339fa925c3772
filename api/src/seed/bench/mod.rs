//! `governance bench-data --scale N`: a deterministic, valid data set for load benchmarks (issue 7).
//!
//! Scale 1 is the 43 territorial forces of England and Wales with their corporations sole, OPCCs,
//! forces, posts and people; 2,000 agreements with parties, provisions and cost shares; 500 boards
//! with 50,000 meetings, 300,000 agenda items, 200,000 actions and 100,000 decisions; 20,000
//! delegations in schemes. Counts scale linearly (the registry does not). On top come the rows the
//! benchmark's writes consume: a pool of draft agreements the bench organisation's party can
//! approve, and a three-link chain of consents for authority checks.
//!
//! The data is bulk-loaded (`persistence::bulk`), not a series of audited changes. The only audit
//! events are a synthetic history for the change-feed scenarios (an `update` of each unpublished
//! agreement), appended to the chain as the write path appends, so the chain verifies. Everything comes from a
//! seeded generator and counter-based ids, so two runs at the same scale load the same rows.

mod agreements;
mod boards;
mod delegations;
mod registry;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Connection;
use persistence::bulk::{Batch, Counts};
use persistence::{Database, DbConnection, StoreError};
use serde_json::{json, Value};

use crate::error::ApiError;

/// The organisation the benchmark acts as: the West Mercia OPCC.
pub const BENCH_FORCE: &str = "west-mercia";
pub const BENCH_ORG: &str = "west-mercia-opcc";
/// Who records the bulk rows where a row names its recorder.
const RECORDED_BY: &str = "bench-data";
/// Rows gathered before they are written.
const FLUSH_AT: usize = 50_000;

/// Issue 7's counts at scale 1.
const AGREEMENTS: f64 = 2_000.0;
const BOARDS: f64 = 500.0;
const MEETINGS: f64 = 50_000.0;
const DELEGATIONS: f64 = 20_000.0;
/// Drafts the benchmark's approvals consume: this many at scale 1 and above, proportionally
/// fewer below (at least 20).
const APPROVAL_POOL: f64 = 30_000.0;
/// Per meeting: 6 agenda items, 4 actions, 2 decisions (300,000 / 200,000 / 100,000 per 50,000).
pub const ITEMS_PER_MEETING: usize = 6;
pub const ACTIONS_PER_MEETING: usize = 4;
pub const DECISIONS_PER_MEETING: usize = 2;

/// A small deterministic generator (xorshift64*), enough to spread data; not for secrets.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A day in `from..=to`.
    pub fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as usize;
        from + chrono::Days::new(self.below(span + 1) as u64)
    }
}

/// The generator's state: randomness, ids, the rows waiting and the rows written.
pub struct Gen {
    pub rng: Rng,
    pub ids: IdSource,
    /// The creation instant stamped on every row (fixed, so runs are comparable).
    pub stamp: NaiveDateTime,
    pub batch: Batch,
    pub written: Counts,
}

/// Ids are UUIDv7-shaped with a fixed instant (1 January 2020) and a counter in the random bits:
/// valid for the API's parsers, distinct, and in creation order like the service's own ids (so
/// they sort before any id the service assigns later).
const ID_EPOCH_MS: u128 = 1_577_836_800_000;

/// The generator's ids, apart from the rest of `Gen` so a row constructor's id source can borrow
/// it while the generator's random numbers and batch are in use.
pub struct IdSource(u64);

impl IdSource {
    pub fn next_uuid(&mut self) -> uuid::Uuid {
        self.0 += 1;
        let bits = (ID_EPOCH_MS << 80) | (0x7 << 76) | (0b10 << 62) | u128::from(self.0);
        uuid::Uuid::from_u128(bits)
    }

    pub fn next_text(&mut self) -> String {
        self.next_uuid().to_string()
    }
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            ids: IdSource(0),
            stamp: date(2026, 1, 1).and_hms_opt(9, 0, 0).unwrap_or_default(),
            batch: Batch::default(),
            written: Counts::new(),
        }
    }

    pub fn id(&mut self) -> String {
        self.ids.next_text()
    }

    /// The next id as a typed id (`persistence::ids`).
    pub fn typed_id<T: From<uuid::Uuid>>(&mut self) -> T {
        T::from(self.ids.next_uuid())
    }

    /// Writes the waiting rows once there are enough of them.
    pub fn maybe_flush(&mut self, conn: &mut DbConnection) -> Result<(), StoreError> {
        if self.batch.len() >= FLUSH_AT {
            self.flush(conn)?;
        }
        Ok(())
    }

    pub fn flush(&mut self, conn: &mut DbConnection) -> Result<(), StoreError> {
        self.batch.flush(conn, &mut self.written)
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// `base × scale`, rounded, at least `minimum`.
fn scaled(base: f64, scale: f64, minimum: usize) -> usize {
    ((base * scale).round() as usize).max(minimum)
}

/// How much to generate at a scale.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub scale: f64,
    pub agreements: usize,
    pub approval_pool: usize,
    pub boards: usize,
    pub meetings: usize,
    pub delegations: usize,
}

impl Plan {
    pub fn at(scale: f64) -> Result<Plan, String> {
        if !scale.is_finite() || scale <= 0.0 || scale > 1_000.0 {
            return Err(format!("--scale {scale}: give a positive number up to 1000, e.g. 1, 10 or 0.01"));
        }
        let boards = scaled(BOARDS, scale, 2);
        Ok(Plan {
            scale,
            agreements: scaled(AGREEMENTS, scale, 10),
            approval_pool: scaled(APPROVAL_POOL, scale.min(1.0), 20),
            boards,
            meetings: scaled(MEETINGS, scale, boards * 2),
            delegations: scaled(DELEGATIONS, scale, 50),
        })
    }
}

/// What the load made, for the manifest.
pub struct Loaded {
    pub plan: Plan,
    pub written: Counts,
    pub registry: registry::Registry,
    pub agreements: agreements::Made,
    pub boards: boards::Made,
    pub chain: delegations::Chain,
    pub feed: FeedHistory,
}

/// The synthetic change history: its events (one per unpublished agreement) and the organisation
/// that may see about 1% of them (slug, events it may see, events of the history).
pub struct FeedHistory {
    pub events: usize,
    pub sparse: Option<(String, i64, i64)>,
}

/// Loads the bench data into an empty database (refused otherwise) in one transaction.
pub fn load(db: &Database, plan: Plan) -> Result<Loaded, ApiError> {
    let mut conn = db.connection()?;
    if !persistence::bulk::is_empty(&mut conn)? {
        return Err(ApiError::Conflict("the database is not empty: bench data loads only into a new database".into()));
    }
    persistence::bulk::prepare_for_load(&mut conn)?;
    let loaded = conn.transaction(|tx| {
        let mut gen = Gen::new(0x6a09_e667_f3bc_c908 ^ plan.scale.to_bits());
        let registry = registry::generate(&mut gen, tx)?;
        let chain = delegations::generate(&mut gen, tx, &registry, plan.delegations)?;
        let boards = boards::generate(&mut gen, tx, &registry, plan)?;
        let agreements = agreements::generate(&mut gen, tx, &registry, plan)?;
        gen.flush(tx)?;
        // Bulk rows bypass the write path: their search entries are built here, in the same transaction.
        persistence::search::rebuild(tx)?;
        // A change history for the feed scenarios, and the caller who may see about 1% of it.
        let context = persistence::WriteContext {
            actor: "governance bench-data".into(),
            organisation_id: None,
            request_id: "bench-data".into(),
            idempotency: None,
        };
        let events = persistence::bulk::feed_history(tx, &context)?;
        let feed = FeedHistory { events, sparse: persistence::bulk::organisation_seeing_share(tx, 0.01)? };
        Ok::<_, ApiError>(Loaded { plan, written: gen.written, registry, agreements, boards, chain, feed })
    })?;
    persistence::bulk::refresh_statistics(&mut conn)?;
    Ok(loaded)
}

/// The manifest the load scripts read, and the files it names (written beside it).
pub fn write_manifest(loaded: &Loaded, path: &Path, backend: persistence::Backend) -> Result<Value, String> {
    let directory = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let ids_file = "approval-ids.txt";
    let pairs_file = "approval-pairs.txt";
    let pool = &loaded.agreements.pool;
    let ids: String = pool.iter().map(|(agreement, _)| format!("{agreement}\n")).collect();
    let pairs: String = pool.iter().map(|(agreement, party)| format!("{agreement} {party}\n")).collect();
    for (name, text) in [(ids_file, ids), (pairs_file, pairs)] {
        std::fs::write(directory.join(name), text).map_err(|e| format!("{}: {e}", directory.join(name).display()))?;
    }
    let manifest = manifest(loaded, backend, ids_file, pairs_file)?;
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(manifest)
}

fn manifest(loaded: &Loaded, backend: persistence::Backend, ids_file: &str, pairs_file: &str) -> Result<Value, String> {
    let plan = loaded.plan;
    let written = |table: &str| loaded.written.get(table).copied().unwrap_or(0);
    let bench = loaded.registry.bench();
    let approval = agreements::approval_body(bench.policing_body.holder.uuid())?;
    Ok(json!({
        "scale": plan.scale,
        "backend": match backend { persistence::Backend::Sqlite => "sqlite", persistence::Backend::Postgres => "postgres" },
        "counts": {
            "forces": written("forces"),
            "corporations_sole": written("corporations_sole"),
            "organisations": written("organisations"),
            "people": written("people"),
            "agreements": plan.agreements,
            "approval_pool": loaded.agreements.pool.len(),
            "boards": written("boards"),
            "meetings": written("meetings"),
            "agenda_items": written("agenda_items"),
            "actions": written("board_actions"),
            "decisions": written("decisions"),
            "delegations": written("delegations"),
        },
        "tables": loaded.written,
        "bench_org": BENCH_ORG,
        "bench_corporation_sole_id": bench.policing_body.id,
        "token": format!("governance token --org {BENCH_ORG} --roles reader,contributor,approver"),
        "agreement_id": loaded.agreements.sample_agreement,
        "list_filter": { "party": bench.policing_body.id, "status": "in_force" },
        "list_filter_matches": loaded.agreements.in_force_with_bench,
        "board_id": loaded.boards.big_board,
        "board_decisions": loaded.boards.big_board_decisions,
        "board_actions": loaded.boards.big_board_actions,
        "authority_check": to_value(&loaded.chain.request)?,
        "authority_check_expected": { "outcome": "allowed", "chain_links": 3 },
        "approval_pool": {
            "corporation_sole_id": bench.policing_body.id,
            "ids_file": ids_file,
            "pairs_file": pairs_file,
            "count": loaded.agreements.pool.len(),
            "if_match": "\"1\"",
            "body": approval,
        },
        "create_body": to_value(&agreements::create_body(&loaded.registry))?,
        "feed": {
            "events": loaded.feed.events,
            "sparse_org": loaded.feed.sparse.as_ref().map(|(slug, _, _)| slug),
            "sparse_org_sees": loaded.feed.sparse.as_ref().map(|(_, sees, _)| sees),
        },
    }))
}

/// A contract type as the JSON the manifest quotes.
fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}
