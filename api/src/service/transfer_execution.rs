//! Executing a transfer order (R-SU-01..06): applies exactly what its last preview listed, in one
//! transaction, refusing (409) when the records have changed since. History is kept where the
//! records carry dates: delegations, consents and schemes pass as new rows from the transfer date
//! (the predecessor's revoked or superseded that day, so `as_of` before it still shows them);
//! memberships and holders end the day before; the predecessor ends; the successor joins each
//! agreement as a party from the date, succeeding the predecessor's party, which leaves that day;
//! board owners change from the date.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::succession::{ImpactChange, ImpactKind, TransferStatus};
use openapi::boards::NewOwnerChange;
use openapi::succession::{ImpactItem, PredecessorImpact};
use persistence::agreement_sets;
use persistence::agreements::{AgreementRow, AlertRow};
use persistence::board_sets;
use persistence::boards::{BoardId, BoardRow, MembershipRow};
use persistence::delegations::{delegation_store, scheme_store, DelegationId, DelegationRow, SchemeId};
use persistence::ids::{AgreementAlertId, AgreementId, CorporationSoleId, MembershipId};
use persistence::registry::{corporation_sole_store, CorporationSoleRow};
use persistence::succession::transfer_order_store;
use persistence::{Change, DbConnection, Extent};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::service::agreements::{representation_on, AllOffices, KIND as AGREEMENT};
use crate::service::succession::{impact_of, office, report_digest, view, KIND};
use crate::service::{allow, public, refuse_if_any, save};
use domain::rules::check_period;
use domain::Period;

/// What the order moved: predecessor id -> successor id, and the rows copied (old id -> new id).
struct Carried {
    successor: CorporationSoleId,
    order: String,
    order_id: persistence::ids::TransferOrderId,
    day: NaiveDate,
    schemes: std::collections::HashMap<SchemeId, SchemeId>,
    delegations: std::collections::HashMap<DelegationId, DelegationId>,
    /// Agreements already flagged (R-SU-05): once each, however many predecessors were party.
    flagged: std::collections::HashSet<String>,
}

pub fn execute_transfer_order(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    confirmed_digest: &str,
) -> Result<Change, ApiError> {
    let mut order = transfer_order_store::find(tx, id.into())?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    crate::service::check_version(&order, expected)?;
    if order.status != TransferStatus::Previewed {
        return Err(ApiError::Conflict(format!(
            "the order is {}: preview it, then execute what the preview listed",
            order.status
        )));
    }
    let successor = office(tx, order.successor_id.uuid(), "/successor_id")?;
    let mut predecessors = Vec::new();
    for predecessor in convert::uuids(&order.predecessor_ids)? {
        let predecessor = office(tx, predecessor, "/predecessor_ids")?;
        let existed = domain::Period::new(predecessor.starts_on, predecessor.ends_on);
        if let Some(why) = domain::succession::check_predecessor_runs(&existed, order.in_force_on) {
            // Ended meanwhile: executing would move its end, so refuse (R-TM-01).
            return Err(ApiError::Conflict(format!("{}: {why}", predecessor.name)));
        }
        predecessors.push((impact_of(tx, &predecessor, &order, &successor)?, predecessor));
    }
    let impacts: Vec<PredecessorImpact> = predecessors.iter().map(|(impact, _)| impact.clone()).collect();
    let digest = report_digest(&impacts)?;
    if order.preview_digest.as_deref() != Some(confirmed_digest) || digest != confirmed_digest {
        return Err(ApiError::Conflict(
            "the digest is not that of the last preview, or the records have changed since it: preview again".into(),
        ));
    }
    let mut carried = Carried {
        successor: successor.id,
        order: format!("{} ({})", order.citation, order.title),
        order_id: order.id,
        day: order.in_force_on,
        schemes: Default::default(),
        delegations: Default::default(),
        flagged: Default::default(),
    };
    let mut related = Vec::new();
    for (impact, predecessor) in &predecessors {
        related.extend(apply(tx, principal, &mut carried, impact, predecessor, &successor)?);
    }
    order.status = TransferStatus::Executed;
    order.executed_at = Some(persistence::audit::now());
    order.executed_report = Some(serde_json::to_string(&impacts).map_err(|e| ApiError::Internal(e.to_string()))?);
    save(tx, &mut order, expected, transfer_order_store::update_versioned)?;
    let (order_id, version) = (order.id, order.version);
    let mut change = versioned_change("execute", KIND, order_id, version, &view(order)?, None)?;
    change.related = related;
    Ok(change)
}

