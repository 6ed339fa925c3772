//! The statute's rules for agreements, each a function returning the violations it finds.
//! Rule ids are those of DOMAIN.md section 2; `pointer`s point into the agreement's JSON body.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use uuid::Uuid;

use super::ProvisionKind;
use crate::registry::CorporationSoleKind;
use crate::RuleViolation;

/// A corporation sole as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Office {
    pub id: Uuid,
    pub kind: CorporationSoleKind,
    pub force_id: Option<Uuid>,
}

/// One party: a corporation sole, or another person (fire authority, NCA, company: R-CA-05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub office: Option<Office>,
}

/// One provision (s22A(2)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    pub kind: ProvisionKind,
    /// Forces whose functions the provision concerns (FCP, PB&FCP).
    pub forces: Vec<Uuid>,
    /// Policing bodies the provision concerns (PBCP) or that give support (PB&FCP).
    pub policing_bodies: Vec<Uuid>,
    /// The chief officer with direction and control of officers and staff (FCP, R-CA-11).
    pub direction_and_control: Option<Uuid>,
}

/// The offices of one force's area: who maintains it and who leads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForceOffices {
    pub policing_body: Option<Uuid>,
    pub chief_officer: Option<Uuid>,
}

/// Everything the composition rules need about an agreement.
#[derive(Debug, Clone, Default)]
pub struct Composition {
    pub parties: Vec<Party>,
    pub provisions: Vec<Provision>,
    /// Offices by force id, for the forces the provisions concern.
    pub force_offices: HashMap<Uuid, ForceOffices>,
    pub has_joint_oversight_board: bool,
}

impl Composition {
    fn party_offices(&self) -> impl Iterator<Item = &Office> {
        self.parties.iter().filter_map(|p| p.office.as_ref())
    }

    fn is_party(&self, office: Uuid) -> bool {
        self.party_offices().any(|o| o.id == office)
    }

    fn policing_bodies(&self) -> usize {
        self.party_offices().filter(|o| o.kind.is_policing_body()).count()
    }

    fn chief_officers(&self) -> usize {
        self.party_offices().filter(|o| o.kind.is_chief_officer()).count()
    }
}

/// R-CA-01: two or more policing bodies, or chief officer(s) together with policing body(ies).
pub fn check_parties(c: &Composition) -> Vec<RuleViolation> {
    let (bodies, chiefs) = (c.policing_bodies(), c.chief_officers());
    if bodies >= 2 || (chiefs >= 1 && bodies >= 1) {
        return Vec::new();
    }
    let message = if bodies == 0 && chiefs > 0 {
        "an agreement of chief officers only is not a section 22A agreement: a policing body must be a party"
            .to_string()
    } else {
        format!("parties must be two or more policing bodies, or chief officers with policing bodies (found {bodies} policing bodies and {chiefs} chief officers)")
    };
    vec![RuleViolation::new("R-CA-01", "/parties", message)]
}

fn require_party(
    c: &Composition,
    office: Option<Uuid>,
    rule: &'static str,
    pointer: String,
    what: &str,
) -> Option<RuleViolation> {
    match office {
        Some(id) if c.is_party(id) => None,
        Some(id) => Some(RuleViolation::new(rule, pointer, format!("{what} ({id}) must be a party"))),
        None => {
            Some(RuleViolation::new(rule, pointer, format!("{what} is not in the registry, so it cannot be a party")))
        }
    }
}

/// R-CA-02, R-CA-03, R-CA-04 and R-CA-11: who must be a party for each provision.
pub fn check_provisions(c: &Composition) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if c.provisions.is_empty() {
        found.push(RuleViolation::new("R-CA-02", "/provisions", "an agreement needs at least one provision"));
    }
    for (i, provision) in c.provisions.iter().enumerate() {
        match provision.kind {
            ProvisionKind::Fcp => found.extend(check_force_provision(c, i, provision)),
            ProvisionKind::Pbcp => found.extend(check_policing_body_provision(c, i, provision)),
            ProvisionKind::Pbfcp => found.extend(check_supporting_provision(c, i, provision)),
        }
    }
    found
}

