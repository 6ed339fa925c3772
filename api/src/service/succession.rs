//! Transfer orders (DOMAIN.md section 8): recording an order, and its preview (R-SU-06), the impact
//! report of what each predecessor holds on the transfer date and what each record becomes. The
//! preview fixes a digest of what it listed; execution (`transfer_execution`) applies exactly that.

use chrono::NaiveDate;
use domain::access::{list_scope, Action, Principal, ResourceKind};
use domain::boards::ActionStatus;
use domain::delegations::DelegateKind;
use domain::succession::{self as rules, ImpactChange, ImpactKind, Order, TransferStatus};
use domain::Period;
use openapi::registry::NewCorporationSole;
use openapi::succession::{
    HolderChangeImpact, ImpactItem, ImpactReport, NewTransferOrder, PredecessorImpact, TransferOrder, TransferOrderList,
};
use persistence::agreements::{agreements_with_party, AgreementRow};
use persistence::ids::{CorporationSoleId, PostId};
use persistence::registry::{
    appointment_store, appointments_to, corporation_sole_store, person_store, post_store, CorporationSoleRow,
    PageRequest,
};
use persistence::succession::{self as store, transfer_order_store, TransferOrderId, TransferOrderRow};
use persistence::{Change, DbConnection};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, corporations_sole, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::TransferOrder;

