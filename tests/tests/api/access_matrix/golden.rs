//! The golden table: what every operation should answer each caller of the matrix world, written by
//! hand from the README's role descriptions and the intended rules, NOT computed from the policy
//! the service runs (`domain::access::POLICY`). The matrix checks the service against this table as
//! well as against the policy, so a grant widened in POLICY (e.g. agreement updates for any signed-in
//! caller) fails here even though the policy-derived expectation moves with it.
//!
//! The world (see `world.rs`): A's OPCC owns the records; B's OPCC is the partner (a party to A's
//! agreement, board and records of decision); A's force organisation (serving A's chief constable)
//! is a party to the agreement only; C's OPCC is unrelated. Acting "for the office" below means for
//! A's PCC, which only A's OPCC serves.

use domain::access::Role;

/// How the caller's organisation relates to the world's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// A's OPCC.
    Owner,
    /// B's OPCC.
    Partner,
    /// A's force organisation.
    Force,
    /// C's OPCC.
    Unrelated,
}

use Rel::{Force, Owner, Partner, Unrelated};

const ALL: &[Rel] = &[Owner, Partner, Force, Unrelated];
const A: &[Rel] = &[Owner];
/// Parties to A's board, its meetings, minutes, actions, decisions and records of decision.
const AB: &[Rel] = &[Owner, Partner];
/// Parties to A's agreement (the organisations serving its four corporations sole).
const AGREEMENT: &[Rel] = &[Owner, Partner, Force];
const NONE: &[Rel] = &[];

/// What a caller should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Out {
    /// Access granted (the request may still fail the rules or the version: 2xx/400/409/412/422).
    Allow,
    /// 401.
    Unauthenticated,
    /// 403.
    Forbidden,
    /// 404 (or the row's `hidden` status, 422 when the body references the hidden record).
    Hidden,
    /// Access granted, but the token names a person with no authority to act for the office: 403
    /// (unless the record's state refuses first).
    NoAuthority,
}

/// One rule shared by a group of operations.
pub struct Rule {
    pub ops: &'static [&'static str],
    /// What an anonymous caller gets.
    anonymous: Out,
    /// Who sees the record at all (others: `Hidden`). System admins see everything.
    seen_by: &'static [Rel],
    /// The role needed (`None`: any signed-in caller who sees the record).
    role: Option<Role>,
    /// With that role, which relations may do it.
    done_by: &'static [Rel],
    /// What a caller who sees the record but may not do it gets.
    refused: Out,
    /// Whether a platform `system_admin` may (administering) or not (acting for a corporation sole).
    platform: bool,
    /// Acting for the office: a token naming a person without authority to act is refused.
    acts_for_office: bool,
    /// The status for `Hidden` (404, or 422 for a create whose body references a hidden record).
    pub hidden: u16,
}

const fn base(ops: &'static [&'static str]) -> Rule {
    Rule {
        ops,
        anonymous: Out::Allow,
        seen_by: ALL,
        role: None,
        done_by: ALL,
        refused: Out::Forbidden,
        platform: true,
        acts_for_office: false,
        hidden: 404,
    }
}

/// Everyone, token or not.
const fn open(ops: &'static [&'static str]) -> Rule {
    base(ops)
}

/// A read of a record only `seen_by` (and system admins) may see; anyone else: 404.
const fn hidden_read(ops: &'static [&'static str], seen_by: &'static [Rel]) -> Rule {
    Rule { anonymous: Out::Hidden, seen_by, done_by: seen_by, refused: Out::Hidden, ..base(ops) }
}

/// A list scoped to the caller's organisation, for holders of `role` anywhere: others 403.
const fn scoped_list(ops: &'static [&'static str], role: Role) -> Rule {
    Rule { anonymous: Out::Unauthenticated, role: Some(role), ..base(ops) }
}

/// Any signed-in caller.
const fn signed_in(ops: &'static [&'static str]) -> Rule {
    Rule { anonymous: Out::Unauthenticated, ..base(ops) }
}

