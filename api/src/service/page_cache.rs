//! Pages of a list as served, remembered per process with the read revision they were read at.
//!
//! A list whose pages depend only on the rows of tables a read revision's triggers watch, and on a key
//! that names everything else that decides the bytes (the reader's view, the filter, the position),
//! can serve a page again while the revision is the one it was read at: one indexed statement tells
//! whether the stored rows would still give the same page. Nothing is trusted across a change, so
//! replicas sharing a database stay correct.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

use actix_web::web::Bytes;

use crate::error::ApiError;

/// The memory a cache's pages may hold, keys and bodies; beyond it the map starts again, so what is
/// held is bounded whatever pages callers ask for.
const MAX_BYTES: usize = 4 << 20;
/// A page larger than this is served but not remembered.
const MAX_PAGE_BYTES: usize = MAX_BYTES / 8;

pub struct PageCache<K> {
    pages: RwLock<Pages<K>>,
}

struct Pages<K> {
    by_key: HashMap<K, (i64, Bytes)>,
    /// Keys and bodies held.
    bytes: usize,
    /// The newest revision seen: one lower means the count started again (the migration run again,
    /// the database restored), so nothing remembered can be matched to a revision any more.
    newest: i64,
}

impl<K> Default for PageCache<K> {
    fn default() -> Self {
        PageCache { pages: RwLock::new(Pages { by_key: HashMap::new(), bytes: 0, newest: 0 }) }
    }
}

impl<K: Eq + Hash> PageCache<K> {
    /// The page `key` names as the stored rows give it now: remembered when it was read at
    /// `revision`, otherwise `read` (and remembered). `revision` must be read before anything the page
    /// shows, so a page is never older than the revision it is filed under, and outside any write
    /// transaction: one that has written what the revision watches moves it only as it commits (on
    /// PostgreSQL), so a page read inside it would be filed under the revision everyone else still
    /// reads, and served to them, even if it rolled back. `None` (no revision kept) reads afresh. `key_heap` is the text the key
    /// holds on the heap, counted with its page.
    pub fn page(
        &self,
        revision: Option<i64>,
        key: K,
        key_heap: usize,
        read: impl FnOnce() -> Result<Bytes, ApiError>,
    ) -> Result<Bytes, ApiError> {
        let Some(revision) = revision else { return read() };
        let remembered = self.pages.read().ok().and_then(|pages| {
            let current = revision >= pages.newest;
            pages.by_key.get(&key).filter(|(read_at, _)| current && *read_at == revision).map(|(_, body)| body.clone())
        });
        if let Some(body) = remembered {
            return Ok(body);
        }
        let body = read()?;
        if let Ok(mut pages) = self.pages.write() {
            let size = std::mem::size_of::<(K, (i64, Bytes))>() + key_heap + body.len();
            pages.remember(key, revision, body.clone(), size);
        }
        Ok(body)
    }
}

impl<K: Eq + Hash> Pages<K> {
    fn remember(&mut self, key: K, revision: i64, body: Bytes, size: usize) {
        if revision < self.newest {
            // A slower reader of an older revision, or the count started again: what is remembered
            // cannot be trusted to name its revision, so start again.
            self.start_again();
        }
        self.newest = revision;
        if size > MAX_PAGE_BYTES {
            return;
        }
        if self.bytes + size > MAX_BYTES {
            self.start_again();
        }
        let key_part = size - body.len();
        self.bytes += size;
        if let Some((_, replaced)) = self.by_key.insert(key, (revision, body)) {
            self.bytes -= key_part + replaced.len();
        }
    }

    /// Forgets every page, and the map's room for them.
    fn start_again(&mut self) {
        self.by_key = HashMap::new();
        self.bytes = 0;
    }
}
