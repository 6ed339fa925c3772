//! Section 22A agreements: loading with visibility, the composition rules run on drafts and on stored
//! agreements, the representation (with its cache), the party gate for approving and signing, R-CA-10
//! alerts, and the audited change record.

pub mod as_of;
pub mod cache;
pub mod drafts;
pub mod lifecycle;
pub mod remembered_offices;
pub mod rows;
pub mod views;

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{Action, Resource, ResourceKind};
use domain::agreements::{
    check_composition, composition_warnings, party_on, AgreementStatus, Composition, CostBasis, ForceOffices, Office,
    OtherPartyKind, Party, Provision, ProvisionKind, SeatParty, Seats,
};
use domain::registry::CorporationSoleKind;
use domain::RuleViolation;
use openapi::agreements as api;
use openapi::FieldError;
use persistence::agreements::{self as store, Aggregate, PartyRow};
use persistence::ids::{
    AgreementAlertId, AgreementId, AgreementPartyId, BoardId, CollaborationId, CorporationSoleId, ForceId,
    OrganisationId,
};
use persistence::{Change, DbConnection};

use crate::context::versioned_change;
use crate::error::ApiError;
use crate::service::allow;
use views::each;

pub const KIND: ResourceKind = ResourceKind::CollaborationAgreement;

/// Organisations serving any of these corporations sole.
pub fn organisations_serving(
    conn: &mut DbConnection,
    offices: &[CorporationSoleId],
) -> Result<Vec<uuid::Uuid>, ApiError> {
    Ok(store::organisations_serving_each(conn, offices)?
        .into_iter()
        .map(|(_, organisation)| organisation.uuid())
        .collect())
}

/// The policy's view of an agreement: its party organisations; public once published.
pub fn resource(conn: &mut DbConnection, aggregate: &Aggregate) -> Result<Resource, ApiError> {
    Ok(Serving::read(conn, aggregate)?.resource(aggregate))
}

/// The organisations serving each party's corporation sole, read once for the agreement's view and
/// for the gate of acting for one party.
pub struct Serving(Vec<(CorporationSoleId, OrganisationId)>);

impl Serving {
    fn read(conn: &mut DbConnection, aggregate: &Aggregate) -> Result<Serving, ApiError> {
        let offices: Vec<CorporationSoleId> = aggregate.parties.iter().filter_map(|p| p.corporation_sole_id).collect();
        Ok(Serving(store::organisations_serving_each(conn, &offices)?))
    }

    /// The agreement's policy view: public once published, its parties' organisations.
    fn resource(&self, aggregate: &Aggregate) -> Resource {
        let organisations = self.0.iter().map(|(_, organisation)| organisation.uuid()).collect();
        Resource::owned(KIND, None, aggregate.agreement.published).with_parties(organisations)
    }

    /// Those serving `office`.
    fn of(&self, office: CorporationSoleId) -> Vec<uuid::Uuid> {
        self.0.iter().filter(|(served, _)| *served == office).map(|(_, organisation)| organisation.uuid()).collect()
    }
}

/// Loads an agreement the principal may see (404 otherwise) and its policy view.
pub fn load_visible(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: AgreementId,
) -> Result<(Aggregate, Resource), ApiError> {
    load_visible_serving(conn, principal, id).map(|(aggregate, resource, _)| (aggregate, resource))
}

/// [`load_visible`], with who serves each party (for [`allow_for_party`]).
pub fn load_visible_serving(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: AgreementId,
) -> Result<(Aggregate, Resource, Serving), ApiError> {
    let aggregate = store::load(conn, id)?.ok_or(ApiError::NotFound)?;
    let serving = Serving::read(conn, &aggregate)?;
    let resource = serving.resource(&aggregate);
    allow(principal, Action::Read, &resource)?;
    Ok((aggregate, resource, serving))
}

/// [`load_visible`] for reads outside a write: from `cache` when nothing the agreement's read was
/// built from has changed.
pub fn read_visible(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: AgreementId,
    cache: &cache::AgreementCache,
) -> Result<std::sync::Arc<cache::Snapshot>, ApiError> {
    let snapshot = cache.load(conn, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &snapshot.resource)?;
    Ok(snapshot)
}

