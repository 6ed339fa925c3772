//! Board rules by id: R-BD-01 (quorum), R-BD-02 (approvals bind corporations sole), R-BD-03
//! (minutes approval and signing), R-PB-01 (publication) and R-PB-02 (exemptions).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Disclosure, DisclosureFacts, FoiSection, QuorumRule};
use crate::{Period, RuleViolation};

/// An owner of a board as the quorum rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub corporation_sole_id: Uuid,
    pub policing_body: bool,
    /// When the owning office existed: on a day outside it nobody can represent it, so the quorum
    /// does not wait for it (R-TM-01).
    pub existed: Period,
}

/// One person present at a meeting: whom they represent and whether they vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresentMember {
    pub representing: Option<Uuid>,
    pub voting: bool,
}

/// The quorum of a meeting, computed from attendance and the board's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quorum {
    pub quorate: bool,
    /// Corporations sole that the rule needs and nobody present represents.
    pub unrepresented: Vec<Uuid>,
    pub voting_present: usize,
    pub required_count: Option<u32>,
}

/// Computes the quorum of a meeting held `on` (R-BD-01). `present` are those recorded present (not
/// in attendance, not guests). A `voting_members` rule without a count is never met. Owners that did
/// not exist that day are not needed.
pub fn quorum(
    rule: QuorumRule,
    count: Option<u32>,
    on: NaiveDate,
    owners: &[Owner],
    present: &[PresentMember],
) -> Quorum {
    let owners: Vec<&Owner> = owners.iter().filter(|o| o.existed.contains(on)).collect();
    let represented: BTreeSet<Uuid> = present.iter().filter_map(|p| p.representing).collect();
    let voting_present = present.iter().filter(|p| p.voting).count();
    let needed: Vec<Uuid> = match rule {
        QuorumRule::EachOwningPolicingBody => {
            owners.iter().filter(|o| o.policing_body).map(|o| o.corporation_sole_id).collect()
        }
        QuorumRule::EachOwner => owners.iter().map(|o| o.corporation_sole_id).collect(),
        QuorumRule::VotingMembers => Vec::new(),
    };
    let unrepresented: Vec<Uuid> = needed.into_iter().filter(|cs| !represented.contains(cs)).collect();
    let quorate = match rule {
        QuorumRule::VotingMembers => count.is_some_and(|n| n > 0 && voting_present >= n as usize),
        _ => unrepresented.is_empty() && !present.is_empty(),
    };
    Quorum { quorate, unrepresented, voting_present, required_count: count }
}

/// R-BD-01: decisions at an inquorate meeting are refused.
pub fn check_quorate_for_decision(quorum: &Quorum) -> Vec<RuleViolation> {
    if quorum.quorate {
        return Vec::new();
    }
    let why = if quorum.unrepresented.is_empty() {
        format!(
            "{} voting member(s) present, {} needed",
            quorum.voting_present,
            quorum.required_count.map_or("a configured number".to_string(), |n| n.to_string())
        )
    } else {
        format!("no one present represents {} owning corporation(s) sole", quorum.unrepresented.len())
    };
    vec![RuleViolation::new(
        "R-BD-01",
        "/meeting_id",
        format!("the meeting is not quorate ({why}); a decision cannot be taken"),
    )]
}

/// Only a meeting that sat has an end time: one being cancelled never did.
pub fn check_end_time(to: super::MeetingStatus, has_end_time: bool) -> Vec<RuleViolation> {
    if to == super::MeetingStatus::Cancelled && has_end_time {
        vec![RuleViolation::new("meeting.cancelled_end_time", "/end_time", "a cancelled meeting has no end time")]
    } else {
        Vec::new()
    }
}

/// The largest quorum count a board may set (the document declares it).
pub const MAX_QUORUM_COUNT: u32 = 1000;

