//! What happens to an agreement after drafting, one use case per event: documents, milestones,
//! cost shares, approvals, signatures, commencement, reviews, withdrawals, termination, publication,
//! alerts and variations. Each reads as the same paragraph: open the agreement for the event
//! (visible: 404, allowed: 403, current version: 412, legal in its state: 409), check the rules
//! (422), write the rows, let the domain say what they mean for the agreement, and answer the
//! agreement as it now is.

use chrono::NaiveDate;
use domain::access::{Action, Principal};
use domain::agreements::{
    check_cost_shares, check_in_writing, check_next_review, check_party_on, check_rationale, check_termination,
    check_withdrawal, commence as commence_on, party_on, permits, status_after, AgreementEvent, AgreementStatus,
    ApprovalPurpose, Execution, Rationale,
};
use domain::rules::{check_named_actor, check_text};
use domain::RuleViolation;
use openapi::agreements::{
    AlertResolution, Commencement, NewApproval, NewCostSchedule, NewDocument, NewMilestone, NewPublication, NewReview,
    NewSignature, NewVariation, NewWithdrawal, Termination,
};
use openapi::boards::Evidence;
use persistence::agreements::{self as store, Aggregate, AgreementRow, Parts, PartyRow};
use persistence::ids::{
    AgreementAlertId, AgreementId, AgreementPartyId, AgreementReviewId, OrganisationId, ProvisionId, ProvisionSubjectId,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use super::remembered_offices::RememberedOffices;
use super::rows::{
    approval_row, document_row, milestone_row, publication_row, schedule_rows, signature_row, termination_approval_row,
    Actor, Stamp,
};
use super::{
    allow_for_party, answer, changed, find_party, load_visible_serving, seats, status_of, stored_rules, touch,
};
use crate::error::ApiError;
use crate::service::authority_cache::AuthorityCache;
use crate::service::decisions::{acting_person, check_evidence_at, historical_capacity, HistoricalActor};
use crate::service::{allow, check_version, now, refuse_if_any};

/// Who may record an event: an action on the agreement, an act for its parties, or acting for one
/// party.
enum Gate {
    Action(Action),
    /// An act for the parties (commencement, publication) that the table grants as this action:
    /// a platform role gives no standing (`domain::access::authorize_act`).
    Act(Action),
    /// Approving or signing for this party (R-CA-12): decided before the version and the state, so
    /// a caller who may not act for the party hears 403 whatever the agreement's state.
    Party(Uuid),
}

/// An agreement opened for one event: visible, allowed, at the expected version, and in a state
/// that permits the event.
struct Opened {
    aggregate: Aggregate,
    status: AgreementStatus,
    /// The rules ask the registry the same questions for the act and for the answer.
    offices: RememberedOffices,
}

impl Opened {
    fn open(
        tx: &mut DbConnection,
        principal: &Principal,
        id: Uuid,
        expected: i64,
        gate: Gate,
        event: AgreementEvent,
    ) -> Result<Opened, ApiError> {
        let opened = Self::allowed(tx, principal, id, expected, gate)?;
        permits(opened.status, event).map_err(ApiError::Conflict)?;
        Ok(opened)
    }

    /// Opened without the state check (commencement asks the domain for both at once).
    fn allowed(
        tx: &mut DbConnection,
        principal: &Principal,
        id: Uuid,
        expected: i64,
        gate: Gate,
    ) -> Result<Opened, ApiError> {
        let (aggregate, resource, serving) = load_visible_serving(tx, principal, id.into())?;
        match gate {
            Gate::Action(action) => allow(principal, action, &resource)?,
            Gate::Act(action) => domain::access::authorize_act(principal, action, &resource).map_err(ApiError::from)?,
            Gate::Party(party) => {
                let party = find_party(&aggregate, party, "/party_id")?.clone();
                allow_for_party(principal, &party, &serving)?;
            }
        }
        check_version(&aggregate.agreement, expected)?;
        let status = status_of(&aggregate)?;
        Ok(Opened { aggregate, status, offices: RememberedOffices::default() })
    }

    fn id(&self) -> AgreementId {
        self.aggregate.agreement.id
    }

    /// Parties, and the execution approvals and signatures recorded so far.
    /// Counted by seat: a successor under a transfer order fills its predecessor's place, so what
    /// either did counts once.
    fn execution(&self) -> Execution {
        let execution = ApprovalPurpose::Execution.as_str();
        let seats = seats(&self.aggregate);
        let approvals = self.aggregate.approvals.iter().filter(|a| a.purpose == execution);
        Execution {
            parties: seats.count(),
            approvals: seats.filled_by(approvals.map(|a| a.party_id)),
            signatures: seats.filled_by(self.aggregate.signatures.iter().map(|s| s.party_id)),
        }
    }

    /// Whether the seat of `party` is already filled by one of `parties` (itself, or the party it
    /// succeeded or that succeeded it).
    fn seat_filled(&self, party: AgreementPartyId, mut parties: impl Iterator<Item = AgreementPartyId>) -> bool {
        let seats = seats(&self.aggregate);
        let seat = seats.seat(party);
        parties.any(|p| seats.seat(p) == seat)
    }

    fn set_status(&mut self, status: AgreementStatus) {
        self.aggregate.agreement.status = status;
    }

    /// Moves the agreement to its next version and answers it as stored: the agreement row in memory
    /// is the one just written, and only the parts the event wrote are read again.
    fn finish(mut self, tx: &mut DbConnection, audit_action: &'static str, writes: Parts) -> Result<Change, ApiError> {
        touch(tx, &mut self.aggregate)?;
        store::reload(tx, &mut self.aggregate, writes)?;
        answer(&mut self.offices.with(tx), &self.aggregate, audit_action, false)
    }
}

/// The parties still in the agreement on `day`.
fn active_parties(aggregate: &Aggregate, day: NaiveDate) -> Vec<&PartyRow> {
    aggregate.parties.iter().filter(|p| party_on(p.joins_on, p.withdrawn_on, day)).collect()
}

/// R-TM-02 with R-TM-01: the capacity of the named person acting for a party that is a corporation
/// sole: the person is required (422 when none is named, in the body or by the token), and must hold
/// the office, or act under a delegation in force, on the day of the act (403 with the reasons). A
/// party that is not a corporation sole has no office in the registry: its capacity is as stated.
fn acting_capacity(
    tx: &mut DbConnection,
    facts: Option<&AuthorityCache>,
    person: Option<Uuid>,
    party: &PartyRow,
    function: &str,
    on: NaiveDate,
    person_pointer: &str,
) -> Result<Option<String>, ApiError> {
    let Some(office) = party.corporation_sole_id else { return Ok(None) };
    let person = person.ok_or_else(|| ApiError::Rules(check_named_actor(None, person_pointer)))?;
    let authority =
        crate::service::authority::require_authority_to_act(tx, facts, person, office.uuid(), function, on)?;
    Ok(Some(authority.capacity))
}

/// What a party that is not a corporation sole is recorded as acting in, when the body states nothing.
const PARTY_CAPACITY: &str = "for the party (not a corporation sole)";

pub fn attach_document(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewDocument,
) -> Result<Change, ApiError> {
    let opened =
        Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), AgreementEvent::AttachDocument)?;
    let digest_ok = new.sha256.len() == 64 && new.sha256.bytes().all(|b| b.is_ascii_hexdigit());
    let mut violations = vec![
        check_text(&new.title, "/title", 300),
        check_text(&new.uri, "/uri", 2000),
        check_text(&new.version_label, "/version_label", 100),
    ];
    if !digest_ok {
        violations.push(vec![RuleViolation::new(
            "validation.failed",
            "/sha256",
            "a SHA-256 digest is 64 hexadecimal characters",
        )]);
    }
    refuse_if_any(violations)?;
    let document = document_row(&mut Stamp::live(), opened.id(), &new);
    store::insert_document(tx, &document)?;
    opened.finish(tx, "attach_document", Parts { documents: true, ..Parts::NONE })
}

