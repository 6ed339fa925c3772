//! Pages of boards' decision registers as served, remembered per process with the revision they were
//! read at.
//!
//! A page shows the decisions, their texts, approvers, approvals and corrections, their meetings'
//! starts and their agenda items' labels. None of it changes without a write to a table the
//! `decisions` revision's triggers watch (migration 2026-12-11-000007), so one indexed statement tells
//! whether a page served earlier is what the stored rows would give now. Whether the reader may read
//! the board, sees its working records and sees exempt subjects is decided afresh on every request,
//! and the last two are part of the key (the filter carries `agreed_only`), so a page is served again
//! only to a reader who would be given the same bytes. Nothing is trusted across a change, so replicas
//! sharing a database stay correct.

use std::collections::HashMap;
use std::sync::RwLock;

use actix_web::web::Bytes;
use persistence::boards::DecisionFilter;
use persistence::ids::BoardId;
use persistence::{Cursor, DbConnection};

use crate::error::ApiError;

/// The bytes of pages remembered (about 60 pages of 50 decisions); beyond it the map starts again,
/// so the memory held is bounded whatever pages callers ask for.
const MAX_BYTES: usize = 4 << 20;

/// What decides a page's bytes besides the stored rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub board: BoardId,
    /// The reader's filter, with `agreed_only` set for readers outside the board.
    pub filter: DecisionFilter,
    pub after: Option<Cursor>,
    pub limit: usize,
    /// Whether the reader sees exempt subjects (R-PB-03).
    pub sees_exempt: bool,
}

#[derive(Default)]
pub struct DecisionRegisterCache {
    pages: RwLock<Pages>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<PageKey, (i64, Bytes)>,
    bytes: usize,
}

impl DecisionRegisterCache {
    /// The page `key` names as the stored rows give it now: remembered when nothing it shows has
    /// changed since it was read, otherwise `read` (and remembered).
    pub fn page(
        &self,
        conn: &mut DbConnection,
        key: PageKey,
        read: impl FnOnce(&mut DbConnection) -> Result<Bytes, ApiError>,
    ) -> Result<Bytes, ApiError> {
        // Read before the page: a page is never older than the revision it is filed under.
        let Some(revision) = persistence::boards::decisions_revision(conn)? else {
            // Nothing would tell a change: read afresh.
            return read(conn);
        };
        let remembered = self.pages.read().ok().and_then(|pages| {
            pages.by_key.get(&key).filter(|(read_at, _)| *read_at == revision).map(|(_, body)| body.clone())
        });
        if let Some(body) = remembered {
            return Ok(body);
        }
        let body = read(conn)?;
        if let Ok(mut pages) = self.pages.write() {
            pages.remember(key, revision, body.clone());
        }
        Ok(body)
    }
}

impl Pages {
    fn remember(&mut self, key: PageKey, revision: i64, body: Bytes) {
        // A slower reader of an older revision does not displace a newer page.
        if self.by_key.get(&key).is_some_and(|(read_at, _)| *read_at >= revision) {
            return;
        }
        if self.bytes + body.len() > MAX_BYTES {
            self.by_key.clear();
            self.bytes = 0;
        }
        self.bytes += body.len();
        if let Some((_, replaced)) = self.by_key.insert(key, (revision, body)) {
            self.bytes -= replaced.len();
        }
    }
}