/// A board's quorum rule must be usable: a count for `voting_members`, none otherwise.
pub fn check_quorum_rule(rule: QuorumRule, count: Option<u32>) -> Vec<RuleViolation> {
    match (rule, count) {
        (QuorumRule::VotingMembers, Some(n)) if n > MAX_QUORUM_COUNT => vec![RuleViolation::new(
            "quorum.count",
            "/quorum_count",
            format!("a quorum count is at most {MAX_QUORUM_COUNT}"),
        )],
        (QuorumRule::VotingMembers, Some(n)) if n > 0 => Vec::new(),
        (QuorumRule::VotingMembers, _) => {
            vec![RuleViolation::new(
                "quorum.count",
                "/quorum_count",
                "a voting_members quorum needs a count of at least 1",
            )]
        }
        (_, Some(_)) => vec![RuleViolation::new(
            "quorum.count",
            "/quorum_count",
            "quorum_count applies only to the voting_members rule",
        )],
        _ => Vec::new(),
    }
}

/// R-PB-02 for a record of decision's Part 2: sections and a reason; s22 belongs on an agenda item,
/// which carries the intended publication date.
pub fn check_part_two(sections: &[FoiSection], reason: &str) -> Vec<RuleViolation> {
    let mut out = Vec::new();
    if sections.is_empty() {
        out.push(RuleViolation::new(
            "R-PB-02",
            "/part_two/foi_sections",
            "an exempt Part 2 needs at least one FOI Act section",
        ));
    }
    if reason.trim().is_empty() {
        out.push(RuleViolation::new("R-PB-02", "/part_two/reason", "an exempt Part 2 needs a reason"));
    }
    if sections.contains(&FoiSection::S22) {
        out.push(RuleViolation::new(
            "R-PB-02",
            "/part_two/foi_sections",
            "s22 needs an intended publication date; record a Part 2 under s22 on the agenda item instead",
        ));
    }
    out
}

/// R-PB-02: an exemption needs at least one FOI section and a reason; s22 (future publication)
/// needs the intended publication date. Public material carries no sections.
pub fn check_disclosure(facts: &DisclosureFacts, pointer: &str) -> Vec<RuleViolation> {
    let mut out = Vec::new();
    match facts.disclosure {
        Disclosure::Public => {
            if !facts.sections.is_empty() {
                out.push(RuleViolation::new(
                    "R-PB-02",
                    format!("{pointer}/foi_sections"),
                    "public material carries no FOI exemption sections",
                ));
            }
        }
        Disclosure::Exempt => {
            if facts.sections.is_empty() {
                out.push(RuleViolation::new(
                    "R-PB-02",
                    format!("{pointer}/foi_sections"),
                    "an exemption needs at least one FOI Act section",
                ));
            }
            if facts.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                out.push(RuleViolation::new(
                    "R-PB-02",
                    format!("{pointer}/exemption_reason"),
                    "an exemption needs a reason",
                ));
            }
            if facts.sections.contains(&FoiSection::S22) && facts.publish_on.is_none() {
                out.push(RuleViolation::new(
                    "R-PB-02",
                    format!("{pointer}/intended_publication_on"),
                    "an exemption under s22 (future publication) needs the intended publication date",
                ));
            }
        }
    }
    out
}

/// R-BD-02: whether a decision is agreed, i.e. every required approver has approved.
pub fn is_agreed(required: &[Uuid], approved: &[Uuid]) -> bool {
    !required.is_empty() && required.iter().all(|cs| approved.contains(cs))
}

/// The day a decision was agreed: the last approval's, once every required approver has approved
/// and the outcome binds (R-BD-02); none otherwise.
pub fn agreed_on(
    outcome: super::DecisionOutcome,
    required: &[Uuid],
    approvals: &[(Uuid, NaiveDate)],
) -> Option<NaiveDate> {
    let approved: Vec<Uuid> = approvals.iter().map(|(cs, _)| *cs).collect();
    if super::binds(outcome) && is_agreed(required, &approved) {
        approvals.iter().map(|(_, on)| *on).max()
    } else {
        None
    }
}