/// [`read_visible`], with the agreement's state kept at `at` (see
/// [`persistence::history::KnownAt`]), found in the same statement as its freshness and read once.
pub fn read_visible_kept_at(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: AgreementId,
    at: chrono::NaiveDateTime,
    cache: &cache::AgreementCache,
) -> Result<(std::sync::Arc<cache::Snapshot>, Option<std::sync::Arc<cache::KeptAgreement>>), ApiError> {
    let (freshness, kept) = store::freshness_and_kept_at(conn, id, at)?.ok_or(ApiError::NotFound)?;
    let snapshot = cache.load_as_of(conn, id, freshness)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &snapshot.resource)?;
    let kept = match kept {
        Some(sequence) => cache.kept(conn, id, sequence)?,
        None => None,
    };
    Ok((snapshot, kept))
}

pub fn parse<T>(parsed: Option<T>, what: &str, text: &str) -> Result<T, ApiError> {
    parsed.ok_or_else(|| ApiError::Internal(format!("stored {what} {text:?} is not known")))
}

pub fn status_of(aggregate: &Aggregate) -> Result<AgreementStatus, ApiError> {
    Ok(aggregate.agreement.status)
}

/// Party and provision facts as the composition rules read them.
pub struct Draft<'a> {
    pub parties: Vec<(Option<uuid::Uuid>, bool)>,
    pub provisions: &'a [api::NewProvision],
    pub has_board: bool,
}

/// (id, kind, force) of a corporation sole, as the composition rules need it.
pub type OfficeFact = (CorporationSoleId, String, Option<ForceId>);

/// Where the composition rules read the registry: the database, or every office read once for a
/// change that represents thousands of agreements (a transfer order's execution).
pub trait OfficeFacts {
    /// The offices among `ids`.
    fn offices(&mut self, ids: &[CorporationSoleId]) -> Result<Vec<OfficeFact>, ApiError>;
    /// The offices of these forces in existence on `day`.
    fn offices_of_forces(&mut self, forces: &[ForceId], day: NaiveDate) -> Result<Vec<OfficeFact>, ApiError>;
}

impl OfficeFacts for DbConnection {
    fn offices(&mut self, ids: &[CorporationSoleId]) -> Result<Vec<OfficeFact>, ApiError> {
        Ok(store::offices(self, ids)?)
    }

    fn offices_of_forces(&mut self, forces: &[ForceId], day: NaiveDate) -> Result<Vec<OfficeFact>, ApiError> {
        Ok(remembered_offices::existing_on(&store::dated_offices_of_forces(self, forces)?, forces, day))
    }
}

/// Every office of the registry with its dates, read in one statement; answers as the queries would.
pub struct AllOffices(Vec<store::DatedOffice>);

impl AllOffices {
    pub fn read(conn: &mut DbConnection) -> Result<AllOffices, ApiError> {
        Ok(AllOffices(store::every_office(conn)?))
    }
}

impl OfficeFacts for AllOffices {
    fn offices(&mut self, ids: &[CorporationSoleId]) -> Result<Vec<OfficeFact>, ApiError> {
        Ok(self.0.iter().filter(|o| ids.contains(&o.id)).map(store::DatedOffice::fact).collect())
    }

    fn offices_of_forces(&mut self, forces: &[ForceId], day: NaiveDate) -> Result<Vec<OfficeFact>, ApiError> {
        Ok(remembered_offices::existing_on(&self.0, forces, day))
    }
}

/// Builds the rules' view of a draft from the registry, as on `day`.
pub fn composition(facts: &mut impl OfficeFacts, draft: &Draft<'_>, day: NaiveDate) -> Result<Composition, ApiError> {
    let office_ids: Vec<CorporationSoleId> = draft.parties.iter().filter_map(|(id, _)| id.map(Into::into)).collect();
    let mut offices = HashMap::new();
    for (id, kind, force) in facts.offices(&office_ids)? {
        if let Some(kind) = CorporationSoleKind::parse(&kind) {
            let office = Office { id: id.uuid(), kind, force_id: force.map(ForceId::uuid) };
            offices.insert(office.id, office);
        }
    }
    let forces: Vec<ForceId> = draft.provisions.iter().flat_map(|p| p.forces.iter().map(|f| (*f).into())).collect();
    let mut force_offices: HashMap<uuid::Uuid, ForceOffices> = HashMap::new();
    for (id, kind, force) in facts.offices_of_forces(&forces, day)? {
        let (Some(kind), Some(force)) = (CorporationSoleKind::parse(&kind), force) else { continue };
        let entry = force_offices.entry(force.uuid()).or_default();
        if kind.is_chief_officer() {
            entry.chief_officer = Some(id.uuid());
        } else {
            entry.policing_body = Some(id.uuid());
        }
    }
    Ok(Composition {
        parties: draft
            .parties
            .iter()
            .filter(|(_, active)| *active)
            .map(|(id, _)| Party { office: id.and_then(|i| offices.get(&i).copied()) })
            .collect(),
        provisions: draft
            .provisions
            .iter()
            .map(|p| Provision {
                kind: p.kind,
                forces: p.forces.clone(),
                policing_bodies: p.policing_bodies.clone(),
                direction_and_control: p.direction_and_control,
            })
            .collect(),
        force_offices,
        has_joint_oversight_board: draft.has_board,
    })
}

