//! The access policy: one declared table decides every request from (principal, action, resource).
//!
//! Handlers never decide by themselves; they describe the resource and ask [`authorize`], and lists ask
//! [`list_scope`] for the filter persistence turns into SQL.

pub mod describe;
pub mod operations;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::registry::string_enum! {
    /// Roles carried in a token's `roles` claim.
    Role {
        Reader => "reader",
        Contributor => "contributor",
        Secretary => "secretary",
        Approver => "approver",
        OrgAdmin => "org_admin",
        SystemAdmin => "system_admin",
    }
}

/// Who is asking: an authenticated person or service acting for one organisation, or nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub subject: String,
    pub organisation_id: Option<Uuid>,
    pub organisation_slug: Option<String>,
    pub roles: Vec<Role>,
    pub person_id: Option<Uuid>,
}

impl Principal {
    pub fn anonymous() -> Self {
        Self {
            subject: "anonymous".into(),
            organisation_id: None,
            organisation_slug: None,
            roles: Vec::new(),
            person_id: None,
        }
    }

    pub fn is_anonymous(&self) -> bool {
        self.organisation_id.is_none()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn belongs_to(&self, organisation: Option<Uuid>) -> bool {
        organisation.is_some() && self.organisation_id == organisation
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Update,
    End,
    /// Approve, sign or decide for a corporation sole.
    Approve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Force,
    CorporationSole,
    Organisation,
    Person,
    Post,
    Appointment,
    Collaboration,
    CollaborationAgreement,
    AuditEvent,
    /// An entry of the functions catalogue.
    Function,
    /// A scheme of delegation or consent (a versioned instrument of one corporation sole).
    Scheme,
    /// A delegation or consent.
    Delegation,
    /// A recorded authority check.
    AuthorityCheck,
    Board,
    Meeting,
    Minutes,
    BoardAction,
    Decision,
    RecordOfDecision,
    /// An entry of the forward plan of key decisions.
    ForwardPlanEntry,
    /// An entry of a person's register of interests, kept by one organisation (the OPCC or force).
    InterestEntry,
    /// An entry of a person's register of gifts and hospitality, kept by one organisation.
    GiftEntry,
    /// Parts recorded under their own name in the audit log; the policy decides on their board,
    /// meeting or record (no POLICY rows of their own).
    BoardMembership,
    AgendaItem,
    /// A question put at a meeting (holding to account), with its answers.
    Question,
    ReferenceScheme,
    /// A webhook subscription of one organisation (with its deliveries).
    WebhookSubscription,
    /// A transfer order (section 8): public law, kept by the platform's administrators.
    TransferOrder,
    /// A trusted identity provider of the trust registry: the platform's administrators only (no
    /// POLICY rows).
    TrustedIssuer,
}

impl ResourceKind {
    pub const ALL: &'static [ResourceKind] = &[
        Self::Force,
        Self::CorporationSole,
        Self::Organisation,
        Self::Person,
        Self::Post,
        Self::Appointment,
        Self::Collaboration,
        Self::CollaborationAgreement,
        Self::AuditEvent,
        Self::Function,
        Self::Scheme,
        Self::Delegation,
        Self::AuthorityCheck,
        Self::Board,
        Self::Meeting,
        Self::Minutes,
        Self::BoardAction,
        Self::Decision,
        Self::RecordOfDecision,
        Self::ForwardPlanEntry,
        Self::InterestEntry,
        Self::GiftEntry,
        Self::BoardMembership,
        Self::AgendaItem,
        Self::Question,
        Self::ReferenceScheme,
        Self::WebhookSubscription,
        Self::TransferOrder,
        Self::TrustedIssuer,
    ];

    /// The name used in audit events and problem details.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Force => "force",
            Self::CorporationSole => "corporation_sole",
            Self::Organisation => "organisation",
            Self::Person => "person",
            Self::Post => "post",
            Self::Appointment => "appointment",
            Self::Collaboration => "collaboration",
            Self::CollaborationAgreement => "collaboration_agreement",
            Self::AuditEvent => "audit_event",
            Self::Function => "function",
            Self::Scheme => "scheme",
            Self::Delegation => "delegation",
            Self::AuthorityCheck => "authority_check",
            Self::Board => "board",
            Self::Meeting => "meeting",
            Self::Minutes => "minutes",
            Self::BoardAction => "action",
            Self::Decision => "decision",
            Self::RecordOfDecision => "record_of_decision",
            Self::ForwardPlanEntry => "forward_plan_entry",
            Self::InterestEntry => "interest_entry",
            Self::GiftEntry => "gift_entry",
            Self::BoardMembership => "board_membership",
            Self::AgendaItem => "agenda_item",
            Self::Question => "question",
            Self::ReferenceScheme => "reference_scheme",
            Self::WebhookSubscription => "webhook_subscription",
            Self::TransferOrder => "transfer_order",
            Self::TrustedIssuer => "trusted_issuer",
        }
    }
}

