//! Bulk loading of generated data (`governance bench-data`): rows of the existing row types,
//! written with multi-row `INSERT ... VALUES (...), (...)` statements per backend (diesel's batch
//! insert does not go through the `MultiConnection` enum, so each backend is matched here), parents
//! before children, inside the caller's transaction.
//!
//! Bulk rows are loaded, not changed through the service: no webhook outbox entries are written for
//! them, and the only audit events are a synthetic history ([`feed_history`]) appended to the chain
//! as the write path appends, so the chain verifies.

use std::collections::BTreeMap;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::agreements::{
    AgreementRow, ApprovalRow, DocumentRow, PartyRow, ProvisionRow, PublicationRow, ScheduleRow, ShareRow,
    SignatureRow, SubjectRow,
};
use crate::boards::{
    ActionOwnerRow, ActionRow, AgendaItemRow, AttendanceRow, BoardOwnerRow, BoardRow, DecisionApprovalRow,
    DecisionApproverRow, DecisionRow, DecisionTextRow, MeetingChairRow, MeetingRow, MembershipRow,
};
use crate::delegations::{DelegationRow, SchemeRow};
use crate::registry::{AppointmentRow, CorporationSoleRow, ForceRow, OrganisationRow, PersonRow, PostRow};
use crate::schema::*;
use crate::{DbConnection, StoreError};

/// Rows per statement: 1,000 rows of at most 32 columns stay under SQLite's 32,766 bind
/// parameters; 2,000 rows of at most 32 columns under PostgreSQL's 65,535.
const SQLITE_ROWS_PER_STATEMENT: usize = 1_000;
/// Rows per statement where one insert serves both backends (the write path's events and states).
pub(crate) const ROWS_PER_INSERT: usize = SQLITE_ROWS_PER_STATEMENT;
const POSTGRES_ROWS_PER_STATEMENT: usize = 2_000;

/// Rows written so far, by table name.
pub type Counts = BTreeMap<&'static str, u64>;

/// A board's decision counter (no row type elsewhere: the service only updates it in SQL).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = decision_sequences)]
pub struct DecisionSequenceRow {
    pub board_id: crate::ids::BoardId,
    pub last_number: i64,
}

macro_rules! insert_chunks {
    ($conn:expr, $table:ident, $rows:expr) => {
        if !$rows.is_empty() {
            match &mut *$conn {
                DbConnection::Postgres(pg) => {
                    // Owned chunks: rows with enum fields (`serialize_as`) are insertable by value only.
                    for chunk in $rows.chunks(POSTGRES_ROWS_PER_STATEMENT) {
                        diesel::insert_into($table::table).values(chunk.to_vec()).execute(pg)?;
                    }
                }
                DbConnection::Sqlite(sqlite) => {
                    for chunk in $rows.chunks(SQLITE_ROWS_PER_STATEMENT) {
                        diesel::insert_into($table::table).values(chunk.to_vec()).execute(sqlite)?;
                    }
                }
            }
        }
    };
}

macro_rules! batch {
    ($($field:ident : $row:ty => $table:ident),+ $(,)?) => {
        /// Rows waiting to be written, one vector per table, declared parents first.
        #[derive(Debug, Default)]
        pub struct Batch {
            $(pub $field: Vec<$row>,)+
        }

        impl Batch {
            /// How many rows are waiting.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())+
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Writes every waiting row, table by table in foreign-key order, adds them to
            /// `written` and empties the batch. A row may name a parent in the same or an
            /// earlier flush.
            pub fn flush(&mut self, conn: &mut DbConnection, written: &mut Counts) -> Result<(), StoreError> {
                $(
                    insert_chunks!(conn, $table, self.$field);
                    *written.entry(stringify!($table)).or_default() += self.$field.len() as u64;
                    self.$field.clear();
                )+
                Ok(())
            }
        }

        /// Rows in every table a [`Batch`] writes, by table name.
        pub fn row_counts(conn: &mut DbConnection) -> Result<BTreeMap<&'static str, i64>, StoreError> {
            let mut counts = BTreeMap::new();
            $(
                counts.insert(stringify!($table), $table::table.count().get_result::<i64>(conn)?);
            )+
            Ok(counts)
        }
    };
}

batch! {
    forces: ForceRow => forces,
    corporations_sole: CorporationSoleRow => corporations_sole,
    organisations: OrganisationRow => organisations,
    people: PersonRow => people,
    posts: PostRow => posts,
    appointments: AppointmentRow => appointments,
    schemes: SchemeRow => schemes,
    delegations: DelegationRow => delegations,
    boards: BoardRow => boards,
    decision_sequences: DecisionSequenceRow => decision_sequences,
    board_owners: BoardOwnerRow => board_owners,
    memberships: MembershipRow => board_memberships,
    meetings: MeetingRow => meetings,
    meeting_chairs: MeetingChairRow => meeting_chairs,
    attendance: AttendanceRow => attendance,
    agenda_items: AgendaItemRow => agenda_items,
    actions: ActionRow => board_actions,
    action_owners: ActionOwnerRow => action_owners,
    decisions: DecisionRow => decisions,
    decision_texts: DecisionTextRow => decision_texts,
    decision_approvers: DecisionApproverRow => decision_approvers,
    decision_approvals: DecisionApprovalRow => decision_approvals,
    agreements: AgreementRow => collaboration_agreements,
    parties: PartyRow => agreement_parties,
    provisions: ProvisionRow => agreement_provisions,
    subjects: SubjectRow => agreement_provision_subjects,
    documents: DocumentRow => agreement_documents,
    schedules: ScheduleRow => agreement_cost_schedules,
    shares: ShareRow => agreement_cost_shares,
    approvals: ApprovalRow => agreement_approvals,
    signatures: SignatureRow => agreement_signatures,
    publications: PublicationRow => agreement_publications,
}