/// The provisions of a stored agreement in request form (for re-checking rules).
pub fn stored_provisions(aggregate: &Aggregate) -> Result<Vec<api::NewProvision>, ApiError> {
    aggregate
        .provisions
        .iter()
        .map(|p| {
            Ok(api::NewProvision {
                kind: parse(ProvisionKind::parse(&p.provision.kind), "provision kind", &p.provision.kind)?,
                function: p.provision.function_name.clone(),
                forces: p.subjects.iter().filter_map(|s| s.force_id).map(ForceId::uuid).collect(),
                policing_bodies: p
                    .subjects
                    .iter()
                    .filter_map(|s| s.corporation_sole_id)
                    .map(CorporationSoleId::uuid)
                    .collect(),
                direction_and_control: p.provision.direction_and_control_id.map(CorporationSoleId::uuid),
            })
        })
        .collect()
}

/// The composition of a stored agreement with the parties still in it on `day`.
pub fn stored_composition(
    conn: &mut impl OfficeFacts,
    aggregate: &Aggregate,
    day: NaiveDate,
) -> Result<Composition, ApiError> {
    let provisions = stored_provisions(aggregate)?;
    let parties = aggregate
        .parties
        .iter()
        .map(|p| (p.corporation_sole_id.map(CorporationSoleId::uuid), party_on(p.joins_on, p.withdrawn_on, day)))
        .collect();
    let has_board = aggregate.agreement.lead_board_id.is_some() || aggregate.agreement.lead_board_name.is_some();
    composition(conn, &Draft { parties, provisions: &provisions, has_board }, day)
}

/// Refusals and warnings of a stored agreement's composition.
pub fn stored_rules(
    conn: &mut impl OfficeFacts,
    aggregate: &Aggregate,
    day: NaiveDate,
) -> Result<(Vec<RuleViolation>, Vec<RuleViolation>), ApiError> {
    let composition = stored_composition(conn, aggregate, day)?;
    Ok((check_composition(&composition), composition_warnings(&composition)))
}

/// As field errors, the first [`domain::bounds::MAX_ITEMS`] (the declared bound of the lists).
pub fn field_errors(violations: &[RuleViolation]) -> Vec<FieldError> {
    violations
        .iter()
        .take(domain::bounds::MAX_ITEMS)
        .map(|v| FieldError { pointer: v.pointer.clone(), code: v.rule.to_string(), message: v.message.clone() })
        .collect()
}

/// The seats of an agreement's parties: a successor under a transfer order fills its predecessor's.
pub fn seats(aggregate: &Aggregate) -> Seats<AgreementPartyId> {
    Seats::new(aggregate.parties.iter().map(|p| SeatParty {
        id: p.id,
        succeeds: p.succeeds_party_id,
        joins_on: p.joins_on,
    }))
}

pub fn party(row: &PartyRow, seats: &Seats<AgreementPartyId>) -> Result<api::Party, ApiError> {
    Ok(api::Party {
        id: row.id.uuid(),
        corporation_sole_id: row.corporation_sole_id.map(CorporationSoleId::uuid),
        other_party_name: row.other_party_name.clone(),
        other_party_kind: row.other_party_kind.as_deref().and_then(OtherPartyKind::parse),
        withdrawal_notice_on: row.withdrawal_notice_on,
        withdrawn_on: row.withdrawn_on,
        joins_on: row.joins_on,
        succeeds_party_id: row.succeeds_party_id.map(AgreementPartyId::uuid),
        succeeded_by_party_id: seats.successor_of(row.id).map(AgreementPartyId::uuid),
        transfer_order_id: row.transfer_order_id.map(persistence::ids::TransferOrderId::uuid),
    })
}

