//! Many agreements at once, for a change that moves thousands of them in one transaction (a transfer
//! order substituting its successor as party): the same rows [`crate::agreements::load`] reads and
//! the same updates, a chunk of agreements to a statement instead of one agreement to a dozen.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::agreements::{
    Aggregate, AgreementRow, AlertRow, ApprovalRow, DocumentRow, MilestoneRow, PartyRow, ProvisionRow,
    ProvisionWithSubjects, PublicationRow, ReviewRow, ScheduleRow, ScheduleWithShares, ShareRow, SignatureRow,
    SubjectRow,
};
use crate::ids::{AgreementId, AgreementPartyId, CorporationSoleId, CostScheduleId, ProvisionId, TransferOrderId};
use crate::repository::grouped;
use crate::schema::*;
use crate::{DbConnection, StoreError};

/// Ids bound to one statement: well under both backends' limits on bound parameters.
const IDS_PER_STATEMENT: usize = 1_000;

/// The whole aggregates of `ids` (those that exist), in the order of `ids`: each as
/// [`crate::agreements::load`] reads it, in thirteen statements per thousand agreements.
pub fn load_all(conn: &mut DbConnection, ids: &[AgreementId]) -> Result<Vec<Aggregate>, StoreError> {
    let mut loaded = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        loaded.extend(load_chunk(conn, chunk)?);
    }
    Ok(loaded)
}

fn load_chunk(conn: &mut DbConnection, ids: &[AgreementId]) -> Result<Vec<Aggregate>, StoreError> {
    let agreements: Vec<AgreementRow> = collaboration_agreements::table
        .filter(collaboration_agreements::id.eq_any(ids))
        .select(AgreementRow::as_select())
        .load(conn)?;
    let mut agreements: HashMap<AgreementId, AgreementRow> = agreements.into_iter().map(|a| (a.id, a)).collect();
    let variations: Vec<(Option<AgreementId>, AgreementId, String)> = collaboration_agreements::table
        .filter(collaboration_agreements::parent_id.eq_any(ids))
        .order(collaboration_agreements::id.asc())
        .select((collaboration_agreements::parent_id, collaboration_agreements::id, collaboration_agreements::status))
        .load(conn)?;
    let mut variations = grouped(
        variations.into_iter().filter_map(|(parent, id, status)| parent.map(|p| (p, id, status))).collect(),
        |(parent, _, _)| *parent,
    );
    let provisions: Vec<ProvisionRow> = agreement_provisions::table
        .filter(agreement_provisions::agreement_id.eq_any(ids))
        .order(agreement_provisions::position.asc())
        .select(ProvisionRow::as_select())
        .load(conn)?;
    let provision_ids: Vec<ProvisionId> = provisions.iter().map(|p| p.id).collect();
    let mut subjects: HashMap<ProvisionId, Vec<SubjectRow>> = HashMap::new();
    for chunk in provision_ids.chunks(IDS_PER_STATEMENT) {
        let rows: Vec<SubjectRow> = agreement_provision_subjects::table
            .filter(agreement_provision_subjects::provision_id.eq_any(chunk))
            .order(agreement_provision_subjects::position.asc())
            .select(SubjectRow::as_select())
            .load(conn)?;
        for row in rows {
            subjects.entry(row.provision_id).or_default().push(row);
        }
    }
    let mut provisions = grouped(
        provisions
            .into_iter()
            .map(|provision| {
                let subjects = subjects.remove(&provision.id).unwrap_or_default();
                ProvisionWithSubjects { provision, subjects }
            })
            .collect(),
        |p| p.provision.agreement_id,
    );
    let mut parties = grouped(
        agreement_parties::table
            .filter(agreement_parties::agreement_id.eq_any(ids))
            .order(agreement_parties::position.asc())
            .select(PartyRow::as_select())
            .load(conn)?,
        |p: &PartyRow| p.agreement_id,
    );
    let mut schedules = schedules_of(conn, ids)?;
    macro_rules! part {
        ($table:ident, $row:ty, $order:ident) => {
            grouped(
                $table::table
                    .filter($table::agreement_id.eq_any(ids))
                    .order($table::$order.asc())
                    .select(<$row>::as_select())
                    .load(conn)?,
                |r: &$row| r.agreement_id,
            )
        };
    }
    let mut documents = part!(agreement_documents, DocumentRow, created_at);
    let mut milestones = part!(agreement_milestones, MilestoneRow, reached_on);
    let mut approvals = part!(agreement_approvals, ApprovalRow, created_at);
    let mut signatures = part!(agreement_signatures, SignatureRow, created_at);
    let mut reviews = part!(agreement_reviews, ReviewRow, reviewed_on);
    let mut publications = part!(agreement_publications, PublicationRow, published_on);
    let mut alerts = part!(agreement_alerts, AlertRow, created_at);
    Ok(ids
        .iter()
        .filter_map(|id| {
            let agreement = agreements.remove(id)?;
            Some(Aggregate {
                parties: parties.remove(id).unwrap_or_default(),
                provisions: provisions.remove(id).unwrap_or_default(),
                documents: documents.remove(id).unwrap_or_default(),
                milestones: milestones.remove(id).unwrap_or_default(),
                schedules: schedules.remove(id).unwrap_or_default(),
                approvals: approvals.remove(id).unwrap_or_default(),
                signatures: signatures.remove(id).unwrap_or_default(),
                reviews: reviews.remove(id).unwrap_or_default(),
                publications: publications.remove(id).unwrap_or_default(),
                alerts: alerts.remove(id).unwrap_or_default(),
                variations: variations
                    .remove(id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, variation, status)| (variation, status))
                    .collect(),
                agreement,
            })
        })
        .collect())
}

