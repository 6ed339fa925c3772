//! The authority check: given who acts (on that day), the function, the corporation sole acted for,
//! an amount and flags, answer allowed, refer or denied with the chain of authority and every reason.
//! Everything is judged as it stood on the day asked: delegations in force, revocations taking
//! effect, and what the actor held (the caller resolves appointments for that day).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::{format_pence, DelegateKind, DelegationKind, Outcome, ReferralCondition, Reservation};
use crate::Period;

/// Longest chain followed; deeper ones are refused rather than walked for ever.
pub const MAX_CHAIN: usize = 16;

/// A stored delegation or consent as the check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: DelegationKind,
    pub delegate_kind: DelegateKind,
    pub delegate_id: Uuid,
    pub functions: Vec<String>,
    pub limit_per_act: Option<i64>,
    pub limit_total: Option<i64>,
    pub conditions: Vec<ReferralCondition>,
    /// Who a referral goes to (the grantor when empty).
    pub refer_to: Vec<Uuid>,
    pub period: Period,
    /// First day without effect, and why.
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
    /// The instrument and paragraph, e.g. "PCC/D/2017/05 para 4".
    pub citation: String,
    /// When the instrument it stands under ended (R-DL-06), if it has.
    pub lapse: Option<Lapse>,
}

/// The end of the instrument a delegation stands under: a collaboration that ended, or the
/// grantor's membership of it (R-DL-06: a delegation lasts no longer than its source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse {
    /// First day without effect.
    pub from: NaiveDate,
    /// What ended, e.g. "the collaboration West Mercia and Warwickshire Alliance ended on 2020-04-30".
    pub because: String,
}

/// The lapse of a delegation under a collaboration, from the collaboration's last day and the
/// grantor's membership of it: whichever ends first (R-DL-06).
pub fn collaboration_lapse(
    collaboration: &str,
    collaboration_ends_on: Option<NaiveDate>,
    membership_ends_on: Option<NaiveDate>,
) -> Option<Lapse> {
    let ended = |on: NaiveDate, what: String| Lapse { from: on.succ_opt().unwrap_or(on), because: what };
    match (collaboration_ends_on, membership_ends_on) {
        (Some(whole), Some(member)) if member < whole => {
            Some(ended(member, format!("the grantor left the collaboration {collaboration} on {member}")))
        }
        (Some(whole), _) => Some(ended(whole, format!("the collaboration {collaboration} ended on {whole}"))),
        (None, Some(member)) => {
            Some(ended(member, format!("the grantor left the collaboration {collaboration} on {member}")))
        }
        (None, None) => None,
    }
}

/// Whether a delegation or consent still has effect on `day` or later (it may not have started):
/// not expired, revoked or lapsed with its instrument by then (R-DL-06).
pub fn runs_on_or_after(
    ends_on: Option<NaiveDate>,
    revoked_on: Option<NaiveDate>,
    lapse: Option<&Lapse>,
    day: NaiveDate,
) -> bool {
    ends_on.is_none_or(|end| day <= end)
        && revoked_on.is_none_or(|revoked| day < revoked)
        && lapse.is_none_or(|lapse| day < lapse.from)
}

impl Link {
    /// Whether the link has effect on `day`: started, and still running (not expired, revoked or
    /// lapsed with its instrument).
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.period.starts_on <= day && runs_on_or_after(self.period.ends_on, self.revoked_on, self.lapse.as_ref(), day)
    }

    fn why_not_in_force(&self, day: NaiveDate) -> String {
        let name = format!("{} under {}", self.kind, self.citation);
        if day < self.period.starts_on {
            format!("the {name} starts on {}", self.period.starts_on)
        } else if let Some(lapse) = self.lapse.as_ref().filter(|l| day >= l.from) {
            format!("the {name} lapsed on {}: {} (R-DL-06)", lapse.from, lapse.because)
        } else if let Some(revoked) = self.revoked_on.filter(|r| day >= *r) {
            let reason = self.revocation_reason.as_deref().unwrap_or("no reason recorded");
            format!("the {name} has no effect from {revoked} ({reason})")
        } else {
            let end = self.period.ends_on.map(|e| e.to_string()).unwrap_or_default();
            format!("the {name} expired after {end}")
        }
    }
}