/// Applies one predecessor's items, then ends the predecessor the day before the transfer.
fn apply(
    tx: &mut DbConnection,
    principal: &Principal,
    carried: &mut Carried,
    impact: &PredecessorImpact,
    predecessor: &CorporationSoleRow,
    successor: &CorporationSoleRow,
) -> Result<Vec<Change>, ApiError> {
    let of = |kind: ImpactKind| impact.items.iter().filter(move |item| item.kind == kind);
    let mut changes = Vec::new();
    // Schemes first, so the delegations under them can cite the carried version.
    for item in of(ImpactKind::Scheme) {
        changes.extend(carry_scheme(tx, carried, item)?);
    }
    let delegations: Vec<&ImpactItem> =
        of(ImpactKind::DelegationMade).chain(of(ImpactKind::DelegationReceived)).collect();
    changes.extend(carry_delegations(tx, carried, &delegations, predecessor.id)?);
    let agreements: Vec<&ImpactItem> = of(ImpactKind::Agreement).collect();
    changes.extend(substitute_party(tx, carried, &agreements, predecessor, successor)?);
    let boards: Vec<&ImpactItem> = of(ImpactKind::BoardOwned).collect();
    changes.extend(pass_boards(tx, carried, &boards, predecessor.id)?);
    let last = carried.day.pred_opt().unwrap_or(carried.day);
    let memberships: Vec<&ImpactItem> = of(ImpactKind::Membership).collect();
    changes.extend(end_memberships(tx, &memberships, last)?);
    // Ending the office ends its holders and deputies (R-SU-02, R-DL-06); it is no longer a party
    // to anything, so no R-CA-10 alert follows.
    let version = corporation_sole_store::find(tx, predecessor.id)?.map_or(predecessor.version, |p| p.version);
    changes.push(crate::service::corporations_sole::end_corporation_sole(
        tx,
        principal,
        predecessor.id.uuid(),
        version,
        last,
    )?);
    Ok(changes)
}

fn carry_scheme(tx: &mut DbConnection, carried: &mut Carried, item: &ImpactItem) -> Result<Vec<Change>, ApiError> {
    let Some(mut old) = scheme_store::find(tx, item.id.into())? else { return Ok(Vec::new()) };
    let now = persistence::audit::now();
    let mut new = old.clone();
    new.id = SchemeId::generate();
    new.corporation_sole_id = carried.successor;
    new.scheme_version = format!("{} (carried over)", old.scheme_version);
    new.adopted_on = carried.day;
    new.adopted_by_reference = carried.order.clone();
    new.supersedes_scheme_id = Some(old.id);
    (new.version, new.created_at, new.updated_at) = (1, now, now);
    scheme_store::insert(tx, &new)?;
    old.superseded_on = Some(carried.day);
    let expected = old.version;
    save(tx, &mut old, expected, scheme_store::update_versioned)?;
    carried.schemes.insert(old.id, new.id);
    let location = Some(format!("{}/schemes/{}", crate::service::LOCATION_PREFIX, new.id));
    Ok(vec![
        versioned_change("update", ResourceKind::Scheme, old.id, old.version, &convert::scheme(old)?, None)?,
        versioned_change("create", ResourceKind::Scheme, new.id, 1, &convert::scheme(new)?, location)?,
    ])
}