/// Both corporations sole of each force a provision concerns must be parties (`rule`, with what
/// each is to the provision).
fn require_force_parties(
    c: &Composition,
    i: usize,
    provision: &Provision,
    rule: &'static str,
    (chief, body): (&str, &str),
) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    for (j, force) in provision.forces.iter().enumerate() {
        let offices = c.force_offices.get(force).copied().unwrap_or_default();
        let pointer = format!("/provisions/{i}/forces/{j}");
        found.extend(require_party(c, offices.chief_officer, rule, pointer.clone(), chief));
        found.extend(require_party(c, offices.policing_body, rule, pointer, body));
    }
    found
}

/// Each named policing body must be a party (`rule`, with what it is to the provision).
fn require_body_parties(
    c: &Composition,
    i: usize,
    provision: &Provision,
    rule: &'static str,
    what: &str,
) -> Vec<RuleViolation> {
    let bodies = provision.policing_bodies.iter().enumerate();
    bodies
        .flat_map(|(j, body)| require_party(c, Some(*body), rule, format!("/provisions/{i}/policing_bodies/{j}"), what))
        .collect()
}

/// R-CA-02 and R-CA-11: a force collaboration provision names its forces, whose chief officers and
/// policing bodies are parties, and a chief officer party with direction and control.
fn check_force_provision(c: &Composition, i: usize, provision: &Provision) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if provision.forces.is_empty() {
        found.push(RuleViolation::new(
            "R-CA-02",
            format!("/provisions/{i}/forces"),
            "a force collaboration provision names the forces it concerns",
        ));
    }
    found.extend(require_force_parties(
        c,
        i,
        provision,
        "R-CA-02",
        (
            "the chief officer of a force the provision concerns",
            "the policing body maintaining a force the provision concerns",
        ),
    ));
    let pointer = format!("/provisions/{i}/direction_and_control");
    match provision.direction_and_control {
        None => found.push(RuleViolation::new(
            "R-CA-11",
            pointer,
            "a force collaboration provision names the chief officer with direction and control",
        )),
        Some(id) => {
            let is_chief_party = c.party_offices().any(|o| o.id == id && o.kind.is_chief_officer());
            if !is_chief_party {
                found.push(RuleViolation::new(
                    "R-CA-11",
                    pointer,
                    "direction and control must rest with a chief officer who is a party",
                ));
            }
        }
    }
    found
}

/// R-CA-03: a policing body collaboration provision concerns two or more policing bodies, each a party.
fn check_policing_body_provision(c: &Composition, i: usize, provision: &Provision) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if provision.policing_bodies.len() < 2 {
        found.push(RuleViolation::new(
            "R-CA-03",
            format!("/provisions/{i}/policing_bodies"),
            "a policing body collaboration provision concerns at least two policing bodies",
        ));
    }
    found.extend(require_body_parties(c, i, provision, "R-CA-03", "every policing body the provision concerns"));
    found
}

/// R-CA-04: a policing body and force collaboration provision names the supporting body and the
/// forces supported, all of them parties.
fn check_supporting_provision(c: &Composition, i: usize, provision: &Provision) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if provision.policing_bodies.is_empty() || provision.forces.is_empty() {
        found.push(RuleViolation::new("R-CA-04", format!("/provisions/{i}"), "a policing body and force collaboration provision names the supporting policing body and the forces supported"));
    }
    found.extend(require_body_parties(c, i, provision, "R-CA-04", "the supporting policing body"));
    found.extend(require_force_parties(
        c,
        i,
        provision,
        "R-CA-04",
        ("the chief officer of each force concerned", "the policing body maintaining each force concerned"),
    ));
    found
}

/// Every refusal rule about who the parties are (R-CA-01..04, R-CA-11).
pub fn check_composition(c: &Composition) -> Vec<RuleViolation> {
    let mut found = check_parties(c);
    found.extend(check_provisions(c));
    found
}

/// Rules reported as warnings, not refusals ([P] in DOMAIN.md): R-CA-13.
pub fn composition_warnings(c: &Composition) -> Vec<RuleViolation> {
    if c.policing_bodies() >= 2 && !c.has_joint_oversight_board {
        vec![RuleViolation::new("R-CA-13", "/lead_board_id", "two or more policing bodies are parties: link the joint oversight board that holds the collaboration to account")]
    } else {
        Vec::new()
    }
}

