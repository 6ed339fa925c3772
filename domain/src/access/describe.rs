//! Who may call an operation, in words, from the same rows the service decides by: the OpenAPI
//! document states it for every operation, so the contract cannot drift from the policy.

use super::operations::Governs;
use super::{grant_for, Action, Grant, ResourceKind, Role};

fn role_name(role: super::Role) -> String {
    format!("`{}`", role.as_str())
}

fn grant_text(grant: Option<Grant>) -> String {
    match grant {
        Some(Grant::AnyoneWhoSees) => {
            "anyone who may see the record (a public record: everyone, without a token)".into()
        }
        Some(Grant::RoleInOwningOrganisation(role)) => {
            format!("the {} role in the organisation that owns the record", role_name(role))
        }
        Some(Grant::RoleInPartyOrganisation(role)) => format!(
            "the {} role in an organisation that is a party to the record (for boards and their records: an \
             organisation serving one of the owning corporations sole)",
            role_name(role)
        ),
        Some(Grant::Role(role)) => format!("the {} role in any organisation", role_name(role)),
        Some(Grant::AnyAuthenticated) => "any signed-in caller".into(),
        None => "only platform administrators (`system_admin`)".into(),
    }
}

/// The sentence the document gives an operation under "Who may call".
pub fn who_may_call(governs: &Governs) -> String {
    match *governs {
        Governs::Open => "Everyone, with or without a token.".into(),
        Governs::AnyAuthenticated => "Any signed-in caller.".into(),
        Governs::List(kind) => match grant_for(kind, Action::Read) {
            grant @ Some(Grant::AnyoneWhoSees | Grant::AnyAuthenticated) => {
                format!("Anyone; each page holds only the records the caller may see: {}.", grant_text(grant))
            }
            // No grant at all: the platform's own records (the trust registry).
            None => "Only platform administrators (`system_admin`).".into(),
            // `list_scope` refuses (403) a caller without the role the records are read with.
            grant => format!(
                "{}, or a platform administrator (`system_admin`); each page holds only the records the caller \
                 may see (a platform administrator sees all).",
                capitalised(&grant_text(grant))
            ),
        },
        Governs::Record(kind, action) => with_platform(kind, action),
        Governs::ActFor(kind) => format!(
            "Acting for the corporation sole the body names: {}, with a token naming the person who holds \
             that office on the day of the act or acts for it under a delegation in force that day. Platform \
             administrators never act for a corporation sole.",
            match grant_for(kind, Action::Approve) {
                Some(Grant::RoleInPartyOrganisation(role)) =>
                    format!("the {} role in an organisation serving that corporation sole", role_name(role)),
                other => grant_text(other),
            }
        ),
        Governs::ActForOrRecord(kind, action) => format!(
            "{} Or, recording the act from a published paper (`evidence`, R-TM-05): {}.",
            who_may_call(&Governs::ActFor(kind)),
            grant_text(grant_for(kind, action))
        ),
        Governs::ActForOrRecordAsParty(kind, action) => format!(
            "{} Or, recording the parties' act from a published paper (`evidence`, R-TM-05): {}; an act for the \
             parties, so platform administrators have no standing.",
            who_may_call(&Governs::ActFor(kind)),
            grant_text(grant_for(kind, action))
        ),
        Governs::Act(kind, action) => format!(
            "{}; an act for the parties, so platform administrators have no standing.",
            capitalised(&grant_text(grant_for(kind, action)))
        ),
        Governs::AuditChain => "Platform administrators (`system_admin`): it reads every event.".into(),
    }
}