/// The facts about one record that the policy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The organisation whose record this is, if any.
    pub owner: Option<Uuid>,
    /// Organisations related to the record as a party or member (e.g. the OPCCs and forces serving
    /// the corporations sole party to an agreement or owning a board): they see it and may act on it
    /// where a grant says so.
    pub parties: Vec<Uuid>,
    /// Public records are readable by everyone, including anonymous callers.
    pub public: bool,
}

impl Resource {
    /// A record of the shared public registry.
    pub fn public(kind: ResourceKind) -> Resource {
        Resource { kind, owner: None, parties: Vec::new(), public: true }
    }

    /// A record owned by one organisation.
    pub fn owned(kind: ResourceKind, owner: Option<Uuid>, public: bool) -> Resource {
        Resource { kind, owner, parties: Vec::new(), public }
    }

    pub fn with_parties(mut self, parties: Vec<Uuid>) -> Resource {
        self.parties = parties;
        self
    }
}

/// Who a grant lets act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// Anyone who can see the record (public records: everyone).
    AnyoneWhoSees,
    /// A principal with this role, acting for the organisation that owns the record.
    RoleInOwningOrganisation(Role),
    /// A principal with this role, acting for the owning organisation or a party organisation.
    RoleInPartyOrganisation(Role),
    /// A principal with this role, whatever its organisation.
    Role(Role),
    /// Any authenticated principal, whatever its roles.
    AnyAuthenticated,
}