pub fn attach_milestone(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewMilestone,
) -> Result<Change, ApiError> {
    let event = AgreementEvent::AttachMilestone;
    let opened = Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), event)?;
    let milestone = milestone_row(&mut Stamp::live(), opened.id(), &new);
    store::insert_milestone(tx, &milestone)?;
    opened.finish(tx, "attach_milestone", Parts { milestones: true, ..Parts::NONE })
}

/// R-CA-15: a schedule of shares for the parties in the agreement on its date, replacing earlier
/// schedules from then.
pub fn set_cost_schedule(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewCostSchedule,
) -> Result<Change, ApiError> {
    let event = AgreementEvent::SetCostSchedule;
    let opened = Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), event)?;
    let parties: Vec<Uuid> =
        active_parties(&opened.aggregate, new.effective_from).iter().map(|p| p.id.uuid()).collect();
    let shares: Vec<(Uuid, i64)> = new.shares.iter().map(|s| (s.party_id, s.basis_points)).collect();
    ApiError::check(check_cost_shares(&shares, &parties))?;
    if opened.aggregate.schedules.iter().any(|s| s.schedule.effective_from == new.effective_from) {
        return Err(ApiError::Conflict(format!("a schedule already takes effect on {}", new.effective_from)));
    }
    let (schedule, shares) = schedule_rows(&mut Stamp::live(), opened.id(), &new);
    store::insert_schedule(tx, &schedule)?;
    for share in &shares {
        store::insert_share(tx, share)?;
    }
    opened.finish(tx, "set_cost_schedule", Parts { schedules: true, ..Parts::NONE })
}