fn schedules_of(
    conn: &mut DbConnection,
    ids: &[AgreementId],
) -> Result<HashMap<AgreementId, Vec<ScheduleWithShares>>, StoreError> {
    let schedules: Vec<ScheduleRow> = agreement_cost_schedules::table
        .filter(agreement_cost_schedules::agreement_id.eq_any(ids))
        .order(agreement_cost_schedules::effective_from.asc())
        .select(ScheduleRow::as_select())
        .load(conn)?;
    let schedule_ids: Vec<CostScheduleId> = schedules.iter().map(|s| s.id).collect();
    let mut shares: HashMap<CostScheduleId, Vec<ShareRow>> = HashMap::new();
    for chunk in schedule_ids.chunks(IDS_PER_STATEMENT) {
        let rows: Vec<ShareRow> = agreement_cost_shares::table
            .filter(agreement_cost_shares::schedule_id.eq_any(chunk))
            .order(agreement_cost_shares::id.asc())
            .select(ShareRow::as_select())
            .load(conn)?;
        for row in rows {
            shares.entry(row.schedule_id).or_default().push(row);
        }
    }
    Ok(grouped(
        schedules
            .into_iter()
            .map(|schedule| {
                let shares = shares.remove(&schedule.id).unwrap_or_default();
                ScheduleWithShares { schedule, shares }
            })
            .collect(),
        |s| s.schedule.agreement_id,
    ))
}

