//! The trust registry's rules: which identity providers a registration may describe (HTTPS key
//! sources, asymmetric algorithms only, one way to find the organisation) and how a verified token's
//! claims become roles. No IO: the api crate fetches keys and verifies signatures.

use std::collections::BTreeMap;

use crate::access::Role;
use crate::rules::{check_text, RuleViolation};

/// The JWS algorithms a trusted issuer may use: asymmetric only, so the service never holds a
/// secret that could also mint tokens (HS256 stays for the local, single-issuer mode).
pub const ASYMMETRIC_ALGORITHMS: &[&str] =
    &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

/// The roles a token with no linked person (a machine client, e.g. a client-credentials grant) may
/// keep: it reads, and at most drafts; it never approves, signs or administers.
pub const MACHINE_ROLES: &[Role] = &[Role::Reader, Role::Contributor];

/// A registration as asked for, before it is stored.
#[derive(Debug, Clone)]
pub struct IssuerDraft<'a> {
    pub issuer: &'a str,
    pub name: &'a str,
    pub jwks_url: Option<&'a str>,
    pub discovery_url: Option<&'a str>,
    pub audience: &'a str,
    pub algorithms: &'a [String],
    pub subject_claim: &'a str,
    pub organisation_claim: Option<&'a str>,
    pub organisation_map_len: usize,
    pub fixed_organisation: bool,
    pub roles_claim: &'a str,
    pub role_map: &'a BTreeMap<String, String>,
    pub machine_roles: &'a [String],
}

fn https(url: &str, pointer: &str) -> Vec<RuleViolation> {
    let mut found = check_text(url, pointer, 500);
    if found.is_empty() {
        let rest = url.strip_prefix("https://").unwrap_or("");
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || host.contains('@') || url.chars().any(char::is_whitespace) {
            found.push(RuleViolation::new(
                "trust.insecure_url",
                pointer,
                "must be an absolute https URL with a host (keys and issuers are fetched and named over HTTPS only)",
            ));
        }
    }
    found
}

fn claim_name(name: &str, pointer: &str) -> Vec<RuleViolation> {
    let mut found = check_text(name, pointer, 100);
    if found.is_empty() && !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')) {
        found.push(RuleViolation::new("invalid", pointer, "a claim name is letters, digits, '_', '-', ':' or '.'"));
    }
    found
}

/// Everything wrong with a registration.
pub fn check_issuer(draft: &IssuerDraft<'_>) -> Vec<RuleViolation> {
    let mut found = https(draft.issuer, "/issuer");
    found.extend(check_text(draft.name, "/name", 200));
    found.extend(check_text(draft.audience, "/audience", 300));
    match (draft.jwks_url, draft.discovery_url) {
        (Some(url), None) => found.extend(https(url, "/jwks_url")),
        (None, Some(url)) => found.extend(https(url, "/discovery_url")),
        _ => found.push(RuleViolation::new(
            "trust.key_source",
            "/jwks_url",
            "give exactly one of jwks_url and discovery_url",
        )),
    }
    if draft.algorithms.is_empty() {
        found.push(RuleViolation::new("required", "/algorithms", "name at least one algorithm"));
    }
    for (i, algorithm) in draft.algorithms.iter().enumerate() {
        if !ASYMMETRIC_ALGORITHMS.contains(&algorithm.as_str()) {
            found.push(RuleViolation::new(
                "trust.algorithm_refused",
                format!("/algorithms/{i}"),
                format!("{algorithm:?} is not accepted: use one of {}", ASYMMETRIC_ALGORITHMS.join(", ")),
            ));
        }
    }
    found.extend(claim_name(draft.subject_claim, "/subject_claim"));
    found.extend(claim_name(draft.roles_claim, "/roles_claim"));
    match (draft.organisation_claim, draft.fixed_organisation) {
        (Some(claim), false) => {
            found.extend(claim_name(claim, "/organisation_claim"));
            if draft.organisation_map_len == 0 {
                found.push(RuleViolation::new(
                    "trust.organisation_mapping",
                    "/organisation_map",
                    "map at least one value of the organisation claim to an organisation",
                ));
            }
        }
        (None, true) if draft.organisation_map_len == 0 => {}
        _ => found.push(RuleViolation::new(
            "trust.organisation_mapping",
            "/organisation_claim",
            "give either organisation_claim with organisation_map, or organisation_id (one fixed organisation)",
        )),
    }
    for (value, role) in draft.role_map {
        let pointer = format!("/role_map/{}", value.replace('~', "~0").replace('/', "~1"));
        found.extend(check_text(value, &pointer, 200));
        match Role::parse(role) {
            None => found.push(RuleViolation::new("trust.role_refused", pointer, format!("{role:?} is not a role"))),
            Some(Role::SystemAdmin) => found.push(RuleViolation::new(
                "trust.role_refused",
                pointer,
                "an organisation's identity provider cannot grant the platform's system_admin role",
            )),
            Some(_) => {}
        }
    }
    for (i, role) in draft.machine_roles.iter().enumerate() {
        if !Role::parse(role).is_some_and(|r| MACHINE_ROLES.contains(&r)) {
            found.push(RuleViolation::new(
                "trust.role_refused",
                format!("/machine_roles/{i}"),
                format!("{role:?}: a machine client (no linked person) may hold only reader or contributor"),
            ));
        }
    }
    found
}