/// Rules about an executed agreement's upkeep, reported as warnings ([P] in DOMAIN.md):
/// R-CA-15 (a funding schedule exists) and R-CA-19 (reviewed at least as often as agreed).
pub fn upkeep_warnings(
    in_force: bool,
    has_cost_schedule: bool,
    next_review_due: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if in_force && !has_cost_schedule {
        found.push(RuleViolation::new(
            "R-CA-15",
            "/cost_schedules",
            "the agreement in force has no cost-share schedule",
        ));
    }
    if in_force && next_review_due.is_some_and(|due| due < today) {
        found.push(RuleViolation::new("R-CA-19", "/next_review_due", "the agreement's review is overdue"));
    }
    found
}

/// A party's recorded reasons for approving (R-CA-06).
#[derive(Debug, Clone, Default)]
pub struct Rationale<'a> {
    pub efficiency_or_effectiveness: &'a str,
    pub existing_collaboration_considered: &'a str,
    pub consistency_considered: &'a str,
    pub other_opportunities_considered: &'a str,
}

/// R-CA-06: the rationale covers efficiency or effectiveness and the three matters to consider.
pub fn check_rationale(r: &Rationale<'_>) -> Vec<RuleViolation> {
    [
        (
            "/rationale/efficiency_or_effectiveness",
            r.efficiency_or_effectiveness,
            "how the agreement serves efficiency or effectiveness",
        ),
        (
            "/rationale/existing_collaboration_considered",
            r.existing_collaboration_considered,
            "how existing collaboration was considered",
        ),
        (
            "/rationale/consistency_considered",
            r.consistency_considered,
            "how the desirability of a consistent approach was considered",
        ),
        (
            "/rationale/other_opportunities_considered",
            r.other_opportunities_considered,
            "which other opportunities were considered",
        ),
    ]
    .into_iter()
    .filter(|(_, text, _)| text.trim().is_empty())
    .map(|(pointer, _, what)| RuleViolation::new("R-CA-06", pointer, format!("the approving party must record {what}")))
    .collect()
}

/// R-CA-07: signing needs the agreement in writing.
pub fn check_in_writing(document_count: usize) -> Vec<RuleViolation> {
    if document_count == 0 {
        vec![RuleViolation::new(
            "R-CA-07",
            "/documents",
            "the agreement must be in writing: attach a document version before signing",
        )]
    } else {
        Vec::new()
    }
}

/// R-CA-12: in force only once every party has approved and signed.
pub fn check_execution(parties: usize, approvals: usize, signatures: usize) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if approvals < parties {
        found.push(RuleViolation::new(
            "R-CA-12",
            "/approvals",
            format!("{approvals} of {parties} parties have approved"),
        ));
    }
    if signatures < parties {
        found.push(RuleViolation::new(
            "R-CA-12",
            "/signatures",
            format!("{signatures} of {parties} parties have signed"),
        ));
    }
    found
}

/// A baseline cost or savings target is a sum of money: never negative (a saving is a positive target).
pub fn check_money(pence: Option<i64>, pointer: &str) -> Vec<RuleViolation> {
    match pence {
        Some(pence) if pence < 0 => {
            vec![RuleViolation::new("invalid_amount", pointer, "a sum of money is a non-negative number of pence")]
        }
        _ => Vec::new(),
    }
}

/// The longest withdrawal notice an agreement may require (ten years; the seeds' are 6 to 12 months).
pub const MAX_WITHDRAWAL_NOTICE_MONTHS: u32 = 120;

/// A withdrawal clause's notice is a number of months up to [`MAX_WITHDRAWAL_NOTICE_MONTHS`].
pub fn check_withdrawal_notice(months: Option<u32>) -> Vec<RuleViolation> {
    match months {
        Some(months) if months > MAX_WITHDRAWAL_NOTICE_MONTHS => vec![RuleViolation::new(
            "out_of_range",
            "/withdrawal_notice_months",
            format!("a withdrawal notice is at most {MAX_WITHDRAWAL_NOTICE_MONTHS} months"),
        )],
        _ => Vec::new(),
    }
}

