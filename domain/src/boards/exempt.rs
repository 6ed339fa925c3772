//! R-PB-03: exempt content (subjects of exempt decisions, exempt agenda items, Part 2 papers, the
//! Part 2 of a record of decision) is shown only to people with a need to know. Everyone else who
//! may read the record, member organisations' readers included, sees its shell.

use crate::access::Role;
use crate::RuleViolation;

/// The roles a board grants exempt access when it names none: its secretary. The board's own
/// members (a person with a membership in effect) always have it.
pub const DEFAULT_EXEMPT_ACCESS: &[Role] = &[Role::Secretary];

/// Who needs the Part 2 of a record of decision, in the organisations serving its deciders: those
/// who prepare it and those who sign it.
pub const RECORD_PART2_ACCESS: &[Role] = &[Role::Secretary, Role::Approver];

/// Whether a caller sees exempt content: in a member organisation, and either a member of the board
/// in person or holding a role the board grants. Platform roles administer; they do not need to
/// know what a Part 2 paper says.
pub fn may_see_exempt(in_member_organisation: bool, roles: &[Role], granted: &[Role], board_member: bool) -> bool {
    in_member_organisation
        && (board_member || roles.iter().any(|role| role != &Role::SystemAdmin && granted.contains(role)))
}

/// What an agenda item's title shows: the title, unless the secretary withheld it on an exempt item and
/// the caller has no exempt access, when only the placeholder shows.
pub fn shown_title(title: String, exempt: bool, withheld: bool, sees_exempt: bool) -> String {
    if exempt && withheld && !sees_exempt {
        WITHHELD_TITLE.to_string()
    } else {
        title
    }
}

/// The title shown in place of a withheld one.
pub const WITHHELD_TITLE: &str = "Exempt item (title withheld)";

/// Only an exempt item's title can be withheld: a public item has nothing to withhold.
pub fn check_title_withheld(withheld: bool, exempt: bool) -> Vec<RuleViolation> {
    if withheld && !exempt {
        vec![RuleViolation::new("R-PB-03", "/title_withheld", "only an exempt item's title can be withheld")]
    } else {
        Vec::new()
    }
}

/// A board's grant names roles of its member organisations, each once; a platform role is not one.
pub fn check_exempt_access_roles(roles: &[Role]) -> Vec<RuleViolation> {
    let mut violations = Vec::new();
    for (n, role) in roles.iter().enumerate() {
        if *role == Role::SystemAdmin {
            violations.push(RuleViolation::new(
                "R-PB-03",
                format!("/exempt_access_roles/{n}"),
                "exempt access is for roles of the board's member organisations, not the platform's",
            ));
        } else if roles[..n].contains(role) {
            violations.push(RuleViolation::new("duplicate", format!("/exempt_access_roles/{n}"), "named twice"));
        }
    }
    violations
}

/// Stores a grant as one comma-separated column.
pub fn join_roles(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Reads a stored grant; an unknown word is an error, not a silent narrowing.
pub fn split_roles(stored: &str) -> Result<Vec<Role>, String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Role::parse(s).ok_or_else(|| format!("stored exempt access role {s:?} is not a role")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exempt_content_is_for_granted_roles_and_members_of_member_organisations() {
        let granted = DEFAULT_EXEMPT_ACCESS;
        assert!(may_see_exempt(true, &[Role::Secretary], granted, false));
        assert!(!may_see_exempt(true, &[Role::Reader, Role::Approver, Role::OrgAdmin], granted, false));
        assert!(may_see_exempt(true, &[Role::Reader], granted, true), "a board member in person");
        assert!(!may_see_exempt(false, &[Role::Secretary], granted, true), "outside the member organisations");
        assert!(!may_see_exempt(true, &[Role::SystemAdmin], &[Role::SystemAdmin], false));
        assert!(may_see_exempt(true, &[Role::Approver], &[Role::Secretary, Role::Approver], false));
    }

    #[test]
    fn a_withheld_title_shows_only_with_exempt_access() {
        let title = || "Transactional services: preferred supplier".to_string();
        assert_eq!(shown_title(title(), true, true, false), WITHHELD_TITLE);
        assert_eq!(shown_title(title(), true, true, true), title());
        assert_eq!(shown_title(title(), true, false, false), title(), "the shell keeps the title by default");
        assert_eq!(check_title_withheld(true, false)[0].rule, "R-PB-03");
        assert!(check_title_withheld(true, true).is_empty());
    }

    #[test]
    fn a_grant_names_member_roles_once_and_is_stored_as_text() {
        assert!(check_exempt_access_roles(&[Role::Secretary, Role::Approver]).is_empty());
        assert_eq!(check_exempt_access_roles(&[Role::SystemAdmin])[0].rule, "R-PB-03");
        assert_eq!(check_exempt_access_roles(&[Role::Reader, Role::Reader])[0].pointer, "/exempt_access_roles/1");
        let stored = join_roles(&[Role::Secretary, Role::Approver]);
        assert_eq!(stored, "secretary,approver");
        assert_eq!(split_roles(&stored), Ok(vec![Role::Secretary, Role::Approver]));
        assert_eq!(split_roles(""), Ok(vec![]));
        assert!(split_roles("secretary,chief").is_err());
    }
}
