//! Drafting, reading, listing and validating agreements: one use case per operation, and the checks
//! a draft's content must pass (on creation, on every change, and through the validation endpoint).

use actix_web::web::Bytes;
use chrono::NaiveDate;
use domain::access::Principal;
use domain::access::{list_scope, Action, ListScope, Resource};
use domain::agreements::permits_draft_change;
use domain::agreements::{check_composition, check_money, composition_warnings};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::agreements::{
    CollaborationAgreementList, CollaborationAgreementSummary, CollaborationAgreementUpdate, CostSchedule,
    NewCollaborationAgreement, NewParty, NewProvision, ValidationReport,
};
use persistence::agreements::Aggregate;
use persistence::agreements::{self as store, AgreementFilter, AgreementRow};
use persistence::ids::{AgreementId, CorporationSoleId, OrganisationId};
use persistence::registry::PageRequest;
use persistence::registry::{collaboration_store, force_store};
use persistence::Change;
use persistence::{Cursor, DbConnection};
use uuid::Uuid;

use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::agreements::cache::AgreementCache;
use crate::service::agreements::remembered_offices::RememberedOffices;
use crate::service::agreements::rows::{composition_rows, draft_row, CompositionRows, Stamp};
use crate::service::agreements::{
    answer, changed, check_party_shape, composition, field_errors, load_visible, organisations_serving, read_visible,
    status_of, touch, Draft, KIND,
};
use crate::service::agreements::{schedule, stored_provisions};
use crate::service::page_cache::PageCache;
use crate::service::{allow, check_version, refuse_if_any};

/// The day a draft's composition is judged on (R-TM-03): the registry as it will be when the draft
/// is planned to come into force (a successor office that exists only from then, a predecessor that
/// will have ended), or today when no date is planned.
pub fn judged_on(planned_commencement: Option<NaiveDate>) -> NaiveDate {
    planned_commencement.unwrap_or_else(crate::service::today)
}

/// Every refusal and warning for a draft's content, as on `day`.
pub fn check_draft(
    conn: &mut DbConnection,
    remembered: &mut RememberedOffices,
    parties: &[NewParty],
    provisions: &[NewProvision],
    has_board: bool,
    day: NaiveDate,
) -> Result<(Vec<RuleViolation>, Vec<RuleViolation>), ApiError> {
    let mut violations = Vec::new();
    for (i, party) in parties.iter().enumerate() {
        violations.extend(check_party_shape(i, party));
        if let Some(office) = party.corporation_sole_id {
            if parties[..i].iter().any(|p| p.corporation_sole_id == Some(office)) {
                violations.push(RuleViolation::new(
                    "validation.failed",
                    format!("/parties/{i}"),
                    "a corporation sole is a party once",
                ));
            }
        }
    }
    let offices: Vec<String> = parties.iter().filter_map(|p| p.corporation_sole_id.map(|id| id.to_string())).collect();
    for missing in store::missing_offices(conn, &offices)? {
        let index = parties
            .iter()
            .position(|p| p.corporation_sole_id.map(|id| id.to_string()) == Some(missing.clone()))
            .unwrap_or(0);
        violations.push(RuleViolation::new(
            "unknown_reference",
            format!("/parties/{index}/corporation_sole_id"),
            "no corporation sole with this id",
        ));
    }
    for (i, provision) in provisions.iter().enumerate() {
        violations.extend(check_text(&provision.function, &format!("/provisions/{i}/function"), 300));
        let forces: Vec<String> = provision.forces.iter().map(|f| f.to_string()).collect();
        for missing in store::missing_forces(conn, &forces)? {
            let j = forces.iter().position(|f| *f == missing).unwrap_or(0);
            violations.push(RuleViolation::new(
                "unknown_reference",
                format!("/provisions/{i}/forces/{j}"),
                "no force with this id",
            ));
        }
    }
    let parties = parties.iter().map(|p| (p.corporation_sole_id, true)).collect();
    let composition = composition(&mut remembered.with(conn), &Draft { parties, provisions, has_board }, day)?;
    violations.extend(check_composition(&composition));
    Ok((violations, composition_warnings(&composition)))
}