/// The declared table. `system_admin` may do everything in addition to what is listed, except act
/// for a corporation sole ([`Action::Approve`], and the acts checked by [`authorize_act`]): platform
/// roles administer the record; only the offices' own people act in it.
pub const POLICY: &[(ResourceKind, Action, Grant)] = &[
    (ResourceKind::Force, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::CorporationSole, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Organisation, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Person, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Person, Action::Create, Grant::Role(Role::OrgAdmin)),
    (ResourceKind::Person, Action::Update, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Post, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Post, Action::Create, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Post, Action::Update, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Post, Action::End, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Appointment, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Appointment, Action::Create, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Appointment, Action::Update, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Appointment, Action::End, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::Collaboration, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::CollaborationAgreement, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::CollaborationAgreement, Action::Create, Grant::RoleInPartyOrganisation(Role::Contributor)),
    (ResourceKind::CollaborationAgreement, Action::Update, Grant::RoleInPartyOrganisation(Role::Contributor)),
    (ResourceKind::CollaborationAgreement, Action::End, Grant::RoleInPartyOrganisation(Role::Contributor)),
    (ResourceKind::CollaborationAgreement, Action::Approve, Grant::RoleInPartyOrganisation(Role::Approver)),
    (ResourceKind::AuditEvent, Action::Read, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    // The functions catalogue is public; only system admins extend it (no Create row).
    (ResourceKind::Function, Action::Read, Grant::AnyoneWhoSees),
    // Schemes and delegations are published; an org_admin of an organisation serving the corporation
    // sole (its party organisations) keeps them.
    (ResourceKind::Scheme, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Scheme, Action::Create, Grant::RoleInPartyOrganisation(Role::OrgAdmin)),
    (ResourceKind::Delegation, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Delegation, Action::Create, Grant::RoleInPartyOrganisation(Role::OrgAdmin)),
    (ResourceKind::Delegation, Action::End, Grant::RoleInPartyOrganisation(Role::OrgAdmin)),
    // Anyone signed in may ask; a recorded check belongs to the asking organisation.
    (ResourceKind::AuthorityCheck, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::AuthorityCheck, Action::Create, Grant::AnyAuthenticated),
    // Boards: parties are the organisations serving the owning corporations sole. Public boards
    // show their meetings, published minutes and agreed decisions to everyone (exempt parts as a shell).
    (ResourceKind::Board, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Board, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Board, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Board, Action::End, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Meeting, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Meeting, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Meeting, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Minutes, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Minutes, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Minutes, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::BoardAction, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::BoardAction, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::BoardAction, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::Decision, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::Decision, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    // Corrections of the register (R-TM-06): the secretaries who keep it.
    (ResourceKind::Decision, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    // Approving for a corporation sole: the resource's parties are the organisations serving it.
    (ResourceKind::Decision, Action::Approve, Grant::RoleInPartyOrganisation(Role::Approver)),
    (ResourceKind::RecordOfDecision, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::RecordOfDecision, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::RecordOfDecision, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::RecordOfDecision, Action::Approve, Grant::RoleInPartyOrganisation(Role::Approver)),
    // The forward plan is kept, as records of decision are, by the secretaries serving the deciders;
    // published entries are public, drafts their parties'.
    (ResourceKind::ForwardPlanEntry, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::ForwardPlanEntry, Action::Create, Grant::RoleInPartyOrganisation(Role::Secretary)),
    (ResourceKind::ForwardPlanEntry, Action::Update, Grant::RoleInPartyOrganisation(Role::Secretary)),
    // Registers of interests and of gifts and hospitality: every entry is on the public register (a
    // withheld one as its notice); the secretaries of the keeping organisation keep them.
    (ResourceKind::InterestEntry, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::InterestEntry, Action::Create, Grant::RoleInOwningOrganisation(Role::Secretary)),
    (ResourceKind::InterestEntry, Action::Update, Grant::RoleInOwningOrganisation(Role::Secretary)),
    (ResourceKind::GiftEntry, Action::Read, Grant::AnyoneWhoSees),
    (ResourceKind::GiftEntry, Action::Create, Grant::RoleInOwningOrganisation(Role::Secretary)),
    (ResourceKind::GiftEntry, Action::Update, Grant::RoleInOwningOrganisation(Role::Secretary)),
    // Webhook subscriptions (and their delivery logs) are kept by the owning organisation's org_admin.
    (ResourceKind::WebhookSubscription, Action::Read, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::WebhookSubscription, Action::Create, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    (ResourceKind::WebhookSubscription, Action::Update, Grant::RoleInOwningOrganisation(Role::OrgAdmin)),
    // Transfer orders are statutory instruments: everyone reads them; only system admins record,
    // preview and execute them (no Create or Update row).
    (ResourceKind::TransferOrder, Action::Read, Grant::AnyoneWhoSees),
];

/// Why a request is refused; the API maps these to 401, 403 and 404.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// Changes need a token.
    Unauthenticated,
    /// The caller may see the record but not do this to it.
    Forbidden(String),
    /// The caller may not know the record exists (answered as 404).
    NotVisible,
}

pub type Decision = Result<(), Denial>;

pub(crate) fn grant_for(kind: ResourceKind, action: Action) -> Option<Grant> {
    POLICY.iter().find(|(k, a, _)| *k == kind && *a == action).map(|(_, _, grant)| *grant)
}

/// Whether the principal acts for one of the record's party organisations.
pub fn is_party(principal: &Principal, resource: &Resource) -> bool {
    principal.organisation_id.is_some_and(|org| resource.parties.contains(&org))
}

/// Whether the principal can see the record at all.
pub fn can_see(principal: &Principal, resource: &Resource) -> bool {
    resource.public
        || principal.has_role(Role::SystemAdmin)
        || principal.belongs_to(resource.owner)
        || is_party(principal, resource)
}

/// Whether an organisation's tokens act on `day`: through its last day (`ends_on`, inclusive), not
/// after. An ended OPCC's staff keep no standing in the record.
pub fn organisation_acts_on(ends_on: Option<chrono::NaiveDate>, day: chrono::NaiveDate) -> bool {
    ends_on.is_none_or(|last| day <= last)
}

/// Decides one request. Visibility comes first so that refusals never reveal a hidden record.
pub fn authorize(principal: &Principal, action: Action, resource: &Resource) -> Decision {
    let audit_record = resource.kind == ResourceKind::AuditEvent;
    if !audit_record && !can_see(principal, resource) {
        return Err(Denial::NotVisible);
    }
    if principal.has_role(Role::SystemAdmin) && action != Action::Approve {
        return Ok(());
    }
    decide_by_grant(principal, action, resource)
}

/// Decides an act done for a corporation sole that the table grants as `action` (commencing or
/// publishing an agreement as an `Update` of it): as [`authorize`], but a platform role gives no
/// standing, so only someone of the owning or a party organisation with the granted role may.
pub fn authorize_act(principal: &Principal, action: Action, resource: &Resource) -> Decision {
    if !can_see(principal, resource) {
        return Err(Denial::NotVisible);
    }
    decide_by_grant(principal, action, resource)
}

fn decide_by_grant(principal: &Principal, action: Action, resource: &Resource) -> Decision {
    let grant = grant_for(resource.kind, action);
    let allowed = match grant {
        Some(Grant::AnyoneWhoSees) => true,
        Some(Grant::Role(role)) => principal.has_role(role),
        Some(Grant::AnyAuthenticated) => !principal.is_anonymous(),
        Some(Grant::RoleInOwningOrganisation(role)) => principal.has_role(role) && principal.belongs_to(resource.owner),
        Some(Grant::RoleInPartyOrganisation(role)) => {
            principal.has_role(role) && (principal.belongs_to(resource.owner) || is_party(principal, resource))
        }
        None => false,
    };
    match (allowed, action) {
        (true, _) => Ok(()),
        (false, _) if principal.is_anonymous() => Err(Denial::Unauthenticated),
        (false, Action::Read) => Err(Denial::NotVisible),
        (false, _) if principal.has_role(Role::SystemAdmin) => Err(Denial::Forbidden(format!(
            "platform administrators do not act for a corporation sole; {}",
            describe_requirement(resource.kind, action, grant)
        ))),
        (false, _) => Err(Denial::Forbidden(missing_part(principal, action, resource, grant))),
    }
}

/// The real reason a principal is refused: the role it lacks, or, holding the role, the
/// organisation it is in.
fn missing_part(principal: &Principal, action: Action, resource: &Resource, grant: Option<Grant>) -> String {
    let organisation = principal.organisation_slug.as_deref().unwrap_or("your organisation");
    match grant {
        Some(Grant::RoleInPartyOrganisation(role)) if principal.has_role(role) && action == Action::Approve => format!(
            "{organisation} does not serve the corporation sole acted for: only the {role} role in an organisation \
             serving it may approve or sign for it"
        ),
        Some(Grant::RoleInPartyOrganisation(role)) if principal.has_role(role) => format!(
            "{organisation} is not a party to this {}: the {role} role counts only in a party organisation",
            resource.kind.as_str().replace('_', " ")
        ),
        Some(Grant::RoleInOwningOrganisation(role)) if principal.has_role(role) => format!(
            "{organisation} does not own this {}: the {role} role counts only in the owning organisation",
            resource.kind.as_str().replace('_', " ")
        ),
        _ => {
            let held: Vec<&str> = principal.roles.iter().map(|r| r.as_str()).collect();
            let held = if held.is_empty() { "none".to_string() } else { held.join(", ") };
            format!("{} (your roles: {held})", describe_requirement(resource.kind, action, grant))
        }
    }
}

fn describe_requirement(kind: ResourceKind, action: Action, grant: Option<Grant>) -> String {
    let what = format!("{action:?} {}", kind.as_str()).to_lowercase();
    match grant {
        Some(Grant::Role(role)) => format!("to {what} you need the {role} role"),
        Some(Grant::RoleInOwningOrganisation(role)) => {
            format!("to {what} you need the {role} role in the organisation that owns it")
        }
        Some(Grant::RoleInPartyOrganisation(role)) => {
            format!("to {what} you need the {role} role in an organisation that is a party to it")
        }
        _ => format!("to {what} you need the system_admin role"),
    }
}

/// Which records of a kind a list may return, turned into SQL by persistence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListScope {
    /// Every record.
    All,
    /// Public records and those this organisation owns or is a party to (each list defines "party"
    /// for its own records in SQL).
    PublicOrOwnedBy(Uuid),
    /// Public records only.
    PublicOnly,
    /// Only records owned by this organisation.
    OwnedBy(Uuid),
}

/// The list filter for a principal: what it could read one record at a time.
pub fn list_scope(principal: &Principal, kind: ResourceKind) -> Result<ListScope, Denial> {
    if principal.has_role(Role::SystemAdmin) {
        return Ok(ListScope::All);
    }
    match (grant_for(kind, Action::Read), principal.organisation_id) {
        (Some(Grant::AnyoneWhoSees), Some(org)) => Ok(ListScope::PublicOrOwnedBy(org)),
        (Some(Grant::AnyoneWhoSees), None) => Ok(ListScope::PublicOnly),
        (Some(Grant::RoleInOwningOrganisation(role) | Grant::RoleInPartyOrganisation(role)), Some(org))
            if principal.has_role(role) =>
        {
            Ok(ListScope::OwnedBy(org))
        }
        _ if principal.is_anonymous() => Err(Denial::Unauthenticated),
        (grant, _) => Err(Denial::Forbidden(describe_requirement(kind, Action::Read, grant))),
    }
}

/// Verifying the audit chain reads every event, so it needs the scope of all events.
pub fn authorize_chain_verification(principal: &Principal) -> Decision {
    match list_scope(principal, ResourceKind::AuditEvent)? {
        ListScope::All => Ok(()),
        _ => Err(Denial::Forbidden("verifying the whole audit chain needs the system_admin role".into())),
    }
}

/// What the principal may do, for `GET /me`: every (kind, action) the table grants it somewhere.
pub fn effective_permissions(principal: &Principal) -> Vec<(ResourceKind, Action, &'static str)> {
    let actions = [Action::Read, Action::Create, Action::Update, Action::End, Action::Approve];
    let mut out = Vec::new();
    for kind in ResourceKind::ALL {
        for action in actions {
            let scope = if principal.has_role(Role::SystemAdmin) && action != Action::Approve {
                Some("all")
            } else {
                match grant_for(*kind, action) {
                    Some(Grant::AnyoneWhoSees) => Some("visible"),
                    Some(Grant::Role(role)) if principal.has_role(role) => Some("all"),
                    Some(Grant::AnyAuthenticated) if !principal.is_anonymous() => Some("all"),
                    Some(Grant::RoleInPartyOrganisation(role)) if principal.has_role(role) => {
                        Some("party_organisation")
                    }
                    Some(Grant::RoleInOwningOrganisation(role)) if principal.has_role(role) => Some("own_organisation"),
                    Some(Grant::RoleInPartyOrganisation(role)) if principal.has_role(role) => {
                        Some("party_organisation")
                    }
                    _ => None,
                }
            };
            if let Some(scope) = scope {
                out.push((*kind, action, scope));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signed-in principal of `org` with `roles` (also used by the operations table's tests).
    pub(super) fn principal(org: Uuid, roles: &[Role]) -> Principal {
        Principal {
            subject: "tester".into(),
            organisation_id: Some(org),
            organisation_slug: Some("org".into()),
            roles: roles.to_vec(),
            person_id: None,
        }
    }

    fn post(owner: Uuid, public: bool) -> Resource {
        Resource::owned(ResourceKind::Post, Some(owner), public)
    }

    #[test]
    fn org_admin_manages_its_own_posts_only() {
        let (own, other) = (Uuid::now_v7(), Uuid::now_v7());
        let admin = principal(own, &[Role::OrgAdmin]);
        assert_eq!(authorize(&admin, Action::Update, &post(own, true)), Ok(()));
        assert!(matches!(authorize(&admin, Action::Update, &post(other, true)), Err(Denial::Forbidden(_))));
    }

    /// Issue 17: a 403 names what is missing: the organisation (holding the right role) or the role.
    #[test]
    fn a_refusal_names_the_real_reason() {
        let (serving, other) = (Uuid::now_v7(), Uuid::now_v7());
        let office = Resource { kind: ResourceKind::Decision, owner: None, parties: vec![serving], public: true };
        let elsewhere = principal(other, &[Role::Approver]);
        let reason = authorize(&elsewhere, Action::Approve, &office);
        assert!(
            matches!(&reason, Err(Denial::Forbidden(why)) if why.contains("does not serve the corporation sole")),
            "{reason:?}"
        );
        let reader = principal(serving, &[Role::Reader]);
        let reason = authorize(&reader, Action::Approve, &office);
        assert!(
            matches!(&reason, Err(Denial::Forbidden(why)) if why.contains("approver") && why.contains("your roles: reader")),
            "{reason:?}"
        );
        let admin = principal(other, &[Role::OrgAdmin]);
        let reason = authorize(&admin, Action::Update, &post(serving, true));
        assert!(matches!(&reason, Err(Denial::Forbidden(why)) if why.contains("does not own this post")), "{reason:?}");
    }

    #[test]
    fn another_organisations_internal_post_is_not_visible() {
        let (own, other) = (Uuid::now_v7(), Uuid::now_v7());
        let admin = principal(own, &[Role::OrgAdmin]);
        assert_eq!(authorize(&admin, Action::Read, &post(other, false)), Err(Denial::NotVisible));
        assert_eq!(authorize(&admin, Action::Update, &post(other, false)), Err(Denial::NotVisible));
        assert_eq!(authorize(&admin, Action::Read, &post(own, false)), Ok(()));
    }

    #[test]
    fn anonymous_callers_read_public_records_and_change_nothing() {
        let anon = Principal::anonymous();
        assert_eq!(authorize(&anon, Action::Read, &post(Uuid::now_v7(), true)), Ok(()));
        assert_eq!(authorize(&anon, Action::Create, &post(Uuid::now_v7(), true)), Err(Denial::Unauthenticated));
        assert_eq!(list_scope(&anon, ResourceKind::Post), Ok(ListScope::PublicOnly));
    }

    #[test]
    fn only_system_admins_change_forces() {
        let org = Uuid::now_v7();
        let force = Resource::public(ResourceKind::Force);
        assert!(authorize(&principal(org, &[Role::OrgAdmin]), Action::Create, &force).is_err());
        assert_eq!(authorize(&principal(org, &[Role::SystemAdmin]), Action::Create, &force), Ok(()));
    }

    #[test]
    fn an_organisation_acts_through_its_last_day_only() {
        let last: chrono::NaiveDate = "2028-05-10".parse().unwrap_or_default();
        assert!(organisation_acts_on(None, last));
        assert!(organisation_acts_on(Some(last), last));
        assert!(!organisation_acts_on(Some(last), last.succ_opt().unwrap_or(last)));
    }

    #[test]
    fn platform_administrators_never_act_for_a_corporation_sole() {
        let (platform, party) = (Uuid::now_v7(), Uuid::now_v7());
        let agreement = Resource::owned(ResourceKind::CollaborationAgreement, None, true).with_parties(vec![party]);
        let admin = principal(platform, &[Role::SystemAdmin]);
        assert!(matches!(authorize(&admin, Action::Approve, &agreement), Err(Denial::Forbidden(_))));
        assert!(matches!(authorize_act(&admin, Action::Update, &agreement), Err(Denial::Forbidden(_))));
        // Administering stays theirs.
        assert_eq!(authorize(&admin, Action::Update, &agreement), Ok(()));
        // Even with the approver role, a platform token is of no party organisation.
        let both = principal(platform, &[Role::SystemAdmin, Role::Approver]);
        assert!(authorize(&both, Action::Approve, &agreement).is_err());
        let approver = principal(party, &[Role::Approver, Role::Contributor]);
        assert_eq!(authorize(&approver, Action::Approve, &agreement), Ok(()));
        assert_eq!(authorize_act(&approver, Action::Update, &agreement), Ok(()));
        assert!(!effective_permissions(&admin).iter().any(|(_, action, _)| *action == Action::Approve));
    }

    fn board(parties: Vec<Uuid>, public: bool) -> Resource {
        Resource { kind: ResourceKind::Board, owner: None, parties, public }
    }

    #[test]
    fn board_secretaries_of_party_organisations_edit_and_others_only_read_public_boards() {
        let (party, other) = (Uuid::now_v7(), Uuid::now_v7());
        let secretary = principal(party, &[Role::Secretary]);
        let outsider = principal(other, &[Role::Secretary]);
        assert_eq!(authorize(&secretary, Action::Update, &board(vec![party], false)), Ok(()));
        assert_eq!(authorize(&outsider, Action::Update, &board(vec![party], false)), Err(Denial::NotVisible));
        assert!(matches!(authorize(&outsider, Action::Update, &board(vec![party], true)), Err(Denial::Forbidden(_))));
        assert_eq!(authorize(&outsider, Action::Read, &board(vec![party], true)), Ok(()));
        let reader = principal(party, &[Role::Reader]);
        assert!(matches!(authorize(&reader, Action::Update, &board(vec![party], false)), Err(Denial::Forbidden(_))));
    }

    #[test]
    fn only_approvers_of_an_organisation_serving_the_corporation_sole_approve_for_it() {
        let (serving, other) = (Uuid::now_v7(), Uuid::now_v7());
        let approval = Resource { kind: ResourceKind::Decision, owner: None, parties: vec![serving], public: true };
        assert_eq!(authorize(&principal(serving, &[Role::Approver]), Action::Approve, &approval), Ok(()));
        assert!(authorize(&principal(other, &[Role::Approver]), Action::Approve, &approval).is_err());
        assert!(authorize(&principal(serving, &[Role::Secretary]), Action::Approve, &approval).is_err());
    }

    #[test]
    fn audit_lists_are_scoped_to_the_org_admins_organisation() {
        let org = Uuid::now_v7();
        assert_eq!(
            list_scope(&principal(org, &[Role::OrgAdmin]), ResourceKind::AuditEvent),
            Ok(ListScope::OwnedBy(org))
        );
        assert!(matches!(
            list_scope(&principal(org, &[Role::Reader]), ResourceKind::AuditEvent),
            Err(Denial::Forbidden(_))
        ));
    }

    #[test]
    fn delegations_are_kept_by_org_admins_serving_the_corporation_sole() {
        let (serving, other) = (Uuid::now_v7(), Uuid::now_v7());
        let delegation = Resource::public(ResourceKind::Delegation).with_parties(vec![serving]);
        assert_eq!(authorize(&principal(serving, &[Role::OrgAdmin]), Action::Create, &delegation), Ok(()));
        assert_eq!(authorize(&principal(serving, &[Role::OrgAdmin]), Action::End, &delegation), Ok(()));
        assert!(matches!(
            authorize(&principal(serving, &[Role::Reader]), Action::Create, &delegation),
            Err(Denial::Forbidden(_))
        ));
        assert!(matches!(
            authorize(&principal(other, &[Role::OrgAdmin]), Action::Create, &delegation),
            Err(Denial::Forbidden(_))
        ));
        assert_eq!(authorize(&Principal::anonymous(), Action::Read, &delegation), Ok(()));
    }

    #[test]
    fn webhook_subscriptions_are_kept_by_the_owning_organisations_org_admin() {
        let (org, other) = (Uuid::now_v7(), Uuid::now_v7());
        let subscription = Resource::owned(ResourceKind::WebhookSubscription, Some(org), false);
        assert_eq!(authorize(&principal(org, &[Role::OrgAdmin]), Action::Update, &subscription), Ok(()));
        assert_eq!(authorize(&principal(org, &[Role::Reader]), Action::Read, &subscription), Err(Denial::NotVisible));
        assert_eq!(
            authorize(&principal(other, &[Role::OrgAdmin]), Action::Read, &subscription),
            Err(Denial::NotVisible)
        );
        assert_eq!(
            list_scope(&principal(org, &[Role::OrgAdmin]), ResourceKind::WebhookSubscription),
            Ok(ListScope::OwnedBy(org))
        );
    }

    #[test]
    fn only_system_admins_extend_the_functions_catalogue() {
        let org = Uuid::now_v7();
        let function = Resource::public(ResourceKind::Function);
        assert!(authorize(&principal(org, &[Role::OrgAdmin]), Action::Create, &function).is_err());
        assert_eq!(authorize(&principal(org, &[Role::SystemAdmin]), Action::Create, &function), Ok(()));
    }

    #[test]
    fn anyone_signed_in_may_ask_an_authority_check_and_sees_only_its_own_recorded_ones() {
        let (asker, other) = (Uuid::now_v7(), Uuid::now_v7());
        // Asking: the question is not secret, so the new check is described as visible.
        let question = Resource::owned(ResourceKind::AuthorityCheck, Some(asker), true);
        assert_eq!(authorize(&principal(asker, &[]), Action::Create, &question), Ok(()));
        assert_eq!(authorize(&Principal::anonymous(), Action::Create, &question), Err(Denial::Unauthenticated));
        let recorded = Resource::owned(ResourceKind::AuthorityCheck, Some(asker), false);
        assert_eq!(authorize(&principal(asker, &[Role::Reader]), Action::Read, &recorded), Ok(()));
        assert_eq!(authorize(&principal(other, &[Role::OrgAdmin]), Action::Read, &recorded), Err(Denial::NotVisible));
        assert_eq!(authorize(&principal(other, &[Role::SystemAdmin]), Action::Read, &recorded), Ok(()));
    }

    fn forbidden(reason: &str) -> Decision {
        Err(Denial::Forbidden(reason.into()))
    }

    fn with_slug(mut principal: Principal, slug: &str) -> Principal {
        principal.organisation_slug = Some(slug.into());
        principal
    }

    #[test]
    fn a_platform_administrator_refused_an_approval_is_told_platform_roles_never_act_for_an_office() {
        let (platform, serving) = (Uuid::now_v7(), Uuid::now_v7());
        let decision = Resource { kind: ResourceKind::Decision, owner: None, parties: vec![serving], public: true };
        assert_eq!(
            authorize(&principal(platform, &[Role::SystemAdmin]), Action::Approve, &decision),
            forbidden(
                "platform administrators do not act for a corporation sole; to approve decision you need the approver \
                 role in an organisation that is a party to it"
            )
        );
    }

    #[test]
    fn holding_the_role_in_an_organisation_that_is_not_a_party_is_refused_for_the_organisation() {
        let (party, other) = (Uuid::now_v7(), Uuid::now_v7());
        let agreement = Resource::owned(ResourceKind::CollaborationAgreement, None, true).with_parties(vec![party]);
        let outsider = with_slug(principal(other, &[Role::Contributor]), "west-mercia-pcc");
        assert_eq!(
            authorize(&outsider, Action::Update, &agreement),
            forbidden(
                "west-mercia-pcc is not a party to this collaboration agreement: the contributor role counts only in \
                 a party organisation"
            )
        );
        let secretary = with_slug(principal(other, &[Role::Secretary]), "west-mercia-pcc");
        assert_eq!(
            authorize(&secretary, Action::Update, &board(vec![party], true)),
            forbidden(
                "west-mercia-pcc is not a party to this board: the secretary role counts only in a party organisation"
            )
        );
    }

    #[test]
    fn lacking_the_role_in_the_owning_organisation_is_refused_for_the_role_with_the_roles_held() {
        let own = Uuid::now_v7();
        assert_eq!(
            authorize(&principal(own, &[Role::Reader, Role::Secretary]), Action::Update, &post(own, true)),
            forbidden(
                "to update post you need the org_admin role in the organisation that owns it (your roles: reader, \
                 secretary)"
            )
        );
        assert_eq!(
            authorize(&principal(own, &[]), Action::End, &post(own, true)),
            forbidden("to end post you need the org_admin role in the organisation that owns it (your roles: none)")
        );
    }

    #[test]
    fn creating_a_person_needs_the_org_admin_role_in_any_organisation() {
        let person = Resource::public(ResourceKind::Person);
        assert_eq!(
            authorize(&principal(Uuid::now_v7(), &[Role::Reader]), Action::Create, &person),
            forbidden("to create person you need the org_admin role (your roles: reader)")
        );
        assert_eq!(authorize(&principal(Uuid::now_v7(), &[Role::OrgAdmin]), Action::Create, &person), Ok(()));
    }

    #[test]
    fn signed_in_callers_list_public_records_and_their_own_and_anonymous_ones_public_only() {
        let org = Uuid::now_v7();
        assert_eq!(
            list_scope(&principal(org, &[Role::Reader]), ResourceKind::Post),
            Ok(ListScope::PublicOrOwnedBy(org))
        );
        assert_eq!(list_scope(&principal(org, &[]), ResourceKind::Board), Ok(ListScope::PublicOrOwnedBy(org)));
        assert_eq!(list_scope(&Principal::anonymous(), ResourceKind::Board), Ok(ListScope::PublicOnly));
        assert_eq!(list_scope(&principal(org, &[Role::SystemAdmin]), ResourceKind::AuditEvent), Ok(ListScope::All));
    }

    #[test]
    fn listing_records_no_one_sees_publicly_needs_a_token_and_then_the_role() {
        let org = Uuid::now_v7();
        let anon = Principal::anonymous();
        assert_eq!(list_scope(&anon, ResourceKind::AuditEvent), Err(Denial::Unauthenticated));
        assert_eq!(list_scope(&anon, ResourceKind::WebhookSubscription), Err(Denial::Unauthenticated));
        assert_eq!(
            list_scope(&principal(org, &[Role::Reader]), ResourceKind::AuditEvent),
            Err(Denial::Forbidden(
                "to read audit_event you need the org_admin role in the organisation that owns it".into()
            ))
        );
    }

    #[test]
    fn only_system_admins_verify_the_whole_audit_chain() {
        let org = Uuid::now_v7();
        assert_eq!(authorize_chain_verification(&principal(org, &[Role::SystemAdmin])), Ok(()));
        assert_eq!(
            authorize_chain_verification(&principal(org, &[Role::OrgAdmin])),
            forbidden("verifying the whole audit chain needs the system_admin role")
        );
        assert_eq!(authorize_chain_verification(&Principal::anonymous()), Err(Denial::Unauthenticated));
    }

    /// Every kind anyone may read where the record is visible.
    const VISIBLE_READS: [ResourceKind; 22] = [
        ResourceKind::Force,
        ResourceKind::CorporationSole,
        ResourceKind::Organisation,
        ResourceKind::Person,
        ResourceKind::Post,
        ResourceKind::Appointment,
        ResourceKind::Collaboration,
        ResourceKind::CollaborationAgreement,
        ResourceKind::Function,
        ResourceKind::Scheme,
        ResourceKind::Delegation,
        ResourceKind::AuthorityCheck,
        ResourceKind::Board,
        ResourceKind::Meeting,
        ResourceKind::Minutes,
        ResourceKind::BoardAction,
        ResourceKind::Decision,
        ResourceKind::RecordOfDecision,
        ResourceKind::ForwardPlanEntry,
        ResourceKind::InterestEntry,
        ResourceKind::GiftEntry,
        ResourceKind::TransferOrder,
    ];

    /// The permissions beyond reading visible records, after checking those are exactly [`VISIBLE_READS`].
    fn beyond_visible_reads(principal: &Principal) -> Vec<(ResourceKind, Action, &'static str)> {
        let (visible, rest): (Vec<_>, Vec<_>) =
            effective_permissions(principal).into_iter().partition(|(_, _, scope)| *scope == "visible");
        let expected: Vec<_> = VISIBLE_READS.iter().map(|kind| (*kind, Action::Read, "visible")).collect();
        assert_eq!(visible, expected);
        rest
    }

    #[test]
    fn anonymous_callers_are_permitted_only_to_read_visible_records() {
        assert_eq!(beyond_visible_reads(&Principal::anonymous()), vec![]);
        assert_eq!(effective_permissions(&Principal::anonymous()).len(), VISIBLE_READS.len());
    }

    #[test]
    fn a_contributors_permissions_are_its_party_agreements_and_asking_authority_checks() {
        use Action::*;
        use ResourceKind::*;
        assert_eq!(
            beyond_visible_reads(&principal(Uuid::now_v7(), &[Role::Contributor])),
            vec![
                (CollaborationAgreement, Create, "party_organisation"),
                (CollaborationAgreement, Update, "party_organisation"),
                (CollaborationAgreement, End, "party_organisation"),
                (AuthorityCheck, Create, "all"),
            ]
        );
    }

    #[test]
    fn an_org_admins_permissions_are_scoped_to_its_own_or_party_organisation() {
        use Action::*;
        use ResourceKind::*;
        assert_eq!(
            beyond_visible_reads(&principal(Uuid::now_v7(), &[Role::OrgAdmin])),
            vec![
                (Person, Create, "all"),
                (Person, Update, "own_organisation"),
                (Post, Create, "own_organisation"),
                (Post, Update, "own_organisation"),
                (Post, End, "own_organisation"),
                (Appointment, Create, "own_organisation"),
                (Appointment, Update, "own_organisation"),
                (Appointment, End, "own_organisation"),
                (AuditEvent, Read, "own_organisation"),
                (Scheme, Create, "party_organisation"),
                (Delegation, Create, "party_organisation"),
                (Delegation, End, "party_organisation"),
                (AuthorityCheck, Create, "all"),
                (WebhookSubscription, Read, "own_organisation"),
                (WebhookSubscription, Create, "own_organisation"),
                (WebhookSubscription, Update, "own_organisation"),
            ]
        );
    }

    #[test]
    fn a_system_admin_may_do_everything_but_approve_everywhere() {
        let permissions = effective_permissions(&principal(Uuid::now_v7(), &[Role::SystemAdmin]));
        let expected: Vec<_> = ResourceKind::ALL
            .iter()
            .flat_map(|kind| {
                [Action::Read, Action::Create, Action::Update, Action::End].map(|action| (*kind, action, "all"))
            })
            .collect();
        assert_eq!(permissions, expected);
    }
}
