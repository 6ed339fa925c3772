//! Every code the service can answer with, and what it means: the domain rules (generated from the
//! domain reference by `scripts/rules_catalogue.py`) and the service's own codes for malformed
//! requests, references and protocol errors. Served at `/api/v1/rules`; every problem's `type`
//! points at its code's entry.

mod domain_rules;

pub use domain_rules::DOMAIN_RULES;

/// How sure the rule is in law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the statute or an official text.
    Verified,
    /// Partly verified.
    PartlyVerified,
    /// Local practice: varies by area, configurable.
    LocalPractice,
    /// A convention of this service (request shape, protocol), not a rule of law.
    Service,
}

/// One code: what it means, where it comes from and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleEntry {
    pub code: &'static str,
    pub statement: &'static str,
    pub source: &'static str,
    pub confidence: Confidence,
}

const fn service(code: &'static str, statement: &'static str) -> RuleEntry {
    RuleEntry { code, statement, source: "This service's API conventions", confidence: Confidence::Service }
}

/// The service's own codes: problem codes (the top-level `code`) and field codes (`errors[].code`).
pub const SERVICE_CODES: &[RuleEntry] = &[
    service(
        "audit.beyond_tree",
        "A sequence or tree size names more of the audit log than it holds, or a consistency proof's first size is larger than its second.",
    ),
    service(
        "export.not_tabular",
        "CSV was asked of an export kind that is not tabular (boards, records of decision): those are exported as NDJSON only.",
    ),
    service("bad_request", "The request cannot be read as sent (e.g. a header or query the service cannot parse)."),
    service("malformed_json", "The body is not well-formed JSON."),
    service("malformed_body", "The body is JSON but not of the shape the operation takes; `errors[]` names the field."),
    service(
        "unknown_field",
        "The body names a field the operation does not take (request bodies reject unknown fields).",
    ),
    service("invalid", "A value is not of the type or format the field takes."),
    service("out_of_range", "A number or page size is outside the range the field allows."),
    service("required", "A required field is missing or blank."),
    service("too_long", "Text longer than the field allows."),
    service("too_many_items", "A list in the body holds more items than the field allows."),
    service("duplicate", "The same entry is named twice in one request."),
    service(
        "conflicting",
        "Two parameters ask questions that are not answered together (e.g. `as_of`, the world on a day, with `known_at`, the record as held at an instant).",
    ),
    service("unknown_reference", "An id in the body names no record (or none the caller may see)."),
    service("validation.failed", "The request is malformed (a body, header or query parameter the operation cannot take); `errors[]` names each field with its own code."),
    service(
        "invalid_amount",
        "A sum of money is not a whole number of pence within range, or is negative where that means nothing.",
    ),
    service("invalid_code", "A code (e.g. of the functions catalogue) is not in the expected form."),
    service("invalid_digest", "A document digest is not 64 lowercase hexadecimal characters (SHA-256)."),
    service(
        "invalid_period",
        "A date comes before the date it must follow (e.g. an order in force before it is made).",
    ),
    service("period.invalid", "A period ends before it starts."),
    service(
        "invalid_slug",
        "A slug is not lowercase letters and digits in hyphen-separated words, at most 80 characters.",
    ),
    service("invalid_time", "A time is not HH:MM on the 24-hour clock (Europe/London)."),
    service("action.owner", "Each owner of an action is exactly one of a person and a post."),
    service("appointment.target", "An appointment is to exactly one of a post and a corporation sole."),
    service("membership.holder", "A board membership names exactly one of a person and a post."),
    service("membership.overlap", "The member already has a membership for part of that period."),
    service("quorum.count", "The `voting_members` quorum rule needs a count of at least one; other rules take none."),
    service("record.signatory", "Only a deciding corporation sole of the record signs it."),
    service(
        "forward_plan.taker",
        "A forward plan entry taken by the officer names no board; one taken by a board names it.",
    ),
    service(
        "forward_plan.slip_reason",
        "A published forward plan entry's intended date changes only with the reason, which the plan keeps as a slip.",
    ),
    service(
        "forward_plan.closing_record",
        "The record that closes a forward plan entry is taken by (or for) one of the entry's deciding corporations sole.",
    ),
    service("reference.scheme", "The reference does not follow the issuer's reference scheme."),
    service("reference_scheme.invalid", "A reference scheme pattern is not valid."),
    service(
        "webhook.backfill_too_long",
        "A new subscription asks for more past events than are sent again: export, then subscribe from the export's Feed-Cursor.",
    ),
    service("scheme.carry_over", "A new scheme version carries over only delegations of the version it supersedes that were in effect on its adoption day."),
    service("scheme.supersedes", "A new scheme version supersedes a version of the same corporation sole's scheme, adopted after it."),
    service("revocation.date", "A revocation is dated within the delegation's period."),
    service("transfer.duplicate", "A transfer order names the same predecessor twice."),
    service("transfer.successor", "A transfer order's successor cannot be one of its own predecessors."),
    service(
        "webhook.target_refused",
        "A webhook target must be an https URL whose host resolves, and only to public addresses (or to networks the operator trusts).",
    ),
    service(
        "trust.insecure_url",
        "A trusted issuer, its JWKS URL and its discovery URL are absolute https URLs: keys are fetched over HTTPS only.",
    ),
    service("trust.key_source", "A trusted issuer names exactly one of a JWKS URL and a discovery URL."),
    service(
        "trust.algorithm_refused",
        "A trusted issuer signs with asymmetric algorithms only (RS256/384/512, PS256/384/512, ES256, ES384, EdDSA); HS* and none are refused.",
    ),
    service(
        "trust.organisation_mapping",
        "A trusted issuer finds the organisation either by a claim with a value-to-organisation map, or names one fixed organisation.",
    ),
    service(
        "trust.role_refused",
        "A role map names service roles other than system_admin; a machine client (no linked person) may hold only reader or contributor.",
    ),
    service(
        "trust.person_link",
        "A subject of a trusted issuer is linked only to a person of one of the organisations the issuer speaks for.",
    ),
    service("meeting.cancelled_end_time", "A cancelled meeting has no end time: leave `end_time` out."),
    service(
        "meeting.likely_duplicate",
        "A warning, not a refusal: another meeting of the board, not void, falls on the same date.",
    ),
    service(
        "interests.withheld_reason",
        "A register entry withheld from the public register carries the reason; a published one carries none.",
    ),
    service(
        "interests.body_name",
        "A register of interests entry names the organisation in at least three characters (it is matched against agendas and decisions).",
    ),
    service("interests.keeper", "A register of interests or of gifts and hospitality is kept by an OPCC or a force."),
    service(
        "interests.citation",
        "A declaration of interest cites an entry of the declaring person's own register of interests.",
    ),
    service(
        "interests.undeclared",
        "A warning, not a refusal: an agenda item or decision names an organisation in a present member's register of interests (in force on the meeting's day) and no declaration is recorded for it.",
    ),
    service("owner_change.empty", "A change of a board's owners names the owner that ceases, the one that begins, or both (not the same office)."),
    service(
        "owner_change.future",
        "An owner change recorded by hand has taken effect: record it on or after its day (the owners now decide access now).",
    ),
    service("repointing.same_office", "The organisation already serves the office it would be re-pointed to."),
    service(
        "repointing.future",
        "A re-pointing has taken effect when recorded: record it on or after its day (the office served now decides access now).",
    ),
    service(
        "repointing.order",
        "Re-pointings of an organisation take effect in the order recorded: not before the last one.",
    ),
    service("owner_change.not_owner", "The owner named to cease does not own the board."),
    service("owner_change.already_owner", "The owner named to begin already owns the board."),
    service("owner_change.last_owner", "A board keeps at least one owner: name a replacement, or end the board."),
    service(
        "owner_change.order",
        "Owner changes take effect in the order recorded: not before the board was established or the last change.",
    ),
    service(
        "known_at.not_kept",
        "The record changed before `known_at` but its state then was not kept (history is kept from the \
         instant `detail` names, e.g. for records stored before history began): ask about a later instant.",
    ),
    service("not_kept", "Field code of `known_at.not_kept`: no state of the record is kept for that instant."),
    service("idempotency_key.reused", "The Idempotency-Key was used before with a different request."),
    service("reused", "Field code of `idempotency_key.reused`: the key names another request; use a new key."),
    service("unauthenticated", "The operation needs a valid bearer token, or the token given is not valid."),
    service("forbidden", "The caller may see the record but may not do this to it; `detail` says what is missing."),
    service("not_found", "No such record, or none the caller may see."),
    service(
        "cors.origin_not_allowed",
        "A browser's preflight (CORS) came from an origin the service does not allow; the operator lists the allowed origins.",
    ),
    service("method_not_allowed", "The path does not take this method; `Allow` lists the ones it does."),
    service("conflict", "The record's state does not allow this now (e.g. a transition from its current status)."),
    service("precondition_required", "A change needs `If-Match` with the record's version."),
    service("precondition_failed", "`If-Match` names another version than the stored one: read the record again."),
    service(
        "malformed_request",
        "The request is not valid HTTP/1.1 (e.g. an invalid or repeated `Content-Length`, or a header name with a space); the connection is closed.",
    ),
    service("payload_too_large", "The body is larger than the service accepts."),
    service("uri_too_long", "The query string is longer than the service accepts."),
    service("headers_too_large", "The request headers are larger than the service accepts."),
    service("unsupported_media_type", "The body is not `application/json`."),
    service("rate_limited", "Too many requests: wait for `Retry-After` seconds."),
    service("unavailable", "The service cannot answer now (e.g. the database is unreachable); try again."),
    service("internal", "An error in the service; the `request_id` identifies it in the logs."),
];

/// Every code, domain rules first, each once.
pub fn all() -> impl Iterator<Item = &'static RuleEntry> {
    DOMAIN_RULES.iter().chain(SERVICE_CODES.iter())
}

/// The entry for one code.
pub fn entry(code: &str) -> Option<&'static RuleEntry> {
    all().find(|rule| rule.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_catalogued_once_with_a_statement() {
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "{} twice", rule.code);
            assert!(!rule.statement.trim().is_empty() && !rule.source.is_empty(), "{}", rule.code);
        }
        assert_eq!(entry("R-CA-02").map(|r| r.confidence), Some(Confidence::Verified));
        assert!(entry("R-XX-99").is_none());
    }
}