/// One party's approval (R-CA-06 rationale, R-CA-08 every rule again), by a named person with
/// authority that day where one is named; approved once every party has.
/// Who may record an approval or signature: acting for the party, or (R-TM-05) recording from a
/// published paper what the party did then, as an editor of a party organisation (a platform role
/// has no standing to record acts of the parties).
fn gate_for(party: Uuid, evidence: &Option<Evidence>) -> Gate {
    match evidence {
        Some(_) => Gate::Act(Action::Update),
        None => Gate::Party(party),
    }
}

/// An act of a party recorded from a paper: the paper, its words for the capacity, and the day.
struct Recorded<'a> {
    /// Where the act is in the body: "" for the body itself, "/approvals/1" for one of a list.
    at: &'a str,
    evidence: &'a Evidence,
    stated: Option<&'a str>,
    on: NaiveDate,
    date_pointer: &'a str,
}

/// R-TM-05 with R-TM-01: the paper is cited and its words for the capacity given; a person it
/// names held the office, or acted under a delegation in force, that day; an office named alone
/// existed that day. Answers the capacity to record.
fn recorded_capacity(
    tx: &mut DbConnection,
    party: &PartyRow,
    person: Option<Uuid>,
    function: &str,
    recorded: &Recorded<'_>,
) -> Result<String, ApiError> {
    let stated = recorded.stated.map(str::trim).unwrap_or_default();
    let at = recorded.at;
    let mut violations = vec![
        check_evidence_at(recorded.evidence, &format!("{at}/evidence")),
        check_text(stated, &format!("{at}/capacity"), 300),
    ];
    if person.is_some() && party.corporation_sole_id.is_none() {
        violations.push(vec![RuleViolation::new(
            "validation.failed",
            format!("{at}/party_id"),
            "a person acts for a corporation sole; this party is not one",
        )]);
    }
    refuse_if_any(violations)?;
    let Some(office) = party.corporation_sole_id else { return Ok(stated.to_string()) };
    let actor = HistoricalActor {
        person,
        corporation_sole_id: office.uuid(),
        function,
        on: recorded.on,
        date_pointer: recorded.date_pointer,
    };
    historical_capacity(tx, &actor, stated)
}

