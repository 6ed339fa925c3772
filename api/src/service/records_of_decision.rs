//! Records of decision (decision notices): their parties, views, storage of records and signatures,
//! reference numbering by scheme, and publication.

use chrono::Datelike;
use domain::access::{is_party, list_scope, Action, Principal, Resource, ResourceKind};
use domain::boards::{
    check_publication, check_reference, may_see_exempt, split_sections, LinkKind, RecordStatus, ReferenceScheme,
    RECORD_PART2_ACCESS,
};
use domain::rules::{check_act_date, check_text};
use domain::RuleViolation;
use openapi::boards::{
    Decider, Evidence, Link, NewRecordOfDecision, NewRecordSignature, OfficerApproval, PartTwo, Publication,
    RecordOfDecision, RecordSignature,
};
use openapi::boards::{NewOfficerApproval, NewReferenceScheme, RecordOfDecisionList, ReferenceSchemeList};
use persistence::boards::{self as store, *};
use persistence::ids::CorporationSoleId;
use persistence::registry::PageRequest;
use persistence::repository::Window;
use persistence::{registry as registry_store, Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::{instant, uuid};
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::authority_cache::AuthorityCache;
use crate::service::boards::{check_corporation_sole, check_person, now, touch};
use crate::service::decisions::{acting_person, check_acting_capacity, Acting};
use crate::service::decisions::{
    check_evidence, evidence_columns, historical_capacity, stored_evidence, HistoricalActor,
};
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::RecordOfDecision;

/// The organisations serving the record's deciding corporations sole.
pub fn parties(conn: &mut DbConnection, deciders: &[CorporationSoleId]) -> Result<Vec<Uuid>, ApiError> {
    let mut out = Vec::new();
    for cs in deciders {
        for org in registry_store::organisations_serving(conn, *cs)? {
            out.push(org.uuid());
        }
    }
    Ok(out)
}

pub fn resource(conn: &mut DbConnection, row: &RecordRow) -> Result<Resource, ApiError> {
    let deciders: Vec<CorporationSoleId> =
        store::record_deciders_of(conn, row.id)?.into_iter().map(|d| d.corporation_sole_id).collect();
    Ok(Resource {
        kind: KIND,
        owner: None,
        parties: parties(conn, &deciders)?,
        public: row.status == RecordStatus::Published,
    })
}

/// R-PB-03: the Part 2 of a record is for those who prepare and sign it in the organisations serving
/// its deciders; their readers, and everyone else, see the shell.
pub fn sees_part2(principal: &Principal, resource: &Resource) -> bool {
    may_see_exempt(is_party(principal, resource), &principal.roles, RECORD_PART2_ACCESS, false)
}

pub fn record_view(conn: &mut DbConnection, row: RecordRow, sees_part2: bool) -> Result<RecordOfDecision, ApiError> {
    let deciders: Vec<Decider> = store::record_deciders_of(conn, row.id)?
        .into_iter()
        .map(|d| Decider { corporation_sole_id: d.corporation_sole_id.uuid(), declaration: d.declaration })
        .collect();
    let proposals = store::record_proposals_of(conn, row.id)?;
    let mut proposals: Vec<(i64, String)> = proposals.into_iter().map(|p| (p.position, p.text)).collect();
    proposals.sort_by_key(|p| p.0);
    let officer_approvals = store::record_officer_approvals_of(conn, row.id)?
        .into_iter()
        .map(|o| OfficerApproval {
            role: o.role,
            person_id: o.person_id.map(Uuid::from),
            name: o.name,
            approved_on: o.approved_on,
        })
        .collect();
    let signatures: Vec<RecordSignature> = store::record_signatures_of(conn, row.id)?
        .into_iter()
        .map(|s| RecordSignature {
            corporation_sole_id: s.corporation_sole_id.uuid(),
            person_id: s.person_id.map(Uuid::from),
            signed_name: s.signed_name,
            capacity: s.capacity,
            signed_on: s.signed_on,
            evidence: stored_evidence(s.evidence_sha256, s.evidence_locator, s.evidence_uri),
        })
        .collect();
    let fully_signed = !deciders.is_empty()
        && deciders.iter().all(|d| signatures.iter().any(|s| s.corporation_sole_id == d.corporation_sole_id));
    // A link's target is stored as text: its kind says which table it is a row of.
    let links = store::record_links_of(conn, row.id)?
        .into_iter()
        .map(|l| Ok(Link { kind: l.kind, target_id: uuid(&l.target_id)?, note: l.note }))
        .collect::<Result<_, ApiError>>()?;
    let texts = store::record_texts_of(conn, row.id)?.into_iter().next();
    let (financial_comments, legal_comments, part2_text) =
        texts.map(|t| (t.financial_comments, t.legal_comments, t.part2_text)).unwrap_or_default();
    let part_two = (part2_text.is_some() || !row.part2_foi_sections.is_empty()).then(|| PartTwo {
        text: if sees_part2 { part2_text.clone() } else { None },
        foi_sections: split_sections(&row.part2_foi_sections),
        reason: row.part2_reason.clone(),
        redacted: !sees_part2,
    });
    Ok(RecordOfDecision {
        id: row.id.uuid(),
        issuing_corporation_sole_id: row.issuing_corporation_sole_id.uuid(),
        reference: row.reference,
        title: row.title,
        summary: row.summary,
        deciders,
        proposals: proposals.into_iter().map(|p| p.1).collect(),
        financial_comments,
        legal_comments,
        part_two,
        significant_public_interest: row.significant_public_interest,
        publication_outstanding: !check_publication(
            row.significant_public_interest,
            row.published_on,
            row.published_url.as_deref(),
            false,
        )
        .is_empty(),
        officer_approvals,
        signatures,
        fully_signed,
        links,
        status: row.status,
        decided_on: row.decided_on,
        published_on: row.published_on,
        published_url: row.published_url,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn change(
    conn: &mut DbConnection,
    principal: &Principal,
    action: &'static str,
    row: RecordRow,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let part2 = sees_part2(principal, &resource(conn, &row)?);
    let view = record_view(conn, row, part2)?;
    versioned_change(
        action,
        KIND,
        id,
        version,
        &view,
        created.then(|| format!("{LOCATION_PREFIX}/records-of-decision/{id}")),
    )
}

pub fn load(
    conn: &mut DbConnection,
    principal: &Principal,
    id: RecordId,
    action: Action,
) -> Result<(RecordRow, bool), ApiError> {
    let row = record_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let resource = resource(conn, &row)?;
    allow(principal, action, &resource)?;
    Ok((row, sees_part2(principal, &resource)))
}

/// Checks a new record and stores it with its parts (used by the API and the demo loader).
pub fn insert_record(conn: &mut DbConnection, new: &NewRecordOfDecision) -> Result<RecordRow, ApiError> {
    let reference = reference_for(conn, new)?;
    check_new_record(conn, new, &reference)?;
    let now = now();
    let row = RecordRow {
        id: RecordId::generate(),
        issuing_corporation_sole_id: new.issuing_corporation_sole_id.into(),
        reference,
        title: new.title.clone(),
        summary: new.summary.clone(),
        part2_foi_sections: new
            .part_two
            .as_ref()
            .map(|p| domain::boards::join_sections(&p.foi_sections))
            .unwrap_or_default(),
        part2_reason: new.part_two.as_ref().map(|p| p.reason.clone()),
        significant_public_interest: new.significant_public_interest,
        status: RecordStatus::Draft,
        decided_on: new.decided_on,
        published_on: None,
        published_url: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    record_store::insert(conn, &row)?;
    record_text_store::insert(
        conn,
        &RecordTextRow {
            id: RecordTextId::generate(),
            record_id: row.id,
            financial_comments: new.financial_comments.clone(),
            legal_comments: new.legal_comments.clone(),
            part2_text: new.part_two.as_ref().map(|p| p.text.clone()),
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    insert_record_parts(conn, row.id, new, now)?;
    Ok(row)
}

/// Everything a new record must satisfy before it is stored: its texts, one entry per decider,
/// a Part 2 with its grounds, the offices it names, and a reference new for its issuer.
fn check_new_record(conn: &mut DbConnection, new: &NewRecordOfDecision, reference: &str) -> Result<(), ApiError> {
    let mut violations = check_text(reference, "/reference", 60);
    violations.extend(check_text(&new.title, "/title", 500));
    violations.extend(check_text(&new.summary, "/summary", 100_000));
    if new.deciders.is_empty() {
        violations.push(RuleViolation::new(
            "required",
            "/deciders",
            "a record has at least one deciding corporation sole",
        ));
    }
    for (n, d) in new.deciders.iter().enumerate() {
        if new.deciders[..n].iter().any(|e| e.corporation_sole_id == d.corporation_sole_id) {
            violations.push(RuleViolation::new("duplicate", format!("/deciders/{n}"), "named twice"));
        }
    }
    for (n, p) in new.proposals.iter().enumerate() {
        violations.extend(check_text(p, &format!("/proposals/{n}"), 10_000));
    }
    if let Some(part) = &new.part_two {
        violations.extend(domain::boards::check_part_two(&part.foi_sections, &part.reason));
    }
    refuse_if_any([violations])?;
    check_corporation_sole(conn, new.issuing_corporation_sole_id, "/issuing_corporation_sole_id")?;
    for (n, d) in new.deciders.iter().enumerate() {
        check_corporation_sole(conn, d.corporation_sole_id, &format!("/deciders/{n}/corporation_sole_id"))?;
    }
    if store::find_record_by_reference(conn, new.issuing_corporation_sole_id.into(), reference)?.is_some() {
        return Err(ApiError::Conflict(format!("the issuing body already has a record {reference:?}")));
    }
    Ok(())
}

/// A new record's deciders, proposals and links (a linked board decision must exist).
fn insert_record_parts(
    conn: &mut DbConnection,
    record_id: RecordId,
    new: &NewRecordOfDecision,
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    for d in &new.deciders {
        record_decider_store::insert(
            conn,
            &RecordDeciderRow {
                id: RecordDeciderId::generate(),
                record_id,
                corporation_sole_id: d.corporation_sole_id.into(),
                declaration: d.declaration.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    for (n, text) in new.proposals.iter().enumerate() {
        record_proposal_store::insert(
            conn,
            &RecordProposalRow {
                id: RecordProposalId::generate(),
                record_id,
                position: n as i64 + 1,
                text: text.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    for (n, link) in new.links.iter().enumerate() {
        if link.kind == LinkKind::BoardDecision {
            decision_store::find(conn, link.target_id.into())?
                .ok_or_else(|| ApiError::unknown_reference(&format!("/links/{n}/target_id"), "board decision"))?;
        }
        record_link_store::insert(
            conn,
            &RecordLinkRow {
                id: RecordLinkId::generate(),
                record_id,
                kind: link.kind,
                target_id: link.target_id.to_string(),
                note: link.note.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    Ok(())
}

/// The reference of a new record: as given (checked against the issuer's scheme, if any), or the
/// scheme's next one for the year of the decision.
pub fn reference_for(conn: &mut DbConnection, new: &NewRecordOfDecision) -> Result<String, ApiError> {
    let issuer = CorporationSoleId::from(new.issuing_corporation_sole_id);
    let scheme = match store::reference_scheme_of(conn, issuer)? {
        Some(row) => {
            Some((ReferenceScheme::parse(&row.pattern).map_err(|v| ApiError::Internal(v.message))?, row.pattern))
        }
        None => None,
    };
    match (&new.reference, scheme) {
        (Some(reference), None) => Ok(reference.trim().to_string()),
        (Some(reference), Some((scheme, pattern))) => {
            let reference = reference.trim().to_string();
            refuse_if_any([check_reference(&scheme, &pattern, &reference)])?;
            Ok(reference)
        }
        (None, Some((scheme, _))) => {
            let year = new.decided_on.unwrap_or_else(|| chrono::Utc::now().date_naive()).year();
            Ok(scheme.next(year, &store::references_of(conn, issuer)?))
        }
        (None, None) => Err(ApiError::Rules(vec![RuleViolation::new(
            "required",
            "/reference",
            "give the reference: the issuing body has no reference scheme to number it",
        )])),
    }
}

pub fn scheme_view(row: ReferenceSchemeRow) -> Result<openapi::boards::ReferenceScheme, ApiError> {
    Ok(openapi::boards::ReferenceScheme {
        id: row.id.uuid(),
        corporation_sole_id: row.corporation_sole_id.uuid(),
        pattern: row.pattern,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// Setting a scheme is for the secretaries of an organisation serving the issuing body.
pub fn scheme_resource(conn: &mut DbConnection, corporation_sole_id: CorporationSoleId) -> Result<Resource, ApiError> {
    Ok(Resource { kind: KIND, owner: None, parties: parties(conn, &[corporation_sole_id])?, public: true })
}

/// Stores one decider's signature (checked by [`check_acting_capacity`] in the API).
pub fn insert_signature(
    conn: &mut DbConnection,
    row: &RecordRow,
    new: &NewRecordSignature,
    capacity: String,
    recorded_by: &str,
) -> Result<(), ApiError> {
    let deciders = store::record_deciders_of(conn, row.id)?;
    let cs = CorporationSoleId::from(new.corporation_sole_id);
    if !deciders.iter().any(|d| d.corporation_sole_id == cs) {
        return Err(ApiError::Rules(vec![RuleViolation::new(
            "record.signatory",
            "/corporation_sole_id",
            "only a deciding corporation sole of the record signs it",
        )]));
    }
    if store::record_signatures_of(conn, row.id)?.iter().any(|s| s.corporation_sole_id == cs) {
        return Err(ApiError::Conflict("this corporation sole has already signed the record".into()));
    }
    refuse_if_any([check_text(&new.signed_name, "/signed_name", 300)])?;
    if let Some(person) = new.person_id {
        check_person(conn, person, "/person_id")?;
    }
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    let now = now();
    record_signature_store::insert(
        conn,
        &RecordSignatureRow {
            id: RecordSignatureId::generate(),
            record_id: row.id,
            corporation_sole_id: cs,
            person_id: new.person_id.map(Into::into),
            signed_name: new.signed_name.clone(),
            capacity,
            signed_on: new.signed_on,
            recorded_by: recorded_by.to_string(),
            evidence_sha256,
            evidence_locator,
            evidence_uri,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(())
}

/// Publishes a record: every decider has signed, and R-PB-01 holds.
pub fn publish(conn: &mut DbConnection, row: &mut RecordRow, publication: &Publication) -> Result<(), ApiError> {
    let status = row.status;
    let next = status.transition(RecordStatus::Published).map_err(|e| ApiError::Conflict(e.to_string()))?;
    let view = record_view(conn, row.clone(), true)?;
    if !view.fully_signed {
        return Err(ApiError::Conflict(
            "the record is draft and not signed by every deciding corporation sole; it cannot be published".into(),
        ));
    }
    refuse_if_any([check_publication(
        row.significant_public_interest,
        Some(publication.published_on),
        Some(publication.published_url.as_str()),
        // A Part 2 exemption withholds Part 2 only; Part 1 is still published.
        false,
    )])?;
    refuse_if_any([check_text(&publication.published_url, "/published_url", 2000)])?;
    row.status = next;
    row.published_on = Some(publication.published_on);
    row.published_url = Some(publication.published_url.clone());
    Ok(())
}

pub fn create_reference_scheme(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewReferenceScheme,
) -> Result<Change, ApiError> {
    let cs = CorporationSoleId::from(new.corporation_sole_id);
    check_corporation_sole(tx, new.corporation_sole_id, "/corporation_sole_id")?;
    allow(principal, Action::Update, &scheme_resource(tx, cs)?)?;
    ReferenceScheme::parse(&new.pattern).map_err(|v| ApiError::Rules(vec![v]))?;
    if store::reference_scheme_of(tx, cs)?.is_some() {
        return Err(ApiError::Conflict("this corporation sole has a reference scheme: change it instead".into()));
    }
    let now = now();
    let row = ReferenceSchemeRow {
        id: ReferenceSchemeId::generate(),
        corporation_sole_id: cs,
        pattern: new.pattern,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    reference_scheme_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/reference-schemes/{}", row.id);
    let (id, version) = (row.id, row.version);
    versioned_change("create", ResourceKind::ReferenceScheme, id, version, &scheme_view(row)?, Some(location))
}

pub fn add_record_of_decision_officer_approval(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewOfficerApproval,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id.into(), Action::Update)?;
    if row.status != RecordStatus::Draft {
        return Err(ApiError::Conflict(format!(
            "the record of decision is {}; officer approvals precede publication",
            row.status
        )));
    }
    refuse_if_any([check_text(&new.name, "/name", 300)])?;
    if let Some(person) = new.person_id {
        check_person(tx, person, "/person_id")?;
    }
    let now = now();
    record_officer_approval_store::insert(
        tx,
        &RecordOfficerApprovalRow {
            id: RecordOfficerApprovalId::generate(),
            record_id: row.id,
            role: new.role,
            person_id: new.person_id.map(Into::into),
            name: new.name,
            approved_on: new.approved_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    touch(tx, &mut row, record_store::update_versioned)?;
    change(tx, principal, "add_officer_approval", row, true)
}

pub fn add_record_of_decision_signature(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewRecordSignature,
    facts: Option<&AuthorityCache>,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id.into(), Action::Read)?;
    if row.status != RecordStatus::Draft {
        return Err(ApiError::Conflict(format!(
            "the record of decision is {}; it is signed before publication",
            row.status
        )));
    }
    let mut new = new;
    let capacity = match &new.evidence {
        Some(evidence) => historical_signature(tx, principal, &row, &new, evidence)?,
        None => {
            new.person_id = acting_person(principal, new.person_id)?;
            let on = new.signed_on.unwrap_or_else(crate::service::today);
            refuse_if_any([check_act_date(on, None, crate::service::today(), "/signed_on")])?;
            let acting = Acting {
                corporation_sole_id: new.corporation_sole_id,
                person: new.person_id,
                capacity: &new.capacity,
                function: SIGN_FUNCTION,
                // Nothing is written before this.
                facts,
            };
            check_acting_capacity(tx, principal, KIND, acting, on)?
        }
    };
    insert_signature(tx, &row, &new, capacity, &principal.subject)?;
    touch(tx, &mut row, record_store::update_versioned)?;
    change(tx, principal, "sign", row, true)
}

/// The functions catalogue code of signing a record of decision.
const SIGN_FUNCTION: &str = "sign_record_of_decision";

/// R-TM-05: a signature as the published record shows it, recorded by a secretary serving one of the
/// deciders (evidence, not an act, so no authority for the office is needed). The dates still hold
/// (R-TM-01) on the day signed, or failing that the day decided, where the record gives one: the
/// office existed, and a person it names held the office or a delegation in force.
fn historical_signature(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &RecordRow,
    new: &NewRecordSignature,
    evidence: &Evidence,
) -> Result<String, ApiError> {
    allow(principal, Action::Update, &resource(conn, row)?)?;
    let mut violations = check_evidence(evidence);
    violations.extend(check_text(&new.capacity, "/capacity", 300));
    if let Some(on) = new.signed_on {
        violations.extend(check_act_date(on, None, crate::service::today(), "/signed_on"));
    }
    refuse_if_any([violations])?;
    let Some(on) = new.signed_on.or(row.decided_on) else {
        // Undated: there is no day to check a named person against, so the paper's capacity alone.
        if new.person_id.is_some() {
            return Err(ApiError::Rules(vec![domain::RuleViolation::new(
                "R-TM-01",
                "/signed_on",
                "a signatory named from the paper needs the day signed (or the record's decision date) to check that they could sign",
            )]));
        }
        return Ok(new.capacity.trim().to_string());
    };
    let actor = HistoricalActor {
        person: new.person_id,
        corporation_sole_id: new.corporation_sole_id,
        function: SIGN_FUNCTION,
        on,
        date_pointer: "/signed_on",
    };
    historical_capacity(conn, &actor, new.capacity.trim())
}

pub fn list_records_of_decision(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: RecordFilter,
) -> Result<RecordOfDecisionList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let (from, to) = filter.decided;
    ApiError::check(domain::rules::check_day_range(from, to, "decided_from", "decided_to"))?;
    let page = store::list_records(conn, scope, &filter, &Window::Page(page))?;
    let mut items = Vec::new();
    for row in page.items {
        let resource = resource(conn, &row)?;
        items.push(record_view(conn, row, sees_part2(principal, &resource))?);
    }
    Ok(RecordOfDecisionList { items, next_cursor: encode_cursor(page.next_cursor) })
}

pub fn list_reference_schemes(
    conn: &mut DbConnection,
    _principal: &Principal,
    page: PageRequest,
) -> Result<ReferenceSchemeList, ApiError> {
    let page = store::list_reference_schemes(conn, &page)?;
    Ok(ReferenceSchemeList {
        items: page.items.into_iter().map(scheme_view).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_record_of_decision(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<RecordOfDecision, ApiError> {
    let (row, part2) = load(conn, principal, id.into(), Action::Read)?;
    record_view(conn, row, part2)
}

pub fn create_record_of_decision(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewRecordOfDecision,
) -> Result<Change, ApiError> {
    let deciders: Vec<CorporationSoleId> = new.deciders.iter().map(|d| d.corporation_sole_id.into()).collect();
    let parties = parties(tx, &deciders)?;
    allow(principal, Action::Create, &Resource { kind: KIND, owner: None, parties, public: true })?;
    let row = insert_record(tx, &new)?;
    change(tx, principal, "create", row, true)
}

pub fn publish_record_of_decision(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    publication: Publication,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id.into(), Action::Update)?;
    check_version(&row, expected)?;
    publish(tx, &mut row, &publication)?;
    save(tx, &mut row, expected, record_store::update_versioned)?;
    change(tx, principal, "publish", row, false)
}

pub fn update_reference_scheme(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    pattern: String,
) -> Result<Change, ApiError> {
    let mut row = reference_scheme_store::find(tx, id.into())?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &scheme_resource(tx, row.corporation_sole_id)?)?;
    check_version(&row, expected)?;
    ReferenceScheme::parse(&pattern).map_err(|v| ApiError::Rules(vec![v]))?;
    row.pattern = pattern;
    save(tx, &mut row, expected, reference_scheme_store::update_versioned)?;
    let (id, version) = (row.id, row.version);
    versioned_change("update", ResourceKind::ReferenceScheme, id, version, &scheme_view(row)?, None)
}

pub fn get_reference_scheme(conn: &mut DbConnection, id: Uuid) -> Result<openapi::boards::ReferenceScheme, ApiError> {
    scheme_view(reference_scheme_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?)
}