/// Whether the database holds nothing a load could collide with: no registry, agreements,
/// boards, delegations or audit events (the migrations' own rows, such as the functions
/// catalogue, do not count).
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let counts = [
        forces::table.count().get_result::<i64>(conn)?,
        corporations_sole::table.count().get_result::<i64>(conn)?,
        organisations::table.count().get_result::<i64>(conn)?,
        people::table.count().get_result::<i64>(conn)?,
        collaboration_agreements::table.count().get_result::<i64>(conn)?,
        boards::table.count().get_result::<i64>(conn)?,
        delegations::table.count().get_result::<i64>(conn)?,
        audit_events::table.count().get_result::<i64>(conn)?,
    ];
    Ok(counts.iter().all(|n| *n == 0))
}

/// Connection settings for a long load: a larger page cache on SQLite (this connection only).
pub fn prepare_for_load(conn: &mut DbConnection) -> Result<(), StoreError> {
    if let DbConnection::Sqlite(sqlite) = conn {
        sqlite.batch_execute("PRAGMA cache_size = -262144;")?;
    }
    Ok(())
}

/// After a load: PostgreSQL statistics for the planner (what autovacuum would do a little later);
/// nothing on SQLite, which the service never analyses either.
pub fn refresh_statistics(conn: &mut DbConnection) -> Result<(), StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        // VACUUM as `pgbench -i` does: a bulk load leaves the visibility map unset until autovacuum
        // runs, so index-only scans would still visit the heap. The benchmark measures that later,
        // steady state.
        pg.batch_execute("VACUUM (ANALYZE);")?;
    }
    Ok(())
}

/// A synthetic change history for the change-feed scenarios: one `update` event for each agreement
/// that is not published (only its parties see it), in id order, appended to the audit chain in
/// batches. Answers the number of events.
pub fn feed_history(conn: &mut DbConnection, context: &crate::WriteContext) -> Result<usize, StoreError> {
    let ids: Vec<String> = collaboration_agreements::table
        .filter(collaboration_agreements::published.eq(false))
        .order(collaboration_agreements::id.asc())
        .select(collaboration_agreements::id)
        .load(conn)?;
    let changes: Vec<crate::Change> = ids
        .iter()
        .map(|id| crate::Change {
            action: "update",
            resource_type: "collaboration_agreement",
            resource_id: id.clone(),
            version: Some(1),
            status: 200,
            body: format!("{{\"id\":\"{id}\"}}"),
            etag: None,
            location: None,
            related: Vec::new(),
            extent: Default::default(),
        })
        .collect();
    crate::audit::append_bulk(conn, context, &changes)?;
    Ok(changes.len())
}

/// The organisation whose office is party to the share of the unpublished agreements nearest
/// `share` (of those with any), with its count: the caller of the change-feed scenario that may see
/// about that share of the history.
pub fn organisation_seeing_share(
    conn: &mut DbConnection,
    share: f64,
) -> Result<Option<(String, i64, i64)>, StoreError> {
    let total: i64 = collaboration_agreements::table
        .filter(collaboration_agreements::published.eq(false))
        .count()
        .get_result(conn)?;
    let counts: Vec<(Option<String>, i64)> = agreement_parties::table
        .inner_join(collaboration_agreements::table)
        .filter(collaboration_agreements::published.eq(false))
        .filter(agreement_parties::corporation_sole_id.is_not_null())
        .group_by(agreement_parties::corporation_sole_id)
        .select((agreement_parties::corporation_sole_id, diesel::dsl::count_star()))
        .load(conn)?;
    let target = share * total as f64;
    let mut ranked: Vec<(String, i64)> = counts.into_iter().filter_map(|(office, n)| office.map(|o| (o, n))).collect();
    ranked.sort_by(|a, b| ((a.1 as f64 - target).abs()).total_cmp(&(b.1 as f64 - target).abs()).then(a.0.cmp(&b.0)));
    for (office, count) in ranked {
        let slug: Option<String> = organisations::table
            .filter(organisations::corporation_sole_id.eq(&office))
            .order(organisations::slug.asc())
            .select(organisations::slug)
            .first(conn)
            .optional()?;
        if let Some(slug) = slug {
            return Ok(Some((slug, count, total)));
        }
    }
    Ok(None)
}