/// R-BD-02: an approval is for a corporation sole the decision needs, and only once.
pub fn check_approval(required: &[Uuid], approved: &[Uuid], corporation_sole: Uuid) -> Vec<RuleViolation> {
    if !required.contains(&corporation_sole) {
        return vec![RuleViolation::new(
            "R-BD-02",
            "/corporation_sole_id",
            "this corporation sole is not a required approver of the decision",
        )];
    }
    if approved.contains(&corporation_sole) {
        return vec![RuleViolation::new(
            "R-BD-02",
            "/corporation_sole_id",
            "this corporation sole has already approved the decision",
        )];
    }
    Vec::new()
}

/// Required approvers must be named and must be owners of the board.
pub fn check_required_approvers(required: &[Uuid], owners: &[Uuid]) -> Vec<RuleViolation> {
    let mut out = Vec::new();
    if required.is_empty() {
        out.push(RuleViolation::new("R-BD-02", "/required_approvers", "name the corporations sole that must approve"));
    }
    for (n, cs) in required.iter().enumerate() {
        if !owners.contains(cs) {
            out.push(RuleViolation::new(
                "R-BD-02",
                format!("/required_approvers/{n}"),
                "a required approver must be an owning corporation sole of the board",
            ));
        }
        if required[..n].contains(cs) {
            out.push(RuleViolation::new("R-BD-02", format!("/required_approvers/{n}"), "named twice"));
        }
    }
    out
}

/// A meeting as R-BD-03 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingRef {
    pub id: Uuid,
    pub board_id: Uuid,
    pub date: NaiveDate,
    pub held: bool,
}

/// R-BD-03: minutes are approved only at a later, held and quorate (R-BD-01) meeting of the same board.
pub fn check_minutes_approval(minutes_of: &MeetingRef, approved_at: &MeetingRef, quorate: bool) -> Vec<RuleViolation> {
    let mut out = Vec::new();
    if approved_at.board_id != minutes_of.board_id {
        out.push(RuleViolation::new(
            "R-BD-03",
            "/approved_at_meeting_id",
            "minutes are approved at a meeting of the same board",
        ));
    }
    if approved_at.date <= minutes_of.date || approved_at.id == minutes_of.id {
        out.push(RuleViolation::new(
            "R-BD-03",
            "/approved_at_meeting_id",
            "minutes are approved at a later meeting than the one they record",
        ));
    }
    if !approved_at.held {
        out.push(RuleViolation::new("R-BD-03", "/approved_at_meeting_id", "the approving meeting must have been held"));
    } else if !quorate {
        out.push(RuleViolation::new(
            "R-BD-03",
            "/approved_at_meeting_id",
            "the approving meeting was not quorate (R-BD-01): record its attendance first",
        ));
    }
    out
}

/// R-BD-03: signatures come from the meeting's chair(s): the single chair, or both co-chairs.
/// Returns the violations for `signer` and whether, with them, the minutes are fully signed.
pub fn check_minutes_signature(chairs: &[Uuid], already_signed: &[Uuid], signer: Uuid) -> (Vec<RuleViolation>, bool) {
    if !chairs.contains(&signer) {
        let v =
            RuleViolation::new("R-BD-03", "/person_id", "minutes are signed by the chair or co-chairs of the meeting");
        return (vec![v], false);
    }
    if already_signed.contains(&signer) {
        return (vec![RuleViolation::new("R-BD-03", "/person_id", "this chair has already signed")], false);
    }
    let complete = chairs.iter().all(|c| *c == signer || already_signed.contains(c));
    (Vec::new(), complete)
}

/// R-PB-01: a decision of significant public interest is published (date and URL) or carries a
/// recorded exemption.
pub fn check_publication(
    significant_public_interest: bool,
    published_on: Option<NaiveDate>,
    published_url: Option<&str>,
    exempt: bool,
) -> Vec<RuleViolation> {
    let published = published_on.is_some() && published_url.is_some_and(|u| !u.trim().is_empty());
    if significant_public_interest && !published && !exempt {
        vec![RuleViolation::new(
            "R-PB-01",
            "/published_url",
            "a decision of significant public interest must be published (date and URL) or carry a recorded exemption",
        )]
    } else {
        Vec::new()
    }
}