/// The full representation of an agreement, with today's warnings.
pub fn representation(
    conn: &mut impl OfficeFacts,
    aggregate: &Aggregate,
) -> Result<api::CollaborationAgreement, ApiError> {
    representation_on(conn, aggregate, chrono::Utc::now().date_naive())
}

/// The full representation of an agreement, with the warnings as on `today`.
pub fn representation_on(
    conn: &mut impl OfficeFacts,
    aggregate: &Aggregate,
    today: NaiveDate,
) -> Result<api::CollaborationAgreement, ApiError> {
    let a = &aggregate.agreement;
    let (_, mut warnings) = stored_rules(conn, aggregate, today)?;
    let in_force = status_of(aggregate)? == AgreementStatus::InForce;
    warnings.extend(domain::agreements::upkeep_warnings(
        in_force,
        !aggregate.schedules.is_empty(),
        a.next_review_due,
        today,
    ));
    Ok(api::CollaborationAgreement {
        id: a.id.uuid(),
        reference: a.reference.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        status: status_of(aggregate)?,
        collaboration_id: a.collaboration_id.map(CollaborationId::uuid),
        lead_force_id: a.lead_force_id.map(ForceId::uuid),
        lead_board_id: a.lead_board_id.map(BoardId::uuid),
        lead_board_name: a.lead_board_name.clone(),
        liability_basis: a.liability_basis,
        withdrawal_notice_months: a.withdrawal_notice_months,
        withdrawal_effective_rule: a.withdrawal_effective_rule.clone(),
        review_period_months: a.review_period_months,
        planned_commencement: a.planned_commencement,
        in_force_from: a.in_force_from,
        terminated_on: a.terminated_on,
        next_review_due: a.next_review_due,
        parent_id: a.parent_id.map(AgreementId::uuid),
        baseline_cost_pence: a.baseline_cost_pence,
        savings_target_pence: a.savings_target_pence,
        currency: "GBP".into(),
        as_of: None,
        parties: {
            let seats = seats(aggregate);
            aggregate.parties.iter().map(|row| party(row, &seats)).collect::<Result<_, _>>()?
        },
        provisions: views::provisions(aggregate)?,
        documents: each(&aggregate.documents, views::document)?,
        milestones: each(&aggregate.milestones, views::milestone)?,
        cost_schedules: each(&aggregate.schedules, schedule)?,
        approvals: each(&aggregate.approvals, views::approval)?,
        signatures: each(&aggregate.signatures, views::signature)?,
        reviews: each(&aggregate.reviews, views::review)?,
        publications: each(&aggregate.publications, views::publication)?,
        alerts: each(&aggregate.alerts, views::alert)?,
        variations: each(&aggregate.variations, views::variation)?,
        warnings: field_errors(&warnings),
        version: a.version,
        created_at: chrono::DateTime::from_naive_utc_and_offset(a.created_at, chrono::Utc),
        updated_at: chrono::DateTime::from_naive_utc_and_offset(a.updated_at, chrono::Utc),
    })
}

pub fn schedule(s: &store::ScheduleWithShares) -> Result<api::CostSchedule, ApiError> {
    Ok(api::CostSchedule {
        id: s.schedule.id.uuid(),
        basis: parse(CostBasis::parse(&s.schedule.basis), "cost basis", &s.schedule.basis)?,
        effective_from: s.schedule.effective_from,
        shares: s
            .shares
            .iter()
            .map(|share| api::Share { party_id: share.party_id.uuid(), basis_points: share.basis_points })
            .collect(),
    })
}

/// Reloads an agreement after a change and answers with it (ETag of the new version).
pub fn changed(
    conn: &mut DbConnection,
    id: AgreementId,
    action: &'static str,
    created: bool,
) -> Result<Change, ApiError> {
    let aggregate = store::load(conn, id)?.ok_or(ApiError::NotFound)?;
    answer(conn, &aggregate, action, created)
}

