//! Drafting, reading, listing and validating agreements.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::access::{list_scope, Action, Resource};
use domain::agreements::{check_composition, composition_warnings, AgreementStatus};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::agreements::{
    CollaborationAgreementList, CollaborationAgreementSummary, CollaborationAgreementUpdate, CostSchedule,
    NewCollaborationAgreement, NewParty, NewProvision, ValidationReport,
};
use persistence::agreements::{self as store, AgreementFilter, AgreementRow, PartyRow, ProvisionRow, SubjectRow};
use persistence::registry::{collaboration_store, force_store};
use persistence::DbConnection;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::convert::uuid;
use crate::error::ApiError;
use crate::extract::Paging;
use crate::extract::{encode_cursor, path_id, JsonBody, QueryParams};
use crate::service::agreements::{
    answer, changed, check_party_shape, composition, field_errors, load_visible, party_organisations, read_visible,
    status_of, touch, Draft, KIND,
};
use crate::service::{allow, check_version, refuse_if_any};

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Every refusal and warning for a draft's content, as on `day`.
fn check_draft(
    conn: &mut DbConnection,
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
    let composition = composition(conn, &Draft { parties, provisions, has_board }, day)?;
    violations.extend(check_composition(&composition));
    Ok((violations, composition_warnings(&composition)))
}

fn check_references(conn: &mut DbConnection, new: &NewCollaborationAgreement) -> Result<Vec<RuleViolation>, ApiError> {
    let mut violations = Vec::new();
    violations.extend(check_text(&new.reference, "/reference", 100));
    violations.extend(check_text(&new.title, "/title", 300));
    if let Some(collaboration) = new.collaboration_id {
        if collaboration_store::find(conn, &collaboration.to_string())?.is_none() {
            violations.push(RuleViolation::new(
                "unknown_reference",
                "/collaboration_id",
                "no collaboration with this id",
            ));
        }
    }
    if let Some(force) = new.lead_force_id {
        if force_store::find(conn, &force.to_string())?.is_none() {
            violations.push(RuleViolation::new("unknown_reference", "/lead_force_id", "no force with this id"));
        }
    }
    if let Some(board) = new.lead_board_id {
        if persistence::boards::board_store::find(conn, &board.to_string())?.is_none() {
            violations.push(RuleViolation::new("unknown_reference", "/lead_board_id", "no board with this id"));
        }
    }
    if new.review_period_months == 0 || new.review_period_months > 60 {
        violations.push(RuleViolation::new("validation.failed", "/review_period_months", "between 1 and 60 months"));
    }
    Ok(violations)
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/validation", operation_id = "validate_collaboration_agreement",
    tag = "agreements", request_body = NewCollaborationAgreement,
    responses((status = 200, description = "Every rule the draft breaks; nothing is stored", body = ValidationReport)))]