pub fn create_transfer_order(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewTransferOrder,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    refuse_if_any([
        domain::rules::check_text(&new.citation, "/citation", 120),
        domain::rules::check_text(&new.title, "/title", 300),
    ])?;
    // The successor named, or created with the order (existing from the transfer date).
    let (successor_id, created) = match (new.successor_id, new.new_successor.clone()) {
        (Some(id), None) => (id, None),
        (None, Some(successor)) => {
            let created = corporations_sole::create_corporation_sole(
                tx,
                principal,
                NewCorporationSole {
                    slug: successor.slug,
                    name: successor.name,
                    kind: successor.kind,
                    force_id: successor.force_id,
                    starts_on: new.in_force_on,
                },
            )
            .map_err(|refused| refused.under("/new_successor"))?;
            let id = created.resource_id.parse::<Uuid>().map_err(|e| ApiError::Internal(e.to_string()))?;
            (id, Some(created))
        }
        (given, _) => {
            let message = if given.is_some() {
                "name the successor or create it, not both"
            } else {
                "name the successor (`successor_id`) or create it (`new_successor`)"
            };
            return Err(ApiError::Rules(vec![domain::RuleViolation::new(
                "transfer.successor",
                "/successor_id",
                message,
            )]));
        }
    };
    refuse_if_any([rules::check_order(&Order {
        made_on: new.made_on,
        in_force_on: new.in_force_on,
        predecessors: new.predecessor_ids.clone(),
        successor: successor_id,
    })])?;
    let successor = office(tx, successor_id, "/successor_id")?;
    let mut violations = Vec::new();
    if let Some(message) =
        rules::check_successor_runs(&Period::new(successor.starts_on, successor.ends_on), new.in_force_on)
    {
        violations.push(domain::RuleViolation::new("R-TM-01", "/successor_id", message));
    }
    for (index, predecessor) in new.predecessor_ids.iter().enumerate() {
        let pointer = format!("/predecessor_ids/{index}");
        let predecessor = office(tx, *predecessor, &pointer)?;
        let existed = Period::new(predecessor.starts_on, predecessor.ends_on);
        if let Some(message) = rules::check_predecessor_runs(&existed, new.in_force_on) {
            violations.push(domain::RuleViolation::new("R-TM-01", pointer, message));
        }
    }
    ApiError::check(violations)?;
    let now = persistence::audit::now();
    let row = TransferOrderRow {
        id: TransferOrderId::generate(),
        citation: new.citation,
        title: new.title,
        made_on: new.made_on,
        in_force_on: new.in_force_on,
        successor_id: successor.id,
        predecessor_ids: new.predecessor_ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(","),
        status: TransferStatus::Draft,
        preview_digest: None,
        previewed_at: None,
        executed_at: None,
        executed_report: None,
        successor_created: created.is_some(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    transfer_order_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/transfer-orders/{}", row.id);
    let (id, version) = (row.id, row.version);
    let mut change = versioned_change("create", KIND, id, version, &view(row)?, Some(location))?;
    change.related.extend(created);
    Ok(change)
}

pub fn list_transfer_orders(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
) -> Result<TransferOrderList, ApiError> {
    list_scope(principal, KIND)?;
    let page = store::list_transfer_orders(conn, &page)?;
    Ok(TransferOrderList {
        items: page.items.into_iter().map(view).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_transfer_order(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<TransferOrder, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    view(transfer_order_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?)
}

/// R-SU-06: the impact report as at the in-force date; the order becomes `previewed` with the
/// report's digest. Previewing again replaces the digest (the records may have changed).
pub fn preview_transfer_order(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<Change, ApiError> {
    let mut row = transfer_order_store::find(tx, id.into())?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    crate::service::check_version(&row, expected)?;
    rules::may_preview(row.status).map_err(ApiError::Conflict)?;
    let (successor, predecessors, digest) = assess(tx, &row)?;
    row.status = TransferStatus::Previewed;
    row.preview_digest = Some(digest.clone());
    row.previewed_at = Some(persistence::audit::now());
    save(tx, &mut row, expected, transfer_order_store::update_versioned)?;
    let (row_id, version) = (row.id, row.version);
    let report = ImpactReport { order: view(row)?, successor_name: successor.name, predecessors, digest };
    versioned_change("preview", KIND, row_id, version, &report, None)
}

/// The impact report as the records stand now, without previewing: what a preview would list,
/// for reading (and downloading) before deciding. Its digest is the one a preview now would fix.
pub fn impact_report(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<ImpactReport, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let row = transfer_order_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?;
    let (successor, predecessors, digest) = assess(conn, &row)?;
    Ok(ImpactReport { order: view(row)?, successor_name: successor.name, predecessors, digest })
}

/// Every predecessor's impact as at the order's in-force date, and the digest of all of it.
fn assess(
    conn: &mut DbConnection,
    row: &TransferOrderRow,
) -> Result<(CorporationSoleRow, Vec<PredecessorImpact>, String), ApiError> {
    let successor = office(conn, row.successor_id.uuid(), "/successor_id")?;
    let mut predecessors = Vec::new();
    for predecessor in convert::uuids(&row.predecessor_ids)? {
        let predecessor = office(conn, predecessor, "/predecessor_ids")?;
        predecessors.push(impact_of(conn, &predecessor, row, &successor)?);
    }
    let digest = report_digest(&predecessors)?;
    Ok((successor, predecessors, digest))
}

/// What follows if the holder of an appointment stops holding it on `ends_on` (nothing changes).
pub fn holder_change_impact(
    conn: &mut DbConnection,
    principal: &Principal,
    appointment_id: Uuid,
    ends_on: NaiveDate,
) -> Result<HolderChangeImpact, ApiError> {
    let appointment = appointment_store::find(conn, appointment_id.into())?.ok_or(ApiError::NotFound)?;
    let resource =
        crate::service::appointments::resource_for(conn, appointment.post_id, appointment.corporation_sole_id)?;
    allow(principal, Action::Read, &resource)?;
    let person = person_store::find(conn, appointment.person_id)?.ok_or(ApiError::NotFound)?;
    let held = match (appointment.post_id, appointment.corporation_sole_id) {
        (Some(post), _) => post_store::find(conn, post)?.map(|p| p.title).unwrap_or_default(),
        (None, Some(office)) => corporation_sole_store::find(conn, office)?.map(|o| o.name).unwrap_or_default(),
        (None, None) => String::new(),
    };
    let mut items = Vec::new();
    if let Some(office) = appointment.corporation_sole_id {
        for deputy in crate::service::appointments::deputies_ending_with(conn, office, ends_on)? {
            let name = person_store::find(conn, deputy.person_id)?.map(|p| p.full_name).unwrap_or_default();
            let mut item = item(
                ImpactKind::Appointment,
                deputy.id.uuid(),
                format!("deputy {name}"),
                Some(format!("from {}", deputy.starts_on)),
                ImpactChange::Ends,
            );
            item.rule = "R-DL-06".into();
            items.push(item);
        }
    }
    let (office, post) = (appointment.corporation_sole_id, appointment.post_id);
    let after = ends_on.succ_opt().unwrap_or(ends_on);
    for membership in store::memberships_of_person(conn, person.id, after)? {
        let in_capacity = (office.is_some() && membership.corporation_sole_id == office)
            || (post.is_some() && membership.post_id == post);
        if in_capacity {
            let board =
                persistence::boards::board_store::find(conn, membership.board_id)?.map(|b| b.name).unwrap_or_default();
            let label = format!("{} of {board}", membership.role);
            let status = Some(format!("from {}", membership.starts_on));
            items.push(item(
                ImpactKind::Membership,
                membership.id.uuid(),
                label,
                status,
                ImpactChange::EndsForReappointment,
            ));
        }
    }
    Ok(HolderChangeImpact {
        appointment_id,
        person_id: person.id.uuid(),
        person_name: person.full_name,
        held,
        ends_on,
        items,
    })
}

pub(crate) fn office(conn: &mut DbConnection, id: Uuid, pointer: &str) -> Result<CorporationSoleRow, ApiError> {
    corporation_sole_store::find(conn, id.into())?
        .ok_or_else(|| ApiError::unknown_reference(pointer, "corporation sole"))
}

/// A person, post, office or board by name, for a report a governance officer reads.
fn party_label(conn: &mut DbConnection, kind: DelegateKind, id: Uuid) -> Result<String, ApiError> {
    let mut names = Names::default();
    names.read(conn, kind, &[id])?;
    Ok(names.label(kind, id))
}

/// The names of the people, posts, offices and boards a report cites, read a kind and a thousand
/// ids at a time: an office's report cites thousands (every board it owns, every membership).
#[derive(Default)]
struct Names(std::collections::HashMap<Uuid, String>);

impl Names {
    fn read(&mut self, conn: &mut DbConnection, kind: DelegateKind, ids: &[Uuid]) -> Result<(), ApiError> {
        let wanted: std::collections::BTreeSet<Uuid> =
            ids.iter().filter(|id| !self.0.contains_key(id)).copied().collect();
        let wanted: Vec<Uuid> = wanted.into_iter().collect();
        for chunk in wanted.chunks(1_000) {
            let named: Vec<(Uuid, String)> = match kind {
                DelegateKind::Person => {
                    let ids: Vec<_> = chunk.iter().map(|id| (*id).into()).collect();
                    person_store::find_many(conn, &ids)?.into_iter().map(|p| (p.id.uuid(), p.full_name)).collect()
                }
                DelegateKind::Post => {
                    let ids: Vec<_> = chunk.iter().map(|id| (*id).into()).collect();
                    post_store::find_many(conn, &ids)?.into_iter().map(|p| (p.id.uuid(), p.title)).collect()
                }
                DelegateKind::CorporationSole => {
                    let ids: Vec<_> = chunk.iter().map(|id| (*id).into()).collect();
                    corporation_sole_store::find_many(conn, &ids)?.into_iter().map(|o| (o.id.uuid(), o.name)).collect()
                }
                DelegateKind::Board => {
                    let ids: Vec<_> = chunk.iter().map(|id| (*id).into()).collect();
                    let boards = persistence::boards::board_store::find_many(conn, &ids)?;
                    boards.into_iter().map(|b| (b.id.uuid(), b.name)).collect()
                }
            };
            self.0.extend(named);
        }
        Ok(())
    }

    /// The name read for `id`, or its kind and id when there is none.
    fn label(&self, kind: DelegateKind, id: Uuid) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| format!("{kind} {id}"))
    }
}

fn item(kind: ImpactKind, id: Uuid, label: String, status: Option<String>, becomes: ImpactChange) -> ImpactItem {
    ImpactItem { kind, id, label, status, becomes, rule: rules::rule_of(becomes).to_string() }
}

/// Everything one predecessor holds on the transfer date, and what each becomes.
pub(crate) fn impact_of(
    conn: &mut DbConnection,
    predecessor: &CorporationSoleRow,
    order: &TransferOrderRow,
    successor: &CorporationSoleRow,
) -> Result<PredecessorImpact, ApiError> {
    let cs = predecessor.id;
    let day = order.in_force_on;
    let mut items = agreement_items(conn, cs, order, successor)?;
    items.extend(delegation_items(conn, cs, day)?);
    for scheme in store::current_schemes(conn, cs)? {
        let label = format!("{} {}", scheme.title, scheme.scheme_version);
        let status = Some(format!("adopted {}", scheme.adopted_on));
        items.push(item(ImpactKind::Scheme, scheme.id.uuid(), label, status, ImpactChange::CarriedAsNewVersion));
    }
    items.extend(board_items(conn, cs, day)?);
    let posts: Vec<PostId> = store::posts_serving(conn, cs)?.into_iter().map(|p| p.id).collect();
    for action in store::open_actions_of_posts(conn, &posts)? {
        let label = action.label.clone().map_or_else(|| action.text.clone(), |l| format!("{l}: {}", action.text));
        let status =
            Some(action.due_on.map_or_else(|| ActionStatus::Open.to_string(), |due| format!("open, due {due}")));
        items.push(item(ImpactKind::OpenAction, action.id.uuid(), label, status, ImpactChange::ContinuesAsSuccessors));
    }
    for holder in appointments_to(conn, None, Some(predecessor.id))? {
        if Period::new(holder.starts_on, holder.ends_on).contains(day) {
            let status = Some(format!("from {}", holder.starts_on));
            let label = party_label(conn, DelegateKind::Person, holder.person_id.uuid())?;
            items.push(item(ImpactKind::Appointment, holder.id.uuid(), label, status, ImpactChange::Ends));
        }
    }
    Ok(PredecessorImpact { corporation_sole_id: predecessor.id.uuid(), name: predecessor.name.clone(), items })
}

/// The delegations and consents the predecessor made (they continue as the successor's) and those
/// it received (the successor is substituted), that still run on the transfer day.
fn delegation_items(
    conn: &mut DbConnection,
    cs: CorporationSoleId,
    day: NaiveDate,
) -> Result<Vec<ImpactItem>, ApiError> {
    let mut made = Vec::new();
    for delegation in persistence::delegations::delegations_of(conn, cs)? {
        if still_running(conn, &delegation, day)? {
            made.push(delegation);
        }
    }
    let mut received = Vec::new();
    for delegation in store::delegations_received(conn, cs)? {
        if still_running(conn, &delegation, day)? {
            received.push(delegation);
        }
    }
    // The delegate is stored as text: its kind says which table it is a row of.
    let mut names = Names::default();
    let delegates: Vec<(DelegateKind, Uuid)> =
        made.iter().map(|d| Ok((d.delegate_kind, convert::uuid(&d.delegate_id)?))).collect::<Result<_, ApiError>>()?;
    for kind in [DelegateKind::Person, DelegateKind::Post, DelegateKind::CorporationSole, DelegateKind::Board] {
        let ids: Vec<Uuid> = delegates.iter().filter(|(k, _)| *k == kind).map(|(_, id)| *id).collect();
        names.read(conn, kind, &ids)?;
    }
    let grantors: Vec<Uuid> = received.iter().map(|d| d.corporation_sole_id.uuid()).collect();
    names.read(conn, DelegateKind::CorporationSole, &grantors)?;
    let mut items = Vec::with_capacity(made.len() + received.len());
    for (delegation, (kind, id)) in made.iter().zip(delegates) {
        let to = names.label(kind, id);
        let label = format!("{} of {} to {to}", delegation.kind, delegation.functions.replace(',', ", "));
        let status = Some(format!("from {}", delegation.valid_from));
        let change = ImpactChange::ContinuesAsSuccessors;
        items.push(item(ImpactKind::DelegationMade, delegation.id.uuid(), label, status, change));
    }
    for delegation in &received {
        let from = names.label(DelegateKind::CorporationSole, delegation.corporation_sole_id.uuid());
        let label = format!("{} of {} from {from}", delegation.kind, delegation.functions.replace(',', ", "));
        let status = Some(format!("from {}", delegation.valid_from));
        let change = ImpactChange::SuccessorSubstituted;
        items.push(item(ImpactKind::DelegationReceived, delegation.id.uuid(), label, status, change));
    }
    Ok(items)
}

/// The boards the predecessor owns (ownership passes) and the memberships representing it on the
/// transfer day (they end, for the successor to reappoint).
fn board_items(conn: &mut DbConnection, cs: CorporationSoleId, day: NaiveDate) -> Result<Vec<ImpactItem>, ApiError> {
    let owned = store::boards_owned(conn, cs)?;
    let memberships = store::memberships_representing(conn, cs, day)?;
    let mut names = Names::default();
    let boards: Vec<Uuid> =
        owned.iter().map(|o| o.board_id.uuid()).chain(memberships.iter().map(|m| m.board_id.uuid())).collect();
    names.read(conn, DelegateKind::Board, &boards)?;
    let people: Vec<Uuid> = memberships.iter().filter_map(|m| m.person_id.map(|p| p.uuid())).collect();
    names.read(conn, DelegateKind::Person, &people)?;
    let mut items = Vec::with_capacity(owned.len() + memberships.len());
    for owner in &owned {
        let name = names.0.get(&owner.board_id.uuid()).cloned().unwrap_or_default();
        items.push(item(ImpactKind::BoardOwned, owner.board_id.uuid(), name, None, ImpactChange::OwnerPasses));
    }
    for membership in memberships {
        let board = names.label(DelegateKind::Board, membership.board_id.uuid());
        let who = match membership.person_id {
            Some(person) => format!("{} as ", names.label(DelegateKind::Person, person.uuid())),
            None => String::new(),
        };
        let label = format!("{who}{} of {board}", membership.role);
        let status = Some(format!("from {}", membership.starts_on));
        let change = ImpactChange::EndsForReappointment;
        items.push(item(ImpactKind::Membership, membership.id.uuid(), label, status, change));
    }
    Ok(items)
}

/// Whether a delegation has effect on or after `day`: not expired, revoked or lapsed with its
/// instrument by then (R-DL-06).
fn still_running(
    conn: &mut DbConnection,
    delegation: &persistence::delegations::DelegationRow,
    day: NaiveDate,
) -> Result<bool, ApiError> {
    let lapse = crate::service::delegations::instrument_lapse(conn, delegation)?;
    Ok(domain::delegations::runs_on_or_after(delegation.valid_to, delegation.revoked_on, lapse.as_ref(), day))
}

/// The agreements the predecessor is party to (in force, drafts, awaiting approval), each
/// substituted or, where the parties collapse to one force, flagged (R-SU-05).
fn agreement_items(
    conn: &mut DbConnection,
    cs: CorporationSoleId,
    order: &TransferOrderRow,
    successor: &CorporationSoleRow,
) -> Result<Vec<ImpactItem>, ApiError> {
    let agreements: Vec<AgreementRow> = agreements_with_party(conn, cs)?;
    let parties = crate::service::group_by(store::parties_of_agreements_with(conn, cs)?, |p| p.agreement_id);
    let predecessors: Vec<&str> = order.predecessor_ids.split(',').collect();
    // A merger folds the predecessors' forces into the successor's: every party of those forces
    // stands in the successor's force afterwards.
    let mut merged_forces = Vec::new();
    for predecessor in convert::uuids(&order.predecessor_ids)? {
        if let Some(force) = corporation_sole_store::find(conn, predecessor.into())?.and_then(|o| o.force_id) {
            merged_forces.push(force.uuid());
        }
    }
    let successor_force = successor.force_id.map(|f| f.uuid());
    // The same few offices are party to many agreements: each is read once.
    let mut force_of: std::collections::HashMap<CorporationSoleId, Option<Uuid>> = std::collections::HashMap::new();
    let mut items = Vec::new();
    for agreement in agreements.iter().rev() {
        let mut forces = Vec::new();
        let of_agreement = parties.get(&agreement.id).map(Vec::as_slice).unwrap_or_default();
        for party in of_agreement.iter().filter(|p| p.withdrawn_on.is_none()) {
            let Some(party_cs) = party.corporation_sole_id else { continue };
            let force = match force_of.get(&party_cs) {
                Some(force) => *force,
                None => {
                    let force = corporation_sole_store::find(conn, party_cs)?
                        .and_then(|office| office.force_id)
                        .map(|force| force.uuid());
                    force_of.insert(party_cs, force);
                    force
                }
            };
            let merged = force.is_some_and(|f| merged_forces.contains(&f));
            let predecessor = predecessors.contains(&party_cs.to_string().as_str());
            forces.push(if merged || predecessor { successor_force } else { force });
        }
        let label = format!("{} {}", agreement.reference, agreement.title);
        let becomes = rules::agreement_change(&forces);
        items.push(item(
            ImpactKind::Agreement,
            agreement.id.uuid(),
            label,
            Some(agreement.status.to_string()),
            becomes,
        ));
    }
    Ok(items)
}

/// SHA-256 over the items as served, so execution can tell whether anything changed since.
pub(crate) fn report_digest(predecessors: &[PredecessorImpact]) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(predecessors).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(hex::encode(Sha256::digest(&canonical)))
}

pub fn view(row: TransferOrderRow) -> Result<TransferOrder, ApiError> {
    Ok(TransferOrder {
        id: row.id.uuid(),
        citation: row.citation,
        title: row.title,
        made_on: row.made_on,
        in_force_on: row.in_force_on,
        predecessor_ids: convert::uuids(&row.predecessor_ids)?,
        successor_id: row.successor_id.uuid(),
        successor_created: row.successor_created,
        status: row.status,
        preview_digest: row.preview_digest,
        previewed_at: row.previewed_at.map(convert::instant),
        executed_at: row.executed_at.map(convert::instant),
        executed: row
            .executed_report
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| ApiError::Internal(format!("stored executed report: {e}")))?,
        version: row.version,
        created_at: convert::instant(row.created_at),
        updated_at: convert::instant(row.updated_at),
    })
}