/// R-CA-15: shares in basis points, each for a party, summing to exactly 10000.
pub fn check_cost_shares(shares: &[(Uuid, i64)], parties: &[Uuid]) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if shares.is_empty() {
        found.push(RuleViolation::new("R-CA-15", "/shares", "a cost-share schedule needs at least one share"));
    }
    for (i, (party, points)) in shares.iter().enumerate() {
        if !parties.contains(party) {
            found.push(RuleViolation::new(
                "R-CA-15",
                format!("/shares/{i}/party_id"),
                "a share must belong to a party of the agreement",
            ));
        }
        if !(0..=10_000).contains(points) {
            found.push(RuleViolation::new(
                "R-CA-15",
                format!("/shares/{i}/basis_points"),
                "a share is between 0 and 10000 basis points",
            ));
        }
        if shares[..i].iter().any(|(earlier, _)| earlier == party) {
            found.push(RuleViolation::new(
                "R-CA-15",
                format!("/shares/{i}/party_id"),
                "each party has one share in a schedule",
            ));
        }
    }
    // Summed in i128: any number of i64 shares fits, so an absurd share is reported, not overflowed.
    let total: i128 = shares.iter().map(|(_, p)| i128::from(*p)).sum();
    if !shares.is_empty() && total != 10_000 {
        found.push(RuleViolation::new(
            "R-CA-15",
            "/shares",
            format!("shares must sum to exactly 10000 basis points (100%); they sum to {total}"),
        ));
    }
    found
}

/// R-CA-19: the next review is due at most `period_months` after this one.
pub fn check_next_review(reviewed_on: NaiveDate, next_due: NaiveDate, period_months: u32) -> Vec<RuleViolation> {
    let latest = reviewed_on.checked_add_months(Months::new(period_months)).unwrap_or(NaiveDate::MAX);
    if next_due <= reviewed_on {
        vec![RuleViolation::new("R-CA-19", "/next_review_due", "the next review is due after this one")]
    } else if next_due > latest {
        vec![RuleViolation::new(
            "R-CA-19",
            "/next_review_due",
            format!(
                "agreements are reviewed at least every {period_months} months: the next review is due by {latest}"
            ),
        )]
    } else {
        Vec::new()
    }
}

/// R-CA-09: one party's withdrawal works only under the agreement's withdrawal clause.
pub fn check_withdrawal(
    notice_months: Option<u32>,
    notice_given_on: NaiveDate,
    effective_on: NaiveDate,
) -> Vec<RuleViolation> {
    let Some(months) = notice_months else {
        return vec![RuleViolation::new("R-CA-09", "/party_id", "the agreement has no withdrawal clause: a single party cannot withdraw (terminate by all parties, or vary the agreement)")];
    };
    let earliest = notice_given_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
    if effective_on < earliest {
        vec![RuleViolation::new(
            "R-CA-09",
            "/effective_on",
            format!("the withdrawal clause needs {months} months' notice: effective on {earliest} at the earliest"),
        )]
    } else {
        Vec::new()
    }
}

