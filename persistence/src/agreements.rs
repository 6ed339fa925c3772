//! Repositories for section 22A agreements: the agreement row (versioned aggregate root), its
//! parts, the visibility-aware list, and the registry facts the rules need.

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::access::ListScope;
use domain::agreements::{AgreementStatus, LiabilityBasis};

use crate::ids::*;
use crate::repository::{
    contains_pattern, lower, page_of, paginate, row, versioned_repository, windowed, PageRequest, UpdateOutcome,
    Versioned, Window,
};
use crate::schema::*;
use crate::visibility;
use crate::{DbConnection, Page, StoreError};

type Date = NaiveDate;
type Instant = chrono::NaiveDateTime;

row!(AgreementRow(AgreementId) => collaboration_agreements {
    reference: String, title: String, summary: String, #[diesel(serialize_as = String, deserialize_as = String)] status: AgreementStatus,
    collaboration_id: Option<CollaborationId>, lead_force_id: Option<ForceId>, lead_board_id: Option<BoardId>,
    lead_board_name: Option<String>, #[diesel(serialize_as = String, deserialize_as = String)] liability_basis: LiabilityBasis, withdrawal_notice_months: Option<i64>,
    withdrawal_effective_rule: Option<String>, review_period_months: i64, planned_commencement: Option<Date>,
    in_force_from: Option<Date>, terminated_on: Option<Date>, next_review_due: Option<Date>,
    parent_id: Option<AgreementId>, baseline_cost_pence: Option<i64>, savings_target_pence: Option<i64>,
    published: bool, open_alerts: i64,
    // The scope of `reference`'s uniqueness: the organisation that registered the agreement (None: the
    // platform, or a party with no organisation when the scope was introduced).
    registered_by_organisation_id: Option<OrganisationId>,
});
versioned_repository!(agreement_store, collaboration_agreements, AgreementRow, AgreementId);

/// The columns of an agreement that a list shows: a page reads these 13, not the whole 25-column row
/// (its summary text, liability and cost fields are not in a list item).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = collaboration_agreements)]
pub struct AgreementListRow {
    pub id: AgreementId,
    #[diesel(deserialize_as = String)]
    pub status: AgreementStatus,
    pub reference: String,
    pub title: String,
    pub collaboration_id: Option<CollaborationId>,
    pub lead_force_id: Option<ForceId>,
    pub lead_board_id: Option<BoardId>,
    pub in_force_from: Option<Date>,
    pub next_review_due: Option<Date>,
    pub parent_id: Option<AgreementId>,
    pub published: bool,
    pub open_alerts: i64,
    pub version: i64,
}

/// Declares a part row (written once, read with its agreement) and its insert function.
/// No part column has a default: a `None` is written as NULL, so an insert's text does not depend on
/// which values are `None` (diesel then keeps it prepared, and SQLite takes several rows in one insert).
macro_rules! part {
    ($name:ident($id:ty), $insert:ident => $table:ident { $($field:ident : $ty:ty),+ $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize)]
        #[diesel(table_name = $table, treat_none_as_null = true, treat_none_as_default_value = false)]
        pub struct $name {
            pub id: $id,
            $(pub $field: $ty,)+
        }

        pub fn $insert(conn: &mut DbConnection, row: &$name) -> Result<(), StoreError> {
            diesel::insert_into($table::table).values(row).execute(conn)?;
            Ok(())
        }
    };
}