/// A SHA-256 digest as 64 lowercase hex characters.
pub fn check_sha256(value: &str, pointer: &str) -> Vec<RuleViolation> {
    if value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Vec::new()
    } else {
        vec![RuleViolation::new("invalid_digest", pointer, "a SHA-256 digest is 64 lowercase hex characters")]
    }
}

/// A local wall-clock time "HH:MM".
pub fn parse_clock(value: &str, pointer: &str) -> Result<chrono::NaiveTime, Vec<RuleViolation>> {
    chrono::NaiveTime::parse_from_str(value, "%H:%M")
        .ok()
        .filter(|_| value.len() == 5)
        .ok_or_else(|| vec![RuleViolation::new("invalid_time", pointer, "a time is HH:MM (24-hour, Europe/London)")])
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_meeting_that_sat_has_an_end_time() {
        use super::super::MeetingStatus;
        assert!(check_end_time(MeetingStatus::Held, true).is_empty());
        assert!(check_end_time(MeetingStatus::Cancelled, false).is_empty());
        assert_eq!(check_end_time(MeetingStatus::Cancelled, true)[0].rule, "meeting.cancelled_end_time");
    }

    use super::*;
    use crate::boards::DecisionOutcome;

    #[test]
    fn a_part_two_needs_sections_and_a_reason_and_not_s22() {
        assert_eq!(check_part_two(&[], " ").len(), 2);
        assert!(check_part_two(&[FoiSection::S43], "commercial interests").is_empty());
        assert_eq!(check_part_two(&[FoiSection::S22], "later")[0].rule, "R-PB-02");
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 10, 28).unwrap_or_default()
    }

    fn always() -> Period {
        Period::new(NaiveDate::MIN, None)
    }

    #[test]
    fn an_owner_that_had_ceased_to_exist_is_not_waited_for() {
        let cs = ids(2);
        let ended = Period::new(NaiveDate::MIN, day().pred_opt());
        let owners = vec![
            Owner { corporation_sole_id: cs[0], policing_body: true, existed: always() },
            Owner { corporation_sole_id: cs[1], policing_body: true, existed: ended },
        ];
        let present = [PresentMember { representing: Some(cs[0]), voting: true }];
        let met = quorum(QuorumRule::EachOwningPolicingBody, None, day(), &owners, &present);
        assert!(met.quorate, "{met:?}");
        let before = quorum(QuorumRule::EachOwner, None, NaiveDate::MIN, &owners, &present);
        assert_eq!(before.unrepresented, vec![cs[1]]);
    }

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::now_v7()).collect()
    }

    #[test]
    fn quorum_needs_each_owning_policing_body_by_default() {
        let cs = ids(4);
        let owners = vec![
            Owner { corporation_sole_id: cs[0], policing_body: true, existed: always() },
            Owner { corporation_sole_id: cs[1], policing_body: true, existed: always() },
            Owner { corporation_sole_id: cs[2], policing_body: false, existed: always() },
            Owner { corporation_sole_id: cs[3], policing_body: false, existed: always() },
        ];
        let present = |r: &[usize]| {
            r.iter().map(|i| PresentMember { representing: Some(cs[*i]), voting: true }).collect::<Vec<_>>()
        };
        let met = quorum(QuorumRule::EachOwningPolicingBody, None, day(), &owners, &present(&[0, 1]));
        assert!(met.quorate);
        let short = quorum(QuorumRule::EachOwningPolicingBody, None, day(), &owners, &present(&[0, 2, 3]));
        assert!(!short.quorate);
        assert_eq!(short.unrepresented, vec![cs[1]]);
        assert_eq!(check_quorate_for_decision(&short)[0].rule, "R-BD-01");
        assert!(check_quorate_for_decision(&met).is_empty());
        assert!(!quorum(QuorumRule::EachOwner, None, day(), &owners, &present(&[0, 1])).quorate);
        assert!(!quorum(QuorumRule::EachOwningPolicingBody, None, day(), &owners, &[]).quorate);
    }

    #[test]
    fn a_counted_quorum_counts_voting_members_present() {
        let present = vec![
            PresentMember { representing: None, voting: true },
            PresentMember { representing: None, voting: false },
            PresentMember { representing: None, voting: true },
        ];
        assert!(quorum(QuorumRule::VotingMembers, Some(2), day(), &[], &present).quorate);
        assert!(!quorum(QuorumRule::VotingMembers, Some(3), day(), &[], &present).quorate);
        assert!(!check_quorum_rule(QuorumRule::VotingMembers, None).is_empty());
        assert!(!check_quorum_rule(QuorumRule::EachOwner, Some(2)).is_empty());
        assert!(check_quorum_rule(QuorumRule::VotingMembers, Some(2)).is_empty());
        assert!(check_quorum_rule(QuorumRule::VotingMembers, Some(MAX_QUORUM_COUNT)).is_empty());
        assert!(!check_quorum_rule(QuorumRule::VotingMembers, Some(MAX_QUORUM_COUNT + 1)).is_empty());
    }

    #[test]
    fn a_counted_quorum_of_zero_is_never_met_nor_accepted() {
        let present = vec![PresentMember { representing: None, voting: true }];
        let zero = quorum(QuorumRule::VotingMembers, Some(0), day(), &[], &present);
        assert!(!zero.quorate);
        assert!(!quorum(QuorumRule::VotingMembers, Some(0), day(), &[], &[]).quorate);
        assert!(quorum(QuorumRule::VotingMembers, Some(1), day(), &[], &present).quorate);
        let refused = check_quorum_rule(QuorumRule::VotingMembers, Some(0));
        assert_eq!(
            refused.iter().map(|v| (v.rule, v.pointer.as_str(), v.message.as_str())).collect::<Vec<_>>(),
            vec![("quorum.count", "/quorum_count", "a voting_members quorum needs a count of at least 1")]
        );
        assert!(check_quorum_rule(QuorumRule::VotingMembers, Some(1)).is_empty());
    }

    #[test]
    fn a_digest_needs_both_the_length_and_the_lowercase_hex_alphabet() {
        assert!(check_sha256(&"0123456789abcdef".repeat(4), "/d").is_empty());
        assert_eq!(check_sha256("abc", "/d")[0].rule, "invalid_digest");
        assert_eq!(check_sha256(&"a".repeat(63), "/d").len(), 1);
        assert_eq!(check_sha256(&"A".repeat(64), "/d")[0].pointer, "/d");
        assert_eq!(check_sha256(&"g".repeat(64), "/d").len(), 1);
    }

    #[test]
    fn exemptions_need_a_section_a_reason_and_for_s22_a_date() {
        let exempt = |sections: Vec<FoiSection>, reason: Option<&str>, date: Option<NaiveDate>| DisclosureFacts {
            disclosure: Disclosure::Exempt,
            sections,
            reason: reason.map(str::to_string),
            publish_on: date,
        };
        let rules = |f: &DisclosureFacts| check_disclosure(f, "").into_iter().map(|v| v.pointer).collect::<Vec<_>>();
        assert_eq!(rules(&exempt(vec![], None, None)), vec!["/foi_sections", "/exemption_reason"]);
        assert_eq!(
            rules(&exempt(vec![FoiSection::S22, FoiSection::S43], Some("commercial"), None)),
            vec!["/intended_publication_on"]
        );
        assert!(rules(&exempt(vec![FoiSection::S43], Some("commercial"), None)).is_empty());
        let public =
            DisclosureFacts { disclosure: Disclosure::Public, sections: vec![], reason: None, publish_on: None };
        assert!(check_disclosure(&public, "").is_empty());
        assert_eq!(check_disclosure(&public, "")[..].len(), 0);
    }

    #[test]
    fn a_decision_is_agreed_only_when_every_required_approver_approved() {
        let cs = ids(3);
        assert!(!is_agreed(&cs[..2], &cs[..1]));
        assert!(is_agreed(&cs[..2], &[cs[1], cs[0]]));
        assert!(!is_agreed(&[], &[]));
        assert_eq!(check_approval(&cs[..2], &[], cs[2])[0].rule, "R-BD-02");
        assert_eq!(check_approval(&cs[..2], &[cs[0]], cs[0]).len(), 1);
        assert!(check_approval(&cs[..2], &[cs[0]], cs[1]).is_empty());
        let d = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        let both = [(cs[0], d("2017-07-26")), (cs[1], d("2017-07-28"))];
        assert_eq!(agreed_on(DecisionOutcome::Agreed, &cs[..2], &both), Some(d("2017-07-28")));
        assert_eq!(agreed_on(DecisionOutcome::Agreed, &cs[..2], &both[..1]), None);
        assert_eq!(agreed_on(DecisionOutcome::Deferred, &cs[..2], &both), None);
        assert_eq!(check_required_approvers(&[cs[0], cs[0]], &cs).len(), 1);
        assert_eq!(check_required_approvers(&[cs[2]], &cs[..2]).len(), 1);
        assert_eq!(check_required_approvers(&[], &cs).len(), 1);
    }

    #[test]
    fn minutes_are_approved_at_a_later_held_meeting_of_the_same_board() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date");
        let board = Uuid::now_v7();
        let june = MeetingRef { id: Uuid::now_v7(), board_id: board, date: d("2017-06-29"), held: true };
        let july = MeetingRef { id: Uuid::now_v7(), board_id: board, date: d("2017-07-26"), held: true };
        assert!(check_minutes_approval(&june, &july, true).is_empty());
        assert_eq!(check_minutes_approval(&july, &june, true).len(), 1);
        assert_eq!(check_minutes_approval(&june, &june, true).len(), 1);
        let elsewhere = MeetingRef { board_id: Uuid::now_v7(), ..july };
        assert_eq!(check_minutes_approval(&june, &elsewhere, true)[0].rule, "R-BD-03");
        let unheld = MeetingRef { held: false, ..july };
        assert_eq!(check_minutes_approval(&june, &unheld, true).len(), 1);
        assert_eq!(check_minutes_approval(&june, &july, false)[0].rule, "R-BD-03");
    }

    #[test]
    fn minutes_are_signed_by_the_chair_or_both_co_chairs() {
        let people = ids(3);
        let co_chairs = &people[..2];
        let (v, complete) = check_minutes_signature(co_chairs, &[], people[0]);
        assert!(v.is_empty() && !complete);
        let (v, complete) = check_minutes_signature(co_chairs, &[people[0]], people[1]);
        assert!(v.is_empty() && complete);
        assert_eq!(check_minutes_signature(co_chairs, &[], people[2]).0[0].rule, "R-BD-03");
        assert_eq!(check_minutes_signature(co_chairs, &[people[0]], people[0]).0.len(), 1);
        assert!(check_minutes_signature(&people[..1], &[], people[0]).1);
    }

    #[test]
    fn significant_decisions_are_published_or_exempt() {
        let d = NaiveDate::from_ymd_opt(2017, 2, 20);
        assert_eq!(check_publication(true, None, None, false)[0].rule, "R-PB-01");
        assert!(check_publication(true, d, Some("https://example.org/d"), false).is_empty());
        assert!(check_publication(true, d, Some(" "), false).len() == 1);
        assert!(check_publication(true, None, None, true).is_empty());
        assert!(check_publication(false, None, None, false).is_empty());
    }

    #[test]
    fn digests_and_clock_times_are_checked() {
        assert!(check_sha256(&"a".repeat(64), "/d").is_empty());
        assert_eq!(check_sha256("ABC", "/d").len(), 1);
        assert!(parse_clock("14:00", "/t").is_ok());
        assert!(parse_clock("2pm", "/t").is_err());
        assert!(parse_clock("25:00", "/t").is_err());
    }
}