/// The change record of an agreement whose rows, as stored in this transaction, are `aggregate`.
pub fn answer(
    conn: &mut impl OfficeFacts,
    aggregate: &Aggregate,
    action: &'static str,
    created: bool,
) -> Result<Change, ApiError> {
    let id = aggregate.agreement.id;
    let body = representation(conn, aggregate)?;
    let location = created.then(|| format!("{}/collaboration-agreements/{id}", crate::service::LOCATION_PREFIX));
    versioned_change(action, KIND, id, body.version, &body, location)
}

/// Moves the agreement to its next version (after its parts changed); a lost race is a 412.
pub fn touch(conn: &mut DbConnection, aggregate: &mut Aggregate) -> Result<(), ApiError> {
    let expected = aggregate.agreement.version;
    match store::touch(conn, &mut aggregate.agreement)? {
        persistence::registry::UpdateOutcome::Updated => Ok(()),
        persistence::registry::UpdateOutcome::VersionMismatch => {
            Err(ApiError::PreconditionFailed { current: expected + 1 })
        }
        persistence::registry::UpdateOutcome::NotFound => Err(ApiError::NotFound),
    }
}

/// Finds a party of the agreement by its id (422 pointing at `pointer` if it is not one).
pub fn find_party<'a>(aggregate: &'a Aggregate, party_id: uuid::Uuid, pointer: &str) -> Result<&'a PartyRow, ApiError> {
    aggregate
        .parties
        .iter()
        .find(|p| p.id == party_id)
        .ok_or_else(|| ApiError::unknown_reference(pointer, "party of this agreement"))
}

/// Checks the principal may approve or sign for this party: an approver of an organisation serving
/// its corporation sole (R-CA-12 approvals are the party's own).
pub fn allow_for_party(
    principal: &domain::access::Principal,
    party: &PartyRow,
    serving: &Serving,
) -> Result<(), ApiError> {
    // A party that is no corporation sole is served by no organisation here.
    let organisations = party.corporation_sole_id.map(|office| serving.of(office)).unwrap_or_default();
    // The caller already passed the agreement's visibility check; this resource only says who acts
    // for this party, so a visible refusal is a 403, not a 404.
    let resource = Resource::owned(KIND, None, true).with_parties(organisations);
    allow(principal, Action::Approve, &resource)
}

/// R-CA-10: raises an alert on every agreement a corporation sole is party to when it ends or
/// changes kind. Returns the audit records of the agreements it changed.
pub fn raise_party_alerts(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    message: &str,
    day: NaiveDate,
) -> Result<Vec<Change>, ApiError> {
    let mut changes = Vec::new();
    for agreement in store::agreements_with_party(conn, corporation_sole_id)? {
        changes.push(raise_alert(conn, agreement, message, day)?);
    }
    Ok(changes)
}

/// Raises one R-CA-10 alert on one agreement (its version moves), as its own audited change.
pub fn raise_alert(
    conn: &mut DbConnection,
    mut agreement: store::AgreementRow,
    message: &str,
    day: NaiveDate,
) -> Result<Change, ApiError> {
    store::insert_alert(
        conn,
        &store::AlertRow {
            id: AgreementAlertId::generate(),
            agreement_id: agreement.id,
            rule: "R-CA-10".into(),
            message: message.to_string(),
            raised_on: day,
            resolved_on: None,
            resolution: None,
            created_at: persistence::audit::now(),
        },
    )?;
    agreement.open_alerts += 1;
    // A change of the agreement committed since it was read would lose this alert's version (and
    // remembered reads would not see the alert): refuse, so the whole change can be retried.
    match store::touch(conn, &mut agreement)? {
        persistence::registry::UpdateOutcome::Updated => {}
        persistence::registry::UpdateOutcome::VersionMismatch | persistence::registry::UpdateOutcome::NotFound => {
            return Err(ApiError::Conflict(format!(
                "agreement {} changed while its R-CA-10 alert was being raised: retry",
                agreement.reference
            )))
        }
    }
    changed(conn, agreement.id, "alert", false)
}

/// Kinds of party the API accepts, with the message for a malformed one.
pub fn check_party_shape(index: usize, party: &api::NewParty) -> Vec<RuleViolation> {
    match (&party.corporation_sole_id, &party.other_party_name) {
        (Some(_), None) => Vec::new(),
        (None, Some(name)) if !name.trim().is_empty() => Vec::new(),
        _ => vec![RuleViolation::new(
            "validation.failed",
            format!("/parties/{index}"),
            "a party is a corporation sole (corporation_sole_id) or another person (other_party_name), not both",
        )],
    }
}
