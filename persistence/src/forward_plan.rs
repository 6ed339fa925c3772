//! The forward plan of key decisions: entries, their deciding corporations sole and the slips of
//! their intended dates. Visibility of lists is [`crate::visibility::forward_plan_entries`].

use diesel::prelude::*;
use domain::access::ListScope;
use domain::boards::{ClosingKind, DecisionTaker, ForwardPlanStatus};

use crate::ids::{BoardId, CorporationSoleId};
pub use crate::ids::{ForwardPlanDeciderId, ForwardPlanEntryId, ForwardPlanSlipId};
use crate::repository::{row, versioned_repository, windowed, Window};
use crate::schema::*;
use crate::visibility;
use crate::{DbConnection, Page, StoreError};

type Date = chrono::NaiveDate;

// `documents` is a JSON array of titles; the closing record's id is of the kind `closing_kind` names.
row!(ForwardPlanEntryRow(ForwardPlanEntryId) => forward_plan_entries { title: String, summary: String, intended_on: Date, published_intended_on: Option<Date>, #[diesel(serialize_as = String, deserialize_as = String)] taken_by: DecisionTaker, board_id: Option<BoardId>, consultation: Option<String>, documents: String, disclosure: String, foi_sections: String, exemption_reason: Option<String>, intended_publication_on: Option<Date>, #[diesel(serialize_as = String, deserialize_as = String)] status: ForwardPlanStatus, published_on: Option<Date>, closing_kind: Option<String>, closing_target_id: Option<String>, closed_on: Option<Date>, withdrawn_on: Option<Date>, withdrawal_reason: Option<String> });
row!(ForwardPlanDeciderRow(ForwardPlanDeciderId) => forward_plan_deciders { entry_id: ForwardPlanEntryId, corporation_sole_id: CorporationSoleId });
row!(ForwardPlanSlipRow(ForwardPlanSlipId) => forward_plan_slips { entry_id: ForwardPlanEntryId, from_on: Date, to_on: Date, reason: String, recorded_on: Date, recorded_by: String });

versioned_repository!(entry_store, forward_plan_entries, ForwardPlanEntryRow, ForwardPlanEntryId);
versioned_repository!(decider_store, forward_plan_deciders, ForwardPlanDeciderRow, ForwardPlanDeciderId);
versioned_repository!(slip_store, forward_plan_slips, ForwardPlanSlipRow, ForwardPlanSlipId);

/// The closing kind as stored (None for an open entry).
pub fn closing_kind(row: &ForwardPlanEntryRow) -> Option<ClosingKind> {
    row.closing_kind.as_deref().and_then(ClosingKind::parse)
}

/// The deciding corporations sole of an entry, in id order.
pub fn deciders_of(conn: &mut DbConnection, entry: ForwardPlanEntryId) -> Result<Vec<CorporationSoleId>, StoreError> {
    Ok(forward_plan_deciders::table
        .filter(forward_plan_deciders::entry_id.eq(entry))
        .select(forward_plan_deciders::corporation_sole_id)
        .order(forward_plan_deciders::id.asc())
        .load(conn)?)
}

/// The slips of an entry's intended date, oldest first.
pub fn slips_of(conn: &mut DbConnection, entry: ForwardPlanEntryId) -> Result<Vec<ForwardPlanSlipRow>, StoreError> {
    Ok(forward_plan_slips::table
        .filter(forward_plan_slips::entry_id.eq(entry))
        .select(ForwardPlanSlipRow::as_select())
        .order(forward_plan_slips::id.asc())
        .load(conn)?)
}

/// Which entries a list asks for.
#[derive(Debug, Clone, Default)]
pub struct ForwardPlanFilter {
    pub status: Option<ForwardPlanStatus>,
    pub corporation_sole_id: Option<CorporationSoleId>,
    pub board_id: Option<BoardId>,
    /// (true, day): published, not closed, with an intended date before the day; (false, day): the others.
    pub overdue: Option<(bool, Date)>,
    /// true: entries whose intended date is later than the one first published; false: the others.
    pub slipped: Option<bool>,
    /// Intended on or after the first day and on or before the second.
    pub intended: (Option<Date>, Option<Date>),
    /// Only entries that were ever published (the public register).
    pub published_only: bool,
}

/// One page of entries in id order (or the most recently changed), visible in `scope` and filtered
/// in SQL.
pub fn list_entries(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &ForwardPlanFilter,
    window: &Window,
) -> Result<Page<ForwardPlanEntryRow>, StoreError> {
    let mut query = visibility::restrict(
        forward_plan_entries::table.select(ForwardPlanEntryRow::as_select()).into_boxed(),
        visibility::forward_plan_entries(scope),
    );
    if let Some(status) = filter.status {
        query = query.filter(forward_plan_entries::status.eq(status.as_str()));
    }
    if let Some(cs) = filter.corporation_sole_id {
        let deciding = forward_plan_deciders::table
            .filter(forward_plan_deciders::corporation_sole_id.eq(cs))
            .select(forward_plan_deciders::entry_id);
        query = query.filter(forward_plan_entries::id.eq_any(deciding));
    }
    if let Some(board) = filter.board_id {
        query = query.filter(forward_plan_entries::board_id.eq(board));
    }
    let published = ForwardPlanStatus::Published.as_str();
    match filter.overdue {
        Some((true, as_of)) => {
            query = query
                .filter(forward_plan_entries::status.eq(published))
                .filter(forward_plan_entries::intended_on.lt(as_of))
        }
        Some((false, as_of)) => {
            query =
                query.filter(forward_plan_entries::status.ne(published).or(forward_plan_entries::intended_on.ge(as_of)))
        }
        None => {}
    }
    match filter.slipped {
        Some(true) => {
            query = query.filter(
                forward_plan_entries::published_intended_on
                    .is_not_null()
                    .and(forward_plan_entries::intended_on.nullable().gt(forward_plan_entries::published_intended_on)),
            )
        }
        Some(false) => {
            query = query.filter(
                forward_plan_entries::published_intended_on
                    .is_null()
                    .or(forward_plan_entries::intended_on.nullable().le(forward_plan_entries::published_intended_on)),
            )
        }
        None => {}
    }
    if let Some(from) = filter.intended.0 {
        query = query.filter(forward_plan_entries::intended_on.ge(from));
    }
    if let Some(to) = filter.intended.1 {
        query = query.filter(forward_plan_entries::intended_on.le(to));
    }
    if filter.published_only {
        query = query.filter(forward_plan_entries::published_on.is_not_null());
    }
    let rows = windowed!(query, forward_plan_entries, window).load(conn)?;
    Ok(window.page_of(rows, |r| r.id.to_string()))
}

/// The entries of a calendar: those visible in `scope` that were published, by intended date (at most `limit`).
pub fn calendar_entries(
    conn: &mut DbConnection,
    scope: ListScope,
    corporation_sole: Option<CorporationSoleId>,
    limit: i64,
) -> Result<Vec<ForwardPlanEntryRow>, StoreError> {
    let mut query = visibility::restrict(
        forward_plan_entries::table.select(ForwardPlanEntryRow::as_select()).into_boxed(),
        visibility::forward_plan_entries(scope),
    );
    query = query.filter(forward_plan_entries::published_on.is_not_null());
    if let Some(cs) = corporation_sole {
        let deciding = forward_plan_deciders::table
            .filter(forward_plan_deciders::corporation_sole_id.eq(cs))
            .select(forward_plan_deciders::entry_id);
        query = query.filter(forward_plan_entries::id.eq_any(deciding));
    }
    Ok(query
        .order((forward_plan_entries::intended_on.asc(), forward_plan_entries::id.asc()))
        .limit(limit)
        .load(conn)?)
}

/// An entry by its exact title (the demo loader's natural key).
pub fn find_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<ForwardPlanEntryRow>, StoreError> {
    Ok(forward_plan_entries::table
        .filter(forward_plan_entries::title.eq(title.to_string()))
        .select(ForwardPlanEntryRow::as_select())
        .first(conn)
        .optional()?)
}
