//! How to call each operation in the world: the path's records, a body valid enough to reach the
//! access check, and the records the policy decides on. One entry per operation, not per case.

use domain::access::operations::Target;
use domain::access::{Resource, ResourceKind as K};
use serde_json::{json, Value};

use super::world::{World, RATIONALE};
use crate::fixtures::{create, id};

pub struct Call {
    /// Values for the path's placeholders, in order.
    pub params: Vec<String>,
    pub body: Option<Value>,
    pub target: Target,
    /// The path names a part that does not exist (no alert is raised in the world): an allowed
    /// caller may get 404 for the part, after access to its record was granted.
    pub part_absent: bool,
    /// How a hidden record is answered: 404, or 422 when the body references it (an unknown
    /// reference, as for a record that does not exist).
    pub hidden_status: u16,
    /// Sends the record's current version in `If-Match`, for operations that check the version
    /// before their last access question (acting for a party), so earlier cases' changes do not
    /// answer 412 in its place.
    pub current_version_of: Option<String>,
}

fn call(params: &[&String], body: Option<Value>, record: Option<Resource>) -> Call {
    Call {
        params: params.iter().map(|p| p.to_string()).collect(),
        body,
        target: Target { record, acting_for: None },
        part_absent: false,
        hidden_status: 404,
        current_version_of: None,
    }
}