pub fn check_references(
    conn: &mut DbConnection,
    new: &NewCollaborationAgreement,
) -> Result<Vec<RuleViolation>, ApiError> {
    let mut violations = Vec::new();
    violations.extend(check_text(&new.reference, "/reference", 100));
    violations.extend(check_text(&new.title, "/title", 300));
    if let Some(collaboration) = new.collaboration_id {
        if collaboration_store::find(conn, collaboration.into())?.is_none() {
            violations.push(RuleViolation::new(
                "unknown_reference",
                "/collaboration_id",
                "no collaboration with this id",
            ));
        }
    }
    if let Some(force) = new.lead_force_id {
        if force_store::find(conn, force.into())?.is_none() {
            violations.push(RuleViolation::new("unknown_reference", "/lead_force_id", "no force with this id"));
        }
    }
    if let Some(board) = new.lead_board_id {
        if persistence::boards::board_store::find(conn, board.into())?.is_none() {
            violations.push(RuleViolation::new("unknown_reference", "/lead_board_id", "no board with this id"));
        }
    }
    violations.extend(check_money(new.baseline_cost_pence, "/baseline_cost_pence"));
    violations.extend(check_money(new.savings_target_pence, "/savings_target_pence"));
    violations.extend(domain::agreements::check_withdrawal_notice(new.withdrawal_notice_months));
    if new.review_period_months == 0 || new.review_period_months > 60 {
        violations.push(RuleViolation::new("validation.failed", "/review_period_months", "between 1 and 60 months"));
    }
    Ok(violations)
}

/// Writes parties, provisions and their subjects for an agreement.
pub fn write_composition(
    conn: &mut DbConnection,
    stamp: &mut Stamp<'_>,
    agreement_id: AgreementId,
    parties: &[NewParty],
    provisions: &[NewProvision],
) -> Result<CompositionRows, ApiError> {
    let rows = composition_rows(stamp, agreement_id, parties, provisions);
    store::insert_composition(conn, &rows.parties, &rows.provisions, &rows.subjects)?;
    Ok(rows)
}

/// The organisations serving a draft's corporation sole parties (who may draft it).
pub fn draft_resource(conn: &mut DbConnection, parties: &[NewParty]) -> Result<Resource, ApiError> {
    let offices: Vec<CorporationSoleId> =
        parties.iter().filter_map(|p| p.corporation_sole_id.map(Into::into)).collect();
    // The body is the caller's own: nothing to hide, so a refusal is a 403.
    Ok(Resource::owned(KIND, None, true).with_parties(organisations_serving(conn, &offices)?))
}

/// Every rule a proposed agreement breaks, and the warnings, without storing anything.
pub fn validate(conn: &mut DbConnection, new: &NewCollaborationAgreement) -> Result<ValidationReport, ApiError> {
    let mut violations = check_references(conn, new)?;
    let has_board = new.lead_board_id.is_some() || new.lead_board_name.is_some();
    let day = judged_on(new.planned_commencement);
    let (rules, warnings) =
        check_draft(conn, &mut RememberedOffices::default(), &new.parties, &new.provisions, has_board, day)?;
    violations.extend(rules);
    // What the document already declares is refused as the create would refuse it.
    let (declared, violations): (Vec<_>, Vec<_>) =
        violations.into_iter().partition(|v| domain::bounds::breaks_declared_bound(v.rule));
    ApiError::check(declared)?;
    Ok(ValidationReport {
        valid: violations.is_empty(),
        violations: field_errors(&violations),
        warnings: field_errors(&warnings),
    })
}

/// A new draft, by a contributor of a party's organisation, that passes every rule.
pub fn create(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewCollaborationAgreement,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &draft_resource(tx, &new.parties)?)?;
    let mut violations = check_references(tx, &new)?;
    let has_board = new.lead_board_id.is_some() || new.lead_board_name.is_some();
    let day = judged_on(new.planned_commencement);
    let mut remembered = RememberedOffices::default();
    violations.extend(check_draft(tx, &mut remembered, &new.parties, &new.provisions, has_board, day)?.0);
    ApiError::check(violations)?;
    let registered_by = principal.organisation_id.map(OrganisationId::from);
    if store::reference_taken(tx, registered_by, &new.reference)? {
        return Err(reference_in_use(&new.reference));
    }
    let mut stamp = Stamp::live();
    let row = draft_row(&mut stamp, &new, registered_by);
    store::agreement_store::insert(tx, &row)?;
    let written = write_composition(tx, &mut stamp, row.id, &new.parties, &new.provisions)?;
    let aggregate = store::created(row, written.parties, written.provisions, written.subjects);
    answer(&mut remembered.with(tx), &aggregate, "create", true)
}

