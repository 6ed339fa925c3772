//! What happens to an agreement after drafting: documents, milestones, cost shares, approvals,
//! signatures, commencement, reviews, variations, withdrawals, termination, publication, alerts.
//! Each is a change of the agreement: it needs `If-Match` with the agreement's current ETag.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::access::{Action, Principal};
use domain::agreements::{
    check_cost_shares, check_execution, check_in_writing, check_next_review, check_rationale, check_termination,
    check_withdrawal, permits, status_after_recording, AgreementEvent, AgreementStatus, ApprovalPurpose, Rationale,
};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::agreements::{
    AlertResolution, Commencement, NewApproval, NewCostSchedule, NewDocument, NewMilestone, NewPublication, NewReview,
    NewSignature, NewVariation, NewWithdrawal, Termination,
};
use persistence::agreements::{self as store, Aggregate, AgreementRow, ApprovalRow, Parts};
use persistence::{Change, DbConnection};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody};
use crate::service::agreements::{
    allow_for_party, answer, changed, find_party, load_visible, status_of, stored_rules, touch,
};
use crate::service::{allow, check_version, refuse_if_any};

type Work = Box<dyn FnOnce(&mut DbConnection, &Principal, &mut Aggregate) -> Result<(), ApiError> + Send>;

/// Who may make a lifecycle change: an action on the agreement, or acting for one of its parties.
enum Gate {
    Action(Action),
    /// An act for the parties (commencement, publication) that the table grants as this action:
    /// a platform role gives no standing (`domain::access::authorize_act`).
    Act(Action),
    /// Approving or signing for this party (R-CA-12): decided before the version and the state, so
    /// a caller who may not act for the party hears 403 whatever the agreement's state.
    Party(uuid::Uuid),
}

/// The shared shape of every lifecycle change: visible (404) -> allowed (`gate`) -> current version (412) -> legal in this state (409) -> `work`
/// (rules: 422) -> next version -> the agreement as it now is.
async fn lifecycle(
    ctx: &RequestContext,
    id: &str,
    gate: Gate,
    event: Option<AgreementEvent>,
    audit_action: &'static str,
    writes: Parts,
    work: Work,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(id)?.to_string();
    let expected = ctx.expected_version()?;
    ctx.change(move |tx, principal| {
        let (mut aggregate, resource) = load_visible(tx, principal, &id)?;
        match gate {
            Gate::Action(action) => allow(principal, action, &resource)?,
            Gate::Act(action) => domain::access::authorize_act(principal, action, &resource).map_err(ApiError::from)?,
            Gate::Party(party) => {
                let party = find_party(&aggregate, party, "/party_id")?.clone();
                allow_for_party(tx, principal, &party)?;
            }
        }
        check_version(&aggregate.agreement, expected)?;
        if let Some(event) = event {
            permits(status_of(&aggregate)?, event).map_err(ApiError::Conflict)?;
        }
        work(tx, principal, &mut aggregate)?;
        // The agreement row in memory is the one just written; the parts the event wrote are read
        // again, so the answer is the agreement as stored without reading every part twice.
        touch(tx, &mut aggregate)?;
        store::reload(tx, &mut aggregate, writes)?;
        answer(tx, &aggregate, audit_action, false)
    })
    .await
}

/// The checked capacity of a named person acting for a corporation sole party (403 without
/// authority); `None` when no person is named or the party is not a corporation sole.
fn acting_capacity(
    conn: &mut DbConnection,
    person: Option<uuid::Uuid>,
    party: &persistence::agreements::PartyRow,
    function: &str,
    on: NaiveDate,
) -> Result<Option<String>, ApiError> {
    let (Some(person), Some(office)) = (person, party.corporation_sole_id.as_deref()) else { return Ok(None) };
    let office = crate::convert::uuid(office)?;
    Ok(Some(crate::service::authority::require_authority_to_act(conn, person, office, function, on)?.capacity))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn active_parties(aggregate: &Aggregate, day: NaiveDate) -> Vec<&persistence::agreements::PartyRow> {
    aggregate.parties.iter().filter(|p| p.withdrawn_on.is_none_or(|w| w > day)).collect()
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/documents", operation_id = "attach_collaboration_agreement_document",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewDocument,
    responses((status = 200, description = "The agreement with the document version", body = openapi::agreements::CollaborationAgreement)))]