part!(PartyRow(AgreementPartyId), insert_party => agreement_parties {
    agreement_id: AgreementId, position: i64, corporation_sole_id: Option<CorporationSoleId>, other_party_name: Option<String>,
    other_party_kind: Option<String>, withdrawal_notice_on: Option<Date>, withdrawn_on: Option<Date>,
    joins_on: Option<Date>, succeeds_party_id: Option<AgreementPartyId>, transfer_order_id: Option<TransferOrderId>,
});
part!(ProvisionRow(ProvisionId), insert_provision => agreement_provisions {
    agreement_id: AgreementId, position: i64, kind: String, function_name: String, direction_and_control_id: Option<CorporationSoleId>,
});
part!(SubjectRow(ProvisionSubjectId), insert_subject => agreement_provision_subjects {
    provision_id: ProvisionId, position: i64, force_id: Option<ForceId>, corporation_sole_id: Option<CorporationSoleId>,
});
part!(DocumentRow(AgreementDocumentId), insert_document => agreement_documents {
    agreement_id: AgreementId, title: String, version_label: String, sha256: String, uri: String, dated: Date, created_at: Instant,
});
part!(MilestoneRow(MilestoneId), insert_milestone => agreement_milestones {
    agreement_id: AgreementId, kind: String, reached_on: Date, reviewer: Option<String>, conclusion: Option<String>, created_at: Instant,
});
part!(ScheduleRow(CostScheduleId), insert_schedule => agreement_cost_schedules {
    agreement_id: AgreementId, basis: String, effective_from: Date, created_at: Instant,
});
part!(ShareRow(CostShareId), insert_share => agreement_cost_shares {
    schedule_id: CostScheduleId, party_id: AgreementPartyId, basis_points: i64,
});
part!(ApprovalRow(AgreementApprovalId), insert_approval => agreement_approvals {
    agreement_id: AgreementId, party_id: AgreementPartyId, purpose: String, approved_on: Date, efficiency_or_effectiveness: String,
    existing_collaboration_considered: String, consistency_considered: String, other_opportunities_considered: String,
    record_of_decision: Option<String>, acting_person_id: Option<PersonId>, capacity: String, recorded_by: String,
    created_at: Instant, evidence_sha256: Option<String>, evidence_locator: Option<String>, evidence_uri: Option<String>,
});
part!(SignatureRow(SignatureId), insert_signature => agreement_signatures {
    agreement_id: AgreementId, party_id: AgreementPartyId, signatory_person_id: Option<PersonId>, signatory_name: String,
    capacity: String, signed_on: Date, recorded_by: String, created_at: Instant, evidence_sha256: Option<String>,
    evidence_locator: Option<String>, evidence_uri: Option<String>,
});
part!(ReviewRow(AgreementReviewId), insert_review => agreement_reviews {
    agreement_id: AgreementId, reviewed_on: Date, outcome: String, next_review_due: Date, created_at: Instant,
});
part!(PublicationRow(PublicationId), insert_publication => agreement_publications {
    agreement_id: AgreementId, kind: String, url: String, published_on: Date, created_at: Instant,
});
part!(AlertRow(AgreementAlertId), insert_alert => agreement_alerts {
    agreement_id: AgreementId, rule: String, message: String, raised_on: Date, resolved_on: Option<Date>,
    resolution: Option<String>, created_at: Instant,
});

/// A provision with the forces and policing bodies it concerns, in order.
#[derive(Debug, Clone)]
pub struct ProvisionWithSubjects {
    pub provision: ProvisionRow,
    pub subjects: Vec<SubjectRow>,
}

/// A cost-share schedule with its shares.
#[derive(Debug, Clone)]
pub struct ScheduleWithShares {
    pub schedule: ScheduleRow,
    pub shares: Vec<ShareRow>,
}

/// Everything recorded about one agreement.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub agreement: AgreementRow,
    pub parties: Vec<PartyRow>,
    pub provisions: Vec<ProvisionWithSubjects>,
    pub documents: Vec<DocumentRow>,
    pub milestones: Vec<MilestoneRow>,
    pub schedules: Vec<ScheduleWithShares>,
    pub approvals: Vec<ApprovalRow>,
    pub signatures: Vec<SignatureRow>,
    pub reviews: Vec<ReviewRow>,
    pub publications: Vec<PublicationRow>,
    pub alerts: Vec<AlertRow>,
    /// Ids and statuses of the agreements that vary this one (R-CA-08).
    pub variations: Vec<(AgreementId, String)>,
}

pub fn parties_of(conn: &mut DbConnection, agreement_id: AgreementId) -> Result<Vec<PartyRow>, StoreError> {
    Ok(agreement_parties::table
        .filter(agreement_parties::agreement_id.eq(agreement_id))
        .order(agreement_parties::position.asc())
        .select(PartyRow::as_select())
        .load(conn)?)
}

pub fn update_party(conn: &mut DbConnection, party: &PartyRow) -> Result<(), StoreError> {
    diesel::update(agreement_parties::table.find(&party.id)).set(party).execute(conn)?;
    Ok(())
}

pub fn update_alert(conn: &mut DbConnection, alert: &AlertRow) -> Result<(), StoreError> {
    diesel::update(agreement_alerts::table.find(&alert.id)).set(alert).execute(conn)?;
    Ok(())
}