/// Each agreement's party of `from` (still one) is succeeded by a new party of `to` that joins on
/// `day`, citing `order`; the predecessor's party leaves that day (R-SU-01). The predecessor's party
/// keeps its approvals, signatures and shares, so what it did keeps its name (R-SU-02).
pub fn succeed_party(
    conn: &mut DbConnection,
    ids: &[AgreementId],
    from: CorporationSoleId,
    to: CorporationSoleId,
    day: chrono::NaiveDate,
    order: TransferOrderId,
) -> Result<HashSet<AgreementId>, StoreError> {
    let mut joined = HashSet::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let parties: Vec<PartyRow> = agreement_parties::table
            .filter(agreement_parties::agreement_id.eq_any(chunk))
            .select(PartyRow::as_select())
            .load(conn)?;
        let mut next_position: HashMap<AgreementId, i64> = HashMap::new();
        for party in &parties {
            let next = next_position.entry(party.agreement_id).or_insert(0);
            *next = (*next).max(party.position + 1);
        }
        let leaving: Vec<&PartyRow> =
            parties.iter().filter(|p| p.corporation_sole_id == Some(from) && p.withdrawn_on.is_none()).collect();
        let joining: Vec<PartyRow> = leaving
            .iter()
            .map(|old| {
                let next = next_position.entry(old.agreement_id).or_insert(old.position + 1);
                let position = *next;
                *next += 1;
                PartyRow {
                    id: AgreementPartyId::generate(),
                    agreement_id: old.agreement_id,
                    position,
                    corporation_sole_id: Some(to),
                    other_party_name: None,
                    other_party_kind: None,
                    withdrawal_notice_on: None,
                    withdrawn_on: None,
                    joins_on: Some(day),
                    succeeds_party_id: Some(old.id),
                    transfer_order_id: Some(order),
                }
            })
            .collect();
        joined.extend(joining.iter().map(|p| p.agreement_id));
        let leaving: Vec<AgreementPartyId> = leaving.iter().map(|p| p.id).collect();
        diesel::update(agreement_parties::table.filter(agreement_parties::id.eq_any(&leaving)))
            .set(agreement_parties::withdrawn_on.eq(day))
            .execute(conn)?;
        // Eleven values a row: a hundred rows (1,100 values) to a statement, well under SQLite's bound.
        for rows in joining.chunks(IDS_PER_STATEMENT / 10) {
            match conn {
                DbConnection::Postgres(pg) => diesel::insert_into(agreement_parties::table).values(rows).execute(pg)?,
                DbConnection::Sqlite(sqlite) => {
                    diesel::insert_into(agreement_parties::table).values(rows).execute(sqlite)?
                }
            };
        }
    }
    Ok(joined)
}

/// Moves each agreement to its next version after a change to its parts, as
/// [`crate::agreements::touch`] does one: `false` (and nothing to rely on) when any of them was
/// changed by someone else since it was read, so the caller rolls back.
pub fn touch_all(conn: &mut DbConnection, agreements: &mut [&mut AgreementRow]) -> Result<bool, StoreError> {
    next_versions(conn, agreements, false)
}

/// Stores one open alert on each of `agreements` (`alerts[i]` on `agreements[i]`), counting it in the
/// agreement and moving it to its next version, as raising one alert does; `false` as [`touch_all`].
pub fn raise_alerts(
    conn: &mut DbConnection,
    alerts: &[AlertRow],
    agreements: &mut [&mut AgreementRow],
) -> Result<bool, StoreError> {
    for chunk in alerts.chunks(IDS_PER_STATEMENT) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(agreement_alerts::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => {
                diesel::insert_into(agreement_alerts::table).values(chunk).execute(sqlite)?
            }
        };
    }
    next_versions(conn, agreements, true)
}

fn next_versions(
    conn: &mut DbConnection,
    agreements: &mut [&mut AgreementRow],
    one_more_alert: bool,
) -> Result<bool, StoreError> {
    use collaboration_agreements as a;
    let now = crate::audit::now();
    let alerts_added = i64::from(one_more_alert);
    for chunk in agreements.chunks_mut(IDS_PER_STATEMENT) {
        let ids: Vec<AgreementId> = chunk.iter().map(|row| row.id).collect();
        let moved: Vec<(AgreementId, i64)> = diesel::update(a::table)
            .filter(a::id.eq_any(&ids))
            .set((
                a::version.eq(a::version + 1),
                a::updated_at.eq(now),
                a::open_alerts.eq(a::open_alerts + alerts_added),
            ))
            .returning((a::id, a::version))
            .get_results(conn)?;
        let moved: HashMap<AgreementId, i64> = moved.into_iter().collect();
        for agreement in chunk.iter_mut() {
            if moved.get(&agreement.id) != Some(&(agreement.version + 1)) {
                return Ok(false);
            }
            agreement.version += 1;
            agreement.updated_at = now;
            agreement.open_alerts += alerts_added;
        }
    }
    Ok(true)
}