pub async fn attach_collaboration_agreement_document(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewDocument>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
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
        store::insert_document(
            tx,
            &store::DocumentRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                title: new.title,
                version_label: new.version_label,
                sha256: new.sha256.to_ascii_lowercase(),
                uri: new.uri,
                dated: new.dated,
                created_at: persistence::audit::now(),
            },
        )?;
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        Some(AgreementEvent::AttachDocument),
        "attach_document",
        Parts { documents: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/milestones", operation_id = "attach_collaboration_agreement_milestone",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewMilestone,
    responses((status = 200, description = "The agreement with the milestone", body = openapi::agreements::CollaborationAgreement)))]
pub async fn attach_collaboration_agreement_milestone(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMilestone>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        store::insert_milestone(
            tx,
            &store::MilestoneRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                kind: new.kind.as_str().into(),
                reached_on: new.reached_on,
                reviewer: new.reviewer,
                conclusion: new.conclusion,
                created_at: persistence::audit::now(),
            },
        )?;
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        None,
        "attach_milestone",
        Parts { milestones: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/cost-schedules", operation_id = "set_collaboration_agreement_cost_schedule",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewCostSchedule,
    responses((status = 200, description = "The agreement with the schedule, which replaces earlier ones from its date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn set_collaboration_agreement_cost_schedule(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewCostSchedule>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        let parties: Vec<uuid::Uuid> = active_parties(aggregate, new.effective_from)
            .iter()
            .filter_map(|p| uuid::Uuid::parse_str(&p.id).ok())
            .collect();
        let shares: Vec<(uuid::Uuid, i64)> = new.shares.iter().map(|s| (s.party_id, s.basis_points)).collect();
        ApiError::check(check_cost_shares(&shares, &parties))?;
        if aggregate.schedules.iter().any(|s| s.schedule.effective_from == new.effective_from) {
            return Err(ApiError::Conflict(format!("a schedule already takes effect on {}", new.effective_from)));
        }
        let schedule_id = new_id();
        store::insert_schedule(
            tx,
            &store::ScheduleRow {
                id: schedule_id.clone(),
                agreement_id: aggregate.agreement.id.clone(),
                basis: new.basis.as_str().into(),
                effective_from: new.effective_from,
                created_at: persistence::audit::now(),
            },
        )?;
        for share in &new.shares {
            store::insert_share(
                tx,
                &store::ShareRow {
                    id: new_id(),
                    schedule_id: schedule_id.clone(),
                    party_id: share.party_id.to_string(),
                    basis_points: share.basis_points,
                },
            )?;
        }
        Ok(())
    });
    let event = Some(AgreementEvent::AttachDocument);
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        event,
        "set_cost_schedule",
        Parts { schedules: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/approvals", operation_id = "approve_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewApproval,
    responses((status = 200, description = "The agreement with the party's approval (approved once every party has)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn approve_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewApproval>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let party_id = new.party_id;
    let work: Work = Box::new(move |tx, principal, aggregate| {
        // Acting for the party was allowed by the gate.
        let party = find_party(aggregate, new.party_id, "/party_id")?.clone();
        let purpose = ApprovalPurpose::Execution.as_str();
        if aggregate.approvals.iter().any(|a| a.party_id == party.id && a.purpose == purpose) {
            return Err(ApiError::Conflict("this party has already approved the agreement".into()));
        }
        let r = &new.rationale;
        let rationale = Rationale {
            efficiency_or_effectiveness: &r.efficiency_or_effectiveness,
            existing_collaboration_considered: &r.existing_collaboration_considered,
            consistency_considered: &r.consistency_considered,
            other_opportunities_considered: &r.other_opportunities_considered,
        };
        // A named person acts for the corporation sole only as its office holder or under a
        // delegation in force that day (the deputy PCC for the PCC); the capacity is recorded.
        let acting_person = new.acting_person_id.or(principal.person_id);
        let capacity = acting_capacity(tx, acting_person, &party, "approve_collaboration_agreement", new.approved_on)?
            .or(new.capacity.clone())
            .unwrap_or_else(|| "for the corporation sole (acting person not named)".into());
        let mut violations = check_rationale(&rationale);
        // R-CA-08: a draft (or variation) is checked against every rule again before approval.
        violations.extend(stored_rules(tx, aggregate, new.approved_on)?.0);
        ApiError::check(violations)?;
        store::insert_approval(
            tx,
            &ApprovalRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                party_id: party.id.clone(),
                purpose: purpose.into(),
                approved_on: new.approved_on,
                efficiency_or_effectiveness: new.rationale.efficiency_or_effectiveness,
                existing_collaboration_considered: new.rationale.existing_collaboration_considered,
                consistency_considered: new.rationale.consistency_considered,
                other_opportunities_considered: new.rationale.other_opportunities_considered,
                record_of_decision: new.record_of_decision,
                acting_person_id: acting_person.map(|p| p.to_string()),
                capacity,
                recorded_by: principal.subject.clone(),
                created_at: persistence::audit::now(),
            },
        )?;
        let approved = aggregate.approvals.iter().filter(|a| a.purpose == purpose).count() + 1;
        let all_approved = approved >= aggregate.parties.len();
        let status = status_after_recording(status_of(aggregate)?, all_approved, false);
        aggregate.agreement.status = status.as_str().into();
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Party(party_id),
        Some(AgreementEvent::Approve),
        "approve",
        Parts { approvals: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/signatures", operation_id = "sign_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewSignature,
    responses((status = 200, description = "The agreement with the party's signature (signed once every party has)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn sign_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewSignature>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let party_id = new.party_id;
    let work: Work = Box::new(move |tx, principal, aggregate| {
        // Acting for the party was allowed by the gate.
        let party = find_party(aggregate, new.party_id, "/party_id")?.clone();
        if aggregate.signatures.iter().any(|s| s.party_id == party.id) {
            return Err(ApiError::Conflict("this party has already signed the agreement".into()));
        }
        let capacity = match acting_capacity(
            tx,
            new.signatory_person_id,
            &party,
            "sign_collaboration_agreement",
            new.signed_on,
        )? {
            Some(checked) => checked,
            None => new.capacity.clone(),
        };
        refuse_if_any([
            check_in_writing(aggregate.documents.len()),
            check_text(&new.signatory_name, "/signatory_name", 200),
            check_text(&new.capacity, "/capacity", 200),
        ])?;
        store::insert_signature(
            tx,
            &store::SignatureRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                party_id: party.id.clone(),
                signatory_person_id: new.signatory_person_id.map(|p| p.to_string()),
                signatory_name: new.signatory_name,
                capacity,
                signed_on: new.signed_on,
                recorded_by: principal.subject.clone(),
                created_at: persistence::audit::now(),
            },
        )?;
        let all_signed = aggregate.signatures.len() + 1 >= aggregate.parties.len();
        let status = status_after_recording(status_of(aggregate)?, true, all_signed);
        aggregate.agreement.status = status.as_str().into();
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Party(party_id),
        Some(AgreementEvent::Sign),
        "sign",
        Parts { signatures: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/commencement", operation_id = "commence_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = Commencement,
    responses((status = 200, description = "The agreement in force from the date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn commence_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Commencement>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |_, _, aggregate| {
        let status = status_of(aggregate)?;
        if matches!(status, AgreementStatus::Draft | AgreementStatus::Approved) {
            let approvals =
                aggregate.approvals.iter().filter(|a| a.purpose == ApprovalPurpose::Execution.as_str()).count();
            ApiError::check(check_execution(aggregate.parties.len(), approvals, aggregate.signatures.len()))?;
        }
        permits(status, AgreementEvent::Commence).map_err(ApiError::Conflict)?;
        let a = &mut aggregate.agreement;
        a.status = AgreementStatus::InForce.as_str().into();
        a.in_force_from = Some(new.in_force_from);
        if a.next_review_due.is_none() {
            let months = u32::try_from(a.review_period_months).unwrap_or(12);
            a.next_review_due = new.in_force_from.checked_add_months(chrono::Months::new(months));
        }
        Ok(())
    });
    lifecycle(&ctx, &id, Gate::Act(Action::Update), None, "commence", Parts::NONE, work).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/reviews", operation_id = "review_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewReview,
    responses((status = 200, description = "The agreement with the review and its next due date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn review_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewReview>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        let months = u32::try_from(aggregate.agreement.review_period_months).unwrap_or(12);
        refuse_if_any([
            check_text(&new.outcome, "/outcome", 5000),
            check_next_review(new.reviewed_on, new.next_review_due, months),
        ])?;
        store::insert_review(
            tx,
            &store::ReviewRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                reviewed_on: new.reviewed_on,
                outcome: new.outcome,
                next_review_due: new.next_review_due,
                created_at: persistence::audit::now(),
            },
        )?;
        aggregate.agreement.next_review_due = Some(new.next_review_due);
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        Some(AgreementEvent::Review),
        "review",
        Parts { reviews: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/withdrawals", operation_id = "withdraw_collaboration_agreement_party",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewWithdrawal,
    responses((status = 200, description = "The agreement with the party leaving on the effective date; an alert if the rest no longer make a valid agreement", body = openapi::agreements::CollaborationAgreement)))]
pub async fn withdraw_collaboration_agreement_party(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        let mut party = find_party(aggregate, new.party_id, "/party_id")?.clone();
        if party.withdrawn_on.is_some() {
            return Err(ApiError::Conflict("this party has already withdrawn".into()));
        }
        let months = aggregate.agreement.withdrawal_notice_months.and_then(|m| u32::try_from(m).ok());
        ApiError::check(check_withdrawal(months, new.notice_given_on, new.effective_on))?;
        party.withdrawal_notice_on = Some(new.notice_given_on);
        party.withdrawn_on = Some(new.effective_on);
        store::update_party(tx, &party)?;
        if let Some(stored) = aggregate.parties.iter_mut().find(|p| p.id == party.id) {
            *stored = party;
        }
        // From the effective date the party set is smaller: re-check R-CA-01..04.
        let day_after = new.effective_on.succ_opt().unwrap_or(new.effective_on);
        let (broken, _) = stored_rules(tx, aggregate, day_after)?;
        if !broken.is_empty() {
            let rules: Vec<&str> = broken.iter().map(|v| v.rule).collect();
            let message = format!(
                "after the withdrawal on {} the remaining parties break {}: {}",
                new.effective_on,
                rules.join(", "),
                broken.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ")
            );
            store::insert_alert(
                tx,
                &store::AlertRow {
                    id: new_id(),
                    agreement_id: aggregate.agreement.id.clone(),
                    rule: rules.first().copied().unwrap_or("R-CA-01").into(),
                    message,
                    raised_on: new.effective_on,
                    resolved_on: None,
                    resolution: None,
                    created_at: persistence::audit::now(),
                },
            )?;
            aggregate.agreement.open_alerts += 1;
        }
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        Some(AgreementEvent::Withdraw),
        "withdraw_party",
        Parts { parties: true, alerts: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/termination", operation_id = "terminate_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = Termination,
    responses((status = 200, description = "The terminated agreement", body = openapi::agreements::CollaborationAgreement)))]
pub async fn terminate_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Termination>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, principal, aggregate| {
        let mut approving = Vec::new();
        for (i, approval) in new.approvals.iter().enumerate() {
            find_party(aggregate, approval.party_id, &format!("/approvals/{i}/party_id"))?;
            approving.push(approval.party_id);
        }
        let parties: Vec<uuid::Uuid> = active_parties(aggregate, new.terminates_on)
            .iter()
            .filter_map(|p| uuid::Uuid::parse_str(&p.id).ok())
            .collect();
        ApiError::check(check_termination(&parties, &approving))?;
        for approval in new.approvals {
            store::insert_approval(
                tx,
                &ApprovalRow {
                    id: new_id(),
                    agreement_id: aggregate.agreement.id.clone(),
                    party_id: approval.party_id.to_string(),
                    purpose: ApprovalPurpose::Termination.as_str().into(),
                    approved_on: approval.approved_on,
                    efficiency_or_effectiveness: String::new(),
                    existing_collaboration_considered: String::new(),
                    consistency_considered: String::new(),
                    other_opportunities_considered: String::new(),
                    record_of_decision: approval.record_of_decision,
                    acting_person_id: None,
                    capacity: "party".into(),
                    recorded_by: principal.subject.clone(),
                    created_at: persistence::audit::now(),
                },
            )?;
        }
        aggregate.agreement.status = AgreementStatus::Terminated.as_str().into();
        aggregate.agreement.terminated_on = Some(new.terminates_on);
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::End),
        Some(AgreementEvent::Terminate),
        "terminate",
        Parts { approvals: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/publications", operation_id = "publish_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewPublication,
    responses((status = 200, description = "The agreement with its publication record; now visible to everyone", body = openapi::agreements::CollaborationAgreement)))]
pub async fn publish_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewPublication>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        refuse_if_any([check_text(&new.url, "/url", 2000)])?;
        store::insert_publication(
            tx,
            &store::PublicationRow {
                id: new_id(),
                agreement_id: aggregate.agreement.id.clone(),
                kind: new.kind.as_str().into(),
                url: new.url,
                published_on: new.published_on,
                created_at: persistence::audit::now(),
            },
        )?;
        aggregate.agreement.published = true;
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Act(Action::Update),
        Some(AgreementEvent::Publish),
        "publish",
        Parts { publications: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/alerts/{alert_id}/resolution", operation_id = "resolve_collaboration_agreement_alert",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id"), ("alert_id" = uuid::Uuid, Path, description = "Alert id")),
    request_body = AlertResolution,
    responses((status = 200, description = "The agreement with the alert resolved", body = openapi::agreements::CollaborationAgreement)))]
pub async fn resolve_collaboration_agreement_alert(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: JsonBody<AlertResolution>,
) -> Result<HttpResponse, ApiError> {
    let (id, alert_id) = path.into_inner();
    let alert_id = path_id(&alert_id)?.to_string();
    let new = body.value;
    let work: Work = Box::new(move |tx, _, aggregate| {
        let mut alert = aggregate.alerts.iter().find(|a| a.id == alert_id).cloned().ok_or(ApiError::NotFound)?;
        if alert.resolved_on.is_some() {
            return Err(ApiError::Conflict("the alert is already resolved".into()));
        }
        refuse_if_any([check_text(&new.resolution, "/resolution", 5000)])?;
        alert.resolved_on = Some(new.resolved_on);
        alert.resolution = Some(new.resolution);
        store::update_alert(tx, &alert)?;
        aggregate.agreement.open_alerts = (aggregate.agreement.open_alerts - 1).max(0);
        Ok(())
    });
    lifecycle(
        &ctx,
        &id,
        Gate::Action(Action::Update),
        None,
        "resolve_alert",
        Parts { alerts: true, ..Parts::NONE },
        work,
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/variations", operation_id = "vary_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id of the agreement varied")), request_body = NewVariation,
    responses((status = 201, description = "The variation: a new draft agreement linked to this one (R-CA-08)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn vary_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewVariation>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| {
        let (mut parent, resource) = load_visible(tx, principal, &id)?;
        allow(principal, Action::Update, &resource)?;
        check_version(&parent.agreement, expected)?;
        permits(status_of(&parent)?, AgreementEvent::Vary).map_err(ApiError::Conflict)?;
        refuse_if_any([check_text(&new.reference, "/reference", 100)])?;
        if store::reference_taken(tx, &new.reference)? {
            return Err(ApiError::Conflict(format!("an agreement with reference {:?} exists", new.reference)));
        }
        let now = persistence::audit::now();
        let p = &parent.agreement;
        let child = AgreementRow {
            id: new_id(),
            reference: new.reference,
            title: new.title.unwrap_or_else(|| format!("{} (variation)", p.title)),
            summary: new.summary.unwrap_or_else(|| p.summary.clone()),
            status: AgreementStatus::Draft.as_str().into(),
            in_force_from: None,
            terminated_on: None,
            next_review_due: None,
            parent_id: Some(p.id.clone()),
            published: false,
            open_alerts: 0,
            version: 1,
            created_at: now,
            updated_at: now,
            ..p.clone()
        };
        store::agreement_store::insert(tx, &child)?;
        let today = chrono::Utc::now().date_naive();
        for party in active_parties(&parent, today) {
            store::insert_party(
                tx,
                &store::PartyRow {
                    id: new_id(),
                    agreement_id: child.id.clone(),
                    withdrawal_notice_on: None,
                    withdrawn_on: None,
                    ..party.clone()
                },
            )?;
        }
        for provision in &parent.provisions {
            let provision_id = new_id();
            store::insert_provision(
                tx,
                &store::ProvisionRow {
                    id: provision_id.clone(),
                    agreement_id: child.id.clone(),
                    ..provision.provision.clone()
                },
            )?;
            for subject in &provision.subjects {
                store::insert_subject(
                    tx,
                    &store::SubjectRow { id: new_id(), provision_id: provision_id.clone(), ..subject.clone() },
                )?;
            }
        }
        touch(tx, &mut parent)?;
        let parent_change: Change = changed(tx, &id, "varied", false)?;
        let mut change = changed(tx, &child.id, "create_variation", true)?;
        change.related.push(parent_change);
        Ok(change)
    })
    .await
}