/// Loads the whole aggregate, or `None` if there is no such agreement.
pub fn load(conn: &mut DbConnection, id: AgreementId) -> Result<Option<Aggregate>, StoreError> {
    let Some(agreement) = agreement_store::find(conn, id)? else { return Ok(None) };
    let variations = variations_of(conn, id)?;
    let mut aggregate = with_composition(conn, agreement)?;
    aggregate.variations = variations;
    reload(conn, &mut aggregate, Parts::ALL)?;
    Ok(Some(aggregate))
}

/// The aggregate of an agreement inserted in this transaction, from the rows written with it (in
/// their positions' order, as they are read): nothing else can refer to an id that did not exist
/// before, so every other part is empty.
pub fn created(
    agreement: AgreementRow,
    parties: Vec<PartyRow>,
    provisions: Vec<ProvisionRow>,
    subjects: Vec<SubjectRow>,
) -> Aggregate {
    let mut aggregate = assembled(agreement, provisions, subjects);
    aggregate.parties = parties;
    aggregate
}

/// Writes an agreement's parties, provisions and their subjects, each kind in one statement (a
/// draft's lists are bounded far below a statement's limit of values; chunked all the same).
pub fn insert_composition(
    conn: &mut DbConnection,
    parties: &[PartyRow],
    provisions: &[ProvisionRow],
    subjects: &[SubjectRow],
) -> Result<(), StoreError> {
    // At most eleven values a row: a hundred rows to a statement, well under SQLite's bound.
    const ROWS: usize = 100;
    // Inserts of several rows do not go through the `MultiConnection` enum: each backend by itself.
    macro_rules! insert_each {
        ($table:ident, $rows:expr) => {
            for chunk in $rows.chunks(ROWS) {
                match conn {
                    DbConnection::Postgres(pg) => diesel::insert_into($table::table).values(chunk).execute(pg)?,
                    DbConnection::Sqlite(sqlite) => diesel::insert_into($table::table).values(chunk).execute(sqlite)?,
                };
            }
        };
    }
    insert_each!(agreement_parties, parties);
    insert_each!(agreement_provisions, provisions);
    insert_each!(agreement_provision_subjects, subjects);
    Ok(())
}

/// The agreement with its provisions read, and no other part yet.
fn with_composition(conn: &mut DbConnection, agreement: AgreementRow) -> Result<Aggregate, StoreError> {
    let id = agreement.id;
    let provision_rows: Vec<ProvisionRow> = agreement_provisions::table
        .filter(agreement_provisions::agreement_id.eq(id))
        .order(agreement_provisions::position.asc())
        .select(ProvisionRow::as_select())
        .load(conn)?;
    let provision_ids: Vec<ProvisionId> = provision_rows.iter().map(|p| p.id).collect();
    let subjects: Vec<SubjectRow> = agreement_provision_subjects::table
        .filter(agreement_provision_subjects::provision_id.eq_any(&provision_ids))
        .order(agreement_provision_subjects::position.asc())
        .select(SubjectRow::as_select())
        .load(conn)?;
    Ok(assembled(agreement, provision_rows, subjects))
}

/// The agreement with these provisions (in order) and their subjects (in their positions' order),
/// and no other part yet.
fn assembled(agreement: AgreementRow, provision_rows: Vec<ProvisionRow>, subjects: Vec<SubjectRow>) -> Aggregate {
    let provisions = provision_rows
        .into_iter()
        .map(|provision| {
            let subjects = subjects.iter().filter(|s| s.provision_id == provision.id).cloned().collect();
            ProvisionWithSubjects { provision, subjects }
        })
        .collect();
    Aggregate {
        parties: Vec::new(),
        provisions,
        schedules: Vec::new(),
        documents: Vec::new(),
        milestones: Vec::new(),
        approvals: Vec::new(),
        signatures: Vec::new(),
        reviews: Vec::new(),
        publications: Vec::new(),
        alerts: Vec::new(),
        variations: Vec::new(),
        agreement,
    }
}

/// The parts of an agreement a recorded event writes (beside the agreement row), so only those are
/// read again to answer with the agreement as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub parties: bool,
    pub schedules: bool,
    pub documents: bool,
    pub milestones: bool,
    pub approvals: bool,
    pub signatures: bool,
    pub reviews: bool,
    pub publications: bool,
    pub alerts: bool,
}