pub fn approve(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewApproval,
    facts: Option<&AuthorityCache>,
) -> Result<Change, ApiError> {
    let mut opened =
        Opened::open(tx, principal, id, expected, gate_for(new.party_id, &new.evidence), AgreementEvent::Approve)?;
    let party = find_party(&opened.aggregate, new.party_id, "/party_id")?.clone();
    let purpose = ApprovalPurpose::Execution.as_str();
    let approved = opened.aggregate.approvals.iter().filter(|a| a.purpose == purpose).map(|a| a.party_id);
    if opened.seat_filled(party.id, approved) {
        return Err(ApiError::Conflict(
            "this party, or the party it succeeded, has already approved the agreement".into(),
        ));
    }
    let r = &new.rationale;
    let rationale = Rationale {
        efficiency_or_effectiveness: &r.efficiency_or_effectiveness,
        existing_collaboration_considered: &r.existing_collaboration_considered,
        consistency_considered: &r.consistency_considered,
        other_opportunities_considered: &r.other_opportunities_considered,
    };
    let function = "approve_collaboration_agreement";
    let (acting_person, capacity) = match &new.evidence {
        Some(evidence) => {
            let recorded = Recorded {
                at: "",
                evidence,
                stated: new.capacity.as_deref(),
                on: new.approved_on,
                date_pointer: "/approved_on",
            };
            (new.acting_person_id, recorded_capacity(tx, &party, new.acting_person_id, function, &recorded)?)
        }
        None => {
            // A named person acts for the corporation sole only as its office holder or under a
            // delegation in force that day (the deputy PCC for the PCC); the capacity is recorded.
            let acting_person = acting_person(principal, new.acting_person_id)?;
            if acting_person.is_none() && party.corporation_sole_id.is_some() {
                // Every rule the body breaks at once: the rationale's and R-TM-02.
                let mut broken = check_rationale(&rationale);
                broken.extend(check_named_actor(None, "/acting_person_id"));
                return Err(ApiError::Rules(broken));
            }
            // Nothing is written before this: remembered facts serve (`AuthorityCache::facts`).
            let capacity =
                acting_capacity(tx, facts, acting_person, &party, function, new.approved_on, "/acting_person_id")?
                    .or(new.capacity.clone())
                    .unwrap_or_else(|| PARTY_CAPACITY.into());
            (acting_person, capacity)
        }
    };
    let mut violations = check_rationale(&rationale);
    violations.extend(check_party_on(party.joins_on, party.withdrawn_on, new.approved_on, "/approved_on"));
    violations.extend(stored_rules(&mut opened.offices.with(tx), &opened.aggregate, new.approved_on)?.0);
    ApiError::check(violations)?;
    let actor = Actor { person: acting_person, capacity, recorded_by: principal.subject.clone() };
    let approval = approval_row(&mut Stamp::live(), opened.id(), &new, actor);
    store::insert_approval(tx, &approval)?;
    let execution = Execution { approvals: opened.execution().approvals + 1, ..opened.execution() };
    opened.set_status(status_after(opened.status, AgreementEvent::Approve, execution));
    opened.aggregate.approvals.push(approval);
    // In the order they are read (by when they were recorded); the row is as written, to the microsecond.
    opened.aggregate.approvals.sort_by_key(|a| a.created_at);
    opened.finish(tx, "approve", Parts::NONE)
}

/// One party's signature (R-CA-07 in writing first), by a named signatory with authority that day
/// where one is named; signed once every party has.
pub fn sign(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewSignature,
    facts: Option<&AuthorityCache>,
) -> Result<Change, ApiError> {
    let mut opened =
        Opened::open(tx, principal, id, expected, gate_for(new.party_id, &new.evidence), AgreementEvent::Sign)?;
    let party = find_party(&opened.aggregate, new.party_id, "/party_id")?.clone();
    if opened.seat_filled(party.id, opened.aggregate.signatures.iter().map(|s| s.party_id)) {
        return Err(ApiError::Conflict(
            "this party, or the party it succeeded, has already signed the agreement".into(),
        ));
    }
    let function = "sign_collaboration_agreement";
    let signatory = match &new.evidence {
        Some(_) => new.signatory_person_id,
        None => acting_person(principal, new.signatory_person_id)?,
    };
    let capacity = match &new.evidence {
        Some(evidence) => {
            let recorded = Recorded {
                at: "",
                evidence,
                stated: Some(&new.capacity),
                on: new.signed_on,
                date_pointer: "/signed_on",
            };
            recorded_capacity(tx, &party, signatory, function, &recorded)?
        }
        None => acting_capacity(tx, facts, signatory, &party, function, new.signed_on, "/signatory_person_id")?
            .unwrap_or_else(|| new.capacity.clone()),
    };
    refuse_if_any([
        check_party_on(party.joins_on, party.withdrawn_on, new.signed_on, "/signed_on"),
        check_in_writing(opened.aggregate.documents.len()),
        check_text(&new.signatory_name, "/signatory_name", 200),
        check_text(&new.capacity, "/capacity", 200),
    ])?;
    let actor = Actor { person: signatory, capacity, recorded_by: principal.subject.clone() };
    let signature = signature_row(&mut Stamp::live(), opened.id(), &new, actor);
    store::insert_signature(tx, &signature)?;
    let execution = Execution { signatures: opened.execution().signatures + 1, ..opened.execution() };
    opened.set_status(status_after(opened.status, AgreementEvent::Sign, execution));
    opened.aggregate.signatures.push(signature);
    opened.aggregate.signatures.sort_by_key(|s| s.created_at);
    opened.finish(tx, "sign", Parts::NONE)
}