/// The roles that can call the operation at all (`x-required-roles`); empty when no role is needed.
/// A role is necessary, not sufficient: the organisation and, for acts, the person must fit too.
pub fn required_roles(governs: &Governs) -> Vec<Role> {
    let granted = |kind: ResourceKind, action: Action| match grant_for(kind, action) {
        Some(Grant::RoleInOwningOrganisation(role) | Grant::RoleInPartyOrganisation(role) | Grant::Role(role)) => {
            Some(role)
        }
        _ => None,
    };
    match *governs {
        Governs::Open | Governs::AnyAuthenticated => Vec::new(),
        Governs::List(kind) => match grant_for(kind, Action::Read) {
            Some(Grant::AnyoneWhoSees | Grant::AnyAuthenticated) => Vec::new(),
            _ => granted(kind, Action::Read).into_iter().chain([Role::SystemAdmin]).collect(),
        },
        Governs::Record(kind, action) => match grant_for(kind, action) {
            None => vec![Role::SystemAdmin],
            Some(Grant::AnyoneWhoSees | Grant::AnyAuthenticated) => Vec::new(),
            Some(_) => granted(kind, action).into_iter().chain([Role::SystemAdmin]).collect(),
        },
        Governs::ActFor(kind) => granted(kind, Action::Approve).into_iter().collect(),
        Governs::ActForOrRecord(kind, action) => {
            let mut roles: Vec<Role> = granted(kind, Action::Approve).into_iter().collect();
            roles.extend(granted(kind, action));
            roles.push(Role::SystemAdmin);
            roles
        }
        Governs::ActForOrRecordAsParty(kind, action) => {
            granted(kind, Action::Approve).into_iter().chain(granted(kind, action)).collect()
        }
        Governs::Act(kind, action) => granted(kind, action).into_iter().collect(),
        Governs::AuditChain => vec![Role::SystemAdmin],
    }
}

fn with_platform(kind: ResourceKind, action: Action) -> String {
    let grant = grant_for(kind, action);
    match grant {
        None | Some(Grant::AnyoneWhoSees) | Some(Grant::AnyAuthenticated) => {
            format!("{}.", capitalised(&grant_text(grant)))
        }
        Some(_) => format!("{}, or a platform administrator (`system_admin`).", capitalised(&grant_text(grant))),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_reads_as_who_may_call() {
        let create_meeting = who_may_call(&Governs::Record(ResourceKind::Meeting, Action::Create));
        assert!(
            create_meeting.starts_with("The `secretary` role in an organisation that is a party"),
            "{create_meeting}"
        );
        assert!(create_meeting.ends_with("or a platform administrator (`system_admin`)."));
        let transfer = who_may_call(&Governs::Record(ResourceKind::TransferOrder, Action::Create));
        assert_eq!(transfer, "Only platform administrators (`system_admin`).");
        let approve = who_may_call(&Governs::ActFor(ResourceKind::Decision));
        assert!(approve.contains("`approver`") && approve.contains("never act"), "{approve}");
        let read = who_may_call(&Governs::Record(ResourceKind::Board, Action::Read));
        assert!(read.starts_with("Anyone who may see the record"), "{read}");
        assert!(who_may_call(&Governs::List(ResourceKind::Delegation)).starts_with("Anyone; each page"));
        assert_eq!(
            who_may_call(&Governs::List(ResourceKind::TrustedIssuer)),
            "Only platform administrators (`system_admin`)."
        );
        let subscriptions = who_may_call(&Governs::List(ResourceKind::WebhookSubscription));
        assert!(subscriptions.starts_with("The `org_admin` role in the organisation that owns"), "{subscriptions}");
        assert_eq!(
            required_roles(&Governs::List(ResourceKind::WebhookSubscription)),
            vec![Role::OrgAdmin, Role::SystemAdmin]
        );
        assert!(required_roles(&Governs::List(ResourceKind::Delegation)).is_empty());
    }

    #[test]
    fn required_roles_follow_the_grants() {
        let create_meeting = Governs::Record(ResourceKind::Meeting, Action::Create);
        assert_eq!(required_roles(&create_meeting), [Role::Secretary, Role::SystemAdmin]);
        assert_eq!(required_roles(&Governs::ActFor(ResourceKind::Decision)), [Role::Approver]);
        let approval = Governs::ActForOrRecord(ResourceKind::Decision, Action::Create);
        assert_eq!(required_roles(&approval), [Role::Approver, Role::Secretary, Role::SystemAdmin]);
        assert!(who_may_call(&approval).contains("published paper (`evidence`, R-TM-05): the `secretary` role"));
        assert_eq!(required_roles(&Governs::Record(ResourceKind::TransferOrder, Action::Create)), [Role::SystemAdmin]);
        assert!(required_roles(&Governs::Record(ResourceKind::Board, Action::Read)).is_empty());
        assert!(required_roles(&Governs::Open).is_empty());
    }
}