impl Parts {
    pub const NONE: Parts = Parts {
        parties: false,
        schedules: false,
        documents: false,
        milestones: false,
        approvals: false,
        signatures: false,
        reviews: false,
        publications: false,
        alerts: false,
    };
    const ALL: Parts = Parts {
        parties: true,
        schedules: true,
        documents: true,
        milestones: true,
        approvals: true,
        signatures: true,
        reviews: true,
        publications: true,
        alerts: true,
    };
}

/// Reads the given parts of the aggregate's agreement again from the database.
pub fn reload(conn: &mut DbConnection, aggregate: &mut Aggregate, parts: Parts) -> Result<(), StoreError> {
    let id = aggregate.agreement.id;
    if parts.parties {
        aggregate.parties = parties_of(conn, id)?;
    }
    if parts.schedules {
        aggregate.schedules = schedules_of(conn, id)?;
    }
    if parts.documents {
        aggregate.documents = agreement_documents::table
            .filter(agreement_documents::agreement_id.eq(id))
            .order(agreement_documents::created_at.asc())
            .select(DocumentRow::as_select())
            .load(conn)?;
    }
    if parts.milestones {
        aggregate.milestones = agreement_milestones::table
            .filter(agreement_milestones::agreement_id.eq(id))
            .order(agreement_milestones::reached_on.asc())
            .select(MilestoneRow::as_select())
            .load(conn)?;
    }
    if parts.approvals {
        aggregate.approvals = agreement_approvals::table
            .filter(agreement_approvals::agreement_id.eq(id))
            .order(agreement_approvals::created_at.asc())
            .select(ApprovalRow::as_select())
            .load(conn)?;
    }
    if parts.signatures {
        aggregate.signatures = agreement_signatures::table
            .filter(agreement_signatures::agreement_id.eq(id))
            .order(agreement_signatures::created_at.asc())
            .select(SignatureRow::as_select())
            .load(conn)?;
    }
    if parts.reviews {
        aggregate.reviews = agreement_reviews::table
            .filter(agreement_reviews::agreement_id.eq(id))
            .order(agreement_reviews::reviewed_on.asc())
            .select(ReviewRow::as_select())
            .load(conn)?;
    }
    if parts.publications {
        aggregate.publications = agreement_publications::table
            .filter(agreement_publications::agreement_id.eq(id))
            .order(agreement_publications::published_on.asc())
            .select(PublicationRow::as_select())
            .load(conn)?;
    }
    if parts.alerts {
        aggregate.alerts = agreement_alerts::table
            .filter(agreement_alerts::agreement_id.eq(id))
            .order(agreement_alerts::created_at.asc())
            .select(AlertRow::as_select())
            .load(conn)?;
    }
    Ok(())
}

fn schedules_of(conn: &mut DbConnection, id: AgreementId) -> Result<Vec<ScheduleWithShares>, StoreError> {
    let schedule_rows: Vec<ScheduleRow> = agreement_cost_schedules::table
        .filter(agreement_cost_schedules::agreement_id.eq(id))
        .order(agreement_cost_schedules::effective_from.asc())
        .select(ScheduleRow::as_select())
        .load(conn)?;
    let schedule_ids: Vec<CostScheduleId> = schedule_rows.iter().map(|s| s.id).collect();
    let shares: Vec<ShareRow> = agreement_cost_shares::table
        .filter(agreement_cost_shares::schedule_id.eq_any(&schedule_ids))
        .order(agreement_cost_shares::id.asc())
        .select(ShareRow::as_select())
        .load(conn)?;
    Ok(schedule_rows
        .into_iter()
        .map(|schedule| {
            let shares = shares.iter().filter(|s| s.schedule_id == schedule.id).cloned().collect();
            ScheduleWithShares { schedule, shares }
        })
        .collect())
}

/// Ids and statuses of the agreements that vary this one. They change without this agreement's
/// version changing: `variations_revision` counts those changes.
fn variations_of(conn: &mut DbConnection, id: AgreementId) -> Result<Vec<(AgreementId, String)>, StoreError> {
    Ok(collaboration_agreements::table
        .filter(collaboration_agreements::parent_id.eq(id))
        .order(collaboration_agreements::id.asc())
        .select((collaboration_agreements::id, collaboration_agreements::status))
        .load(conn)?)
}

/// The first commencement among the agreements that vary this one: the day a superseded agreement
/// stopped being in force (R-CA-20).
pub fn superseded_from(conn: &mut DbConnection, id: AgreementId) -> Result<Option<Date>, StoreError> {
    Ok(collaboration_agreements::table
        .filter(collaboration_agreements::parent_id.eq(id))
        .select(diesel::dsl::min(collaboration_agreements::in_force_from))
        .first(conn)?)
}