/// A change only platform administrators make.
const fn platform_only(ops: &'static [&'static str]) -> Rule {
    Rule { anonymous: Out::Unauthenticated, role: Some(Role::SystemAdmin), done_by: NONE, ..base(ops) }
}

/// A change by holders of `role` in `done_by`, on a record `seen_by` sees (platform admins too).
const fn change(ops: &'static [&'static str], role: Role, seen_by: &'static [Rel], done_by: &'static [Rel]) -> Rule {
    Rule { anonymous: Out::Unauthenticated, seen_by, role: Some(role), done_by, ..base(ops) }
}

/// An act for a party that platform administrators may not do (commence, publish).
const fn act(ops: &'static [&'static str], role: Role, seen_by: &'static [Rel], done_by: &'static [Rel]) -> Rule {
    Rule { platform: false, ..change(ops, role, seen_by, done_by) }
}

/// Approving or signing for A's PCC: only approvers of an organisation serving it, never a
/// platform administrator; a named person needs authority to act for the office.
const fn act_for_office(ops: &'static [&'static str], seen_by: &'static [Rel]) -> Rule {
    Rule { platform: false, acts_for_office: true, ..change(ops, Role::Approver, seen_by, A) }
}

pub const RULES: &[Rule] = &[
    // service: open to everyone, and how each issuing body numbers its records is public.
    open(&[
        "get_health",
        "get_readiness",
        "get_metrics",
        "get_openapi_document",
        "get_me",
        "list_rules",
        "get_rule",
        "list_events",
        "search_records",
        "list_public_agreements",
        "list_public_forward_plan",
        "list_public_records_of_decision",
        "list_public_meetings",
        "get_public_agreements_feed",
        "get_public_forward_plan_feed",
        "get_public_records_of_decision_feed",
        "get_public_meetings_feed",
        "list_public_interests",
        "get_public_interests_feed",
        "list_public_gifts_and_hospitality",
        "get_public_gifts_and_hospitality_feed",
        "get_forward_plan_calendar",
        "export_records",
        "list_reference_schemes",
        // The audit log's signed checkpoints, their key and proofs: only hashes, published to keep.
        "list_audit_checkpoints",
        "get_latest_audit_checkpoint",
        "get_audit_log_public_key",
        "get_audit_inclusion_proof",
        "get_audit_consistency_proof",
        "get_reference_scheme",
    ]),
    // Public registry and published records: everyone reads, anonymous callers too.
    open(&[
        "list_forces",
        "get_force",
        "list_corporations_sole",
        "get_corporation_sole",
        "list_corporation_sole_questions",
        "list_organisations",
        "get_organisation",
        "list_organisation_repointings",
        "list_people",
        "get_person",
        "list_posts",
        "list_appointments",
        "list_collaborations",
        "get_collaboration",
        "list_transfer_orders",
        "get_transfer_order",
        "get_transfer_order_impact",
        "list_collaboration_agreements",
        "list_functions",
        "get_function",
        "list_schemes",
        "get_scheme",
        "list_delegations",
        "get_delegation",
        "list_authority_checks",
        "list_corporation_sole_authority",
        "list_boards",
        "list_actions",
        "list_records_of_decision",
        "list_forward_plan_entries",
        // Registers of interests and of gifts and hospitality: every entry is public (a withheld
        // one as its notice).
        "list_interest_entries",
        "get_interest_entry",
        "list_gift_entries",
        "get_gift_entry",
    ]),
    // The shared registry: forces, corporations sole, organisations, collaborations, functions.
    platform_only(&[
        "create_force",
        "update_force",
        "end_force",
        "create_corporation_sole",
        "update_corporation_sole",
        "end_corporation_sole",
        "create_organisation",
        "update_organisation",
        "change_organisation_served_office",
        "end_organisation",
        "create_collaboration",
        "update_collaboration",
        "end_collaboration",
        "add_collaboration_member",
        "end_collaboration_member",
        "create_transfer_order",
        "preview_transfer_order",
        "execute_transfer_order",
        "create_function",
    ]),
    // People: any org_admin registers people; only the owning organisation's org_admin changes them.
    change(&["create_person"], Role::OrgAdmin, ALL, ALL),
    change(&["update_person"], Role::OrgAdmin, ALL, A),
    // A's internal post and appointment: A's org_admin only; nobody else may know they exist.
    hidden_read(&["get_post", "get_appointment", "get_appointment_impact"], A),
    change(&["create_post", "update_post", "end_post", "update_appointment", "end_appointment"], Role::OrgAdmin, A, A),
    Rule { hidden: 422, ..change(&["create_appointment"], Role::OrgAdmin, A, A) },
    // The audit log: org_admins read their own organisation's events; the whole chain is the platform's.
    scoped_list(&["list_audit_events"], Role::OrgAdmin),
    platform_only(&["verify_audit_chain", "issue_audit_checkpoint"]),
    // Agreements: drafted and kept by contributors of the party organisations.
    hidden_read(&["get_collaboration_agreement", "get_collaboration_agreement_cost_schedule"], AGREEMENT),
    change(&["create_collaboration_agreement"], Role::Contributor, ALL, AGREEMENT),
    signed_in(&["validate_collaboration_agreement", "check_authority"]),
    change(
        &[
            "update_collaboration_agreement",
            "attach_collaboration_agreement_document",
            "attach_collaboration_agreement_milestone",
            "set_collaboration_agreement_cost_schedule",
            "review_collaboration_agreement",
            "resolve_collaboration_agreement_alert",
            "vary_collaboration_agreement",
        ],
        Role::Contributor,
        AGREEMENT,
        AGREEMENT,
    ),
    act(
        &[
            "commence_collaboration_agreement",
            "publish_collaboration_agreement",
            "withdraw_collaboration_agreement_party",
            "terminate_collaboration_agreement",
        ],
        Role::Contributor,
        AGREEMENT,
        AGREEMENT,
    ),
    act_for_office(&["approve_collaboration_agreement", "sign_collaboration_agreement"], AGREEMENT),
    // Schemes and delegations of A's PCC: kept by the org_admin of the organisation serving it.
    act(&["create_scheme", "create_delegation", "revoke_delegation"], Role::OrgAdmin, ALL, A),
    // A recorded authority check belongs to the organisation that asked.
    hidden_read(&["get_authority_check"], A),
    // A's and B's private joint board and everything under it: their secretaries keep it.
    hidden_read(
        &[
            "get_board",
            "list_board_memberships",
            "list_board_decisions",
            "list_meeting_decisions",
            "list_board_meetings",
            "get_board_calendar",
            "get_meeting",
            "get_agenda_item",
            "list_meeting_minutes",
            "list_meeting_questions",
            "list_board_questions",
            "get_question",
            "get_minutes",
            "list_carried_forward_actions",
            "get_action",
            "get_decision",
            "get_record_of_decision",
            "get_forward_plan_entry",
        ],
        AB,
    ),
    change(&["create_board", "create_record_of_decision", "create_forward_plan_entry"], Role::Secretary, ALL, AB),
    change(
        &[
            "update_board",
            "change_board_owners",
            "add_board_terms_of_reference",
            "add_board_membership",
            "end_board_membership",
            "create_meeting",
            "update_meeting",
            "record_meeting_held",
            "cancel_meeting",
            "add_meeting_attendance",
            "add_meeting_attendee",
            "add_meeting_declaration",
            "add_agenda_item",
            "update_agenda_item",
            "add_agenda_paper",
            "create_minutes",
            "update_minutes",
            "approve_minutes",
            "add_minutes_signature",
            "publish_minutes",
            "create_action",
            "create_question",
            "add_question_answer",
            "create_question_follow_up_action",
            "add_action_update",
            "complete_action",
            "discharge_action",
            "create_decision",
            "correct_decision_outcome",
            "correct_meeting_attendance",
            "correct_action",
            "void_meeting",
            "add_record_of_decision_officer_approval",
            "publish_record_of_decision",
            "update_forward_plan_entry",
            "publish_forward_plan_entry",
            "close_forward_plan_entry",
            "withdraw_forward_plan_entry",
        ],
        Role::Secretary,
        AB,
        AB,
    ),
    act_for_office(&["add_decision_approval", "add_record_of_decision_signature"], AB),
    // The registers A's OPCC keeps: its secretaries only.
    change(
        &["create_interest_entry", "update_interest_entry", "create_gift_entry", "update_gift_entry"],
        Role::Secretary,
        ALL,
        A,
    ),
    // How A's PCC numbers its records: set by the secretaries serving it.
    change(&["create_reference_scheme", "update_reference_scheme"], Role::Secretary, ALL, A),
    // A's webhook subscription: A's org_admin only; others may not know it exists.
    scoped_list(&["list_webhook_subscriptions"], Role::OrgAdmin),
    change(&["create_webhook_subscription"], Role::OrgAdmin, ALL, A),
    Rule {
        anonymous: Out::Hidden,
        refused: Out::Hidden,
        ..change(&["get_webhook_subscription", "list_webhook_deliveries"], Role::OrgAdmin, A, A)
    },
    change(
        &["update_webhook_subscription", "resume_webhook_subscription", "redeliver_webhook_delivery"],
        Role::OrgAdmin,
        A,
        A,
    ),
    // The trust registry: the platform's administrators only. Others may not read a registration
    // (404) nor list or change the registry (403).
    platform_only(&[
        "list_trusted_issuers",
        "create_trusted_issuer",
        "update_trusted_issuer",
        "end_trusted_issuer",
        "create_person_link",
        "end_person_link",
    ]),
    Rule { refused: Out::Hidden, ..platform_only(&["get_trusted_issuer", "list_person_links"]) },
];