/// In force from a date once every party approved and signed (R-CA-12); the first review falls
/// due a review period later.
pub fn commence(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: Commencement,
) -> Result<Change, ApiError> {
    let mut opened = Opened::allowed(tx, principal, id, expected, Gate::Act(Action::Update))?;
    let agreement = &opened.aggregate.agreement;
    let review_months = u32::try_from(agreement.review_period_months).unwrap_or(12);
    let commenced =
        commence_on(opened.status, opened.execution(), new.in_force_from, review_months, agreement.next_review_due)
            .map_err(ApiError::refused)?;
    opened.set_status(commenced.status);
    opened.aggregate.agreement.in_force_from = Some(commenced.in_force_from);
    opened.aggregate.agreement.next_review_due = commenced.next_review_due;
    let parent = opened.aggregate.agreement.parent_id;
    let mut change = opened.finish(tx, "commence", Parts::NONE)?;
    if let Some(parent) = parent {
        change.related.extend(supersede(tx, parent)?);
    }
    Ok(change)
}

/// R-CA-20: a variation in force supersedes the agreement it varies, in the same transaction (after
/// the variation's own row, the order every variation event locks the two in).
fn supersede(tx: &mut DbConnection, parent_id: AgreementId) -> Result<Option<Change>, ApiError> {
    let mut parent =
        store::load(tx, parent_id)?.ok_or_else(|| ApiError::Internal("a variation of a missing agreement".into()))?;
    let Some(status) = domain::agreements::superseded(status_of(&parent)?) else { return Ok(None) };
    parent.agreement.status = status;
    touch(tx, &mut parent)?;
    Ok(Some(answer(tx, &parent, "supersede", false)?))
}

/// R-CA-19: a review, with the next one due within the review period.
pub fn review(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewReview,
) -> Result<Change, ApiError> {
    let mut opened = Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), AgreementEvent::Review)?;
    let months = u32::try_from(opened.aggregate.agreement.review_period_months).unwrap_or(12);
    refuse_if_any([
        check_text(&new.outcome, "/outcome", 5000),
        check_next_review(new.reviewed_on, new.next_review_due, months),
    ])?;
    let review = store::ReviewRow {
        id: AgreementReviewId::generate(),
        agreement_id: opened.id(),
        reviewed_on: new.reviewed_on,
        outcome: new.outcome,
        next_review_due: new.next_review_due,
        created_at: now(),
    };
    store::insert_review(tx, &review)?;
    opened.aggregate.agreement.next_review_due = Some(new.next_review_due);
    opened.finish(tx, "review", Parts { reviews: true, ..Parts::NONE })
}

/// A party leaves on the effective date after its notice (R-CA-09); if the parties left no longer
/// make a valid agreement (R-CA-01..04), an alert says which rules they break.
pub fn withdraw_party(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewWithdrawal,
) -> Result<Change, ApiError> {
    let event = AgreementEvent::Withdraw;
    // Giving notice for a party is its corporation sole's act: no platform standing.
    let mut opened = Opened::open(tx, principal, id, expected, Gate::Act(Action::Update), event)?;
    let mut party = find_party(&opened.aggregate, new.party_id, "/party_id")?.clone();
    if party.withdrawn_on.is_some() {
        return Err(ApiError::Conflict("this party has already withdrawn".into()));
    }
    let months = opened.aggregate.agreement.withdrawal_notice_months.and_then(|m| u32::try_from(m).ok());
    ApiError::check(check_withdrawal(months, new.notice_given_on, new.effective_on))?;
    party.withdrawal_notice_on = Some(new.notice_given_on);
    party.withdrawn_on = Some(new.effective_on);
    store::update_party(tx, &party)?;
    if let Some(stored) = opened.aggregate.parties.iter_mut().find(|p| p.id == party.id) {
        *stored = party;
    }
    let day_after = new.effective_on.succ_opt().unwrap_or(new.effective_on);
    let (broken, _) = stored_rules(&mut opened.offices.with(tx), &opened.aggregate, day_after)?;
    if !broken.is_empty() {
        let rules: Vec<&str> = broken.iter().map(|v| v.rule).collect();
        let reasons: Vec<&str> = broken.iter().map(|v| v.message.as_str()).collect();
        let alert = store::AlertRow {
            id: AgreementAlertId::generate(),
            agreement_id: opened.id(),
            rule: rules.first().copied().unwrap_or("R-CA-01").into(),
            message: format!(
                "after the withdrawal on {} the remaining parties break {}: {}",
                new.effective_on,
                rules.join(", "),
                reasons.join("; ")
            ),
            raised_on: new.effective_on,
            resolved_on: None,
            resolution: None,
            created_at: now(),
        };
        store::insert_alert(tx, &alert)?;
        opened.aggregate.agreement.open_alerts += 1;
    }
    opened.finish(tx, "withdraw_party", Parts { parties: true, alerts: true, ..Parts::NONE })
}