/// Each delegation continues as the successor's (made by it, or made to it) from the transfer date;
/// the predecessor's row ends that day with the order as its reason. An office may have made
/// thousands, so they are carried together, a thousand to a statement; each is given its new id
/// first, so a sub-delegation cites its parent's carried row whatever the order they are listed in.
fn carry_delegations(
    tx: &mut DbConnection,
    carried: &mut Carried,
    items: &[&ImpactItem],
    predecessor: CorporationSoleId,
) -> Result<Vec<Change>, ApiError> {
    // Made by one predecessor to another, or listed as made and received: carried once.
    let mut ids: Vec<DelegationId> = Vec::with_capacity(items.len());
    for item in items {
        let id = DelegationId::from(item.id);
        if !carried.delegations.contains_key(&id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut found: std::collections::HashMap<DelegationId, DelegationRow> = std::collections::HashMap::new();
    for chunk in ids.chunks(1_000) {
        found.extend(delegation_store::find_many(tx, chunk)?.into_iter().map(|row| (row.id, row)));
    }
    let mut old: Vec<DelegationRow> = ids.iter().filter_map(|id| found.remove(id)).collect();
    for row in &old {
        carried.delegations.insert(row.id, DelegationId::generate());
    }
    let now = persistence::audit::now();
    // The delegate and the referral targets are stored as text (of any kind of party).
    let (was, successor) = (predecessor.to_string(), carried.successor.to_string());
    let new: Vec<DelegationRow> = old
        .iter()
        .map(|old| {
            let mut new = old.clone();
            new.id = carried.delegations[&old.id];
            if new.corporation_sole_id == predecessor {
                new.corporation_sole_id = carried.successor;
            }
            if new.delegate_id == was {
                new.delegate_id = successor.clone();
            }
            new.refer_to = new
                .refer_to
                .split(',')
                .filter(|r| !r.is_empty())
                .map(|r| if r == was { successor.as_str() } else { r })
                .collect::<Vec<_>>()
                .join(",");
            new.valid_from = new.valid_from.max(carried.day);
            new.parent_delegation_id =
                new.parent_delegation_id.map(|p| carried.delegations.get(&p).copied().unwrap_or(p));
            new.scheme_id = new.scheme_id.map(|s| carried.schemes.get(&s).copied().unwrap_or(s));
            new.source_scheme_id = new.source_scheme_id.map(|s| carried.schemes.get(&s).copied().unwrap_or(s));
            (new.version, new.created_at, new.updated_at) = (1, now, now);
            new
        })
        .collect();
    for row in &mut old {
        row.revoked_on = Some(carried.day.max(row.valid_from));
        row.revocation_reason = Some(format!("transferred by {} (R-SU-03)", carried.order));
    }
    let mut revoked: Vec<&mut DelegationRow> = old.iter_mut().collect();
    if !persistence::delegations::carry_all(tx, &parents_first(&new), &mut revoked)? {
        return Err(ApiError::Conflict("a delegation changed while the order was executed: retry".into()));
    }
    let mut changes = Vec::with_capacity(2 * old.len());
    for (old, new) in old.into_iter().zip(new) {
        let location = Some(format!("{}/delegations/{}", crate::service::LOCATION_PREFIX, new.id));
        let (old_id, old_version, new_id) = (old.id, old.version, new.id);
        changes.push(versioned_change(
            "revoke",
            ResourceKind::Delegation,
            old_id,
            old_version,
            &convert::delegation(old)?,
            None,
        )?);
        changes.push(versioned_change(
            "create",
            ResourceKind::Delegation,
            new_id,
            1,
            &convert::delegation(new)?,
            location,
        )?);
    }
    Ok(changes)
}

/// `rows` ordered so that a row whose parent is among them comes after it: each is stored after the
/// parent it cites (the foreign key is checked statement by statement).
fn parents_first(rows: &[DelegationRow]) -> Vec<DelegationRow> {
    let mut pending: Vec<&DelegationRow> = rows.iter().collect();
    let mut ordered: Vec<DelegationRow> = Vec::with_capacity(rows.len());
    while !pending.is_empty() {
        let waiting: std::collections::HashSet<DelegationId> = pending.iter().map(|row| row.id).collect();
        let (ready, rest): (Vec<&DelegationRow>, Vec<&DelegationRow>) =
            pending.into_iter().partition(|row| row.parent_delegation_id.is_none_or(|p| !waiting.contains(&p)));
        if ready.is_empty() {
            // A cycle cannot be stored anyway; let the database say so.
            ordered.extend(rest.into_iter().cloned());
            break;
        }
        ordered.extend(ready.into_iter().cloned());
        pending = rest;
    }
    ordered
}

/// The successor takes the predecessor's place as party from the transfer date (R-SU-01), a party of
/// its own succeeding the predecessor's, so `as_of` before the date and every earlier act still show
/// the predecessor (R-SU-02); an agreement left within one force is also flagged for termination
/// (R-SU-05, an R-CA-10 alert) by the same change: each agreement moves one version, with one event
/// (the "one change-feed event per changed resource"). An office may be party to thousands
/// of agreements, so they move together: one statement per thousand for each step, and each
/// agreement's representation composed from the registry read once.
fn substitute_party(
    tx: &mut DbConnection,
    carried: &mut Carried,
    items: &[&ImpactItem],
    predecessor: &CorporationSoleRow,
    successor: &CorporationSoleRow,
) -> Result<Vec<Change>, ApiError> {
    let ids: Vec<AgreementId> = items.iter().map(|item| AgreementId::from(item.id)).collect();
    let joined = agreement_sets::succeed_party(tx, &ids, predecessor.id, successor.id, carried.day, carried.order_id)?;
    let mut aggregates = agreement_sets::load_all(tx, &ids)?;
    if aggregates.len() != ids.len() {
        return Err(ApiError::Conflict("an agreement of the preview no longer exists: preview again".into()));
    }
    // Flagged once each, however many predecessors were party.
    let flagged: Vec<bool> = aggregates
        .iter()
        .zip(items)
        .map(|(aggregate, item)| {
            item.becomes == ImpactChange::FlaggedForTermination
                && carried.flagged.insert(aggregate.agreement.id.to_string())
        })
        .collect();
    let message = format!(
        "after {} every party stands in the force of {}: terminate or vary it (R-SU-05)",
        carried.order, successor.name
    );
    let now = persistence::audit::now();
    let mut alerts = Vec::new();
    let (mut plain, mut alerted): (Vec<&mut AgreementRow>, Vec<&mut AgreementRow>) = (Vec::new(), Vec::new());
    for (aggregate, flag) in aggregates.iter_mut().zip(&flagged) {
        if *flag {
            let alert = AlertRow {
                id: AgreementAlertId::generate(),
                agreement_id: aggregate.agreement.id,
                rule: "R-CA-10".into(),
                message: message.clone(),
                raised_on: carried.day,
                resolved_on: None,
                resolution: None,
                created_at: now,
            };
            aggregate.alerts.push(alert.clone());
            alerts.push(alert);
            alerted.push(&mut aggregate.agreement);
        } else {
            plain.push(&mut aggregate.agreement);
        }
    }
    if !agreement_sets::touch_all(tx, &mut plain)? || !agreement_sets::raise_alerts(tx, &alerts, &mut alerted)? {
        return Err(ApiError::Conflict("an agreement changed while the order was executed: retry".into()));
    }
    let mut offices = AllOffices::read(tx)?;
    let today = crate::service::today();
    let mut changes = Vec::with_capacity(aggregates.len());
    // Each aggregate is dropped once its body is built: the bodies, not both, are what the
    // transaction holds until it commits.
    for aggregate in aggregates {
        let view = representation_on(&mut offices, &aggregate, today)?;
        let mut change =
            versioned_change("substitute_party", AGREEMENT, aggregate.agreement.id, view.version, &view, None)?;
        // A party added and none removed (the predecessor stays, withdrawn), and no searchable text
        // changed: the agreement's history gains the successor's audience and loses none.
        if joined.contains(&aggregate.agreement.id) {
            change.extent = Extent::PartyAdded(successor.id);
        }
        changes.push(change);
    }
    Ok(changes)
}

/// Ownership of each board passes to the successor (R-SU-04): a dated owner change from the
/// transfer date, citing the order, so the owners of any earlier day (a past meeting's quorum, an
/// `as_of` read) are still the predecessor's; where the successor already owns it (a merger of two
/// owners), the predecessor only ceases. An office may own thousands of boards, so they pass
/// together: their rows read and the changes written a thousand boards to a statement.
fn pass_boards(
    tx: &mut DbConnection,
    carried: &Carried,
    items: &[&ImpactItem],
    predecessor: CorporationSoleId,
) -> Result<Vec<Change>, ApiError> {
    let ids: Vec<BoardId> = items.iter().map(|item| BoardId::from(item.id)).collect();
    let mut boards = board_sets::load_all(tx, &ids)?;
    if boards.len() != ids.len() {
        return Err(ApiError::Conflict("a board of the preview no longer exists: preview again".into()));
    }
    let (mut removed, mut added, mut recorded) = (Vec::new(), Vec::new(), Vec::new());
    for board in &mut boards {
        let successor_owns = board.owners.iter().any(|owner| owner.corporation_sole_id == carried.successor);
        let change = NewOwnerChange {
            from_owner_id: Some(predecessor.uuid()),
            to_owner_id: (!successor_owns).then(|| carried.successor.uuid()),
            effective_on: carried.day,
            reason: format!("ownership passes to the successor under {}", carried.order),
        };
        let rows = crate::service::boards::owner_change_rows(
            board.board.id,
            &board.owners,
            &board.owner_changes,
            &board.names,
            &change,
            Some(carried.order_id),
            None,
        )
        .map_err(|refused| ApiError::Conflict(format!("the owners of {} cannot pass: {refused}", board.board.name)))?;
        if let Some(owner) = rows.removed {
            board.owners.retain(|o| o.id != owner);
            removed.push(owner);
        }
        if let Some(owner) = rows.added {
            board.owners.push(owner.clone());
            added.push(owner);
        }
        board.owner_changes.push(rows.change.clone());
        recorded.push(rows.change);
    }
    let mut rows: Vec<&mut BoardRow> = boards.iter_mut().map(|board| &mut board.board).collect();
    if !board_sets::change_owners(tx, &removed, &added, &recorded, &mut rows)? {
        return Err(ApiError::Conflict("a board changed while the order was executed: retry".into()));
    }
    boards
        .into_iter()
        .map(|board| {
            let (id, version) = (board.board.id, board.board.version);
            let view = crate::service::boards::board_view_of(board)?;
            versioned_change("pass_ownership", ResourceKind::Board, id, version, &view, None)
        })
        .collect()
}

/// The memberships representing the predecessor end the day before the transfer (R-SU-04), to be
/// re-appointed as the successor decides; those starting later are left for it to decide on.
/// Together, a thousand to a statement, as the boards pass.
fn end_memberships(tx: &mut DbConnection, items: &[&ImpactItem], last: NaiveDate) -> Result<Vec<Change>, ApiError> {
    let ids: Vec<MembershipId> = items.iter().map(|item| MembershipId::from(item.id)).collect();
    let mut found: std::collections::HashMap<MembershipId, MembershipRow> = std::collections::HashMap::new();
    for chunk in ids.chunks(1_000) {
        found.extend(persistence::boards::membership_store::find_many(tx, chunk)?.into_iter().map(|row| (row.id, row)));
    }
    // In the order of the preview, so the events are too.
    let mut memberships: Vec<MembershipRow> =
        ids.iter().filter_map(|id| found.remove(id)).filter(|membership| membership.starts_on <= last).collect();
    for membership in &memberships {
        refuse_if_any([check_period(&Period::new(membership.starts_on, Some(last)), "")])?;
    }
    let mut rows: Vec<&mut MembershipRow> = memberships.iter_mut().collect();
    if !board_sets::end_memberships(tx, &mut rows, last)? {
        return Err(ApiError::Conflict("a membership changed while the order was executed: retry".into()));
    }
    memberships
        .into_iter()
        .map(|row| {
            let (id, version) = (row.id, row.version);
            let view = crate::service::boards::membership_view(row)?;
            versioned_change("end", ResourceKind::BoardMembership, id, version, &view, None)
        })
        .collect()
}