/// A reference is unique among the agreements the caller's organisation registered, so the conflict
/// names only a record of the caller's own organisation, never another's unpublished draft.
pub(super) fn reference_in_use(reference: &str) -> ApiError {
    ApiError::Conflict(format!("your organisation has already registered an agreement with reference {reference:?}"))
}

/// One agreement as the caller may see it today: its JSON and ETag, remembered while nothing it was
/// built from changes.
pub fn read(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    cache: &AgreementCache,
) -> Result<(Bytes, String), ApiError> {
    let snapshot = read_visible(conn, principal, id.into(), cache)?;
    snapshot.body(conn, crate::service::today())
}

/// The cost-share schedule in force on `day`.
pub fn cost_schedule(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    day: NaiveDate,
    cache: &AgreementCache,
) -> Result<CostSchedule, ApiError> {
    let snapshot = read_visible(conn, principal, id.into(), cache)?;
    let in_force = snapshot
        .aggregate
        .schedules
        .iter()
        .filter(|s| s.schedule.effective_from <= day)
        .max_by_key(|s| s.schedule.effective_from);
    let mut answer = schedule(in_force.ok_or(ApiError::NotFound)?)?;
    // A share passes with its party's seat: held by the successor under a transfer order from the
    // day it joined (R-SU-01); the schedule as stored keeps the party that was given it.
    let seats = super::seats(&snapshot.aggregate);
    for share in &mut answer.shares {
        share.party_id = seats.holder_on(share.party_id.into(), day).uuid();
    }
    Ok(answer)
}

/// A page of the agreements the caller may see that match the filter.
pub fn list(
    conn: &mut DbConnection,
    principal: &Principal,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<CollaborationAgreementList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    list_in(conn, scope, filter, page)
}

/// What decides a page of the agreements list besides the stored rows: who may see which agreements
/// (the reader's scope), the filter and the position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    scope: ListScope,
    filter: AgreementFilter,
    after: Option<Cursor>,
    limit: usize,
}

/// Pages of the agreements list as served, by [`ListKey`] (see [`PageCache`]).
pub type AgreementListCache = PageCache<ListKey>;

/// [`list`] as its JSON, served again from `pages` while nothing it shows or filters on has changed
/// (the `agreement_lists` revision, migration 2026-12-11-000008).
pub fn list_page(
    conn: &mut DbConnection,
    principal: &Principal,
    filter: AgreementFilter,
    page: PageRequest,
    pages: &AgreementListCache,
) -> Result<Bytes, ApiError> {
    let scope = list_scope(principal, KIND)?;
    // Read before the page: a page is never older than the revision it is filed under.
    let revision = store::agreement_lists_revision(conn)?;
    let heap = filter.heap() + page.after.as_ref().map_or(0, |c| c.0.len());
    let key = ListKey { scope, filter: filter.clone(), after: page.after.clone(), limit: page.limit };
    pages.page(revision, key, heap, || {
        let list = list_in(conn, scope, &filter, &page)?;
        let json = serde_json::to_vec(&list).map_err(|e| ApiError::Internal(e.to_string()))?;
        // Boxed: no spare capacity kept with a page that may be remembered.
        Ok(Bytes::from(json.into_boxed_slice()))
    })
}

fn list_in(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &AgreementFilter,
    page: &PageRequest,
) -> Result<CollaborationAgreementList, ApiError> {
    let page = store::list(conn, scope, filter, page)?;
    let items = page.items.into_iter().map(summary).collect::<Result<_, ApiError>>()?;
    Ok(CollaborationAgreementList { items, next_cursor: encode_cursor(page.next_cursor) })
}

fn summary(a: store::AgreementListRow) -> Result<CollaborationAgreementSummary, ApiError> {
    Ok(CollaborationAgreementSummary {
        id: a.id.uuid(),
        status: a.status,
        reference: a.reference,
        title: a.title,
        collaboration_id: a.collaboration_id.map(Into::into),
        lead_force_id: a.lead_force_id.map(Into::into),
        lead_board_id: a.lead_board_id.map(Into::into),
        in_force_from: a.in_force_from,
        next_review_due: a.next_review_due,
        parent_id: a.parent_id.map(Into::into),
        published: a.published,
        open_alerts: a.open_alerts,
        version: a.version,
    })
}