/// What a remembered read of an agreement was built from, as stored now: its version, the revision of
/// its variations and the revision of the registry (both kept by triggers, migration 000007).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    pub version: i64,
    pub variations_revision: i64,
    pub registry_revision: i64,
}

/// The scope of [`read_revisions`] that every registry change moves.
const REGISTRY_SCOPE: &str = "registry";

/// The agreement's [`Freshness`] (`None` if there is no such agreement), in one indexed read: enough
/// to tell whether a read remembered from it is still what the stored rows would give.
pub fn freshness_of(conn: &mut DbConnection, id: AgreementId) -> Result<Option<Freshness>, StoreError> {
    let registry = read_revisions::table
        .filter(read_revisions::scope.eq(REGISTRY_SCOPE))
        .select(read_revisions::revision)
        .single_value();
    let row: Option<(i64, i64, Option<i64>)> = collaboration_agreements::table
        .find(id)
        .select((collaboration_agreements::version, collaboration_agreements::variations_revision, registry))
        .first(conn)
        .optional()?;
    Ok(row.map(|(version, variations_revision, registry)| Freshness {
        version,
        variations_revision,
        registry_revision: registry.unwrap_or(0),
    }))
}

/// [`freshness_of`] and, in the same statement, which of the agreement's kept states was the one at
/// `at` (the last recorded at or before it, if any): its sequence. Kept states never change, so the
/// caller may hold the state itself from an earlier read ([`crate::history::kept`]).
pub fn freshness_and_kept_at(
    conn: &mut DbConnection,
    id: AgreementId,
    at: chrono::NaiveDateTime,
) -> Result<Option<(Freshness, Option<i64>)>, StoreError> {
    let registry = read_revisions::table
        .filter(read_revisions::scope.eq(REGISTRY_SCOPE))
        .select(read_revisions::revision)
        .single_value();
    let kept = record_history::table
        .filter(record_history::resource_type.eq(crate::history::AGREEMENT))
        .filter(record_history::resource_id.eq(id.to_string()))
        .filter(record_history::recorded_at.le(at))
        .order(record_history::sequence.desc())
        .select(record_history::sequence)
        .single_value();
    let row: Option<(i64, i64, Option<i64>, Option<i64>)> = collaboration_agreements::table
        .find(id)
        .select((collaboration_agreements::version, collaboration_agreements::variations_revision, registry, kept))
        .first(conn)
        .optional()?;
    Ok(row.map(|(version, variations_revision, registry, kept)| {
        (Freshness { version, variations_revision, registry_revision: registry.unwrap_or(0) }, kept)
    }))
}

/// Each organisation (OPCC, force) serving one of these corporations sole, with the one it serves: the
/// party organisations.
pub fn organisations_serving_each(
    conn: &mut DbConnection,
    offices: &[CorporationSoleId],
) -> Result<Vec<(CorporationSoleId, OrganisationId)>, StoreError> {
    let rows: Vec<(Option<CorporationSoleId>, OrganisationId)> = organisations::table
        .filter(organisations::corporation_sole_id.eq_any(offices))
        .select((organisations::corporation_sole_id, organisations::id))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(office, organisation)| Some((office?, organisation))).collect())
}

/// (id, kind, force) of corporations sole, for the composition rules.
pub fn offices(
    conn: &mut DbConnection,
    ids: &[CorporationSoleId],
) -> Result<Vec<(CorporationSoleId, String, Option<ForceId>)>, StoreError> {
    Ok(corporations_sole::table
        .filter(corporations_sole::id.eq_any(ids))
        .select((corporations_sole::id, corporations_sole::kind, corporations_sole::force_id))
        .load(conn)?)
}

