//! Pages of boards' decision registers as served, remembered per process (a [`PageCache`]).
//!
//! A page shows the decisions, their texts, approvers, approvals and corrections, their meetings'
//! starts and their agenda items' labels. None of it changes without a write to a table the
//! `decisions` revision's triggers watch (migration 2026-12-11-000007). Whether the reader may read
//! the board, sees its working records and sees exempt subjects is decided afresh on every request,
//! and the last two are part of the key (the filter carries `agreed_only`), so a page is served again
//! only to a reader who would be given the same bytes.

use persistence::boards::DecisionFilter;
use persistence::ids::BoardId;
use persistence::Cursor;

use crate::service::page_cache::PageCache;

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

impl PageKey {
    /// The text the key holds on the heap.
    pub fn heap(&self) -> usize {
        self.after.as_ref().map_or(0, |c| c.0.len())
    }
}

pub type DecisionRegisterCache = PageCache<PageKey>;