/// A body unique per case, so that allowed creates do not collide with each other.
pub fn call_for(w: &World, operation: &str, n: usize) -> Call {
    let r = |id: &String| w.records.get(id).cloned();
    let public = |kind| Some(Resource::public(kind));
    let end = Some(json!({"ends_on": "2030-01-01"}));
    let date = "2017-07-01";
    let a_pcc = &w.a.pcc;
    match operation {
        "get_rule" => call(&[&"R-CA-02".to_string()], None, None),
        // The public registry's kind: what each caller may export of other kinds is tested in events.rs
        // (NDJSON) and exports.rs (CSV).
        "export_records" => call(&[&"forces".to_string()], None, None),
        // Before the first checkpoint is signed (by `issue_audit_checkpoint`) there is none: 404.
        "get_latest_audit_checkpoint" => Call { part_absent: true, ..call(&[], None, None) },
        "get_audit_inclusion_proof" => call(&[&"?sequence=1&tree_size=2".to_string()], None, None),
        "get_audit_consistency_proof" => call(&[&"?first=1&second=2".to_string()], None, None),
        // What each caller finds is tested in search.rs.
        "search_records" => call(&[&"?q=firearms".to_string()], None, None),
        "get_health"
        | "list_rules"
        | "get_readiness"
        | "get_metrics"
        | "get_openapi_document"
        | "get_me"
        | "list_events"
        | "list_public_agreements"
        | "list_public_forward_plan"
        | "list_public_records_of_decision"
        | "list_public_meetings"
        | "get_public_agreements_feed"
        | "get_public_forward_plan_feed"
        | "get_public_records_of_decision_feed"
        | "get_public_meetings_feed"
        | "list_public_interests"
        | "get_public_interests_feed"
        | "list_public_gifts_and_hospitality"
        | "get_public_gifts_and_hospitality_feed"
        | "list_interest_entries"
        | "list_gift_entries"
        | "list_forward_plan_entries"
        | "get_forward_plan_calendar"
        | "list_forces"
        | "list_corporations_sole"
        | "list_organisations"
        | "list_people"
        | "list_posts"
        | "list_appointments"
        | "list_collaborations"
        | "list_audit_events"
        | "verify_audit_chain"
        | "list_audit_checkpoints"
        | "issue_audit_checkpoint"
        | "get_audit_log_public_key"
        | "list_collaboration_agreements"
        | "list_functions"
        | "list_schemes"
        | "list_delegations"
        | "list_authority_checks"
        | "list_boards"
        | "list_actions"
        | "list_records_of_decision"
        | "list_reference_schemes"
        | "list_webhook_subscriptions"
        | "list_trusted_issuers" => call(&[], None, None),
        "list_corporation_sole_authority" => {
            call(&[a_pcc, &format!("?on={date}&function=approve_board_decision")], None, None)
        }
        "create_force" => call(
            &[],
            Some(json!({"slug": format!("force-{n}"), "name": "New force", "police_area": format!("Area {n}")})),
            public(K::Force),
        ),
        "get_force" => call(&[&w.spare.force], None, r(&w.spare.force)),
        "update_force" => call(&[&w.spare.force], Some(json!({"name": "Renamed force"})), r(&w.spare.force)),
        "end_force" => call(&[&w.spare.force], end, r(&w.spare.force)),
        "create_corporation_sole" => call(
            &[],
            Some(
                json!({"slug": format!("cs-{n}"), "name": "New office", "kind": "pcc", "force_id": w.spare.force, "starts_on": "2012-11-22"}),
            ),
            public(K::CorporationSole),
        ),
        "get_corporation_sole" => call(&[&w.spare.chief_constable], None, r(&w.spare.chief_constable)),
        "update_corporation_sole" => {
            call(&[&w.spare.chief_constable], Some(json!({"name": "Renamed office"})), r(&w.spare.chief_constable))
        }
        "end_corporation_sole" => call(&[&w.spare.chief_constable], end, r(&w.spare.chief_constable)),
        "create_organisation" => call(
            &[],
            Some(json!({"slug": format!("org-{n}"), "name": "New unit", "kind": "external"})),
            public(K::Organisation),
        ),
        "get_organisation" => call(&[&w.spare_org], None, r(&w.spare_org)),
        "update_organisation" => call(&[&w.spare_org], Some(json!({"name": "Renamed unit"})), r(&w.spare_org)),
        "list_organisation_repointings" => call(&[&w.spare_org], None, r(&w.spare_org)),
        // Refused (422: not yet in effect) once allowed; `success_call` re-points to a fresh office.
        "change_organisation_served_office" => call(
            &[&w.spare_org],
            Some(json!({"corporation_sole_id": w.a.pcc, "effective_on": "2099-01-01", "reason": "Matrix"})),
            r(&w.spare_org),
        ),
        "end_organisation" => call(&[&w.spare_org], end, r(&w.spare_org)),
        // Creating a person: any org_admin, for its own organisation.
        "create_person" => call(&[], Some(json!({"full_name": format!("Person {n}")})), public(K::Person)),
        "get_person" => call(&[&w.holder_a], None, r(&w.holder_a)),
        "update_person" => call(&[&w.person], Some(json!({"full_name": "Pat Renamed"})), r(&w.person)),
        "create_post" => call(
            &[],
            Some(
                json!({"organisation_id": w.a.opcc, "title": format!("Post {n}"), "public": false, "starts_on": "2012-11-22"}),
            ),
            r(&w.post),
        ),
        "get_post" => call(&[&w.post], None, r(&w.post)),
        "update_post" => call(&[&w.post], Some(json!({"title": "Renamed post"})), r(&w.post)),
        "end_post" => call(&[&w.post], end, r(&w.post)),
        "create_appointment" => Call {
            hidden_status: 422,
            ..call(
                &[],
                Some(json!({"person_id": w.person, "post_id": w.post, "starts_on": "2020-01-01"})),
                r(&w.appointment),
            )
        },
        "get_appointment" => call(&[&w.appointment], None, r(&w.appointment)),
        "get_appointment_impact" => {
            call(&[&w.appointment, &"?ends_on=2020-01-01".to_string()], None, r(&w.appointment))
        }
        "update_appointment" => call(&[&w.appointment], Some(json!({"basis": "substantive"})), r(&w.appointment)),
        "end_appointment" => call(&[&w.appointment], end, r(&w.appointment)),
        "create_collaboration" => call(
            &[],
            Some(json!({"slug": format!("collaboration-{n}"), "name": "New collaboration", "starts_on": "2013-01-01"})),
            public(K::Collaboration),
        ),
        "get_collaboration" => call(&[&w.collaboration], None, r(&w.collaboration)),
        "list_transfer_orders" => call(&[], None, None),
        "get_transfer_order" | "get_transfer_order_impact" => call(&[&w.transfer_order], None, r(&w.transfer_order)),
        "create_transfer_order" => call(
            &[],
            Some(json!({"citation": format!("SI 2029/{n}"), "title": "Transfer", "made_on": "2029-01-01",
                        "in_force_on": "2030-01-01", "predecessor_ids": [w.c.chief_constable], "successor_id": w.c.pcc})),
            public(K::TransferOrder),
        ),
        "preview_transfer_order" => call(&[&w.transfer_order], Some(json!({})), r(&w.transfer_order)),
        // Not the digest of any preview: an allowed caller is refused (409) and nothing changes;
        // success is shown on a fresh, previewed order below.
        "execute_transfer_order" => {
            call(&[&w.transfer_order], Some(json!({"digest": "0".repeat(64)})), r(&w.transfer_order))
        }
        "update_collaboration" => call(&[&w.collaboration], Some(json!({"name": "Renamed"})), r(&w.collaboration)),
        "end_collaboration" => call(&[&w.collaboration], end, r(&w.collaboration)),
        "add_collaboration_member" => call(
            &[&w.collaboration],
            Some(json!({"corporation_sole_id": w.b.pcc, "starts_on": "2013-01-01"})),
            r(&w.collaboration),
        ),
        "end_collaboration_member" => call(&[&w.collaboration, &w.collaboration_member], end, r(&w.collaboration)),
        "create_collaboration_agreement" => call(
            &[],
            Some(w.draft(&format!("MATRIX/NEW/{n}"))),
            Some(Resource::public(K::CollaborationAgreement).with_parties(w.agreement_parties.clone())),
        ),
        "validate_collaboration_agreement" => call(&[], Some(w.draft("MATRIX/CHECK")), None),
        "get_collaboration_agreement" => call(&[&w.agreement], None, r(&w.agreement)),
        // No schedule is set in the world: the agreement is read, then the schedule is not found.
        "get_collaboration_agreement_cost_schedule" => {
            Call { part_absent: true, ..call(&[&w.agreement], None, r(&w.agreement)) }
        }
        "update_collaboration_agreement" => call(&[&w.agreement], Some(json!({"title": "Renamed"})), r(&w.agreement)),
        "attach_collaboration_agreement_document" => call(
            &[&w.agreement],
            Some(
                json!({"title": "Agreement", "version_label": "v1", "sha256": "a".repeat(64), "uri": "https://example.org/a.pdf", "dated": date}),
            ),
            r(&w.agreement),
        ),
        "attach_collaboration_agreement_milestone" => {
            call(&[&w.agreement], Some(json!({"kind": "soc", "reached_on": date})), r(&w.agreement))
        }
        "set_collaboration_agreement_cost_schedule" => call(
            &[&w.agreement],
            Some(
                json!({"basis": "equal", "effective_from": date, "shares": [{"party_id": w.agreement_party_a, "basis_points": 10000}]}),
            ),
            r(&w.agreement),
        ),
        "approve_collaboration_agreement" => acting(
            call(
                &[&w.agreement],
                Some(json!({"party_id": w.agreement_party_a, "approved_on": date, "acting_person_id": w.holder_a,
                            "rationale": serde_json::from_str::<Value>(RATIONALE).unwrap_or_default()})),
                r(&w.agreement),
            ),
            w,
        ),
        "sign_collaboration_agreement" => acting(
            call(
                &[&w.agreement],
                Some(
                    json!({"party_id": w.agreement_party_a, "signatory_person_id": w.holder_a, "signatory_name": "Signatory", "capacity": "office holder", "signed_on": date}),
                ),
                r(&w.agreement),
            ),
            w,
        ),
        "commence_collaboration_agreement" => {
            call(&[&w.agreement], Some(json!({"in_force_from": date})), r(&w.agreement))
        }
        "review_collaboration_agreement" => call(
            &[&w.agreement],
            Some(json!({"reviewed_on": date, "outcome": "continue", "next_review_due": "2018-07-01"})),
            r(&w.agreement),
        ),
        "withdraw_collaboration_agreement_party" => call(
            &[&w.agreement],
            Some(json!({"party_id": w.agreement_party_a, "notice_given_on": date, "effective_on": "2018-07-01"})),
            r(&w.agreement),
        ),
        "terminate_collaboration_agreement" => call(
            &[&w.agreement],
            Some(
                json!({"terminates_on": "2018-07-01", "approvals": [{"party_id": w.agreement_party_a, "approved_on": date}]}),
            ),
            r(&w.agreement),
        ),
        "publish_collaboration_agreement" => call(
            &[&w.agreement],
            Some(json!({"kind": "full", "published_on": date, "published_url": "https://example.org/a"})),
            r(&w.agreement),
        ),
        "resolve_collaboration_agreement_alert" => {
            let mut resolve = call(
                &[&w.agreement, &uuid::Uuid::now_v7().to_string()],
                Some(json!({"resolution": "handled", "resolved_on": date})),
                r(&w.agreement),
            );
            resolve.part_absent = true;
            resolve
        }
        "vary_collaboration_agreement" => {
            call(&[&w.agreement], Some(json!({"reference": format!("MATRIX/1/V{n}")})), r(&w.agreement))
        }
        "create_function" => call(
            &[],
            Some(json!({"code": format!("function_{n}"), "name": "Function", "reservation": "none"})),
            public(K::Function),
        ),
        "get_function" => call(&[&w.function], None, r(&w.function)),
        "create_scheme" => call(
            &[],
            Some(
                json!({"corporation_sole_id": a_pcc, "kind": "consent", "title": "Scheme", "scheme_version": format!("{n}"),
                        "adopted_on": "2017-02-01", "adopted_by_reference": "PCC/D/2017/02"}),
            ),
            r(&w.scheme),
        ),
        "get_scheme" => call(&[&w.scheme], None, r(&w.scheme)),
        "create_delegation" => call(
            &[],
            Some(
                json!({"kind": "consent", "corporation_sole_id": a_pcc, "delegate": {"kind": "corporation_sole", "id": w.a.chief_constable},
                        "functions": ["matrix_function"], "valid_from": "2017-01-01", "source": {"reference": "PCC/D/2017/01", "paragraph": "2"}}),
            ),
            r(&w.delegation),
        ),
        "get_delegation" => call(&[&w.delegation], None, r(&w.delegation)),
        "revoke_delegation" => call(
            &[&w.delegation],
            Some(json!({"effective_on": "2030-01-01", "reason": "superseded"})),
            r(&w.delegation),
        ),
        // Asking is open to anyone signed in; the record made belongs to the asker.
        "check_authority" => call(
            &[],
            Some(
                json!({"actor": {"kind": "corporation_sole", "id": w.a.chief_constable}, "function": "matrix_function",
                        "corporation_sole_id": a_pcc, "on": "2017-03-01"}),
            ),
            public(K::AuthorityCheck),
        ),
        "get_authority_check" => call(&[&w.authority_check], None, r(&w.authority_check)),
        "create_board" => call(
            &[],
            Some(w.board_body(&format!("Board {n}"))),
            Some(Resource::public(K::Board).with_parties(w.a_and_b())),
        ),
        "get_board" | "list_board_memberships" | "list_board_decisions" => call(&[&w.board], None, r(&w.board)),
        "update_board" => call(&[&w.board], Some(json!({"quorum_rule": "each_owning_policing_body"})), r(&w.board)),
        "change_board_owners" => call(
            &[&w.board],
            // Refused (422: A's PCC already owns it) once allowed; `success_call` adds a fresh office.
            Some(json!({"to_owner_id": w.a.pcc, "effective_on": "2020-01-01", "reason": "Matrix"})),
            r(&w.board),
        ),
        "add_board_terms_of_reference" => call(
            &[&w.board],
            Some(
                json!({"version_label": format!("v{n}"), "title": "Terms", "uri": "https://example.org/tor.pdf", "sha256": "a".repeat(64), "adopted_on": "2016-05-26"}),
            ),
            r(&w.board),
        ),
        "add_board_membership" => call(
            &[&w.board],
            Some(
                json!({"person_id": w.person, "role": "member", "corporation_sole_id": a_pcc, "starts_on": "2016-02-01"}),
            ),
            r(&w.board),
        ),
        "end_board_membership" => call(&[&w.board, &w.membership], end, r(&w.board)),
        "list_board_meetings" | "get_board_calendar" => call(&[&w.board], None, Some(w.board_part(K::Meeting))),
        "create_meeting" => call(
            &[&w.board],
            Some(json!({"date": "2018-01-01", "start_time": "10:00", "venue": "Room 2"})),
            Some(w.board_part(K::Meeting)),
        ),
        "get_meeting" | "list_meeting_minutes" => call(&[&w.held_meeting], None, r(&w.held_meeting)),
        "list_meeting_decisions" => call(&[&w.held_meeting], None, r(&w.board)),
        "update_meeting" => call(&[&w.meeting], Some(json!({"venue": "Room 3"})), r(&w.meeting)),
        "record_meeting_held" | "cancel_meeting" => call(&[&w.meeting], Some(json!({})), r(&w.meeting)),
        "add_meeting_attendance" => call(
            &[&w.meeting],
            Some(json!({"person_id": w.person, "kind": "present", "capacity": "member"})),
            r(&w.meeting),
        ),
        "add_meeting_attendee" => call(
            &[&w.meeting],
            Some(
                json!({"full_name": format!("Attendee {n}"), "organisation_id": w.spare_org, "kind": "guest", "capacity": "named in the paper"}),
            ),
            r(&w.meeting),
        ),
        "add_meeting_declaration" => {
            call(&[&w.meeting], Some(json!({"person_id": w.person, "interest": "none"})), r(&w.meeting))
        }
        "add_agenda_item" => {
            call(&[&w.meeting], Some(json!({"label": format!("{n}"), "title": "Item"})), r(&w.meeting))
        }
        "get_agenda_item" => call(&[&w.agenda_item], None, r(&w.agenda_item)),
        "update_agenda_item" => call(&[&w.agenda_item], Some(json!({"title": "Finance again"})), r(&w.agenda_item)),
        "add_agenda_paper" => call(
            &[&w.agenda_item],
            Some(
                json!({"title": "Paper", "version_label": format!("v{n}"), "sha256": "a".repeat(64), "uri": "https://example.org/p.pdf", "dated_on": date}),
            ),
            r(&w.agenda_item),
        ),
        "create_minutes" => call(
            &[&w.held_meeting],
            Some(json!({"entries": [{"agenda_item_id": w.agenda_item, "text": "Noted."}]})),
            Some(w.board_part(K::Minutes)),
        ),
        "get_minutes" => call(&[&w.minutes], None, r(&w.minutes)),
        "update_minutes" => call(
            &[&w.minutes],
            Some(json!({"entries": [{"agenda_item_id": w.agenda_item, "text": "Noted again."}]})),
            r(&w.minutes),
        ),
        "approve_minutes" => {
            call(&[&w.minutes], Some(json!({"approved_at_meeting_id": w.held_meeting})), r(&w.minutes))
        }
        "add_minutes_signature" => call(
            &[&w.minutes],
            Some(json!({"person_id": w.person, "capacity": "chair", "signed_on": date})),
            r(&w.minutes),
        ),
        "publish_minutes" => call(
            &[&w.minutes],
            Some(json!({"published_on": date, "published_url": "https://example.org/m"})),
            r(&w.minutes),
        ),
        "list_carried_forward_actions" => call(&[&w.held_meeting], None, Some(w.board_part(K::BoardAction))),
        "create_action" => {
            call(&[&w.held_meeting], Some(json!({"text": format!("Action {n}")})), Some(w.board_part(K::BoardAction)))
        }
        "create_question" => call(
            &[&w.held_meeting],
            Some(
                json!({"asked_by_person_id": w.person, "put_to_corporation_sole_id": w.a.chief_constable, "topic": "Uplift", "text": format!("Question {n}")}),
            ),
            r(&w.held_meeting),
        ),
        "list_meeting_questions" => call(&[&w.held_meeting], None, r(&w.held_meeting)),
        "list_board_questions" => call(&[&w.board], None, Some(w.board_part(K::Meeting))),
        "get_question" => call(&[&w.question], None, r(&w.question)),
        "add_question_answer" => call(
            &[&w.question],
            Some(
                json!({"answered_by_person_id": w.person, "answered_on": "2017-05-29", "text": format!("Answer {n}")}),
            ),
            r(&w.question),
        ),
        "create_question_follow_up_action" => {
            call(&[&w.question], Some(json!({"text": format!("Follow up {n}")})), Some(w.board_part(K::BoardAction)))
        }
        "list_corporation_sole_questions" => {
            call(&[&w.a.chief_constable], None, Some(domain::access::Resource::public(K::CorporationSole)))
        }
        "get_action" => call(&[&w.action], None, r(&w.action)),
        "add_action_update" => call(&[&w.action], Some(json!({"dated_on": date, "text": "Progress"})), r(&w.action)),
        "complete_action" | "discharge_action" => call(&[&w.action], Some(json!({"closed_on": date})), r(&w.action)),
        "create_decision" => call(
            &[&w.held_meeting],
            Some(json!({"subject": format!("Decision {n}"), "outcome": "agreed", "required_approvers": [a_pcc]})),
            Some(w.board_part(K::Decision)),
        ),
        "get_decision" => call(&[&w.decision], None, r(&w.decision)),
        // Corrections (R-TM-06): a blank reason, so an allowed caller is refused (422) without
        // touching the world's shared records; their success is shown on fresh records below.
        "correct_decision_outcome" => {
            call(&[&w.decision], Some(json!({"outcome": "deferred", "reason": " "})), r(&w.decision))
        }
        "correct_meeting_attendance" => call(
            &[&w.held_meeting],
            Some(json!({"person_id": w.chair_b, "kind": "apologies", "reason": " "})),
            r(&w.held_meeting),
        ),
        "correct_action" => call(&[&w.action], Some(json!({"due_on": "2017-08-01", "reason": " "})), r(&w.action)),
        "void_meeting" => call(&[&w.meeting], Some(json!({"reason": " "})), r(&w.meeting)),
        "add_decision_approval" => acting(
            call(
                &[&w.decision],
                Some(
                    json!({"corporation_sole_id": a_pcc, "person_id": w.holder_a, "capacity": "PCC", "approved_on": date}),
                ),
                r(&w.decision),
            ),
            w,
        ),
        "create_record_of_decision" => call(
            &[],
            Some(w.record_body(&format!("PCC/D/2018/{:02}", n % 100))),
            Some(Resource::public(K::RecordOfDecision).with_parties(w.a_and_b())),
        ),
        "get_record_of_decision" => call(&[&w.record_of_decision], None, r(&w.record_of_decision)),
        // The shared entry stays a draft: an allowed publication or withdrawal is refused for its
        // future date (422) after the access check; the successes are made on fresh entries.
        "create_forward_plan_entry" => call(
            &[],
            Some(json!({"deciders": [w.a.pcc, w.b.pcc], "title": format!("Entry {n}"), "summary": "S",
                        "intended_on": "2017-09-01", "taken_by": "officer"})),
            Some(Resource::public(K::ForwardPlanEntry).with_parties(w.a_and_b())),
        ),
        "get_forward_plan_entry" => call(&[&w.forward_plan_entry], None, r(&w.forward_plan_entry)),
        "update_forward_plan_entry" => {
            call(&[&w.forward_plan_entry], Some(json!({"title": "Renamed entry"})), r(&w.forward_plan_entry))
        }
        "publish_forward_plan_entry" => {
            call(&[&w.forward_plan_entry], Some(json!({"published_on": "2999-01-01"})), r(&w.forward_plan_entry))
        }
        "close_forward_plan_entry" => call(
            &[&w.forward_plan_entry],
            Some(json!({"kind": "record_of_decision", "target_id": w.record_of_decision})),
            r(&w.forward_plan_entry),
        ),
        "withdraw_forward_plan_entry" => call(
            &[&w.forward_plan_entry],
            Some(json!({"reason": "not needed", "withdrawn_on": "2999-01-01"})),
            r(&w.forward_plan_entry),
        ),
        "add_record_of_decision_officer_approval" => call(
            &[&w.record_of_decision],
            Some(json!({"role": "chief_executive", "name": "Chief Executive", "approved_on": date})),
            r(&w.record_of_decision),
        ),
        "add_record_of_decision_signature" => acting(
            call(
                &[&w.record_of_decision],
                Some(
                    json!({"corporation_sole_id": a_pcc, "signed_name": "PCC", "capacity": "Police and Crime Commissioner"}),
                ),
                r(&w.record_of_decision),
            ),
            w,
        ),
        "publish_record_of_decision" => call(
            &[&w.record_of_decision],
            Some(json!({"published_on": date, "published_url": "https://example.org/r"})),
            r(&w.record_of_decision),
        ),
        // Registers of A's PCC holder, kept by A's OPCC: its secretaries keep them.
        "create_interest_entry" => call(
            &[],
            Some(json!({"person_id": w.holder_a, "organisation_id": w.a.opcc, "category": "other",
                        "description": format!("Interest {n}"), "interest_body": "Acme Estates Ltd", "from_on": date})),
            Some(Resource::owned(K::InterestEntry, Some(World::org(&w.a)), true)),
        ),
        "get_interest_entry" => call(&[&w.interest_entry], None, r(&w.interest_entry)),
        "update_interest_entry" => {
            call(&[&w.interest_entry], Some(json!({"description": "Renamed interest"})), r(&w.interest_entry))
        }
        "create_gift_entry" => call(
            &[],
            Some(json!({"person_id": w.holder_a, "organisation_id": w.a.opcc, "kind": "gift", "received_on": date,
                        "giver": "Acme Estates Ltd", "description": format!("Gift {n}"), "estimated_value_pence": 1000,
                        "outcome": "declined"})),
            Some(Resource::owned(K::GiftEntry, Some(World::org(&w.a)), true)),
        ),
        "get_gift_entry" => call(&[&w.gift_entry], None, r(&w.gift_entry)),
        "update_gift_entry" => call(&[&w.gift_entry], Some(json!({"description": "Renamed gift"})), r(&w.gift_entry)),
        "get_reference_scheme" => call(&[&w.reference_scheme], None, None),
        "create_reference_scheme" => call(
            &[],
            Some(json!({"corporation_sole_id": a_pcc, "pattern": "PCC/D/{YYYY}/{NN}"})),
            r(&w.reference_scheme),
        ),
        "update_reference_scheme" => {
            call(&[&w.reference_scheme], Some(json!({"pattern": "PCC/D/{YYYY}/{NNN}"})), r(&w.reference_scheme))
        }
        "create_webhook_subscription" => call(
            &[],
            Some(json!({"organisation_id": w.a.opcc, "target_url": "http://127.0.0.1:9/other"})),
            Some(Resource::owned(K::WebhookSubscription, Some(World::org(&w.a)), true)),
        ),
        "get_webhook_subscription" | "list_webhook_deliveries" => call(&[&w.subscription], None, r(&w.subscription)),
        "update_webhook_subscription" => {
            call(&[&w.subscription], Some(json!({"target_url": "http://127.0.0.1:9/hook"})), r(&w.subscription))
        }
        "resume_webhook_subscription" => call(&[&w.subscription], None, r(&w.subscription)),
        "redeliver_webhook_delivery" => call(&[&w.subscription, &w.delivery], None, r(&w.subscription)),
        "create_trusted_issuer" => call(
            &[],
            Some(json!({"issuer": format!("https://idp-{n}.example"), "name": format!("Provider {n}"),
                "jwks_url": format!("https://idp-{n}.example/jwks"), "audience": "governance",
                "algorithms": ["ES256"], "organisation_id": w.a.opcc})),
            public(K::TrustedIssuer),
        ),
        "update_trusted_issuer" => {
            call(&[&w.trusted_issuer], Some(json!({"name": format!("Provider {n}")})), r(&w.trusted_issuer))
        }
        "get_trusted_issuer" | "list_person_links" | "end_trusted_issuer" => {
            call(&[&w.trusted_issuer], None, r(&w.trusted_issuer))
        }
        // No link of the world's issuer is ended here (its own test ends one): an unknown link is absent.
        "end_person_link" => Call {
            part_absent: true,
            ..call(&[&w.trusted_issuer, &uuid::Uuid::now_v7().to_string()], None, r(&w.trusted_issuer))
        },
        "create_person_link" => call(
            &[&w.trusted_issuer],
            Some(json!({"subject": format!("subject-{n}"), "person_id": w.person})),
            r(&w.trusted_issuer),
        ),
        other => panic!("the access matrix does not know how to call {other}: add it to access_matrix/cases.rs"),
    }
}