/// R-CA-09: termination needs every party's approval.
pub fn check_termination(parties: &[Uuid], approving: &[Uuid]) -> Vec<RuleViolation> {
    parties
        .iter()
        .filter(|party| !approving.contains(party))
        .map(|party| {
            RuleViolation::new(
                "R-CA-09",
                "/approvals",
                format!("termination needs every party's approval; party {party} has not approved"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_withdrawal_notice_is_at_most_ten_years() {
        assert!(super::check_withdrawal_notice(None).is_empty());
        assert!(super::check_withdrawal_notice(Some(super::MAX_WITHDRAWAL_NOTICE_MONTHS)).is_empty());
        let refused = super::check_withdrawal_notice(Some(super::MAX_WITHDRAWAL_NOTICE_MONTHS + 1));
        assert_eq!(refused.iter().map(|v| v.rule).collect::<Vec<_>>(), vec!["out_of_range"]);
    }

    #[test]
    fn money_is_never_negative() {
        assert!(check_money(None, "/baseline_cost_pence").is_empty());
        assert!(check_money(Some(0), "/baseline_cost_pence").is_empty());
        assert_eq!(check_money(Some(-1), "/savings_target_pence")[0].rule, "invalid_amount");
    }
    use super::*;

    struct Area {
        force: Uuid,
        pcc: Office,
        cc: Office,
    }

    fn area() -> Area {
        let force = Uuid::now_v7();
        Area {
            force,
            pcc: Office { id: Uuid::now_v7(), kind: CorporationSoleKind::Pcc, force_id: Some(force) },
            cc: Office { id: Uuid::now_v7(), kind: CorporationSoleKind::ChiefConstable, force_id: Some(force) },
        }
    }

    fn composition(areas: &[&Area], parties: Vec<Office>, provisions: Vec<Provision>) -> Composition {
        Composition {
            parties: parties.into_iter().map(|o| Party { office: Some(o) }).collect(),
            provisions,
            force_offices: areas
                .iter()
                .map(|a| (a.force, ForceOffices { policing_body: Some(a.pcc.id), chief_officer: Some(a.cc.id) }))
                .collect(),
            has_joint_oversight_board: true,
        }
    }

    fn fcp(areas: &[&Area]) -> Provision {
        Provision {
            kind: ProvisionKind::Fcp,
            forces: areas.iter().map(|a| a.force).collect(),
            policing_bodies: vec![],
            direction_and_control: Some(areas[0].cc.id),
        }
    }

    #[test]
    fn chief_officers_alone_break_r_ca_01() {
        let (a, b) = (area(), area());
        let c = composition(&[&a, &b], vec![a.cc, b.cc], vec![]);
        assert_eq!(check_parties(&c)[0].rule, "R-CA-01");
        let ok = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![]);
        assert!(check_parties(&ok).is_empty());
    }

    fn messages(found: &[RuleViolation]) -> Vec<(&'static str, &str, &str)> {
        found.iter().map(|v| (v.rule, v.pointer.as_str(), v.message.as_str())).collect()
    }

    #[test]
    fn a_chief_officer_with_a_policing_body_may_make_an_agreement_but_a_policing_body_alone_may_not() {
        let a = area();
        assert!(check_parties(&composition(&[&a], vec![a.pcc, a.cc], vec![])).is_empty());
        assert_eq!(
            messages(&check_parties(&composition(&[&a], vec![a.pcc], vec![]))),
            vec![(
                "R-CA-01",
                "/parties",
                "parties must be two or more policing bodies, or chief officers with policing bodies (found 1 policing bodies and 0 chief officers)"
            )]
        );
    }

    #[test]
    fn r_ca_01_says_when_chief_officers_act_alone_and_otherwise_counts_the_parties() {
        let (a, b) = (area(), area());
        assert_eq!(
            messages(&check_parties(&composition(&[&a, &b], vec![a.cc, b.cc], vec![]))),
            vec![(
                "R-CA-01",
                "/parties",
                "an agreement of chief officers only is not a section 22A agreement: a policing body must be a party"
            )]
        );
        // Only other persons (a fire authority, say): no corporation sole at all.
        let others = Composition { parties: vec![Party { office: None }], ..Composition::default() };
        assert_eq!(
            messages(&check_parties(&others)),
            vec![(
                "R-CA-01",
                "/parties",
                "parties must be two or more policing bodies, or chief officers with policing bodies (found 0 policing bodies and 0 chief officers)"
            )]
        );
    }

    #[test]
    fn direction_and_control_rests_with_a_chief_officer_party_not_a_policing_body() {
        let a = area();
        let mut provision = fcp(&[&a]);
        provision.direction_and_control = Some(a.pcc.id);
        let c = composition(&[&a], vec![a.pcc, a.cc], vec![provision]);
        assert_eq!(
            messages(&check_provisions(&c)),
            vec![(
                "R-CA-11",
                "/provisions/0/direction_and_control",
                "direction and control must rest with a chief officer who is a party"
            )]
        );
    }

    #[test]
    fn a_pbcp_concerns_at_least_two_policing_bodies() {
        let (a, b, e) = (area(), area(), area());
        let pbcp = |bodies: Vec<Uuid>| Provision {
            kind: ProvisionKind::Pbcp,
            forces: vec![],
            policing_bodies: bodies,
            direction_and_control: None,
        };
        let one = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![pbcp(vec![a.pcc.id])]);
        assert_eq!(
            messages(&check_provisions(&one)),
            vec![(
                "R-CA-03",
                "/provisions/0/policing_bodies",
                "a policing body collaboration provision concerns at least two policing bodies"
            )]
        );
        let three =
            composition(&[&a, &b, &e], vec![a.pcc, b.pcc, e.pcc], vec![pbcp(vec![a.pcc.id, b.pcc.id, e.pcc.id])]);
        assert!(check_provisions(&three).is_empty());
    }

    #[test]
    fn a_pbfcp_names_the_forces_it_supports() {
        let a = area();
        let provision = Provision {
            kind: ProvisionKind::Pbfcp,
            forces: vec![],
            policing_bodies: vec![a.pcc.id],
            direction_and_control: None,
        };
        let c = composition(&[&a], vec![a.pcc, a.cc], vec![provision]);
        assert_eq!(
            messages(&check_provisions(&c)),
            vec![(
                "R-CA-04",
                "/provisions/0",
                "a policing body and force collaboration provision names the supporting policing body and the forces supported"
            )]
        );
    }

    #[test]
    fn the_composition_check_reports_the_parties_and_the_provisions() {
        let a = area();
        let c = composition(&[&a], vec![a.cc], vec![]);
        let found = check_composition(&c);
        assert_eq!(
            found.iter().map(|v| (v.rule, v.pointer.as_str())).collect::<Vec<_>>(),
            vec![("R-CA-01", "/parties"), ("R-CA-02", "/provisions")]
        );
    }

    #[test]
    fn an_fcp_needs_both_offices_of_each_force_concerned() {
        let (a, b) = (area(), area());
        let missing = composition(&[&a, &b], vec![a.pcc, a.cc, b.pcc], vec![fcp(&[&a, &b])]);
        let found = check_provisions(&missing);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "R-CA-02");
        assert_eq!(found[0].pointer, "/provisions/0/forces/1");
        let whole = composition(&[&a, &b], vec![a.pcc, a.cc, b.pcc, b.cc], vec![fcp(&[&a, &b])]);
        assert!(check_composition(&whole).is_empty());
    }

    #[test]
    fn an_fcp_without_direction_and_control_breaks_r_ca_11() {
        let a = area();
        let mut provision = fcp(&[&a]);
        provision.direction_and_control = None;
        let c = composition(&[&a], vec![a.pcc, a.cc], vec![provision]);
        assert_eq!(check_provisions(&c)[0].rule, "R-CA-11");
    }

    #[test]
    fn a_pbcp_needs_every_body_it_concerns() {
        let (a, b) = (area(), area());
        let provision = Provision {
            kind: ProvisionKind::Pbcp,
            forces: vec![],
            policing_bodies: vec![a.pcc.id, b.pcc.id],
            direction_and_control: None,
        };
        let c = composition(&[&a, &b], vec![a.pcc, a.cc], vec![provision.clone()]);
        assert!(check_provisions(&c).iter().any(|v| v.rule == "R-CA-03"));
        let ok = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![provision]);
        assert!(check_provisions(&ok).is_empty());
    }

    #[test]
    fn a_pbfcp_needs_the_supporter_and_both_offices_of_the_supported_force() {
        let (a, b) = (area(), area());
        let provision = Provision {
            kind: ProvisionKind::Pbfcp,
            forces: vec![b.force],
            policing_bodies: vec![a.pcc.id],
            direction_and_control: None,
        };
        let c = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![provision.clone()]);
        assert_eq!(check_provisions(&c)[0].rule, "R-CA-04");
        let ok = composition(&[&a, &b], vec![a.pcc, b.pcc, b.cc], vec![provision]);
        assert!(check_provisions(&ok).is_empty());
    }

    #[test]
    fn two_policing_bodies_without_an_oversight_board_warn_r_ca_13() {
        let (a, b) = (area(), area());
        let mut c = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![]);
        c.has_joint_oversight_board = false;
        assert_eq!(composition_warnings(&c)[0].rule, "R-CA-13");
    }

    #[test]
    fn r_ca_13_warns_only_of_two_policing_bodies_without_an_oversight_board() {
        let (a, b) = (area(), area());
        let overseen = composition(&[&a, &b], vec![a.pcc, b.pcc], vec![]);
        assert!(composition_warnings(&overseen).is_empty());
        let mut one_body = composition(&[&a], vec![a.pcc, a.cc], vec![]);
        one_body.has_joint_oversight_board = false;
        assert!(composition_warnings(&one_body).is_empty());
        let mut unboarded = overseen;
        unboarded.has_joint_oversight_board = false;
        assert_eq!(
            composition_warnings(&unboarded).iter().map(|w| (w.rule, w.pointer.as_str())).collect::<Vec<_>>(),
            vec![("R-CA-13", "/lead_board_id")]
        );
    }

    #[test]
    fn a_review_due_today_is_not_yet_overdue() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert!(upkeep_warnings(true, true, Some(d("2017-01-01")), d("2017-01-01")).is_empty());
        let overdue = upkeep_warnings(true, true, Some(d("2016-12-31")), d("2017-01-01"));
        assert_eq!(
            overdue.iter().map(|w| (w.rule, w.pointer.as_str())).collect::<Vec<_>>(),
            vec![("R-CA-19", "/next_review_due")]
        );
    }

    #[test]
    fn signing_needs_a_document_in_writing() {
        assert_eq!(
            messages(&check_in_writing(0)),
            vec![(
                "R-CA-07",
                "/documents",
                "the agreement must be in writing: attach a document version before signing"
            )]
        );
        assert!(check_in_writing(1).is_empty());
        assert!(check_in_writing(3).is_empty());
    }

    #[test]
    fn execution_is_complete_when_every_party_has_approved_and_signed() {
        assert!(check_execution(2, 2, 2).is_empty());
        assert_eq!(messages(&check_execution(2, 2, 1)), vec![("R-CA-12", "/signatures", "1 of 2 parties have signed")]);
        assert_eq!(
            messages(&check_execution(2, 1, 2)),
            vec![("R-CA-12", "/approvals", "1 of 2 parties have approved")]
        );
    }

    #[test]
    fn agreements_in_force_without_schedule_or_with_overdue_review_warn() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let warnings = upkeep_warnings(true, false, Some(d("2016-12-01")), d("2017-01-01"));
        assert_eq!(warnings.iter().map(|w| w.rule).collect::<Vec<_>>(), vec!["R-CA-15", "R-CA-19"]);
        assert!(upkeep_warnings(true, true, Some(d("2017-12-01")), d("2017-01-01")).is_empty());
        assert!(upkeep_warnings(false, false, None, d("2017-01-01")).is_empty());
    }

    #[test]
    fn a_rationale_must_cover_all_three_considerations() {
        let partial = Rationale { efficiency_or_effectiveness: "saves 314k", ..Default::default() };
        assert_eq!(check_rationale(&partial).len(), 3);
        let whole = Rationale {
            efficiency_or_effectiveness: "a",
            existing_collaboration_considered: "b",
            consistency_considered: "c",
            other_opportunities_considered: "d",
        };
        assert!(check_rationale(&whole).is_empty());
    }

    #[test]
    fn shares_must_sum_to_10000_basis_points() {
        let (p, q) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(check_cost_shares(&[(p, 6900), (q, 3100)], &[p, q]).is_empty());
        assert_eq!(check_cost_shares(&[(p, 6900), (q, 3000)], &[p, q])[0].rule, "R-CA-15");
        assert!(!check_cost_shares(&[(p, 10000), (Uuid::now_v7(), 0)], &[p, q]).is_empty());
        // Finding 6 of the outside test: the sum overflowed i64 (a panic in a debug build).
        let absurd = check_cost_shares(&[(p, i64::MAX), (q, i64::MAX)], &[p, q]);
        assert!(
            absurd.iter().any(|v| v.pointer == "/shares" && v.message.contains("18446744073709551614")),
            "{absurd:?}"
        );
    }

    #[test]
    fn reviews_are_at_most_twelve_months_apart_unless_agreed_otherwise() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert!(check_next_review(d("2016-12-01"), d("2017-12-01"), 12).is_empty());
        assert_eq!(check_next_review(d("2016-12-01"), d("2017-12-02"), 12)[0].rule, "R-CA-19");
        assert!(check_next_review(d("2016-12-01"), d("2018-06-01"), 24).is_empty());
    }

    #[test]
    fn withdrawal_needs_a_clause_and_its_notice() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(check_withdrawal(None, d("2018-10-09"), d("2019-10-08"))[0].rule, "R-CA-09");
        assert!(check_withdrawal(Some(12), d("2018-10-09"), d("2019-10-09")).is_empty());
        assert!(!check_withdrawal(Some(12), d("2018-10-09"), d("2019-03-31")).is_empty());
    }

    #[test]
    fn termination_needs_every_party() {
        let (p, q) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(check_termination(&[p, q], &[p]).len(), 1);
        assert!(check_termination(&[p, q], &[q, p]).is_empty());
    }
}