/// Something the actor is on the day: a person, a post they hold, an office they hold, a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    pub kind: DelegateKind,
    pub id: Uuid,
    /// e.g. "Deputy Police and Crime Commissioner (Office of the PCC for West Mercia)".
    pub label: String,
}

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub corporation_sole_id: Uuid,
    pub corporation_sole_label: String,
    /// When the corporation sole existed: nobody acts for it outside this (R-TM-01, R-SU-02).
    pub corporation_sole_period: Period,
    pub function: String,
    pub reservation: Reservation,
    pub amount: Option<i64>,
    /// Already committed under the same authority before this act (for total limits).
    pub already_committed: i64,
    pub on: NaiveDate,
    pub flags: Vec<ReferralCondition>,
}

/// One reason behind an answer, with the rule or check that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// `office_holder`, `office_not_in_existence`, `in_force`, `referral`, `R-DL-05` (over a limit), `not_in_force`,
    /// `R-DL-06` (lapsed with its instrument),
    /// `function_not_covered`, `no_authority`, `R-DL-01`, `R-DL-04`, `chain_broken`.
    pub code: &'static str,
    pub message: String,
    pub delegation_id: Option<Uuid>,
}

impl Reason {
    fn new(code: &'static str, message: impl Into<String>, delegation_id: Option<Uuid>) -> Reason {
        Reason { code, message: message.into(), delegation_id }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub outcome: Outcome,
    /// In what capacity the actor may act ("office holder", or the capacity under the instrument).
    pub capacity: Option<String>,
    /// The chain of authority behind the answer, from the corporation sole's own delegation down to
    /// the one held by the actor; for `denied`, the first chain considered and refused (empty for the
    /// office holder or when nothing names the actor).
    pub chain: Vec<Uuid>,
    /// For `refer`: the corporations sole to refer to.
    pub refer_to: Vec<Uuid>,
    pub reasons: Vec<Reason>,
}

enum Verdict {
    Allowed(Vec<Reason>),
    Refer(Vec<Reason>, Vec<Uuid>),
    Denied(Vec<Reason>),
}

/// The chain from the root delegation to `leaf`, or why it cannot be followed.
fn chain_to<'a>(leaf: &'a Link, by_id: &HashMap<Uuid, &'a Link>) -> Result<Vec<&'a Link>, Reason> {
    let mut chain = vec![leaf];
    let mut current = leaf;
    while let Some(parent_id) = current.parent_id {
        let parent = by_id.get(&parent_id).ok_or_else(|| {
            Reason::new("chain_broken", format!("the parent delegation {parent_id} is not on record"), Some(current.id))
        })?;
        if chain.len() >= MAX_CHAIN || chain.iter().any(|l| l.id == parent.id) {
            return Err(Reason::new("chain_broken", "the chain of sub-delegations is too long", Some(leaf.id)));
        }
        chain.push(parent);
        current = parent;
    }
    chain.reverse();
    Ok(chain)
}

fn judge(question: &Question, chain: &[&Link]) -> Verdict {
    let mut problems = reservation_problems(question, chain);
    let mut referrals = Vec::new();
    let mut refer_to = Vec::new();
    for link in chain {
        problems.extend(link_problems(question, link));
        let triggered: Vec<&str> =
            question.flags.iter().filter(|f| link.conditions.contains(f)).map(|f| f.as_str()).collect();
        if !triggered.is_empty() {
            referrals.push(Reason::new(
                "referral",
                format!(
                    "the proposal is flagged {}: under {} such proposals are referred back for approval",
                    triggered.join(", "),
                    link.citation
                ),
                Some(link.id),
            ));
            let targets =
                if link.refer_to.is_empty() { vec![question.corporation_sole_id] } else { link.refer_to.clone() };
            for target in targets {
                if !refer_to.contains(&target) {
                    refer_to.push(target);
                }
            }
        }
    }
    if !problems.is_empty() {
        Verdict::Denied(problems)
    } else if !referrals.is_empty() {
        Verdict::Refer(referrals, refer_to)
    } else {
        let leaf = chain.last().map_or_else(String::new, |l| l.citation.clone());
        Verdict::Allowed(vec![Reason::new(
            "in_force",
            format!("covered by the chain of authority ending in {leaf}, in force on {}", question.on),
            chain.last().map(|l| l.id),
        )])
    }
}

/// R-DL-01 and R-DL-04: a function reserved to the office holder is never delegated; one reserved
/// to the holder or deputy is not exercised under a sub-delegation.
fn reservation_problems(question: &Question, chain: &[&Link]) -> Vec<Reason> {
    match question.reservation {
        Reservation::OfficeHolderOnly => {
            vec![Reason::new("R-DL-01", format!("{} is reserved to the office holder", question.function), None)]
        }
        Reservation::OfficeHolderOrDeputy if chain.len() > 1 => vec![Reason::new(
            "R-DL-04",
            format!("{} is reserved and cannot be exercised under a sub-delegation", question.function),
            None,
        )],
        Reservation::None | Reservation::OfficeHolderOrDeputy => Vec::new(),
    }
}

/// What keeps one link of a chain from covering the act: not in force that day (R-DL-06 when it
/// lapsed), not covering the function, or the amount over its limits (R-DL-05).
fn link_problems(question: &Question, link: &Link) -> Vec<Reason> {
    let id = Some(link.id);
    let mut problems = Vec::new();
    if !link.in_force_on(question.on) {
        let lapsed = link.lapse.as_ref().is_some_and(|l| question.on >= l.from);
        let code = if lapsed { "R-DL-06" } else { "not_in_force" };
        problems.push(Reason::new(code, link.why_not_in_force(question.on), id));
    }
    if !link.functions.contains(&question.function) {
        problems.push(Reason::new(
            "function_not_covered",
            format!("the {} under {} does not cover {}", link.kind, link.citation, question.function),
            id,
        ));
    }
    let over = |amount: i64, limit: i64, what: &str, committed: &str| {
        Reason::new(
            "R-DL-05",
            format!(
                "{}{committed} is over the {what} of {} under {}: above the delegated limit the corporation sole must decide itself",
                format_pence(amount),
                format_pence(limit),
                link.citation
            ),
            id,
        )
    };
    if let (Some(amount), Some(limit)) = (question.amount, link.limit_per_act) {
        if amount > limit {
            problems.push(over(amount, limit, "limit per act", ""));
        }
    }
    if let (Some(amount), Some(limit)) = (question.amount, link.limit_total) {
        if amount.saturating_add(question.already_committed) > limit {
            let committed = if question.already_committed > 0 {
                format!(" (with {} already committed)", format_pence(question.already_committed))
            } else {
                String::new()
            };
            problems.push(over(amount, limit, "total limit", &committed));
        }
    }
    problems
}

/// Answers one authority check. `actor` is everything the actor is on the day; `links` every
/// delegation and consent of the corporation sole (any date: the check picks what was in force).
pub fn decide(question: &Question, actor: &[Capacity], links: &[Link]) -> Answer {
    if !question.corporation_sole_period.contains(question.on) {
        return office_not_in_existence(question);
    }
    if let Some(office) =
        actor.iter().find(|c| c.kind == DelegateKind::CorporationSole && c.id == question.corporation_sole_id)
    {
        return Answer {
            outcome: Outcome::Allowed,
            capacity: Some(format!("office holder ({})", office.label)),
            chain: Vec::new(),
            refer_to: Vec::new(),
            reasons: vec![Reason::new(
                "office_holder",
                format!("the actor held the office of {} on {}", question.corporation_sole_label, question.on),
                None,
            )],
        };
    }
    through_delegations(question, actor, links)
}

/// An office that did not exist that day has no holder and nothing in force under it: its
/// delegations and consents lapse with it (R-DL-06).
fn office_not_in_existence(question: &Question) -> Answer {
    let period = &question.corporation_sole_period;
    let span = match period.ends_on {
        Some(end) => format!("from {} to {end}", period.starts_on),
        None => format!("from {}", period.starts_on),
    };
    Answer {
        outcome: Outcome::Denied,
        capacity: None,
        chain: Vec::new(),
        refer_to: Vec::new(),
        reasons: vec![Reason::new(
            "office_not_in_existence",
            format!(
                "{} did not exist on {} (it existed {span}): nobody could act for it that day",
                question.corporation_sole_label, question.on
            ),
            None,
        )],
    }
}

/// The first chain from one of the actor's capacities that allows the act; else the first that
/// refers it; else a denial with every reason found and the chain that came closest.
fn through_delegations(question: &Question, actor: &[Capacity], links: &[Link]) -> Answer {
    let by_id: HashMap<Uuid, &Link> = links.iter().map(|l| (l.id, l)).collect();
    let mut denied = Vec::new();
    // The first chain considered and refused, shown with the reasons (the chain that came closest).
    let mut denied_chain: Vec<Uuid> = Vec::new();
    let mut referred: Option<Answer> = None;
    for capacity in actor {
        for leaf in links.iter().filter(|l| l.delegate_kind == capacity.kind && l.delegate_id == capacity.id) {
            let chain = match chain_to(leaf, &by_id) {
                Ok(chain) => chain,
                Err(reason) => {
                    denied.push(reason);
                    continue;
                }
            };
            let ids: Vec<Uuid> = chain.iter().map(|l| l.id).collect();
            let capacity_text = Some(format!("{} under {}", capacity.label, leaf.citation));
            match judge(question, &chain) {
                Verdict::Allowed(reasons) => {
                    let outcome = Outcome::Allowed;
                    return Answer { outcome, capacity: capacity_text, chain: ids, refer_to: Vec::new(), reasons };
                }
                Verdict::Refer(reasons, refer_to) => {
                    let outcome = Outcome::Refer;
                    referred.get_or_insert(Answer { outcome, capacity: capacity_text, chain: ids, refer_to, reasons });
                }
                Verdict::Denied(reasons) => {
                    if denied_chain.is_empty() {
                        denied_chain = ids;
                    }
                    denied.extend(reasons)
                }
            }
        }
    }
    if let Some(referred) = referred {
        return referred;
    }
    if denied.is_empty() {
        denied.push(no_authority(question, actor));
    }
    Answer { outcome: Outcome::Denied, capacity: None, chain: denied_chain, refer_to: Vec::new(), reasons: denied }
}

/// Nothing names the actor and the actor did not hold the office.
fn no_authority(question: &Question, actor: &[Capacity]) -> Reason {
    let who = if actor.is_empty() {
        "the actor held no post or office".to_string()
    } else {
        actor.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join(", ")
    };
    Reason::new(
        "no_authority",
        format!(
            "no delegation or consent of {} names the actor ({who}) on {}, and the actor did not hold the office",
            question.corporation_sole_label, question.on
        ),
        None,
    )
}

/// Everyone a delegation or consent in force on `on` names for `function`: the candidates for
/// "who could act for this office that day" (each is then judged by [`decide`]), once each, in the
/// order of the links.
pub fn delegates_in_force(links: &[Link], function: &str, on: NaiveDate) -> Vec<(DelegateKind, Uuid)> {
    let mut found: Vec<(DelegateKind, Uuid)> = Vec::new();
    for link in links.iter().filter(|l| l.in_force_on(on) && l.functions.iter().any(|f| f == function)) {
        let delegate = (link.delegate_kind, link.delegate_id);
        if !found.contains(&delegate) {
            found.push(delegate);
        }
    }
    found
}

/// What a chain of authority allows in sum: the tightest limits along it, every referral
/// condition any link sets, and who referrals go to (the grantor where a link names nobody).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainTerms {
    pub limit_per_act: Option<i64>,
    pub limit_total: Option<i64>,
    pub conditions: Vec<ReferralCondition>,
    pub refer_to: Vec<Uuid>,
}