/// A corporation sole as the composition rules read it, with the days it exists.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = corporations_sole)]
pub struct DatedOffice {
    pub id: CorporationSoleId,
    pub kind: String,
    pub force_id: Option<ForceId>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

impl DatedOffice {
    /// (id, kind, force), as [`offices`] answers.
    pub fn fact(&self) -> (CorporationSoleId, String, Option<ForceId>) {
        (self.id, self.kind.clone(), self.force_id)
    }
}

/// Every corporation sole, with its days (the registry is small: a few per force).
pub fn every_office(conn: &mut DbConnection) -> Result<Vec<DatedOffice>, StoreError> {
    Ok(corporations_sole::table.select(DatedOffice::as_select()).load(conn)?)
}

/// The corporations sole of these forces, with their days.
pub fn dated_offices_of_forces(conn: &mut DbConnection, forces: &[ForceId]) -> Result<Vec<DatedOffice>, StoreError> {
    Ok(corporations_sole::table
        .filter(corporations_sole::force_id.eq_any(forces))
        .select(DatedOffice::as_select())
        .load(conn)?)
}

/// Agreements a corporation sole is (still) party to, for R-CA-10 alerts.
pub fn agreements_with_party(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<AgreementRow>, StoreError> {
    let with_party = agreement_parties::table
        .filter(agreement_parties::corporation_sole_id.eq(corporation_sole_id))
        .filter(agreement_parties::withdrawn_on.is_null())
        .select(agreement_parties::agreement_id);
    // Newest first: a variation is created after the agreement it varies (ids are time-ordered), so
    // variations are changed before their parents, the order in which a variation's own events lock
    // them (its row, then the parent's through the variations_revision trigger). One order for both
    // keeps the two from deadlocking.
    Ok(collaboration_agreements::table
        .filter(collaboration_agreements::id.eq_any(with_party))
        .filter(
            collaboration_agreements::status.ne_all(
                [AgreementStatus::Superseded, AgreementStatus::Terminated, AgreementStatus::Expired]
                    .map(AgreementStatus::as_str),
            ),
        )
        .select(AgreementRow::as_select())
        .order(collaboration_agreements::id.desc())
        .load(conn)?)
}

/// Filters of `GET /collaboration-agreements`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AgreementFilter {
    pub status: Option<String>,
    pub party: Option<String>,
    pub force: Option<String>,
    pub function: Option<String>,
    pub collaboration: Option<String>,
    pub lead_board: Option<String>,
    pub q: Option<String>,
    pub review_due_before: Option<Date>,
    /// Overdue on this day: in force with the next review due before it.
    pub overdue_on: Option<Date>,
    pub publication_missing: bool,
    pub has_alerts: Option<bool>,
    pub parent: Option<String>,
    /// With `party`: only agreements it was a party to on this day (any day when `None`).
    pub party_on: Option<Date>,
}

impl AgreementFilter {
    /// The text the filter holds on the heap.
    pub fn heap(&self) -> usize {
        [
            &self.status,
            &self.party,
            &self.force,
            &self.function,
            &self.collaboration,
            &self.lead_board,
            &self.q,
            &self.parent,
        ]
        .iter()
        .map(|text| text.as_ref().map_or(0, String::len))
        .sum()
    }
}

/// The revision of everything a page of the agreements list shows or filters on (migration
/// 2026-12-11-000008): triggers on the agreements, their parties, provisions and the provisions'
/// forces, and the organisations (whose offices decide who sees a draft) move it with every change,
/// whoever writes. None when the database keeps no such revision: then no page may be remembered.
pub fn agreement_lists_revision(conn: &mut DbConnection) -> Result<Option<i64>, StoreError> {
    crate::repository::read_revision(conn, "agreement_lists")
}

/// The page of agreements the scope may see, filtered in SQL and ordered by id (keyset).
pub fn list(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<Page<AgreementListRow>, StoreError> {
    use crate::schema::collaboration_agreements as a;
    let mut query = visibility::restrict(
        a::table.select(AgreementListRow::as_select()).into_boxed(),
        visibility::agreements(scope),
    );
    if let Some(status) = &filter.status {
        query = query.filter(a::status.eq(status.clone()));
    }
    if let Some(party) = &filter.party {
        // The page's keyset position is repeated inside (every id is after ""): PostgreSQL may
        // merge-join this with the agreements in id order, and without it reads the party's rows from
        // the first (5.8 ms for a deep page at bench scale 10, against 0.7 ms for the first page).
        let after = page.after.as_ref().map(|c| c.0.clone()).unwrap_or_default();
        let of_party = agreement_parties::table
            .filter(agreement_parties::agreement_id.eq(a::id))
            .filter(agreement_parties::corporation_sole_id.eq(party.clone()))
            .filter(agreement_parties::agreement_id.gt(after));
        query = match filter.party_on {
            // A party that day: joined by then and not yet left (`domain::agreements::party_on`).
            Some(day) => query.filter(diesel::dsl::exists(
                of_party
                    .filter(agreement_parties::joins_on.is_null().or(agreement_parties::joins_on.le(day)))
                    .filter(agreement_parties::withdrawn_on.is_null().or(agreement_parties::withdrawn_on.gt(day))),
            )),
            None => query.filter(diesel::dsl::exists(of_party)),
        };
    }
    if let Some(force) = &filter.force {
        let concerning = agreement_provision_subjects::table
            .inner_join(agreement_provisions::table)
            .filter(agreement_provision_subjects::force_id.eq(force.clone()))
            .select(agreement_provisions::agreement_id);
        query = query.filter(a::lead_force_id.eq(force.clone()).or(a::id.eq_any(concerning)));
    }
    if let Some(function) = &filter.function {
        let with_function = agreement_provisions::table
            .filter(lower(agreement_provisions::function_name).like(contains_pattern(function)).escape('\\'))
            .select(agreement_provisions::agreement_id);
        query = query.filter(a::id.eq_any(with_function));
    }
    if let Some(collaboration) = &filter.collaboration {
        query = query.filter(a::collaboration_id.eq(collaboration.clone()));
    }
    if let Some(board) = &filter.lead_board {
        query = query.filter(a::lead_board_id.eq(board.clone()));
    }
    if let Some(parent) = &filter.parent {
        query = query.filter(a::parent_id.eq(parent.clone()));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        query = query.filter(
            lower(a::title).like(pattern.clone()).escape('\\').or(lower(a::reference).like(pattern).escape('\\')),
        );
    }
    if let Some(day) = filter.review_due_before {
        query = query.filter(a::next_review_due.lt(day));
    }
    if let Some(day) = filter.overdue_on {
        query = query.filter(a::status.eq(AgreementStatus::InForce.as_str())).filter(a::next_review_due.lt(day));
    }
    if filter.publication_missing {
        query = query
            .filter(a::published.eq(false))
            .filter(a::status.eq_any([AgreementStatus::Signed, AgreementStatus::InForce].map(AgreementStatus::as_str)));
    }
    match filter.has_alerts {
        Some(true) => query = query.filter(a::open_alerts.gt(0)),
        Some(false) => query = query.filter(a::open_alerts.eq(0)),
        None => {}
    }
    let rows = paginate!(query, a, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Reference uniqueness check before insert (a clearer 409 than the constraint's).
/// Whether the organisation (None: the platform) already registered an agreement with this reference:
/// references are unique per registering organisation, so the answer never concerns another's records.
pub fn reference_taken(
    conn: &mut DbConnection,
    registered_by: Option<OrganisationId>,
    reference: &str,
) -> Result<bool, StoreError> {
    let same_reference = collaboration_agreements::table.filter(collaboration_agreements::reference.eq(reference));
    let found = match registered_by {
        Some(organisation) => same_reference
            .filter(collaboration_agreements::registered_by_organisation_id.eq(organisation))
            .select(collaboration_agreements::id)
            .first::<AgreementId>(conn)
            .optional()?,
        None => same_reference
            .filter(collaboration_agreements::registered_by_organisation_id.is_null())
            .select(collaboration_agreements::id)
            .first::<AgreementId>(conn)
            .optional()?,
    };
    Ok(found.is_some())
}

/// The id of the agreement with this reference, if there is one.
pub fn find_by_reference(conn: &mut DbConnection, reference: &str) -> Result<Option<AgreementId>, StoreError> {
    Ok(collaboration_agreements::table
        .filter(collaboration_agreements::reference.eq(reference))
        .select(collaboration_agreements::id)
        .first::<AgreementId>(conn)
        .optional()?)
}

/// Moves an agreement to its next version after a change to its parts.
pub fn touch(conn: &mut DbConnection, agreement: &mut AgreementRow) -> Result<UpdateOutcome, StoreError> {
    let expected = agreement.version();
    agreement.next_version();
    agreement_store::update_versioned(conn, agreement, expected)
}

/// Removes a draft's parties, provisions and cost schedules so they can be written anew.
pub fn clear_composition(conn: &mut DbConnection, agreement_id: AgreementId) -> Result<(), StoreError> {
    let provisions = agreement_provisions::table
        .filter(agreement_provisions::agreement_id.eq(agreement_id))
        .select(agreement_provisions::id);
    diesel::delete(
        agreement_provision_subjects::table.filter(agreement_provision_subjects::provision_id.eq_any(provisions)),
    )
    .execute(conn)?;
    diesel::delete(agreement_provisions::table.filter(agreement_provisions::agreement_id.eq(agreement_id)))
        .execute(conn)?;
    let schedules = agreement_cost_schedules::table
        .filter(agreement_cost_schedules::agreement_id.eq(agreement_id))
        .select(agreement_cost_schedules::id);
    diesel::delete(agreement_cost_shares::table.filter(agreement_cost_shares::schedule_id.eq_any(schedules)))
        .execute(conn)?;
    diesel::delete(agreement_cost_schedules::table.filter(agreement_cost_schedules::agreement_id.eq(agreement_id)))
        .execute(conn)?;
    diesel::delete(agreement_parties::table.filter(agreement_parties::agreement_id.eq(agreement_id))).execute(conn)?;
    Ok(())
}

/// Whether these ids name existing rows (forces or corporations sole), returning the missing ones.
pub fn missing_forces(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, StoreError> {
    let found: Vec<String> = forces::table.filter(forces::id.eq_any(ids)).select(forces::id).load(conn)?;
    Ok(ids.iter().filter(|id| !found.contains(id)).cloned().collect())
}

pub fn missing_offices(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, StoreError> {
    let found: Vec<String> =
        corporations_sole::table.filter(corporations_sole::id.eq_any(ids)).select(corporations_sole::id).load(conn)?;
    Ok(ids.iter().filter(|id| !found.contains(id)).cloned().collect())
}

/// An executed agreement as the public register shows it, published or not: its row, its parties'
/// names, the day its last party signed, and where it was published.
#[derive(Debug, Clone)]
pub struct RegisterEntry {
    pub agreement: AgreementRow,
    pub parties: Vec<String>,
    pub executed_on: Option<Date>,
    pub published_url: Option<String>,
}

/// Every agreement every party has signed (signed, in force, superseded, terminated, expired), in id
/// order from the page's position (or the most recently changed), optionally those a corporation
/// sole is party to.
pub fn executed_register(
    conn: &mut DbConnection,
    party: Option<CorporationSoleId>,
    window: &Window,
) -> Result<Page<RegisterEntry>, StoreError> {
    const EXECUTED: [&str; 5] = ["signed", "in_force", "superseded", "terminated", "expired"];
    let mut query = collaboration_agreements::table
        .filter(collaboration_agreements::status.eq_any(EXECUTED))
        .select(AgreementRow::as_select())
        .into_boxed();
    if let Some(office) = party {
        let agreements = agreement_parties::table
            .filter(agreement_parties::corporation_sole_id.eq(office))
            .select(agreement_parties::agreement_id);
        query = query.filter(collaboration_agreements::id.eq_any(agreements));
    }
    let rows: Vec<AgreementRow> = windowed!(query, collaboration_agreements, window).load(conn)?;
    let ids: Vec<AgreementId> = rows.iter().map(|r| r.id).collect();
    let names: Vec<(AgreementId, i64, Option<String>, Option<String>)> = agreement_parties::table
        .left_join(corporations_sole::table)
        .filter(agreement_parties::agreement_id.eq_any(&ids))
        .order((agreement_parties::agreement_id, agreement_parties::position))
        .select((
            agreement_parties::agreement_id,
            agreement_parties::position,
            corporations_sole::name.nullable(),
            agreement_parties::other_party_name,
        ))
        .load(conn)?;
    let signed: Vec<(AgreementId, Date)> = agreement_signatures::table
        .filter(agreement_signatures::agreement_id.eq_any(&ids))
        .select((agreement_signatures::agreement_id, agreement_signatures::signed_on))
        .load(conn)?;
    let published: Vec<(AgreementId, Date, String)> = agreement_publications::table
        .filter(agreement_publications::agreement_id.eq_any(&ids))
        .select((
            agreement_publications::agreement_id,
            agreement_publications::published_on,
            agreement_publications::url,
        ))
        .load(conn)?;
    let entries = rows
        .into_iter()
        .map(|agreement| {
            let id = agreement.id;
            let parties =
                names.iter().filter(|n| n.0 == id).filter_map(|n| n.2.clone().or_else(|| n.3.clone())).collect();
            let executed_on = signed.iter().filter(|s| s.0 == id).map(|s| s.1).max();
            let published_url = published.iter().filter(|p| p.0 == id).max_by_key(|p| p.1).map(|p| p.2.clone());
            RegisterEntry { agreement, parties, executed_on, published_url }
        })
        .collect();
    Ok(window.page_of(entries, |e: &RegisterEntry| e.agreement.id.to_string()))
}