/// Changes a draft nobody has approved (after that it is varied): its terms, and its parties and
/// provisions, which must pass every rule again with the caller still a party's contributor.
pub fn update(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: CollaborationAgreementUpdate,
) -> Result<Change, ApiError> {
    let id = AgreementId::from(id);
    let (mut aggregate, resource) = load_visible(tx, principal, id)?;
    allow(principal, Action::Update, &resource)?;
    check_version(&aggregate.agreement, expected)?;
    permits_draft_change(status_of(&aggregate)?, aggregate.approvals.len()).map_err(ApiError::Conflict)?;
    let CollaborationAgreementUpdate { parties, provisions, .. } = &patch;
    let composition_changes = parties.is_some() || provisions.is_some();
    let (parties, provisions) = (patch.parties.clone(), patch.provisions.clone());
    change_terms(tx, &mut aggregate.agreement, patch)?;
    if composition_changes {
        let parties = match parties {
            Some(parties) => parties,
            None => stored_parties(&aggregate)?,
        };
        let provisions = match provisions {
            Some(provisions) => provisions,
            None => stored_provisions(&aggregate)?,
        };
        let a = &aggregate.agreement;
        let has_board = a.lead_board_id.is_some() || a.lead_board_name.is_some();
        let day = judged_on(a.planned_commencement);
        let mut remembered = RememberedOffices::default();
        ApiError::check(check_draft(tx, &mut remembered, &parties, &provisions, has_board, day)?.0)?;
        // The caller must still be a party's contributor after the change.
        allow(principal, Action::Update, &draft_resource(tx, &parties)?)?;
        store::clear_composition(tx, id)?;
        write_composition(tx, &mut Stamp::live(), id, &parties, &provisions)?;
    }
    touch(tx, &mut aggregate)?;
    changed(tx, id, "update", false)
}

/// The terms a patch changes, each checked as it is set.
fn change_terms(
    tx: &mut DbConnection,
    a: &mut AgreementRow,
    patch: CollaborationAgreementUpdate,
) -> Result<(), ApiError> {
    if let Some(title) = patch.title {
        refuse_if_any([check_text(&title, "/title", 300)])?;
        a.title = title;
    }
    if let Some(summary) = patch.summary {
        a.summary = summary;
    }
    if let Some(board) = patch.lead_board_id {
        if persistence::boards::board_store::find(tx, board.into())?.is_none() {
            return Err(ApiError::unknown_reference("/lead_board_id", "board"));
        }
        a.lead_board_id = Some(board.into());
    }
    if let Some(name) = patch.lead_board_name {
        a.lead_board_name = Some(name);
    }
    if let Some(day) = patch.planned_commencement {
        a.planned_commencement = Some(day);
    }
    refuse_if_any([
        check_money(patch.baseline_cost_pence, "/baseline_cost_pence"),
        check_money(patch.savings_target_pence, "/savings_target_pence"),
    ])?;
    if let Some(pence) = patch.baseline_cost_pence {
        a.baseline_cost_pence = Some(pence);
    }
    if let Some(pence) = patch.savings_target_pence {
        a.savings_target_pence = Some(pence);
    }
    if let Some(months) = patch.withdrawal_notice_months {
        ApiError::check(domain::agreements::check_withdrawal_notice(Some(months)))?;
        a.withdrawal_notice_months = Some(i64::from(months));
    }
    if let Some(rule) = patch.withdrawal_effective_rule {
        a.withdrawal_effective_rule = Some(rule);
    }
    if let Some(months) = patch.review_period_months {
        if months == 0 || months > 60 {
            let violation = RuleViolation::new("validation.failed", "/review_period_months", "between 1 and 60 months");
            return Err(ApiError::Rules(vec![violation]));
        }
        a.review_period_months = i64::from(months);
    }
    Ok(())
}

/// The stored parties in the shape a draft's parties are checked in.
fn stored_parties(aggregate: &Aggregate) -> Result<Vec<NewParty>, ApiError> {
    aggregate
        .parties
        .iter()
        .map(|p| {
            Ok(NewParty {
                corporation_sole_id: p.corporation_sole_id.map(Into::into),
                other_party_name: p.other_party_name.clone(),
                other_party_kind: p.other_party_kind.as_deref().and_then(domain::agreements::OtherPartyKind::parse),
            })
        })
        .collect()
}