pub async fn validate_collaboration_agreement(
    ctx: RequestContext,
    body: JsonBody<NewCollaborationAgreement>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let report = ctx
        .read(move |conn, _| {
            let mut violations = check_references(conn, &new)?;
            let has_board = new.lead_board_id.is_some() || new.lead_board_name.is_some();
            let (rules, warnings) = check_draft(conn, &new.parties, &new.provisions, has_board, today())?;
            violations.extend(rules);
            Ok(ValidationReport {
                valid: violations.is_empty(),
                violations: field_errors(&violations),
                warnings: field_errors(&warnings),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Writes parties, provisions and their subjects for an agreement.
fn write_composition(
    conn: &mut DbConnection,
    agreement_id: &str,
    parties: &[NewParty],
    provisions: &[NewProvision],
) -> Result<(), ApiError> {
    for (i, party) in parties.iter().enumerate() {
        store::insert_party(
            conn,
            &PartyRow {
                id: uuid::Uuid::now_v7().to_string(),
                agreement_id: agreement_id.to_string(),
                position: i as i64,
                corporation_sole_id: party.corporation_sole_id.map(|id| id.to_string()),
                other_party_name: party.other_party_name.clone().filter(|_| party.corporation_sole_id.is_none()),
                other_party_kind: party.other_party_kind.map(|k| k.as_str().to_string()),
                withdrawal_notice_on: None,
                withdrawn_on: None,
            },
        )?;
    }
    for (i, provision) in provisions.iter().enumerate() {
        let provision_id = uuid::Uuid::now_v7().to_string();
        store::insert_provision(
            conn,
            &ProvisionRow {
                id: provision_id.clone(),
                agreement_id: agreement_id.to_string(),
                position: i as i64,
                kind: provision.kind.as_str().to_string(),
                function_name: provision.function.clone(),
                direction_and_control_id: provision.direction_and_control.map(|id| id.to_string()),
            },
        )?;
        let subjects = provision
            .forces
            .iter()
            .map(|f| (Some(f.to_string()), None))
            .chain(provision.policing_bodies.iter().map(|b| (None, Some(b.to_string()))));
        for (j, (force_id, corporation_sole_id)) in subjects.enumerate() {
            store::insert_subject(
                conn,
                &SubjectRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    provision_id: provision_id.clone(),
                    position: j as i64,
                    force_id,
                    corporation_sole_id,
                },
            )?;
        }
    }
    Ok(())
}

/// The organisations serving a draft's corporation sole parties (who may draft it).
fn draft_resource(conn: &mut DbConnection, parties: &[NewParty]) -> Result<Resource, ApiError> {
    let rows: Vec<PartyRow> = parties
        .iter()
        .map(|p| PartyRow {
            id: String::new(),
            agreement_id: String::new(),
            position: 0,
            corporation_sole_id: p.corporation_sole_id.map(|id| id.to_string()),
            other_party_name: None,
            other_party_kind: None,
            withdrawal_notice_on: None,
            withdrawn_on: None,
        })
        .collect();
    let refs: Vec<&PartyRow> = rows.iter().collect();
    // The body is the caller's own: nothing to hide, so a refusal is a 403.
    Ok(Resource::owned(KIND, None, true).with_parties(party_organisations(conn, &refs)?))
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements", operation_id = "create_collaboration_agreement", tag = "agreements",
    request_body = NewCollaborationAgreement,
    responses((status = 201, description = "The draft; only the parties' organisations see it until it is published", body = openapi::agreements::CollaborationAgreement)))]
pub async fn create_collaboration_agreement(
    ctx: RequestContext,
    body: JsonBody<NewCollaborationAgreement>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        allow(principal, Action::Create, &draft_resource(tx, &new.parties)?)?;
        let mut violations = check_references(tx, &new)?;
        let has_board = new.lead_board_id.is_some() || new.lead_board_name.is_some();
        violations.extend(check_draft(tx, &new.parties, &new.provisions, has_board, today())?.0);
        ApiError::check(violations)?;
        if store::reference_taken(tx, &new.reference)? {
            return Err(ApiError::Conflict(format!("an agreement with reference {:?} exists", new.reference)));
        }
        let now = persistence::audit::now();
        let row = AgreementRow {
            id: uuid::Uuid::now_v7().to_string(),
            reference: new.reference.clone(),
            title: new.title.clone(),
            summary: new.summary.clone(),
            status: AgreementStatus::Draft.as_str().into(),
            collaboration_id: new.collaboration_id.map(|id| id.to_string()),
            lead_force_id: new.lead_force_id.map(|id| id.to_string()),
            lead_board_id: new.lead_board_id.map(|id| id.to_string()),
            lead_board_name: new.lead_board_name.clone(),
            liability_basis: new.liability_basis.as_str().into(),
            withdrawal_notice_months: new.withdrawal_notice_months.map(i64::from),
            withdrawal_effective_rule: new.withdrawal_effective_rule.clone(),
            review_period_months: i64::from(new.review_period_months),
            planned_commencement: new.planned_commencement,
            in_force_from: None,
            terminated_on: None,
            next_review_due: None,
            parent_id: None,
            baseline_cost_pence: new.baseline_cost_pence,
            savings_target_pence: new.savings_target_pence,
            published: false,
            open_alerts: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        store::agreement_store::insert(tx, &row)?;
        write_composition(tx, &row.id, &new.parties, &new.provisions)?;
        let aggregate = store::created(tx, row)?;
        answer(tx, &aggregate, "create", true)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements/{id}", operation_id = "get_collaboration_agreement", tag = "agreements",
    params(("id" = uuid::Uuid, Path, description = "Agreement id")),
    responses((status = 200, description = "The agreement with everything recorded about it", body = openapi::agreements::CollaborationAgreement)))]
pub async fn get_collaboration_agreement(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let state = ctx.state.clone();
    let (version, body) = ctx
        .read(move |conn, principal| {
            let snapshot = read_visible(conn, principal, &id, &state.agreements)?;
            Ok((snapshot.aggregate.agreement.version, snapshot.body(conn, today())?))
        })
        .await?;
    ctx.json_resource(body, version)
}

#[utoipa::path(patch, path = "/api/v1/collaboration-agreements/{id}", operation_id = "update_collaboration_agreement", tag = "agreements",
    params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = CollaborationAgreementUpdate,
    responses((status = 200, description = "The changed draft", body = openapi::agreements::CollaborationAgreement)))]
pub async fn update_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<CollaborationAgreementUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| {
        let (mut aggregate, resource) = load_visible(tx, principal, &id)?;
        allow(principal, Action::Update, &resource)?;
        check_version(&aggregate.agreement, expected)?;
        let status = status_of(&aggregate)?;
        if status != AgreementStatus::Draft || !aggregate.approvals.is_empty() {
            return Err(ApiError::Conflict(format!(
                "only a draft nobody has approved can change (the agreement is {status} with {} approvals): vary it instead",
                aggregate.approvals.len()
            )));
        }
        let a = &mut aggregate.agreement;
        if let Some(title) = patch.title {
            refuse_if_any([check_text(&title, "/title", 300)])?;
            a.title = title;
        }
        if let Some(summary) = patch.summary {
            a.summary = summary;
        }
        if let Some(board) = patch.lead_board_id {
            if persistence::boards::board_store::find(tx, &board.to_string())?.is_none() {
                return Err(ApiError::unknown_reference("/lead_board_id", "board"));
            }
            a.lead_board_id = Some(board.to_string());
        }
        if let Some(name) = patch.lead_board_name {
            a.lead_board_name = Some(name);
        }
        if let Some(day) = patch.planned_commencement {
            a.planned_commencement = Some(day);
        }
        if let Some(pence) = patch.baseline_cost_pence {
            a.baseline_cost_pence = Some(pence);
        }
        if let Some(pence) = patch.savings_target_pence {
            a.savings_target_pence = Some(pence);
        }
        if let Some(months) = patch.withdrawal_notice_months {
            a.withdrawal_notice_months = Some(i64::from(months));
        }
        if let Some(rule) = patch.withdrawal_effective_rule {
            a.withdrawal_effective_rule = Some(rule);
        }
        if let Some(months) = patch.review_period_months {
            if months == 0 || months > 60 {
                return Err(ApiError::Rules(vec![RuleViolation::new("validation.failed", "/review_period_months", "between 1 and 60 months")]));
            }
            a.review_period_months = i64::from(months);
        }
        let has_board = a.lead_board_id.is_some() || a.lead_board_name.is_some();
        if patch.parties.is_some() || patch.provisions.is_some() {
            let parties = match patch.parties {
                Some(parties) => parties,
                None => aggregate
                    .parties
                    .iter()
                    .map(|p| {
                        Ok(NewParty {
                            corporation_sole_id: p.corporation_sole_id.as_deref().map(uuid).transpose()?,
                            other_party_name: p.other_party_name.clone(),
                            other_party_kind: p.other_party_kind.as_deref().and_then(domain::agreements::OtherPartyKind::parse),
                        })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?,
            };
            let provisions = match patch.provisions {
                Some(provisions) => provisions,
                None => crate::service::agreements::stored_provisions(&aggregate)?,
            };
            ApiError::check(check_draft(tx, &parties, &provisions, has_board, today())?.0)?;
            // The caller must still be a party's contributor after the change.
            allow(principal, Action::Update, &draft_resource(tx, &parties)?)?;
            store::clear_composition(tx, &id)?;
            write_composition(tx, &id, &parties, &provisions)?;
        }
        touch(tx, &mut aggregate)?;
        changed(tx, &id, "update", false)
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    pub status: Option<AgreementStatus>,
    /// Corporation sole id of a party.
    pub party: Option<uuid::Uuid>,
    /// Force id: agreements led by or concerning the force.
    pub force: Option<uuid::Uuid>,
    /// Case-insensitive text in a provision's function.
    pub function: Option<String>,
    pub collaboration: Option<uuid::Uuid>,
    /// Lead holding-to-account board id.
    pub lead_board: Option<uuid::Uuid>,
    /// Variations of this agreement.
    pub parent: Option<uuid::Uuid>,
    /// Case-insensitive text in the title or reference.
    pub q: Option<String>,
    /// Next review due before this day (YYYY-MM-DD).
    pub review_due_before: Option<NaiveDate>,
    /// In force with the next review already overdue today.
    pub overdue_review: Option<bool>,
    /// Executed but with no publication record (R-CA-14).
    pub publication_missing: Option<bool>,
    /// With (true) or without (false) unresolved alerts.
    pub has_alerts: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements", operation_id = "list_collaboration_agreements", tag = "agreements",
    params(AgreementQuery),
    responses((status = 200, description = "Agreements the caller may see: parties see drafts, others published agreements", body = CollaborationAgreementList)))]
pub async fn list_collaboration_agreements(
    ctx: RequestContext,
    query: QueryParams<AgreementQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = AgreementFilter {
        status: query.status.map(|s| s.as_str().to_string()),
        party: query.party.map(|p| p.to_string()),
        force: query.force.map(|f| f.to_string()),
        function: query.function,
        collaboration: query.collaboration.map(|c| c.to_string()),
        lead_board: query.lead_board.map(|b| b.to_string()),
        q: query.q,
        review_due_before: query.review_due_before,
        overdue_on: query.overdue_review.filter(|o| *o).map(|_| today()),
        publication_missing: query.publication_missing.unwrap_or(false),
        has_alerts: query.has_alerts,
        parent: query.parent.map(|p| p.to_string()),
    };
    let list = ctx
        .read(move |conn, principal| {
            let scope = list_scope(principal, KIND)?;
            let page = store::list(conn, scope, &filter, &page)?;
            let items = page
                .items
                .into_iter()
                .map(|a| {
                    Ok(CollaborationAgreementSummary {
                        id: uuid(&a.id)?,
                        status: AgreementStatus::parse(&a.status)
                            .ok_or_else(|| ApiError::Internal(format!("stored status {:?}", a.status)))?,
                        reference: a.reference,
                        title: a.title,
                        collaboration_id: a.collaboration_id.as_deref().map(uuid).transpose()?,
                        lead_force_id: a.lead_force_id.as_deref().map(uuid).transpose()?,
                        lead_board_id: a.lead_board_id.as_deref().map(uuid).transpose()?,
                        in_force_from: a.in_force_from,
                        next_review_due: a.next_review_due,
                        parent_id: a.parent_id.as_deref().map(uuid).transpose()?,
                        published: a.published,
                        open_alerts: a.open_alerts,
                        version: a.version,
                    })
                })
                .collect::<Result<_, ApiError>>()?;
            Ok(CollaborationAgreementList { items, next_cursor: encode_cursor(page.next_cursor) })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// The day to answer for (default today).
    pub as_of: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements/{id}/cost-schedule", operation_id = "get_collaboration_agreement_cost_schedule",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id"), ScheduleQuery),
    responses((status = 200, description = "The cost-share schedule in force on the day", body = CostSchedule)))]
pub async fn get_collaboration_agreement_cost_schedule(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<ScheduleQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let day = query.0.as_of.unwrap_or_else(today);
    let state = ctx.state.clone();
    let schedule = ctx
        .read(move |conn, principal| {
            let snapshot = read_visible(conn, principal, &id, &state.agreements)?;
            let in_force = snapshot
                .aggregate
                .schedules
                .iter()
                .filter(|s| s.schedule.effective_from <= day)
                .max_by_key(|s| s.schedule.effective_from);
            crate::service::agreements::schedule(in_force.ok_or(ApiError::NotFound)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(schedule))
}
