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
use persistence::boards::{board_store, BoardId};
use persistence::delegations::{delegation_store, scheme_store, DelegationId, DelegationRow, SchemeId};
use persistence::ids::{AgreementAlertId, AgreementId, CorporationSoleId};
use persistence::registry::{corporation_sole_store, CorporationSoleRow};
use persistence::succession::transfer_order_store;
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::service::agreements::{representation_on, AllOffices, KIND as AGREEMENT};
use crate::service::succession::{impact_of, office, report_digest, view, KIND};
use crate::service::{allow, public, save};

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
    for item in of(ImpactKind::DelegationMade).chain(of(ImpactKind::DelegationReceived)) {
        changes.extend(carry_delegation(tx, carried, item, predecessor.id)?);
    }
    let agreements: Vec<&ImpactItem> = of(ImpactKind::Agreement).collect();
    changes.extend(substitute_party(tx, carried, &agreements, predecessor, successor)?);
    for item in of(ImpactKind::BoardOwned) {
        changes.push(pass_board(tx, carried, item, predecessor.id)?);
    }
    let last = carried.day.pred_opt().unwrap_or(carried.day);
    for item in of(ImpactKind::Membership) {
        let Some(membership) = persistence::boards::membership_store::find(tx, item.id.into())? else { continue };
        if membership.starts_on > last {
            continue;
        }
        let board = membership.board_id.uuid();
        let version = membership.version;
        changes.push(crate::service::boards::end_board_membership(tx, principal, board, item.id, version, last)?);
    }
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

/// The delegation continues as the successor's (made by it, or made to it) from the transfer date;
/// the predecessor's row ends that day with the order as its reason.
fn carry_delegation(
    tx: &mut DbConnection,
    carried: &mut Carried,
    item: &ImpactItem,
    predecessor: CorporationSoleId,
) -> Result<Vec<Change>, ApiError> {
    let Some(mut old) = delegation_store::find(tx, item.id.into())? else { return Ok(Vec::new()) };
    if carried.delegations.contains_key(&old.id) {
        // Made by one predecessor to another: carried once.
        return Ok(Vec::new());
    }
    let now = persistence::audit::now();
    let mut new: DelegationRow = old.clone();
    new.id = DelegationId::generate();
    if new.corporation_sole_id == predecessor {
        new.corporation_sole_id = carried.successor;
    }
    // The delegate and the referral targets are stored as text (of any kind of party).
    let (predecessor, successor) = (predecessor.to_string(), carried.successor.to_string());
    if new.delegate_id == predecessor {
        new.delegate_id = successor.clone();
    }
    new.refer_to = new
        .refer_to
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| if r == predecessor { successor.as_str() } else { r })
        .collect::<Vec<_>>()
        .join(",");
    new.valid_from = new.valid_from.max(carried.day);
    new.parent_delegation_id = new.parent_delegation_id.map(|p| carried.delegations.get(&p).copied().unwrap_or(p));
    new.scheme_id = new.scheme_id.map(|s| carried.schemes.get(&s).copied().unwrap_or(s));
    new.source_scheme_id = new.source_scheme_id.map(|s| carried.schemes.get(&s).copied().unwrap_or(s));
    (new.version, new.created_at, new.updated_at) = (1, now, now);
    delegation_store::insert(tx, &new)?;
    old.revoked_on = Some(carried.day.max(old.valid_from));
    old.revocation_reason = Some(format!("transferred by {} (R-SU-03)", carried.order));
    let expected = old.version;
    save(tx, &mut old, expected, delegation_store::update_versioned)?;
    carried.delegations.insert(old.id, new.id);
    let location = Some(format!("{}/delegations/{}", crate::service::LOCATION_PREFIX, new.id));
    Ok(vec![
        versioned_change("revoke", ResourceKind::Delegation, old.id, old.version, &convert::delegation(old)?, None)?,
        versioned_change("create", ResourceKind::Delegation, new.id, 1, &convert::delegation(new)?, location)?,
    ])
}