pub fn chain_terms(links: &[Link], chain: &[Uuid], grantor: Uuid) -> ChainTerms {
    let tighter = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut terms = ChainTerms::default();
    for link in chain.iter().filter_map(|id| links.iter().find(|l| l.id == *id)) {
        terms.limit_per_act = tighter(terms.limit_per_act, link.limit_per_act);
        terms.limit_total = tighter(terms.limit_total, link.limit_total);
        for condition in &link.conditions {
            if !terms.conditions.contains(condition) {
                terms.conditions.push(*condition);
            }
        }
        if !link.conditions.is_empty() {
            let targets = if link.refer_to.is_empty() { vec![grantor] } else { link.refer_to.clone() };
            for target in targets {
                if !terms.refer_to.contains(&target) {
                    terms.refer_to.push(target);
                }
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_delegation_runs_until_it_expires_is_revoked_or_lapses() {
        let day = d("2028-05-11");
        assert!(runs_on_or_after(None, None, None, day));
        assert!(runs_on_or_after(Some(day), None, None, day), "its last day");
        assert!(!runs_on_or_after(Some(d("2028-05-10")), None, None, day));
        assert!(!runs_on_or_after(None, Some(day), None, day), "revoked from that day");
        let lapse = Lapse { from: day, because: "the collaboration ended".into() };
        assert!(!runs_on_or_after(None, None, Some(&lapse), day));
        assert!(runs_on_or_after(None, None, Some(&lapse), d("2028-05-10")));
    }
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn link(parent: Option<Uuid>, delegate: Uuid, from: &str, total: Option<i64>) -> Link {
        Link {
            id: Uuid::now_v7(),
            parent_id: parent,
            kind: DelegationKind::Delegation,
            delegate_kind: DelegateKind::Post,
            delegate_id: delegate,
            functions: vec!["use_approved_investment".into()],
            limit_per_act: None,
            limit_total: total,
            conditions: Vec::new(),
            refer_to: Vec::new(),
            period: Period::new(d(from), None),
            revoked_on: None,
            revocation_reason: None,
            citation: "PCC/D/2017/05 para 4".into(),
            lapse: None,
        }
    }

    fn question(cs: Uuid, amount: i64, on: &str, flags: &[ReferralCondition]) -> Question {
        Question {
            corporation_sole_id: cs,
            corporation_sole_label: "PCC for West Mercia".into(),
            corporation_sole_period: Period::new(d("2012-11-22"), None),
            function: "use_approved_investment".into(),
            reservation: Reservation::None,
            amount: Some(amount),
            already_committed: 0,
            on: d(on),
            flags: flags.to_vec(),
        }
    }

    fn post(id: Uuid) -> Capacity {
        Capacity { kind: DelegateKind::Post, id, label: "Director".into() }
    }

    #[test]
    fn the_d1_case_allows_refers_and_denies() {
        let (pcc, cc) = (Uuid::now_v7(), Uuid::now_v7());
        let mut d1 = link(None, cc, "2017-02-15", Some(400_000_000));
        d1.delegate_kind = DelegateKind::CorporationSole;
        d1.kind = DelegationKind::Consent;
        d1.conditions = vec![ReferralCondition::Novel, ReferralCondition::Contentious, ReferralCondition::Repercussive];
        let other_pcc = Uuid::now_v7();
        d1.refer_to = vec![pcc, other_pcc];
        let actor = [Capacity { kind: DelegateKind::CorporationSole, id: cc, label: "Chief Constable".into() }];
        let links = [d1.clone()];

        let allowed = decide(&question(pcc, 25_000_000, "2017-09-01", &[]), &actor, &links);
        assert_eq!(allowed.outcome, Outcome::Allowed);
        assert_eq!(allowed.chain, vec![d1.id]);
        assert_eq!(allowed.capacity.as_deref(), Some("Chief Constable under PCC/D/2017/05 para 4"));

        let refer = decide(&question(pcc, 25_000_000, "2017-09-01", &[ReferralCondition::Novel]), &actor, &links);
        assert_eq!(refer.outcome, Outcome::Refer);
        assert_eq!(refer.refer_to, vec![pcc, other_pcc]);
        assert_eq!(refer.reasons[0].code, "referral");

        let denied = decide(&question(pcc, 450_000_000, "2017-09-01", &[]), &actor, &links);
        assert_eq!(denied.outcome, Outcome::Denied);
        assert_eq!(denied.chain, vec![d1.id], "the refused chain is shown with its reasons");
        assert_eq!(denied.reasons[0].code, "R-DL-05");
        assert!(denied.reasons[0].message.contains("£4,500,000.00"), "{}", denied.reasons[0].message);

        let before = decide(&question(pcc, 1, "2017-01-01", &[]), &actor, &links);
        assert_eq!(before.outcome, Outcome::Denied);
        assert_eq!(before.reasons[0].code, "not_in_force");
    }

    #[test]
    fn a_consent_lapses_with_the_collaboration_it_served() {
        let (pcc, cc) = (Uuid::now_v7(), Uuid::now_v7());
        let mut d1 = link(None, cc, "2017-02-15", None);
        d1.delegate_kind = DelegateKind::CorporationSole;
        d1.lapse = collaboration_lapse("WM&W alliance", Some(d("2020-04-30")), None);
        let actor = [Capacity { kind: DelegateKind::CorporationSole, id: cc, label: "Chief Constable".into() }];
        let links = [d1];
        assert_eq!(decide(&question(pcc, 1, "2020-04-30", &[]), &actor, &links).outcome, Outcome::Allowed);
        let after = decide(&question(pcc, 1, "2020-05-01", &[]), &actor, &links);
        assert_eq!(after.outcome, Outcome::Denied);
        assert_eq!(after.reasons[0].code, "R-DL-06");
        assert!(after.reasons[0].message.contains("ended on 2020-04-30"), "{}", after.reasons[0].message);
    }

    #[test]
    fn the_first_end_of_collaboration_or_membership_is_the_lapse() {
        let (end, left) = (d("2020-04-30"), d("2019-09-30"));
        assert_eq!(collaboration_lapse("c", None, None), None);
        assert_eq!(collaboration_lapse("c", Some(end), None).map(|l| l.from), Some(d("2020-05-01")));
        assert_eq!(collaboration_lapse("c", Some(end), Some(left)).map(|l| l.from), Some(d("2019-10-01")));
        assert_eq!(collaboration_lapse("c", Some(left), Some(end)).map(|l| l.from), Some(d("2019-10-01")));
        assert_eq!(collaboration_lapse("c", None, Some(left)).map(|l| l.from), Some(d("2019-10-01")));
        assert!(collaboration_lapse("c", None, Some(left)).is_some_and(|l| l.because.contains("left")));
    }

    #[test]
    fn a_grantor_leaving_on_the_collaborations_last_day_lapses_with_the_collaboration() {
        let end = d("2020-04-30");
        assert_eq!(
            collaboration_lapse("c", Some(end), Some(end)),
            Some(Lapse { from: d("2020-05-01"), because: "the collaboration c ended on 2020-04-30".into() })
        );
    }

    #[test]
    fn a_link_not_in_force_says_why_as_at_the_day_asked() {
        let holder = Uuid::now_v7();
        let mut delegation = link(None, holder, "2020-01-01", None);
        delegation.revoked_on = Some(d("2020-01-01"));
        delegation.revocation_reason = Some("entered in error".into());
        let not_yet = decide(&question(Uuid::now_v7(), 1, "2019-12-31", &[]), &[post(holder)], &[delegation.clone()]);
        assert_eq!(not_yet.reasons[0].code, "not_in_force");
        assert_eq!(not_yet.reasons[0].message, "the delegation under PCC/D/2017/05 para 4 starts on 2020-01-01");
        let first_day = decide(&question(Uuid::now_v7(), 1, "2020-01-01", &[]), &[post(holder)], &[delegation]);
        assert_eq!(first_day.reasons[0].code, "not_in_force");
        assert_eq!(
            first_day.reasons[0].message,
            "the delegation under PCC/D/2017/05 para 4 has no effect from 2020-01-01 (entered in error)"
        );
    }

    /// A chain of sub-delegations `depth` links long, the last held by `holder`.
    fn chain_of(depth: usize, holder: Uuid) -> Vec<Link> {
        let mut links: Vec<Link> = Vec::new();
        for i in 0..depth {
            let delegate = if i + 1 == depth { holder } else { Uuid::now_v7() };
            links.push(link(links.last().map(|l| l.id), delegate, "2020-01-01", None));
        }
        links
    }

    #[test]
    fn chains_longer_than_the_limit_are_refused_rather_than_followed() {
        let holder = Uuid::now_v7();
        let longest = chain_of(MAX_CHAIN, holder);
        let answer = decide(&question(Uuid::now_v7(), 1, "2020-03-01", &[]), &[post(holder)], &longest);
        assert_eq!(answer.outcome, Outcome::Allowed);
        assert_eq!(answer.chain.len(), MAX_CHAIN);
        let too_long = chain_of(MAX_CHAIN + 1, holder);
        let answer = decide(&question(Uuid::now_v7(), 1, "2020-03-01", &[]), &[post(holder)], &too_long);
        assert_eq!(answer.outcome, Outcome::Denied);
        let leaf = too_long.last().map(|l| l.id);
        assert_eq!(answer.reasons, vec![Reason::new("chain_broken", "the chain of sub-delegations is too long", leaf)]);
    }

    #[test]
    fn the_limit_per_act_allows_the_limit_itself_and_nothing_above() {
        let holder = Uuid::now_v7();
        let mut delegation = link(None, holder, "2020-01-01", None);
        delegation.limit_per_act = Some(500);
        let links = [delegation.clone()];
        let at = |amount| decide(&question(Uuid::now_v7(), amount, "2020-03-01", &[]), &[post(holder)], &links);
        assert_eq!(at(499).outcome, Outcome::Allowed);
        assert_eq!(at(500).outcome, Outcome::Allowed);
        let over = at(501);
        assert_eq!(over.outcome, Outcome::Denied);
        assert_eq!(
            over.reasons,
            vec![Reason::new(
                "R-DL-05",
                "£5.01 is over the limit per act of £5.00 under PCC/D/2017/05 para 4: above the delegated limit the corporation sole must decide itself",
                Some(delegation.id)
            )]
        );
    }

    #[test]
    fn the_delegates_in_force_are_the_candidates_and_their_chain_sums_its_terms() {
        let (chief_executive, director) = (Uuid::now_v7(), Uuid::now_v7());
        let mut top = link(None, chief_executive, "2020-01-01", Some(1_000));
        top.limit_per_act = Some(500);
        top.conditions = vec![ReferralCondition::Novel];
        let mut sub = link(Some(top.id), director, "2020-02-01", Some(2_000));
        sub.conditions = vec![ReferralCondition::Novel, ReferralCondition::Contentious];
        let mut revoked = link(None, Uuid::now_v7(), "2020-01-01", None);
        revoked.revoked_on = Some(d("2020-03-01"));
        let mut other = link(None, Uuid::now_v7(), "2020-01-01", None);
        other.functions = vec!["award_contract".into()];
        let links = [top.clone(), sub.clone(), revoked.clone(), other];
        let found = delegates_in_force(&links, "use_approved_investment", d("2020-06-01"));
        assert_eq!(found, vec![(DelegateKind::Post, chief_executive), (DelegateKind::Post, director)]);
        assert_eq!(delegates_in_force(&links, "use_approved_investment", d("2020-01-15")).len(), 2, "before sub");
        let pcc = Uuid::now_v7();
        let terms = chain_terms(&links, &[top.id, sub.id], pcc);
        assert_eq!((terms.limit_per_act, terms.limit_total), (Some(500), Some(1_000)));
        assert_eq!(terms.conditions, vec![ReferralCondition::Novel, ReferralCondition::Contentious]);
        assert_eq!(terms.refer_to, vec![pcc], "referrals go to the grantor where no link names anyone");
        assert_eq!(chain_terms(&links, &[], pcc), ChainTerms::default());
        // Only the links named in the chain count, each found by its own id.
        let sub_only = chain_terms(&links, &[sub.id], pcc);
        assert_eq!((sub_only.limit_per_act, sub_only.limit_total), (None, Some(2_000)));
        assert_eq!(sub_only.conditions, vec![ReferralCondition::Novel, ReferralCondition::Contentious]);
        let top_only = chain_terms(&links, &[top.id], pcc);
        assert_eq!((top_only.limit_per_act, top_only.limit_total), (Some(500), Some(1_000)));
        assert_eq!(top_only.conditions, vec![ReferralCondition::Novel]);
    }

    #[test]
    fn the_office_holder_needs_no_delegation() {
        let pcc = Uuid::now_v7();
        let actor = [Capacity { kind: DelegateKind::CorporationSole, id: pcc, label: "PCC".into() }];
        let answer = decide(&question(pcc, 1, "2020-01-01", &[]), &actor, &[]);
        assert_eq!(answer.outcome, Outcome::Allowed);
        assert_eq!(answer.reasons[0].code, "office_holder");
    }

    #[test]
    fn a_revoked_middle_link_breaks_the_chain_from_its_revocation_day() {
        let (pcc, chief_executive, director) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let top = link(None, chief_executive, "2020-01-01", None);
        let mut middle = link(Some(top.id), chief_executive, "2020-01-01", None);
        middle.delegate_id = Uuid::now_v7();
        middle.revoked_on = Some(d("2020-06-01"));
        middle.revocation_reason = Some("restructure".into());
        let bottom = link(Some(middle.id), director, "2020-02-01", None);
        let links = [top.clone(), middle.clone(), bottom.clone()];
        let before = decide(&question(pcc, 100, "2020-05-31", &[]), &[post(director)], &links);
        assert_eq!(before.outcome, Outcome::Allowed);
        assert_eq!(before.chain, vec![top.id, middle.id, bottom.id]);
        let after = decide(&question(pcc, 100, "2020-06-01", &[]), &[post(director)], &links);
        assert_eq!(after.outcome, Outcome::Denied);
        assert_eq!(after.reasons[0].delegation_id, Some(middle.id));
        assert!(after.reasons[0].message.contains("restructure"));
    }

    #[test]
    fn nobody_acts_for_an_office_outside_its_existence() {
        let pcc = Uuid::now_v7();
        let holder = [Capacity { kind: DelegateKind::CorporationSole, id: pcc, label: "PCC".into() }];
        let delegate = link(None, Uuid::now_v7(), "2017-02-15", None);
        let mut asked = question(pcc, 1, "2028-05-10", &[]);
        asked.corporation_sole_period = Period::new(d("2012-11-22"), Some(d("2028-05-10")));
        assert_eq!(decide(&asked, &holder, &[]).outcome, Outcome::Allowed, "its last day");
        assert_eq!(
            decide(&asked, &[post(delegate.delegate_id)], std::slice::from_ref(&delegate)).outcome,
            Outcome::Allowed
        );
        for day in ["2028-05-11", "2012-11-21"] {
            asked.on = d(day);
            for (actor, links) in [(&holder[..], &[][..]), (&[post(delegate.delegate_id)][..], &[delegate.clone()][..])]
            {
                let answer = decide(&asked, actor, links);
                assert_eq!(answer.outcome, Outcome::Denied, "{day}");
                assert_eq!(answer.reasons[0].code, "office_not_in_existence");
            }
        }
    }

    #[test]
    fn someone_with_nothing_is_denied_with_a_reason() {
        let answer = decide(&question(Uuid::now_v7(), 1, "2020-01-01", &[]), &[], &[]);
        assert_eq!(answer.outcome, Outcome::Denied);
        assert_eq!(answer.reasons[0].code, "no_authority");
    }

    #[test]
    fn reserved_functions_are_never_exercised_under_a_sub_delegation() {
        let (top_holder, sub_holder) = (Uuid::now_v7(), Uuid::now_v7());
        let top = link(None, top_holder, "2020-01-01", None);
        let sub = link(Some(top.id), sub_holder, "2020-01-01", None);
        let mut q = question(Uuid::now_v7(), 1, "2020-03-01", &[]);
        q.reservation = Reservation::OfficeHolderOrDeputy;
        assert_eq!(decide(&q, &[post(top_holder)], &[top.clone(), sub.clone()]).outcome, Outcome::Allowed);
        let answer = decide(&q, &[post(sub_holder)], &[top, sub]);
        assert_eq!(answer.outcome, Outcome::Denied);
        assert_eq!(answer.reasons[0].code, "R-DL-04");
    }

    #[test]
    fn total_limits_count_what_is_already_committed() {
        let holder = Uuid::now_v7();
        let links = [link(None, holder, "2020-01-01", Some(1_000))];
        let mut q = question(Uuid::now_v7(), 600, "2020-03-01", &[]);
        assert_eq!(decide(&q, &[post(holder)], &links).outcome, Outcome::Allowed);
        q.already_committed = 500;
        assert_eq!(decide(&q, &[post(holder)], &links).reasons[0].code, "R-DL-05");
    }

    #[test]
    fn a_total_limit_refusal_mentions_what_was_already_committed_only_when_something_was() {
        let holder = Uuid::now_v7();
        let links = [link(None, holder, "2020-01-01", Some(1_000))];
        let mut q = question(Uuid::now_v7(), 1_200, "2020-03-01", &[]);
        let tail = "is over the total limit of £10.00 under PCC/D/2017/05 para 4: above the delegated limit the corporation sole must decide itself";
        assert_eq!(decide(&q, &[post(holder)], &links).reasons[0].message, format!("£12.00 {tail}"));
        q.amount = Some(600);
        q.already_committed = 500;
        assert_eq!(
            decide(&q, &[post(holder)], &links).reasons[0].message,
            format!("£6.00 (with £5.00 already committed) {tail}")
        );
        q.amount = Some(500);
        assert_eq!(decide(&q, &[post(holder)], &links).outcome, Outcome::Allowed, "exactly the total limit");
    }
}