/// The service roles a verified token holds: each claimed value the issuer maps (unmapped values
/// are ignored); a token acting as no person keeps only the issuer's machine roles, and never more
/// than [`MACHINE_ROLES`].
pub fn mapped_roles(
    claimed: &[String],
    role_map: &BTreeMap<String, String>,
    acts_as_person: bool,
    machine_roles: &[Role],
) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    for value in claimed {
        let Some(role) = role_map.get(value).and_then(|r| Role::parse(r)) else { continue };
        let allowed = role != Role::SystemAdmin
            && (acts_as_person || (machine_roles.contains(&role) && MACHINE_ROLES.contains(&role)));
        if allowed && !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft<'a>(
        algorithms: &'a [String],
        role_map: &'a BTreeMap<String, String>,
        machine: &'a [String],
    ) -> IssuerDraft<'a> {
        IssuerDraft {
            issuer: "https://login.microsoftonline.com/tid/v2.0",
            name: "West Mercia Police",
            jwks_url: Some("https://login.microsoftonline.com/tid/discovery/v2.0/keys"),
            discovery_url: None,
            audience: "api://governance",
            algorithms,
            subject_claim: "oid",
            organisation_claim: Some("tid"),
            organisation_map_len: 1,
            fixed_organisation: false,
            roles_claim: "roles",
            role_map,
            machine_roles: machine,
        }
    }

    fn codes(found: &[RuleViolation]) -> Vec<&str> {
        found.iter().map(|v| v.rule).collect()
    }

    #[test]
    fn a_well_formed_registration_passes_and_symmetric_algorithms_are_refused() {
        let map = BTreeMap::from([("Governance.Approver".to_string(), "approver".to_string())]);
        let rs = vec!["RS256".to_string()];
        let reader = vec!["reader".to_string()];
        assert!(check_issuer(&draft(&rs, &map, &reader)).is_empty());
        let hs = vec!["HS256".to_string(), "none".to_string()];
        assert_eq!(codes(&check_issuer(&draft(&hs, &map, &reader))), ["trust.algorithm_refused"; 2]);
    }

    #[test]
    fn plain_http_key_sources_and_platform_roles_are_refused() {
        let map = BTreeMap::from([("Admin".to_string(), "system_admin".to_string())]);
        let rs = vec!["ES256".to_string()];
        let approver = vec!["approver".to_string()];
        let mut d = draft(&rs, &map, &approver);
        d.jwks_url = Some("http://127.0.0.1/keys");
        assert_eq!(codes(&check_issuer(&d)), ["trust.insecure_url", "trust.role_refused", "trust.role_refused"]);
        d.jwks_url = None;
        d.organisation_claim = None;
        assert_eq!(codes(&check_issuer(&d))[..2], ["trust.key_source", "trust.organisation_mapping"]);
    }

    #[test]
    fn machine_tokens_keep_only_reader_and_contributor_and_unmapped_roles_are_ignored() {
        let map = BTreeMap::from([
            ("R".to_string(), "reader".to_string()),
            ("A".to_string(), "approver".to_string()),
            ("O".to_string(), "org_admin".to_string()),
        ]);
        let claimed = ["R", "A", "O", "unknown"].map(String::from);
        assert_eq!(mapped_roles(&claimed, &map, true, &[]), [Role::Reader, Role::Approver, Role::OrgAdmin]);
        assert_eq!(mapped_roles(&claimed, &map, false, &[Role::Reader, Role::Approver]), [Role::Reader]);
    }
}