/// Termination by the agreement of every party in it on the day (R-CA-09).
pub fn terminate(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: Termination,
) -> Result<Change, ApiError> {
    let event = AgreementEvent::Terminate;
    // Ending it is every party's act (s22A(5)): no platform standing.
    let mut opened = Opened::open(tx, principal, id, expected, Gate::Act(Action::End), event)?;
    let mut approving = Vec::new();
    for (i, approval) in new.approvals.iter().enumerate() {
        find_party(&opened.aggregate, approval.party_id, &format!("/approvals/{i}/party_id"))?;
        approving.push(approval.party_id);
    }
    // A party's agreement recorded from a paper cites it properly (R-TM-05), like any other entry.
    let citations = new.approvals.iter().enumerate().filter_map(|(i, approval)| {
        approval.evidence.as_ref().map(|e| check_evidence_at(e, &format!("/approvals/{i}/evidence")))
    });
    refuse_if_any(citations)?;
    let parties: Vec<Uuid> = active_parties(&opened.aggregate, new.terminates_on).iter().map(|p| p.id.uuid()).collect();
    ApiError::check(check_termination(&parties, &approving))?;
    // R-TM-02: each party's agreement names who gave it, with authority on its day (agreeing to end
    // an agreement is approving one, s22A(5)), or is recorded from a paper (R-TM-05).
    let function = "approve_collaboration_agreement";
    let mut actors = Vec::new();
    for (i, approval) in new.approvals.iter().enumerate() {
        let party = find_party(&opened.aggregate, approval.party_id, &format!("/approvals/{i}/party_id"))?.clone();
        let capacity = match &approval.evidence {
            Some(evidence) => {
                let (at, date_pointer) = (format!("/approvals/{i}"), format!("/approvals/{i}/approved_on"));
                let recorded = Recorded {
                    at: &at,
                    evidence,
                    stated: approval.capacity.as_deref(),
                    on: approval.approved_on,
                    date_pointer: &date_pointer,
                };
                recorded_capacity(tx, &party, approval.acting_person_id, function, &recorded)?
            }
            None => {
                let pointer = format!("/approvals/{i}/acting_person_id");
                acting_capacity(tx, None, approval.acting_person_id, &party, function, approval.approved_on, &pointer)?
                    .or(approval.capacity.clone())
                    .unwrap_or_else(|| PARTY_CAPACITY.into())
            }
        };
        actors.push(Actor { person: approval.acting_person_id, capacity, recorded_by: principal.subject.clone() });
    }
    let mut stamp = Stamp::live();
    for (approval, actor) in new.approvals.iter().zip(actors) {
        store::insert_approval(tx, &termination_approval_row(&mut stamp, opened.id(), approval, actor))?;
    }
    opened.set_status(status_after(opened.status, event, opened.execution()));
    opened.aggregate.agreement.terminated_on = Some(new.terminates_on);
    opened.finish(tx, "terminate", Parts { approvals: true, ..Parts::NONE })
}

/// R-CA-14: a publication record; the agreement is visible to everyone from then on.
pub fn publish(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewPublication,
) -> Result<Change, ApiError> {
    let mut opened = Opened::open(tx, principal, id, expected, Gate::Act(Action::Update), AgreementEvent::Publish)?;
    refuse_if_any([check_text(&new.published_url, "/published_url", 2000)])?;
    let publication = publication_row(&mut Stamp::live(), opened.id(), &new);
    store::insert_publication(tx, &publication)?;
    opened.aggregate.agreement.published = true;
    opened.finish(tx, "publish", Parts { publications: true, ..Parts::NONE })
}