/// The successor takes the predecessor's place as party from the transfer date (R-SU-01), a party of
/// its own succeeding the predecessor's, so `as_of` before the date and every earlier act still show
/// the predecessor (R-SU-02); an agreement left within one
/// force is also flagged for termination (R-SU-05, an R-CA-10 alert). An office may be party to
/// thousands of agreements, so they move together: one statement per thousand for each step, and
/// each agreement's representation composed from the registry read once.
fn substitute_party(
    tx: &mut DbConnection,
    carried: &mut Carried,
    items: &[&ImpactItem],
    predecessor: &CorporationSoleRow,
    successor: &CorporationSoleRow,
) -> Result<Vec<Change>, ApiError> {
    let ids: Vec<AgreementId> = items.iter().map(|item| AgreementId::from(item.id)).collect();
    agreement_sets::succeed_party(tx, &ids, predecessor.id, successor.id, carried.day, carried.order_id)?;
    let mut aggregates = agreement_sets::load_all(tx, &ids)?;
    if aggregates.len() != ids.len() {
        return Err(ApiError::Conflict("an agreement of the preview no longer exists: preview again".into()));
    }
    let mut rows: Vec<&mut AgreementRow> = aggregates.iter_mut().map(|aggregate| &mut aggregate.agreement).collect();
    if !agreement_sets::touch_all(tx, &mut rows)? {
        return Err(ApiError::Conflict("an agreement changed while the order was executed: retry".into()));
    }
    let mut offices = AllOffices::read(tx)?;
    let today = crate::service::today();
    let mut changes = Vec::with_capacity(aggregates.len());
    let mut flagged = Vec::new();
    for (aggregate, item) in aggregates.iter_mut().zip(items) {
        let view = representation_on(&mut offices, aggregate, today)?;
        let id = aggregate.agreement.id;
        changes.push(versioned_change("substitute_party", AGREEMENT, id, view.version, &view, None)?);
        if item.becomes == ImpactChange::FlaggedForTermination && carried.flagged.insert(id.to_string()) {
            flagged.push(aggregate);
        }
    }
    // The agreements left within one force are flagged, each an R-CA-10 alert as its own change.
    let message = format!(
        "after {} every party stands in the force of {}: terminate or vary it (R-SU-05)",
        carried.order, successor.name
    );
    let alerts: Vec<AlertRow> = flagged
        .iter()
        .map(|aggregate| AlertRow {
            id: AgreementAlertId::generate(),
            agreement_id: aggregate.agreement.id,
            rule: "R-CA-10".into(),
            message: message.clone(),
            raised_on: carried.day,
            resolved_on: None,
            resolution: None,
            created_at: persistence::audit::now(),
        })
        .collect();
    let mut rows: Vec<&mut AgreementRow> = flagged.iter_mut().map(|aggregate| &mut aggregate.agreement).collect();
    if !agreement_sets::raise_alerts(tx, &alerts, &mut rows)? {
        return Err(ApiError::Conflict("an agreement changed while the order was executed: retry".into()));
    }
    for (aggregate, alert) in flagged.into_iter().zip(alerts) {
        aggregate.alerts.push(alert);
        let view = representation_on(&mut offices, aggregate, today)?;
        changes.push(versioned_change("alert", AGREEMENT, aggregate.agreement.id, view.version, &view, None)?);
    }
    Ok(changes)
}

/// Ownership of a board passes to the successor (R-SU-04).
fn pass_board(
    tx: &mut DbConnection,
    carried: &Carried,
    item: &ImpactItem,
    predecessor: CorporationSoleId,
) -> Result<Change, ApiError> {
    let board_id = BoardId::from(item.id);
    let mut board = board_store::find(tx, board_id)?.ok_or(ApiError::NotFound)?;
    // A dated owner change from the transfer date, citing the order, so the owners of any earlier
    // day (a past meeting's quorum, an `as_of` read) are still the predecessor's.
    // When the successor already owns it (a merger of two owners), the predecessor only ceases.
    let successor_owns = persistence::boards::board_owners_of(tx, board_id)?
        .iter()
        .any(|owner| owner.corporation_sole_id == carried.successor);
    let change = NewOwnerChange {
        from_owner_id: Some(predecessor.uuid()),
        to_owner_id: (!successor_owns).then(|| carried.successor.uuid()),
        effective_on: carried.day,
        reason: format!("ownership passes to the successor under {}", carried.order),
    };
    crate::service::boards::record_owner_change(tx, &board, &change, Some(carried.order_id), None)
        .map_err(|refused| ApiError::Conflict(format!("the board's owners cannot pass: {refused}")))?;
    let expected = board.version;
    save(tx, &mut board, expected, board_store::update_versioned)?;
    let version = board.version;
    let view = crate::service::boards::board_view(tx, board)?;
    versioned_change("pass_ownership", ResourceKind::Board, board_id, version, &view, None)
}
