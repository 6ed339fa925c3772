//! `governance bench-data` run as the load benchmark runs it: generate into a new SQLite data
//! directory, check the counts against the manifest, start `governance serve` on the data and do
//! over HTTP what the benchmark's scenarios do with the manifest's ids and bodies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn governance(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_governance"));
    command.current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("governance-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// The service, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn token(dir: &Path, org: &str, roles: &str) -> String {
    let output =
        governance(dir).args(["token", "--org", org, "--roles", roles]).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn body(response: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    match response {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(status, r)) => (status, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("{e}"),
    }
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("not a string: {value}"))
}

fn uuid(text: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The rules the API applies before storing, applied to every generated agreement (composition
/// and cost shares), every delegation and every board and membership (each rebuilt as the request
/// that would create it; a board and a membership must also be the very row the use case's
/// constructor builds from that request). Fails if the bulk path drifts from the use cases.
fn every_generated_record_passes_the_api_rules(db: &persistence::Database) {
    use diesel::prelude::*;
    use persistence::schema::{boards, collaboration_agreements, delegations};
    db.read(|conn| {
        let today = chrono::Utc::now().date_naive();
        let ids: Vec<persistence::ids::AgreementId> =
            collaboration_agreements::table.select(collaboration_agreements::id).load(conn)?;
        for id in ids {
            let aggregate = persistence::agreements::load(conn, id)?.unwrap_or_else(|| panic!("{id} vanished"));
            let (refusals, warnings) = governance_api::service::agreements::stored_rules(conn, &aggregate, today)
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(refusals.is_empty() && warnings.is_empty(), "{id}: {refusals:?} {warnings:?}");
            let parties: Vec<uuid::Uuid> = aggregate.parties.iter().map(|p| p.id.uuid()).collect();
            for schedule in &aggregate.schedules {
                let shares: Vec<(uuid::Uuid, i64)> =
                    schedule.shares.iter().map(|s| (s.party_id.uuid(), s.basis_points)).collect();
                let violations = domain::agreements::check_cost_shares(&shares, &parties);
                assert!(violations.is_empty(), "{id}: {violations:?}");
            }
        }
        let rows: Vec<persistence::delegations::DelegationRow> = delegations::table
            .select(persistence::delegations::DelegationRow::as_select())
            .order(delegations::id.asc())
            .load(conn)?;
        assert_eq!(rows.len(), 200);
        for row in rows {
            use domain::delegations::ReferralCondition;
            let words = domain::delegations::split_words;
            let new = openapi::delegations::NewDelegation {
                kind: row.kind,
                corporation_sole_id: row.corporation_sole_id.uuid(),
                parent_delegation_id: row.parent_delegation_id.map(uuid::Uuid::from),
                delegate: openapi::delegations::PartyRef { kind: row.delegate_kind, id: uuid(&row.delegate_id) },
                functions: words(&row.functions),
                limit_per_act_pence: row.limit_per_act_pence,
                limit_total_pence: row.limit_total_pence,
                currency: openapi::delegations::Currency::Gbp,
                referral_conditions: words(&row.referral_conditions)
                    .iter()
                    .map(|c| ReferralCondition::parse(c).unwrap_or_else(|| panic!("{c}")))
                    .collect(),
                refer_to: words(&row.refer_to).iter().map(|r| uuid(r)).collect(),
                valid_from: row.valid_from,
                valid_to: row.valid_to,
                source: openapi::delegations::SourceInstrument {
                    scheme_id: row.source_scheme_id.map(uuid::Uuid::from),
                    reference: row.source_reference.clone(),
                    paragraph: row.source_paragraph.clone(),
                    collaboration_id: row.source_collaboration_id.map(uuid::Uuid::from),
                },
                sub_delegation_allowed: row.sub_delegation_allowed,
                illustrative: row.illustrative,
            };
            let mut rebuilt = governance_api::service::delegations::delegation_row(row.id, row.created_at, &new);
            (rebuilt.revoked_on, rebuilt.revocation_reason) = (row.revoked_on, row.revocation_reason.clone());
            assert_eq!(rebuilt, row, "delegation {} is not the row create_delegation builds", row.id);
            if let Err(e) = governance_api::service::delegations::prepare_delegation(conn, new) {
                panic!("delegation {}: {e:?}", row.id);
            }
        }
        let schemes: Vec<persistence::delegations::SchemeRow> =
            persistence::schema::schemes::table.select(persistence::delegations::SchemeRow::as_select()).load(conn)?;
        assert_eq!(schemes.len(), 43 * 3);
        for scheme in schemes {
            let new = openapi::delegations::NewScheme {
                corporation_sole_id: scheme.corporation_sole_id.uuid(),
                kind: scheme.kind,
                title: scheme.title.clone(),
                scheme_version: scheme.scheme_version.clone(),
                adopted_on: scheme.adopted_on,
                adopted_by_reference: scheme.adopted_by_reference.clone(),
                document_uri: scheme.document_uri.clone(),
                document_digest: scheme.document_digest.clone(),
                supersedes_scheme_id: scheme.supersedes_scheme_id.map(uuid::Uuid::from),
                carry_over: Vec::new(),
            };
            let rebuilt = governance_api::service::delegations::scheme_row(scheme.id, scheme.created_at, &new);
            assert_eq!(rebuilt, scheme, "scheme {} is not the row create_scheme builds", scheme.id);
        }
        let boards: Vec<persistence::boards::BoardRow> =
            boards::table.select(persistence::boards::BoardRow::as_select()).order(boards::id.asc()).load(conn)?;
        assert_eq!(boards.len(), 5);
        for board in boards {
            use governance_api::service::boards::{board_row, check_new_board, membership_row};
            let owners = persistence::boards::board_owners_of(conn, board.id)?;
            let new = openapi::boards::NewBoard {
                name: board.name.clone(),
                kind: board.kind,
                owners: owners.iter().map(|o| o.corporation_sole_id.uuid()).collect(),
                parent_board_id: board.parent_board_id.map(uuid::Uuid::from),
                collaboration_id: board.collaboration_id.map(uuid::Uuid::from),
                quorum_rule: board.quorum_rule,
                quorum_count: board.quorum_count.map(|c| u32::try_from(c).unwrap_or_else(|e| panic!("{e}"))),
                public: board.public,
                established_on: chrono::NaiveDate::MIN,
                exempt_access_roles: Some(
                    domain::boards::split_roles(&board.exempt_access_roles).unwrap_or_else(|e| panic!("{e}")),
                ),
            };
            let violations = check_new_board(&new);
            assert!(violations.is_empty(), "board {}: {violations:?}", board.id);
            let rebuilt = board_row(board.id, board.created_at, &new);
            assert_eq!(rebuilt, board, "board {} is not the row create_board builds", board.id);
            for membership in persistence::boards::board_memberships_of(conn, board.id)? {
                let new = openapi::boards::NewMembership {
                    person_id: membership.person_id.map(uuid::Uuid::from),
                    post_id: membership.post_id.map(uuid::Uuid::from),
                    role: membership.role,
                    corporation_sole_id: membership.corporation_sole_id.map(uuid::Uuid::from),
                    voting: membership.voting,
                    starts_on: membership.starts_on,
                    ends_on: membership.ends_on,
                };
                assert!(new.person_id.is_some() != new.post_id.is_some(), "membership {}", membership.id);
                let period = domain::Period::new(new.starts_on, new.ends_on);
                assert!(domain::rules::check_period(&period, "").is_empty(), "membership {}", membership.id);
                let rebuilt = membership_row(membership.id, membership.created_at, board.id, &new);
                assert_eq!(rebuilt, membership, "membership {} drifted", membership.id);
            }
        }
        Ok::<_, persistence::StoreError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Ids replayed in the order a constructor asks for them, so a stored row can be rebuilt exactly.
fn replay(ids: Vec<uuid::Uuid>) -> governance_api::service::agreements::rows::Stamp<'static> {
    let mut ids = ids.into_iter();
    governance_api::service::agreements::rows::Stamp {
        ids: Box::new(move || ids.next().unwrap_or_else(|| panic!("a constructor asked for more ids than stored"))),
        now: chrono::NaiveDateTime::MIN,
    }
}

/// Every generated agreement rebuilt as the requests that would make it: the draft, its parties,
/// provisions, cost schedules, approvals, document, signatures and publication must be the rows
/// the use cases' constructors build; every approval and signature is by a person with authority
/// for the party's office on its day (R-TM-01), and nothing is signed before it is in writing
/// (R-CA-07). The fields later events set (status and its dates) are the lifecycle's.
fn every_generated_agreement_is_what_the_use_cases_build(db: &persistence::Database) {
    use diesel::prelude::*;
    use governance_api::service::agreements::rows::*;
    use governance_api::service::authority::require_authority_to_act;
    use openapi::agreements as api;
    use persistence::schema::collaboration_agreements;
    db.read(|conn| {
        let ids: Vec<persistence::ids::AgreementId> =
            collaboration_agreements::table.select(collaboration_agreements::id).load(conn)?;
        assert!(ids.len() > 100);
        for id in ids {
            let a = persistence::agreements::load(conn, id)?.unwrap_or_else(|| panic!("{id} vanished"));
            let row = &a.agreement;
            let provisions =
                governance_api::service::agreements::stored_provisions(&a).unwrap_or_else(|e| panic!("{id}: {e}"));
            let new = api::NewCollaborationAgreement {
                reference: row.reference.clone(),
                title: row.title.clone(),
                summary: row.summary.clone(),
                collaboration_id: row.collaboration_id.map(|c| c.uuid()),
                lead_force_id: row.lead_force_id.map(|f| f.uuid()),
                lead_board_id: row.lead_board_id.map(|b| b.uuid()),
                lead_board_name: row.lead_board_name.clone(),
                liability_basis: row.liability_basis,
                withdrawal_notice_months: row.withdrawal_notice_months.map(|m| u32::try_from(m).unwrap_or(0)),
                withdrawal_effective_rule: row.withdrawal_effective_rule.clone(),
                review_period_months: u32::try_from(row.review_period_months).unwrap_or(0),
                planned_commencement: None,
                baseline_cost_pence: row.baseline_cost_pence,
                savings_target_pence: row.savings_target_pence,
                parties: a
                    .parties
                    .iter()
                    .map(|p| api::NewParty {
                        corporation_sole_id: p.corporation_sole_id.map(|c| c.uuid()),
                        other_party_name: p.other_party_name.clone(),
                        other_party_kind: None,
                    })
                    .collect(),
                provisions,
            };
            let mut stamp = replay(vec![row.id.uuid()]);
            stamp.now = row.created_at;
            let mut draft = draft_row(&mut stamp, &new, None);
            (draft.status, draft.planned_commencement, draft.in_force_from) =
                (row.status, row.planned_commencement, row.in_force_from);
            (draft.next_review_due, draft.terminated_on, draft.published) =
                (row.next_review_due, row.terminated_on, row.published);
            assert_eq!(&draft, row, "agreement {id} is not the row create builds");
            let mut composed: Vec<uuid::Uuid> = a.parties.iter().map(|p| p.id.uuid()).collect();
            for p in &a.provisions {
                composed.push(p.provision.id.uuid());
                composed.extend(p.subjects.iter().map(|s| s.id.uuid()));
            }
            let rows = composition_rows(&mut replay(composed), id, &new.parties, &new.provisions);
            assert_eq!(rows.parties, a.parties, "{id}: parties");
            let stored: Vec<_> = a.provisions.iter().map(|p| p.provision.clone()).collect();
            assert_eq!(rows.provisions, stored, "{id}: provisions");
            let subjects: Vec<_> = a.provisions.iter().flat_map(|p| p.subjects.clone()).collect();
            assert_eq!(rows.subjects, subjects, "{id}: subjects");
            for s in &a.schedules {
                let new = api::NewCostSchedule {
                    basis: domain::agreements::CostBasis::parse(&s.schedule.basis).unwrap_or_else(|| panic!("{id}")),
                    effective_from: s.schedule.effective_from,
                    shares: s
                        .shares
                        .iter()
                        .map(|share| api::NewShare {
                            party_id: share.party_id.uuid(),
                            basis_points: share.basis_points,
                        })
                        .collect(),
                };
                let mut ids = vec![s.schedule.id.uuid()];
                ids.extend(s.shares.iter().map(|share| share.id.uuid()));
                let mut stamp = replay(ids);
                stamp.now = s.schedule.created_at;
                let (schedule, shares) = schedule_rows(&mut stamp, id, &new);
                assert_eq!((&schedule, &shares), (&s.schedule, &s.shares), "{id}: cost schedule");
            }
            let office_of = |party: persistence::ids::AgreementPartyId| {
                let party = a.parties.iter().find(|p| p.id == party).unwrap_or_else(|| panic!("{id}: party {party}"));
                party.corporation_sole_id.unwrap_or_else(|| panic!("{id}: not an office")).uuid()
            };
            for r in &a.approvals {
                let person = r.acting_person_id.unwrap_or_else(|| panic!("{id}: nobody approved")).uuid();
                let authority = require_authority_to_act(
                    conn,
                    None,
                    person,
                    office_of(r.party_id),
                    "approve_collaboration_agreement",
                    r.approved_on,
                )
                .unwrap_or_else(|e| panic!("{id}: approval {}: {e:?}", r.id));
                assert!(
                    r.capacity.contains(authority.capacity.split(" (").next().unwrap_or_default()),
                    "{id}: {}",
                    r.capacity
                );
                let new = api::NewApproval {
                    party_id: r.party_id.uuid(),
                    approved_on: r.approved_on,
                    rationale: api::Rationale {
                        efficiency_or_effectiveness: r.efficiency_or_effectiveness.clone(),
                        existing_collaboration_considered: r.existing_collaboration_considered.clone(),
                        consistency_considered: r.consistency_considered.clone(),
                        other_opportunities_considered: r.other_opportunities_considered.clone(),
                    },
                    record_of_decision: r.record_of_decision.clone(),
                    acting_person_id: Some(person),
                    capacity: None,
                    evidence: None,
                };
                let actor =
                    Actor { person: Some(person), capacity: r.capacity.clone(), recorded_by: r.recorded_by.clone() };
                let mut stamp = replay(vec![r.id.uuid()]);
                stamp.now = r.created_at;
                assert_eq!(&approval_row(&mut stamp, id, &new, actor), r, "{id}: approval");
            }
            for d in &a.documents {
                let new = api::NewDocument {
                    title: d.title.clone(),
                    version_label: d.version_label.clone(),
                    sha256: d.sha256.clone(),
                    uri: d.uri.clone(),
                    dated: d.dated,
                };
                let mut stamp = replay(vec![d.id.uuid()]);
                stamp.now = d.created_at;
                assert_eq!(&document_row(&mut stamp, id, &new), d, "{id}: document");
            }
            for s in &a.signatures {
                assert!(domain::agreements::check_in_writing(a.documents.len()).is_empty(), "{id}: R-CA-07");
                let person = s.signatory_person_id.unwrap_or_else(|| panic!("{id}: nobody signed")).uuid();
                require_authority_to_act(
                    conn,
                    None,
                    person,
                    office_of(s.party_id),
                    "sign_collaboration_agreement",
                    s.signed_on,
                )
                .unwrap_or_else(|e| panic!("{id}: signature {}: {e:?}", s.id));
                let new = api::NewSignature {
                    party_id: s.party_id.uuid(),
                    signatory_person_id: Some(person),
                    signatory_name: s.signatory_name.clone(),
                    capacity: s.capacity.clone(),
                    signed_on: s.signed_on,
                    evidence: None,
                };
                let actor =
                    Actor { person: Some(person), capacity: s.capacity.clone(), recorded_by: s.recorded_by.clone() };
                let mut stamp = replay(vec![s.id.uuid()]);
                stamp.now = s.created_at;
                assert_eq!(&signature_row(&mut stamp, id, &new, actor), s, "{id}: signature");
            }
            for p in &a.publications {
                let new = api::NewPublication {
                    kind: domain::agreements::PublicationKind::parse(&p.kind).unwrap_or_else(|| panic!("{id}")),
                    published_url: p.url.clone(),
                    published_on: p.published_on,
                };
                let mut stamp = replay(vec![p.id.uuid()]);
                stamp.now = p.created_at;
                assert_eq!(&publication_row(&mut stamp, id, &new), p, "{id}: publication");
            }
        }
        Ok::<_, persistence::StoreError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Every generated meeting, with its chair, attendance, agenda, decisions, approvals and actions,
/// rebuilt as the requests that would create it: the rows must be the ones the use cases'
/// constructors build, the meetings quorate where they decide (R-BD-01), agreed decisions approved
/// by every required approver with an outcome that binds, and every approval given by a person
/// with authority to act for the office on its day (R-TM-01, R-TM-02).
fn every_generated_meeting_is_what_the_use_cases_build(db: &persistence::Database) {
    use diesel::prelude::*;
    use governance_api::service::{actions, decisions, meetings};
    use openapi::boards::*;
    use persistence::boards as store;
    let fail = |what: &dyn std::fmt::Display, e: &dyn std::fmt::Display| -> ! { panic!("{what}: {e}") };
    let today = chrono::Utc::now().date_naive();
    db.read(|conn| {
        let boards: Vec<store::BoardRow> =
            persistence::schema::boards::table.select(store::BoardRow::as_select()).load(conn)?;
        let (mut meetings_seen, mut approvals_seen) = (0, 0);
        for board in boards {
            for meeting in store::meetings_by_start(conn, board.id)? {
                meetings_seen += 1;
                let chairs = store::meeting_chairs_of(conn, meeting.id)?;
                let new = NewMeeting {
                    date: meeting.starts_at.date(),
                    start_time: Some(meeting.starts_at.format("%H:%M").to_string()),
                    end_time: meeting.ends_at.map(|e| e.format("%H:%M").to_string()),
                    venue: meeting.venue.clone(),
                    chairs: chairs.iter().map(|c| c.person_id.uuid()).collect(),
                    minute_taker_person_id: meeting.minute_taker_person_id.map(uuid::Uuid::from),
                    next_meeting_note: meeting.next_meeting_note.clone(),
                };
                let mut rebuilt = meetings::meeting_row(meeting.id, meeting.created_at, board.id, &new)
                    .unwrap_or_else(|e| fail(&meeting.id, &e));
                rebuilt.status = domain::boards::MeetingStatus::Held;
                assert_eq!(rebuilt, meeting, "meeting {} is not the row create_meeting builds", meeting.id);
                for chair in chairs {
                    let again = meetings::chair_row(chair.id, chair.created_at, meeting.id, chair.person_id);
                    assert_eq!(again, chair);
                }
                for present in store::attendance_of(conn, meeting.id)? {
                    let new = NewAttendance {
                        person_id: present.person_id.uuid(),
                        kind: present.kind,
                        capacity: present.capacity.clone(),
                        corporation_sole_id: present.corporation_sole_id.map(uuid::Uuid::from),
                        voting: Some(present.voting),
                    };
                    let (office, voting) = (present.corporation_sole_id, present.voting);
                    let again =
                        meetings::attendance_row(present.id, present.created_at, meeting.id, &new, office, voting);
                    assert_eq!(again, present);
                }
                for item in store::agenda_of(conn, meeting.id)? {
                    let new = NewAgendaItem {
                        label: item.label.clone(),
                        position: Some(item.position),
                        title: item.title.clone(),
                        presenter: item.presenter.clone(),
                        standing_item: item.standing_item.as_deref().and_then(domain::boards::StandingItem::parse),
                        disclosure: DisclosureSpec::default(),
                        title_withheld: item.title_withheld,
                    };
                    assert!(meetings::check_item_text(&new.label, &new.title, new.presenter.as_deref()).is_empty());
                    let again = meetings::agenda_item_row(item.id, item.created_at, meeting.id, item.position, &new);
                    assert_eq!(again, item, "agenda item {} drifted", item.id);
                }
                let quorum = meetings::meeting_quorum(conn, &meeting, &board).unwrap_or_else(|e| fail(&meeting.id, &e));
                let page = persistence::registry::PageRequest { after: None, limit: 100 };
                let this_meeting = store::DecisionFilter { meeting_id: Some(meeting.id), ..Default::default() };
                let taken: Vec<_> = store::list_decisions(conn, board.id, &this_meeting, &page)?
                    .items
                    .into_iter()
                    .map(|e| e.decision)
                    .collect();
                assert!(taken.is_empty() || quorum.quorate, "meeting {} decided without a quorum", meeting.id);
                for decision in taken {
                    let ids = [decision.id];
                    let text = store::decision_texts_of_each(conn, &ids)?.remove(0);
                    let approvers = store::decision_approvers_of_each(conn, &ids)?;
                    let new = NewDecision {
                        agenda_item_id: decision.agenda_item_id.map(uuid::Uuid::from),
                        subject: text.subject.clone(),
                        recommendation: text.recommendation.clone(),
                        options_considered: text.options_considered.clone(),
                        outcome: decision.outcome,
                        conditions: text.conditions.clone(),
                        owner: decision.owner.clone(),
                        owner_person_id: decision.owner_person_id.map(uuid::Uuid::from),
                        required_approvers: approvers.iter().map(|a| a.corporation_sole_id.uuid()).collect(),
                        disclosure: DisclosureSpec::default(),
                        paper_number: None,
                        evidence: None,
                    };
                    let mut stored_ids =
                        [decision.id.uuid(), text.id.uuid()].into_iter().chain(approvers.iter().map(|a| a.id.uuid()));
                    let mut rows = decisions::decision_rows(
                        || stored_ids.next().unwrap_or_default(),
                        decision.created_at,
                        (board.id, meeting.id),
                        decision.number,
                        &new,
                    );
                    rows.decision.agreed_on = decision.agreed_on;
                    assert_eq!((&rows.decision, &rows.text, &rows.approvers), (&decision, &text, &approvers));
                    let approvals = store::decision_approvals_of_each(conn, &ids)?;
                    let required: Vec<uuid::Uuid> = new.required_approvers.clone();
                    let approved: Vec<uuid::Uuid> = approvals.iter().map(|a| a.corporation_sole_id.uuid()).collect();
                    let agreed =
                        domain::boards::binds(decision.outcome) && domain::boards::is_agreed(&required, &approved);
                    assert_eq!(decision.agreed_on.is_some(), agreed, "decision {}", decision.id);
                    for approval in approvals {
                        approvals_seen += 1;
                        let person = approval.person_id.unwrap_or_else(|| fail(&approval.id, &"no person")).uuid();
                        let on = approval.approved_on;
                        let dated = domain::rules::check_act_date(on, Some(meeting.starts_at.date()), today, "");
                        assert!(dated.is_empty(), "approval {}: {dated:?}", approval.id);
                        let cs = approval.corporation_sole_id.uuid();
                        let authority = governance_api::service::authority::require_authority_to_act(
                            conn,
                            None,
                            person,
                            cs,
                            "approve_board_decision",
                            on,
                        )
                        .unwrap_or_else(|e| fail(&approval.id, &e));
                        assert!(approval.capacity.ends_with(&format!("({})", authority.capacity)), "{approval:?}");
                    }
                }
                for action in store::actions_of_meeting(conn, meeting.id)? {
                    let owners = store::action_owners_of_each(conn, std::slice::from_ref(&action.id))?;
                    let owner_inputs: Vec<OwnerInput> = owners
                        .iter()
                        .map(|o| OwnerInput {
                            person_id: o.person_id.map(uuid::Uuid::from),
                            post_id: o.post_id.map(uuid::Uuid::from),
                        })
                        .collect();
                    let new = NewAction {
                        agenda_item_id: action.agenda_item_id.map(uuid::Uuid::from),
                        label: action.label.clone(),
                        text: action.text.clone(),
                        owners: owner_inputs.clone(),
                        due_on: action.due_on,
                    };
                    let mut again = actions::action_row(action.id, action.created_at, meeting.id, board.id, &new);
                    (again.status, again.closed_on) = (action.status, action.closed_on);
                    assert_eq!(again, action, "action {} drifted", action.id);
                    assert_eq!(action.closed_on.is_some(), action.status != domain::boards::ActionStatus::Open);
                    for (owner, input) in owners.iter().zip(&owner_inputs) {
                        assert_eq!(&actions::action_owner_row(owner.id, owner.created_at, action.id, input), owner);
                    }
                }
            }
        }
        assert_eq!((meetings_seen, approvals_seen > 0), (500, true));
        Ok::<_, persistence::StoreError>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn bench_data_loads_a_valid_data_set_that_the_service_serves_and_changes() {
    let dir = temp_dir("sqlite");
    let manifest_path = dir.join("bench/manifest.json");
    std::fs::create_dir_all(dir.join("bench")).unwrap_or_else(|e| panic!("{e}"));
    let output = governance(&dir)
        .args(["bench-data", "--scale", "0.01", "--manifest"])
        .arg(&manifest_path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    // A second load is refused: the database is not empty.
    let again = governance(&dir).args(["bench-data", "--scale", "0.01"]).output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert!(stderr.lines().last().unwrap_or_default().contains("not empty"), "{stderr}");

    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("manifest: {e}"));
    let counts = &manifest["counts"];
    for (key, expected) in [
        ("forces", 43),
        ("corporations_sole", 86),
        ("agreements", 20),
        ("boards", 5),
        ("meetings", 500),
        ("agenda_items", 3_000),
        ("actions", 2_000),
        ("decisions", 1_000),
        ("delegations", 200),
        ("approval_pool", 300),
    ] {
        assert_eq!(counts[key], json!(expected), "{key}: {counts}");
    }

    // Every table holds exactly what the manifest says was written.
    let db = persistence::Database::connect(&dir.join("data/governance.sqlite3").to_string_lossy(), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let stored = db.read(persistence::bulk::row_counts).unwrap_or_else(|e: persistence::StoreError| panic!("{e}"));
    let written: BTreeMap<String, i64> =
        serde_json::from_value(manifest["tables"].clone()).unwrap_or_else(|e| panic!("tables: {e}"));
    for (table, rows) in &stored {
        assert_eq!(written.get(*table).copied().unwrap_or(0), *rows, "{table}");
    }
    assert_eq!(stored["collaboration_agreements"], 20 + 300);

    every_generated_record_passes_the_api_rules(&db);
    every_generated_meeting_is_what_the_use_cases_build(&db);
    every_generated_agreement_is_what_the_use_cases_build(&db);

    let pairs = std::fs::read_to_string(dir.join("bench/approval-pairs.txt")).unwrap_or_default();
    let ids = std::fs::read_to_string(dir.join("bench/approval-ids.txt")).unwrap_or_default();
    assert_eq!(ids.lines().count(), 300);
    assert_eq!(pairs.lines().count(), 300);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        governance(&dir)
            .arg("serve")
            .env("GOVERNANCE_BIND", format!("127.0.0.1:{port}"))
            .env("GOVERNANCE_LOG", "warn")
            .spawn()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let started = Instant::now();
    while ureq::get(&format!("{base}/readyz")).call().is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the service did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    let bench = token(&dir, text(&manifest["bench_org"]), "reader,contributor,approver");
    let admin = token(&dir, "governance-service", "system_admin");
    let get = |path: &str, token: &str| {
        body(ureq::get(&format!("{base}{path}")).set("Authorization", &format!("Bearer {token}")).call())
    };

    let (status, agreement) =
        get(&format!("/api/v1/collaboration-agreements/{}", text(&manifest["agreement_id"])), &bench);
    assert_eq!(status, 200, "{agreement}");
    assert_eq!(agreement["status"], "in_force");

    let filter = &manifest["list_filter"];
    let party = text(&filter["party"]);
    let (status, list) = get(
        &format!(
            "/api/v1/collaboration-agreements?corporation_sole={party}&status={}&limit=200",
            text(&filter["status"])
        ),
        &bench,
    );
    assert_eq!(status, 200, "{list}");
    let items = list["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert_eq!(json!(items.len()), manifest["list_filter_matches"]);
    for item in &items {
        assert_eq!(item["status"], "in_force");
        // The list shows summaries: the full agreement names the parties.
        let (status, full) = get(&format!("/api/v1/collaboration-agreements/{}", text(&item["id"])), &bench);
        assert_eq!(status, 200, "{full}");
        let parties = full["parties"].as_array().cloned().unwrap_or_default();
        assert!(parties.iter().any(|p| p["corporation_sole_id"] == json!(party)), "{full}");
    }

    let board = text(&manifest["board_id"]);
    let (status, decisions) = get(&format!("/api/v1/boards/{board}/decisions?limit=100"), &bench);
    assert_eq!(status, 200, "{decisions}");
    assert!(!decisions["items"].as_array().cloned().unwrap_or_default().is_empty());
    let (status, actions) = get(&format!("/api/v1/actions?board={board}&limit=100"), &bench);
    assert_eq!(status, 200, "{actions}");
    assert!(!actions["items"].as_array().cloned().unwrap_or_default().is_empty());

    let (status, answer) = body(
        ureq::post(&format!("{base}/api/v1/authority-checks"))
            .set("Authorization", &format!("Bearer {bench}"))
            .send_json(manifest["authority_check"].clone()),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["outcome"], "allowed", "{answer}");
    assert_eq!(answer["chain"].as_array().map(Vec::len), Some(3), "{answer}");

    let pool = &manifest["approval_pool"];
    let first = pairs.lines().next().unwrap_or_default().split(' ').collect::<Vec<_>>();
    let mut approval = pool["body"].clone();
    approval["party_id"] = json!(first[1]);
    let (status, approved) = body(
        ureq::post(&format!("{base}/api/v1/collaboration-agreements/{}/approvals", first[0]))
            .set("Authorization", &format!("Bearer {bench}"))
            .set("If-Match", text(&pool["if_match"]))
            .send_json(approval),
    );
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["version"], 2);

    let (status, created) = body(
        ureq::post(&format!("{base}/api/v1/collaboration-agreements"))
            .set("Authorization", &format!("Bearer {bench}"))
            .send_json(manifest["create_body"].clone()),
    );
    assert_eq!(status, 201, "{created}");

    let (status, verification) = get("/api/v1/audit-events/verification", &admin);
    assert_eq!(status, 200, "{verification}");
    assert_eq!(verification["valid"], true, "{verification}");
    drop(_server);
    let _ = std::fs::remove_dir_all(&dir);
}