/// A call that can succeed where the world's record is in the wrong state for it (the matrix's
/// own draft agreement is never approved, signed or in force): fresh records in the needed state.
pub fn success_call(w: &World, operation: &str, n: usize) -> Option<Call> {
    let date = "2017-07-01";
    let fresh = |status| {
        let agreement = w.agreement_in(&format!("MATRIX/OK/{n}"), status);
        let id = agreement["id"].as_str().unwrap_or_default().to_string();
        let party = |p: usize| agreement["parties"][p]["id"].clone();
        (id, party(0), agreement["parties"].as_array().cloned().unwrap_or_default())
    };
    let body = match operation {
        "sign_collaboration_agreement" => {
            let (id, party, _) = fresh("approved");
            (
                id,
                json!({"party_id": party, "signatory_person_id": w.holder_a, "signatory_name": "Signatory", "capacity": "office holder", "signed_on": date}),
            )
        }
        "commence_collaboration_agreement" => (fresh("signed").0, json!({"in_force_from": date})),
        "publish_collaboration_agreement" => {
            (fresh("signed").0, json!({"kind": "full", "published_on": date, "published_url": "https://example.org/a"}))
        }
        "review_collaboration_agreement" => {
            (fresh("in_force").0, json!({"reviewed_on": date, "outcome": "continue", "next_review_due": "2018-07-01"}))
        }
        "vary_collaboration_agreement" => (fresh("in_force").0, json!({"reference": format!("MATRIX/OK/{n}/V1")})),
        "withdraw_collaboration_agreement_party" => {
            let (id, party, _) = fresh("in_force");
            (id, json!({"party_id": party, "notice_given_on": "2018-10-09", "effective_on": "2019-10-31"}))
        }
        "terminate_collaboration_agreement" => {
            let (id, _, parties) = fresh("in_force");
            let approvals: Vec<Value> = parties
                .iter()
                .enumerate()
                .map(|(i, p)| json!({"party_id": p["id"], "approved_on": "2020-03-01", "acting_person_id": w.party_holder(i)}))
                .collect();
            (id, json!({"terminates_on": "2020-03-31", "approvals": approvals}))
        }
        "resolve_collaboration_agreement_alert" => {
            // Withdrawing A's PCC leaves A's force without its policing body: an R-CA-02 alert.
            let (id, party, _) = fresh("in_force");
            let path = format!("/api/v1/collaboration-agreements/{id}");
            let withdrawn = w.act_on(
                &path,
                "withdrawals",
                &w.app.token(&w.a.opcc_slug, &["contributor"]),
                &json!({"party_id": party, "notice_given_on": "2018-10-09", "effective_on": "2019-10-31"}),
            );
            let alert = withdrawn["alerts"][0]["id"].as_str().unwrap_or_default().to_string();
            return Some(call(&[&id, &alert], Some(json!({"resolution": "handled", "resolved_on": date})), None));
        }
        "end_person_link" => {
            let links = format!("/api/v1/trusted-issuers/{}/person-links", w.trusted_issuer);
            let body = json!({"subject": format!("to-end-{n}"), "person_id": w.person});
            let link = create(&w.app, &w.app.admin(), &links, body);
            return Some(call(&[&w.trusted_issuer, &id(&link)], None, None));
        }
        "discharge_action" => {
            let secretary = w.app.token(&w.a.opcc_slug, &["secretary"]);
            let path = format!("/api/v1/meetings/{}/actions", w.held_meeting);
            let action = create(&w.app, &secretary, &path, json!({"text": format!("Action {n}")}));
            (id(&action), json!({"closed_on": date}))
        }
        "record_meeting_held" => (w.fresh_meeting("2017-06-20", false).0, json!({})),
        "change_organisation_served_office" => (
            w.spare_org.clone(),
            json!({"corporation_sole_id": w.fresh_office(n), "effective_on": "2020-01-01", "reason": "Matrix"}),
        ),
        "change_board_owners" => (
            w.board.clone(),
            json!({"to_owner_id": w.fresh_office(n), "effective_on": "2020-01-01", "reason": "Matrix"}),
        ),
        "correct_decision_outcome" => {
            let secretary = w.app.token(&w.a.opcc_slug, &["secretary"]);
            let path = format!("/api/v1/meetings/{}/decisions", w.held_meeting);
            let body =
                json!({"subject": format!("To correct {n}"), "outcome": "agreed", "required_approvers": [w.a.pcc]});
            (
                id(&create(&w.app, &secretary, &path, body)),
                json!({"outcome": "deferred", "reason": "minuted as deferred"}),
            )
        }
        "correct_meeting_attendance" => {
            let body =
                json!({"person_id": w.chair_b, "kind": "apologies", "reason": "sent apologies, minuted as present"});
            (w.fresh_meeting("2017-06-22", true).0, body)
        }
        "correct_action" => {
            let secretary = w.app.token(&w.a.opcc_slug, &["secretary"]);
            let path = format!("/api/v1/meetings/{}/actions", w.held_meeting);
            let action = create(&w.app, &secretary, &path, json!({"text": format!("To correct {n}"), "due_on": date}));
            (id(&action), json!({"due_on": "2017-08-01", "reason": "the chair extended it"}))
        }
        "void_meeting" => (w.fresh_meeting("2017-06-23", false).0, json!({"reason": "entered twice"})),
        "create_minutes" => {
            let (meeting, item) = w.fresh_meeting("2017-05-30", true);
            (meeting, json!({"entries": [{"agenda_item_id": item, "text": "Noted."}]}))
        }
        "approve_minutes" => {
            let (minutes, later) = w.minutes_in("draft");
            (minutes, json!({"approved_at_meeting_id": later}))
        }
        "add_minutes_signature" => {
            (w.minutes_in("approved").0, json!({"person_id": w.person, "capacity": "chair", "signed_on": date}))
        }
        "publish_minutes" => {
            (w.minutes_in("signed").0, json!({"published_on": date, "published_url": "https://example.org/m"}))
        }
        "publish_record_of_decision" => {
            (w.signed_record_of_decision(n), json!({"published_on": date, "published_url": "https://example.org/r"}))
        }
        "publish_forward_plan_entry" => (w.fresh_forward_plan_entry(n, false), json!({"published_on": date})),
        "close_forward_plan_entry" => (
            w.fresh_forward_plan_entry(n, true),
            json!({"kind": "record_of_decision", "target_id": w.record_of_decision}),
        ),
        "withdraw_forward_plan_entry" => (w.fresh_forward_plan_entry(n, false), json!({"reason": "not needed"})),
        // Acting for A's PCC succeeds when the act names A's PCC (R-TM-02), on a record not yet
        // approved or signed for it.
        "add_decision_approval" => {
            let secretary = w.app.token(&w.a.opcc_slug, &["secretary"]);
            let path = format!("/api/v1/meetings/{}/decisions", w.held_meeting);
            let body = json!({"subject": format!("Success {n}"), "outcome": "agreed", "required_approvers": [w.a.pcc]});
            let decision = create(&w.app, &secretary, &path, body);
            let approval = json!({"corporation_sole_id": w.a.pcc, "person_id": w.holder_a, "capacity": "PCC", "approved_on": date});
            return Some(acting(call(&[&id(&decision)], Some(approval), None), w));
        }
        "execute_transfer_order" => {
            let office = |slug: String, kind: &str| {
                let body = json!({"slug": slug, "name": "Office", "kind": kind, "starts_on": "2013-01-01"});
                id(&create(&w.app, &w.admin, "/api/v1/corporations-sole", body))
            };
            let (predecessor, successor) = (office(format!("pred-{n}"), "pcc"), office(format!("succ-{n}"), "mayor"));
            let body = json!({"citation": format!("SI 2029/{n}"), "title": "Transfer", "made_on": "2029-01-01",
                              "in_force_on": "2030-01-01", "predecessor_ids": [predecessor], "successor_id": successor});
            let order = id(&create(&w.app, &w.admin, "/api/v1/transfer-orders", body));
            let preview = w
                .app
                .post(&format!("/api/v1/transfer-orders/{order}/preview"))
                .token(&w.admin)
                .if_match(1)
                .json(&json!({}))
                .expect(200)
                .json();
            let mut call = call(&[&order], Some(json!({"digest": preview["digest"]})), None);
            call.current_version_of = Some(format!("/api/v1/transfer-orders/{order}"));
            return Some(call);
        }
        "add_record_of_decision_signature" => {
            let record = w.fresh_record_of_decision(n);
            let signature = json!({"corporation_sole_id": w.a.pcc, "person_id": w.holder_a, "signed_name": "PCC", "capacity": "Police and Crime Commissioner"});
            return Some(acting(call(&[&record], Some(signature), None), w));
        }
        _ => return None,
    };
    let (id, body) = body;
    Some(call(&[&id], Some(body), None))
}

/// Acting for A's PCC: the organisations serving it (A's OPCC) may approve or sign for it.
fn acting(mut call: Call, w: &World) -> Call {
    call.current_version_of = Some(format!("/api/v1/{}", call_path_of(&call, w)));
    call.target.acting_for = Some(Resource::public(K::CollaborationAgreement).with_parties(w.serving_a()));
    call
}

fn call_path_of(call: &Call, w: &World) -> String {
    let id = call.params.first().cloned().unwrap_or_default();
    if id == w.agreement {
        format!("collaboration-agreements/{id}")
    } else if id == w.decision {
        format!("decisions/{id}")
    } else {
        format!("records-of-decision/{id}")
    }
}