/// The rule of an operation id.
pub fn rule(op: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.ops.contains(&op))
}

/// Operation ids with no rule, or with more than one.
pub fn uncovered(declared: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for id in declared {
        match RULES.iter().filter(|r| r.ops.contains(id)).count() {
            0 => out.push(format!("{id}: no golden rule")),
            1 => {}
            n => out.push(format!("{id}: {n} golden rules")),
        }
    }
    for r in RULES {
        out.extend(
            r.ops
                .iter()
                .filter(|op| !declared.contains(op))
                .map(|op| format!("{op}: golden rule for an undeclared operation")),
        );
    }
    out
}

/// Who calls, as the golden table sees it.
#[derive(Debug, Clone)]
pub struct Who {
    /// `None`: anonymous.
    pub rel: Option<Rel>,
    pub roles: Vec<Role>,
    /// The token names a person (without any authority to act for an office).
    pub person: bool,
}

impl Rule {
    pub fn outcome(&self, who: &Who) -> Out {
        let Some(rel) = who.rel else { return self.anonymous };
        let platform = who.roles.contains(&Role::SystemAdmin);
        if !platform && !self.seen_by.contains(&rel) {
            return Out::Hidden;
        }
        if platform {
            return if self.platform { Out::Allow } else { Out::Forbidden };
        }
        let has_role = self.role.is_none_or(|role| who.roles.contains(&role));
        if !(has_role && self.done_by.contains(&rel)) {
            return self.refused;
        }
        if self.acts_for_office && who.person {
            Out::NoAuthority
        } else {
            Out::Allow
        }
    }
}

/// Whether the service's answer `status` agrees with the outcome. `Allow` accepts any answer but a
/// refusal (401, 403, 404 unless the path names a part that may be absent, 5xx). `NoAuthority`
/// accepts 403 and the business refusals the state of the record may give first (409, 412, 422),
/// never a success: acting without authority is the failure it guards against.
pub fn agrees(out: Out, hidden: u16, part_absent: bool, status: u16) -> bool {
    match out {
        Out::Allow => !(matches!(status, 401 | 403) || (status == 404 && !part_absent) || status >= 500),
        Out::Unauthenticated => status == 401,
        Out::Forbidden => status == 403,
        Out::Hidden => status == hidden,
        Out::NoAuthority => matches!(status, 403 | 409 | 412 | 422),
    }
}