/// Closes an R-CA-10 (or withdrawal) alert with how it was dealt with.
pub fn resolve_alert(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    alert_id: Uuid,
    expected: i64,
    new: AlertResolution,
) -> Result<Change, ApiError> {
    let event = AgreementEvent::ResolveAlert;
    let mut opened = Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), event)?;
    let mut alert = opened.aggregate.alerts.iter().find(|a| a.id == alert_id).cloned().ok_or(ApiError::NotFound)?;
    if alert.resolved_on.is_some() {
        return Err(ApiError::Conflict("the alert is already resolved".into()));
    }
    refuse_if_any([check_text(&new.resolution, "/resolution", 5000)])?;
    alert.resolved_on = Some(new.resolved_on);
    alert.resolution = Some(new.resolution);
    store::update_alert(tx, &alert)?;
    opened.aggregate.agreement.open_alerts = (opened.aggregate.agreement.open_alerts - 1).max(0);
    opened.finish(tx, "resolve_alert", Parts { alerts: true, ..Parts::NONE })
}

/// A variation (R-CA-08): a new draft linked to the agreement in force, with its parties on the
/// variation's planned commencement (today when none is given; R-TM-03) and its provisions, to be
/// approved and signed as any draft.
pub fn vary(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewVariation,
) -> Result<Change, ApiError> {
    let mut parent = Opened::open(tx, principal, id, expected, Gate::Action(Action::Update), AgreementEvent::Vary)?;
    refuse_if_any([check_text(&new.reference, "/reference", 100)])?;
    let registered_by = principal.organisation_id.map(OrganisationId::from);
    if store::reference_taken(tx, registered_by, &new.reference)? {
        return Err(super::drafts::reference_in_use(&new.reference));
    }
    let created = now();
    let composed_on = new.planned_commencement.unwrap_or_else(crate::service::today);
    let p = &parent.aggregate.agreement;
    let child = AgreementRow {
        id: AgreementId::generate(),
        reference: new.reference,
        title: new.title.unwrap_or_else(|| format!("{} (variation)", p.title)),
        summary: new.summary.unwrap_or_else(|| p.summary.clone()),
        status: AgreementStatus::Draft,
        in_force_from: None,
        terminated_on: None,
        next_review_due: None,
        parent_id: Some(p.id),
        registered_by_organisation_id: registered_by,
        published: false,
        open_alerts: 0,
        planned_commencement: new.planned_commencement.or(p.planned_commencement),
        version: 1,
        created_at: created,
        updated_at: created,
        ..p.clone()
    };
    store::agreement_store::insert(tx, &child)?;
    copy_parties_and_provisions(tx, &parent.aggregate, child.id, composed_on)?;
    touch(tx, &mut parent.aggregate)?;
    let parent_change = changed(tx, parent.id(), "varied", false)?;
    let mut change = changed(tx, child.id, "create_variation", true)?;
    change.related.push(parent_change);
    Ok(change)
}

/// The variation starts from the parties in the agreement on `day` and its provisions as they stand.
fn copy_parties_and_provisions(
    tx: &mut DbConnection,
    parent: &Aggregate,
    child_id: AgreementId,
    day: NaiveDate,
) -> Result<(), ApiError> {
    for party in active_parties(parent, day) {
        let copy = PartyRow {
            id: AgreementPartyId::generate(),
            agreement_id: child_id,
            withdrawal_notice_on: None,
            withdrawn_on: None,
            joins_on: None,
            succeeds_party_id: None,
            transfer_order_id: None,
            ..party.clone()
        };
        store::insert_party(tx, &copy)?;
    }
    for provision in &parent.provisions {
        let provision_id = ProvisionId::generate();
        let copy = store::ProvisionRow { id: provision_id, agreement_id: child_id, ..provision.provision.clone() };
        store::insert_provision(tx, &copy)?;
        for subject in &provision.subjects {
            let copy = store::SubjectRow { id: ProvisionSubjectId::generate(), provision_id, ..subject.clone() };
            store::insert_subject(tx, &copy)?;
        }
    }
    Ok(())
}
