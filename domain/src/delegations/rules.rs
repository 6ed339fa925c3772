//! R-DL-01 to R-DL-04: what may be delegated, to whom, on whose authority, and how far it may be passed on.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{DelegationKind, Reservation};
use crate::registry::{CorporationSoleKind, OrganisationKind};
use crate::{Period, RuleViolation};

/// The corporation sole whose function is delegated (the root of every chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grantor {
    pub id: Uuid,
    pub kind: CorporationSoleKind,
}

/// One thing a delegate is or holds on the day the delegation starts: an office (a corporation sole)
/// or a post in an organisation. A corporation sole delegate has one holding (the office), a post one
/// (the post), a person one per appointment in effect that day, a board none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// The office held, or the corporation sole the post's organisation serves.
    pub corporation_sole_id: Option<Uuid>,
    pub corporation_sole_kind: Option<CorporationSoleKind>,
    /// True when the corporation sole itself is held; false for a post.
    pub office: bool,
    /// The kind of the post's organisation (a post in a force is force staff).
    pub organisation_kind: Option<OrganisationKind>,
    /// The post carries the `deputy_pcc` statutory role.
    pub deputy_pcc: bool,
    /// How to name it in messages, e.g. "Deputy Police and Crime Commissioner".
    pub label: String,
}

/// A function of the catalogue as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub code: String,
    pub reservation: Reservation,
    pub reservation_source: Option<String>,
}

/// The terms of a delegation or consent, proposed or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub kind: DelegationKind,
    pub functions: Vec<String>,
    pub limit_per_act: Option<i64>,
    pub limit_total: Option<i64>,
    pub period: Period,
    pub sub_delegation_allowed: bool,
    /// First day on which it no longer has effect (revocation or scheme re-adoption).
    pub revoked_on: Option<NaiveDate>,
}

/// A scheme cited as the source instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeFacts {
    pub corporation_sole_id: Uuid,
    pub adopted_on: NaiveDate,
    /// First day on which a re-adopted version replaced it.
    pub superseded_on: Option<NaiveDate>,
}

/// The source a delegation cites (R-DL-03): a scheme (with a paragraph) or a decision record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citation {
    pub scheme: Option<SchemeFacts>,
    pub reference: Option<String>,
    pub paragraph: Option<String>,
}

fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// R-DL-03: every delegation cites its source instrument (a scheme and paragraph, or a record of
/// decision) and starts within the life of the scheme it cites.
pub fn check_source(grantor: &Grantor, citation: &Citation, valid_from: NaiveDate) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    match &citation.scheme {
        None if blank(&citation.reference) => found.push(RuleViolation::new(
            "R-DL-03",
            "/source",
            "cite the source instrument: a scheme (scheme_id and paragraph) or a record of decision (reference)",
        )),
        None => {}
        Some(scheme) => {
            if blank(&citation.paragraph) {
                found.push(RuleViolation::new(
                    "R-DL-03",
                    "/source/paragraph",
                    "name the paragraph of the scheme that makes this delegation",
                ));
            }
            if scheme.corporation_sole_id != grantor.id {
                found.push(RuleViolation::new(
                    "R-DL-03",
                    "/source/scheme_id",
                    "the scheme belongs to another corporation sole",
                ));
            }
            if valid_from < scheme.adopted_on {
                found.push(RuleViolation::new(
                    "R-DL-03",
                    "/valid_from",
                    format!("the scheme was adopted on {}, after valid_from", scheme.adopted_on),
                ));
            }
            if let Some(superseded) = scheme.superseded_on.filter(|s| valid_from >= *s) {
                found.push(RuleViolation::new(
                    "R-DL-03",
                    "/source/scheme_id",
                    format!("this version of the scheme was replaced on {superseded}; cite the version in force"),
                ));
            }
        }
    }
    found
}

/// R-DL-03 for a delegation standing under a collaboration (a joint record of decision of an
/// alliance): it starts while the collaboration runs and the grantor is one of its members then.
/// Its end follows the collaboration's (R-DL-06, judged by the authority check).
pub fn check_collaboration_source(
    collaboration: &Period,
    grantor_member_on_valid_from: bool,
    valid_from: NaiveDate,
) -> Vec<RuleViolation> {
    let pointer = "/source/collaboration_id";
    if !collaboration.contains(valid_from) {
        let span = match collaboration.ends_on {
            Some(end) => format!("from {} to {end}", collaboration.starts_on),
            None => format!("from {}", collaboration.starts_on),
        };
        return vec![RuleViolation::new(
            "R-DL-03",
            pointer,
            format!("the collaboration ran {span}: a delegation under it cannot start on {valid_from}"),
        )];
    }
    if !grantor_member_on_valid_from {
        return vec![RuleViolation::new(
            "R-DL-03",
            pointer,
            format!("the corporation sole was not a member of the collaboration on {valid_from}"),
        )];
    }
    Vec::new()
}

/// Basic shape: functions named, a well-formed period, limits that are amounts.
pub fn check_terms(terms: &Terms) -> Vec<RuleViolation> {
    let mut found = crate::rules::check_period(&Period::new(terms.period.starts_on, terms.period.ends_on), "");
    if let Some(v) = found.first_mut() {
        v.pointer = "/valid_to".into();
        v.message = "valid_to is before valid_from".into();
    }
    if terms.functions.is_empty() {
        found.push(RuleViolation::new("required", "/functions", "name at least one function"));
    }
    for (pointer, limit) in [("/limit_per_act_pence", terms.limit_per_act), ("/limit_total_pence", terms.limit_total)] {
        if limit.is_some_and(|l| l < 0) {
            found.push(RuleViolation::new("invalid_amount", pointer, "a limit is a non-negative number of pence"));
        }
    }
    if let (Some(per_act), Some(total)) = (terms.limit_per_act, terms.limit_total) {
        if per_act > total {
            found.push(RuleViolation::new(
                "invalid_amount",
                "/limit_per_act_pence",
                "the limit per act cannot exceed the total limit",
            ));
        }
    }
    found
}

fn is_deputy_of(grantor: &Grantor, delegate: &[Holding]) -> bool {
    delegate.iter().any(|h| h.deputy_pcc && !h.office && h.corporation_sole_id == Some(grantor.id))
}

/// R-DL-01 (and R-DL-04 for sub-delegations): reserved functions stay with the office holder; those
/// of s.18(7)(a)-(d) may go to the grantor's own deputy PCC, the chief constable and the precept never.
pub fn check_reserved(
    grantor: &Grantor,
    functions: &[CatalogueEntry],
    delegate: &[Holding],
    sub_delegation: bool,
) -> Vec<RuleViolation> {
    let deputy = is_deputy_of(grantor, delegate);
    functions
        .iter()
        .enumerate()
        .filter_map(|(index, function)| {
            let source = function.reservation_source.as_deref().unwrap_or("statute");
            let pointer = format!("/functions/{index}");
            match function.reservation {
                Reservation::None => None,
                _ if sub_delegation => Some(RuleViolation::new(
                    "R-DL-04",
                    pointer,
                    format!("{} is a reserved function ({source}) and is never sub-delegated", function.code),
                )),
                Reservation::OfficeHolderOrDeputy if deputy => None,
                Reservation::OfficeHolderOrDeputy => Some(RuleViolation::new(
                    "R-DL-01",
                    pointer,
                    format!(
                        "{} is reserved ({source}): only the office holder or their deputy PCC may exercise it",
                        function.code
                    ),
                )),
                Reservation::OfficeHolderOnly => Some(RuleViolation::new(
                    "R-DL-01",
                    pointer,
                    format!(
                        "{} is reserved to the office holder ({source}), not even a deputy may exercise it",
                        function.code
                    ),
                )),
            }
        })
        .collect()
}

/// R-DL-02: a policing body may not delegate to a constable (the chief constable is one), to another
/// policing body, or to the staff of either. The chief constable and force staff act under a consent
/// instead; another policing body and its staff cannot receive either.
pub fn check_delegate(grantor: &Grantor, kind: DelegationKind, delegate: &[Holding]) -> Vec<RuleViolation> {
    if !grantor.kind.is_policing_body() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for holding in delegate {
        let chief_officer = holding.corporation_sole_kind.is_some_and(|k| k.is_chief_officer());
        let other_policing_body = holding.corporation_sole_kind.is_some_and(|k| k.is_policing_body())
            && holding.corporation_sole_id != Some(grantor.id);
        let force_staff =
            !holding.office && (chief_officer || holding.organisation_kind == Some(OrganisationKind::Force));
        let why = if other_policing_body && holding.office {
            Some(format!("{} is another policing body", holding.label))
        } else if other_policing_body {
            Some(format!("{} is on the staff of another policing body", holding.label))
        } else if kind == DelegationKind::Delegation && holding.office && chief_officer {
            Some(format!("{} is a constable: use a consent, not a delegation", holding.label))
        } else if kind == DelegationKind::Delegation && force_staff {
            Some(format!("{} is force staff: use a consent, not a delegation", holding.label))
        } else {
            None
        };
        if let Some(why) = why {
            found.push(RuleViolation::new(
                "R-DL-02",
                "/delegate",
                format!("a policing body may not delegate to a constable, another policing body or the staff of either: {why}"),
            ));
        }
    }
    if holding_is_grantor(grantor, delegate) {
        found.push(RuleViolation::new("R-DL-02", "/delegate", "a corporation sole does not delegate to itself"));
    }
    found
}

fn holding_is_grantor(grantor: &Grantor, delegate: &[Holding]) -> bool {
    delegate.iter().any(|h| h.office && h.corporation_sole_id == Some(grantor.id))
}

/// R-DL-04: a sub-delegation passes on only what its parent holds and allows: the parent permits it,
/// the same kind, a subset of its functions, limits no higher, dates within the parent's, and the
/// parent still in force when it starts.
/// R-DL-04: a sub-delegation passes on functions of the same corporation sole as its parent.
pub fn check_same_grantor<Id: PartialEq + ?Sized>(
    parent_corporation_sole: &Id,
    child_corporation_sole: &Id,
) -> Vec<RuleViolation> {
    if parent_corporation_sole == child_corporation_sole {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "R-DL-04",
            "/parent_delegation_id",
            "the parent delegates another corporation sole's functions",
        )]
    }
}

/// R-DL-01: a function marked reserved names the source of its reservation.
pub fn check_reservation_source(reserved: bool, source: Option<&str>) -> Vec<RuleViolation> {
    if reserved && source.is_none_or(|s| s.trim().is_empty()) {
        vec![RuleViolation::new(
            "R-DL-01",
            "/reservation_source",
            "a reserved function names the source of its reservation",
        )]
    } else {
        Vec::new()
    }
}

pub fn check_sub_delegation(parent: &Terms, child: &Terms) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    let mut refuse = |pointer: &str, message: String| found.push(RuleViolation::new("R-DL-04", pointer, message));
    if !parent.sub_delegation_allowed {
        refuse("/parent_delegation_id", "the parent delegation does not allow sub-delegation".into());
    }
    if parent.kind != child.kind {
        refuse("/kind", format!("a sub-delegation has its parent's kind ({})", parent.kind));
    }
    for (index, function) in child.functions.iter().enumerate() {
        if !parent.functions.contains(function) {
            refuse(&format!("/functions/{index}"), format!("the parent does not hold {function}"));
        }
    }
    for (pointer, parent_limit, child_limit) in [
        ("/limit_per_act_pence", parent.limit_per_act, child.limit_per_act),
        ("/limit_total_pence", parent.limit_total, child.limit_total),
    ] {
        if let Some(ceiling) = parent_limit {
            if child_limit.is_none_or(|limit| limit > ceiling) {
                refuse(
                    pointer,
                    format!("the parent's limit is {}; a sub-delegation cannot exceed it", format_pence(ceiling)),
                );
            }
        }
    }
    if child.period.starts_on < parent.period.starts_on {
        refuse("/valid_from", format!("the parent starts on {}", parent.period.starts_on));
    }
    if let Some(parent_end) = parent.period.ends_on {
        if child.period.ends_on.is_none_or(|end| end > parent_end) {
            refuse("/valid_to", format!("the parent ends on {parent_end}; a sub-delegation cannot outlast it"));
        }
    }
    if let Some(revoked) = parent.revoked_on.filter(|r| child.period.starts_on >= *r) {
        refuse("/valid_from", format!("the parent has no effect from {revoked}"));
    }
    found
}

/// An amount of pence as pounds for messages: `£4,000,000.00`.
pub fn format_pence(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}£{grouped}.{:02}", pence % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collaboration_cited_must_run_and_include_the_grantor() {
        let alliance = Period::new(d("2012-11-22"), Some(d("2020-04-30")));
        assert!(check_collaboration_source(&alliance, true, d("2017-02-15")).is_empty());
        assert_eq!(check_collaboration_source(&alliance, true, d("2020-05-01"))[0].rule, "R-DL-03");
        assert_eq!(
            check_collaboration_source(&alliance, false, d("2017-02-15"))[0].pointer,
            "/source/collaboration_id"
        );
    }

    #[test]
    fn reserved_functions_name_their_source_and_sub_delegations_keep_their_grantor() {
        assert_eq!(check_reservation_source(true, Some(" "))[0].rule, "R-DL-01");
        assert!(check_reservation_source(true, Some("PRSRA 2011 s.18(7)(a)")).is_empty());
        assert!(check_reservation_source(false, None).is_empty());
        assert_eq!(check_same_grantor("a", "b")[0].rule, "R-DL-04");
        assert!(check_same_grantor("a", "a").is_empty());
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn pcc() -> Grantor {
        Grantor { id: Uuid::now_v7(), kind: CorporationSoleKind::Pcc }
    }

    fn office(id: Uuid, kind: CorporationSoleKind) -> Holding {
        Holding {
            corporation_sole_id: Some(id),
            corporation_sole_kind: Some(kind),
            office: true,
            organisation_kind: None,
            deputy_pcc: false,
            label: kind.to_string(),
        }
    }

    fn post_in(cs: Uuid, cs_kind: CorporationSoleKind, org: OrganisationKind, deputy: bool) -> Holding {
        Holding {
            corporation_sole_id: Some(cs),
            corporation_sole_kind: Some(cs_kind),
            office: false,
            organisation_kind: Some(org),
            deputy_pcc: deputy,
            label: "a post".into(),
        }
    }

    fn terms(functions: &[&str], per_act: Option<i64>, from: &str, to: Option<&str>, sub: bool) -> Terms {
        Terms {
            kind: DelegationKind::Delegation,
            functions: functions.iter().map(|f| f.to_string()).collect(),
            limit_per_act: per_act,
            limit_total: None,
            period: Period::new(d(from), to.map(d)),
            sub_delegation_allowed: sub,
            revoked_on: None,
        }
    }

    fn entry(code: &str, reservation: Reservation) -> CatalogueEntry {
        CatalogueEntry { code: code.into(), reservation, reservation_source: Some("PRSRA 2011 s.18(7)".into()) }
    }

    #[test]
    fn r_dl_01_reserved_functions_go_to_the_deputy_only_and_two_not_even_there() {
        let grantor = pcc();
        let plan = entry("issue_police_and_crime_plan", Reservation::OfficeHolderOrDeputy);
        let precept = entry("calculate_budget_requirement", Reservation::OfficeHolderOnly);
        let chief_exec = [post_in(grantor.id, CorporationSoleKind::Pcc, OrganisationKind::Opcc, false)];
        let deputy = [post_in(grantor.id, CorporationSoleKind::Pcc, OrganisationKind::Opcc, true)];
        assert_eq!(check_reserved(&grantor, std::slice::from_ref(&plan), &chief_exec, false)[0].rule, "R-DL-01");
        assert!(check_reserved(&grantor, std::slice::from_ref(&plan), &deputy, false).is_empty());
        assert_eq!(check_reserved(&grantor, std::slice::from_ref(&precept), &deputy, false)[0].rule, "R-DL-01");
        // Another PCC's deputy is not this PCC's deputy.
        let other_deputy = [post_in(Uuid::now_v7(), CorporationSoleKind::Pcc, OrganisationKind::Opcc, true)];
        assert_eq!(check_reserved(&grantor, std::slice::from_ref(&plan), &other_deputy, false)[0].rule, "R-DL-01");
        assert_eq!(check_reserved(&grantor, &[plan], &deputy, true)[0].rule, "R-DL-04");
        assert!(check_reserved(&grantor, &[entry("award_contract", Reservation::None)], &chief_exec, false).is_empty());
    }

    #[test]
    fn r_dl_02_bars_constables_other_policing_bodies_and_their_staff_from_delegations() {
        let grantor = pcc();
        let cc = [office(Uuid::now_v7(), CorporationSoleKind::ChiefConstable)];
        assert_eq!(check_delegate(&grantor, DelegationKind::Delegation, &cc)[0].rule, "R-DL-02");
        assert!(check_delegate(&grantor, DelegationKind::Consent, &cc).is_empty(), "a consent to the CC is the route");
        let other_pcc = [office(Uuid::now_v7(), CorporationSoleKind::Pcc)];
        assert_eq!(check_delegate(&grantor, DelegationKind::Consent, &other_pcc)[0].rule, "R-DL-02");
        let force_staff =
            [post_in(Uuid::now_v7(), CorporationSoleKind::ChiefConstable, OrganisationKind::Force, false)];
        assert_eq!(check_delegate(&grantor, DelegationKind::Delegation, &force_staff)[0].rule, "R-DL-02");
        assert!(check_delegate(&grantor, DelegationKind::Consent, &force_staff).is_empty());
        let other_opcc = [post_in(Uuid::now_v7(), CorporationSoleKind::Pcc, OrganisationKind::Opcc, false)];
        assert_eq!(check_delegate(&grantor, DelegationKind::Delegation, &other_opcc)[0].rule, "R-DL-02");
        let own_staff = [post_in(grantor.id, CorporationSoleKind::Pcc, OrganisationKind::Opcc, false)];
        assert!(check_delegate(&grantor, DelegationKind::Delegation, &own_staff).is_empty());
        let itself = [office(grantor.id, CorporationSoleKind::Pcc)];
        assert_eq!(check_delegate(&grantor, DelegationKind::Delegation, &itself)[0].rule, "R-DL-02");
    }

    #[test]
    fn r_dl_02_does_not_bind_a_chief_constable_delegating_within_the_force() {
        let grantor = Grantor { id: Uuid::now_v7(), kind: CorporationSoleKind::ChiefConstable };
        let staff = [post_in(grantor.id, CorporationSoleKind::ChiefConstable, OrganisationKind::Force, false)];
        assert!(check_delegate(&grantor, DelegationKind::Delegation, &staff).is_empty());
    }

    #[test]
    fn r_dl_03_needs_a_scheme_paragraph_or_a_decision_reference() {
        let grantor = pcc();
        let none = Citation::default();
        assert_eq!(check_source(&grantor, &none, d("2017-02-15"))[0].rule, "R-DL-03");
        let blank = Citation { reference: Some("  ".into()), ..Citation::default() };
        assert_eq!(check_source(&grantor, &blank, d("2017-02-15")).len(), 1);
        let decision = Citation { reference: Some("PCC/D/2017/05".into()), ..Citation::default() };
        assert!(check_source(&grantor, &decision, d("2017-02-15")).is_empty());
        let scheme = SchemeFacts { corporation_sole_id: grantor.id, adopted_on: d("2016-06-01"), superseded_on: None };
        let no_paragraph = Citation { scheme: Some(scheme.clone()), ..Citation::default() };
        assert_eq!(check_source(&grantor, &no_paragraph, d("2017-01-01"))[0].pointer, "/source/paragraph");
        let cited = Citation { scheme: Some(scheme.clone()), paragraph: Some("3.2".into()), ..Citation::default() };
        assert!(check_source(&grantor, &cited, d("2017-01-01")).is_empty());
        assert_eq!(check_source(&grantor, &cited, d("2016-05-31"))[0].pointer, "/valid_from");
        let superseded = Citation {
            scheme: Some(SchemeFacts { superseded_on: Some(d("2021-05-13")), ..scheme }),
            paragraph: Some("3.2".into()),
            ..Citation::default()
        };
        assert_eq!(check_source(&grantor, &superseded, d("2021-06-01"))[0].rule, "R-DL-03");
    }

    #[test]
    fn r_dl_04_sub_delegation_stays_within_what_the_parent_holds_and_allows() {
        let parent = terms(&["award_contract", "approve_revenue_spend"], Some(5_000_000), "2020-01-01", None, true);
        let fine = terms(&["award_contract"], Some(1_000_000), "2020-02-01", None, false);
        assert!(check_sub_delegation(&parent, &fine).is_empty());
        let more = terms(&["dispose_of_property"], Some(1_000_000), "2020-02-01", None, false);
        assert_eq!(check_sub_delegation(&parent, &more)[0].pointer, "/functions/0");
        let higher = terms(&["award_contract"], Some(6_000_000), "2020-02-01", None, false);
        assert_eq!(check_sub_delegation(&parent, &higher)[0].pointer, "/limit_per_act_pence");
        let unlimited = terms(&["award_contract"], None, "2020-02-01", None, false);
        assert_eq!(check_sub_delegation(&parent, &unlimited)[0].rule, "R-DL-04");
        let earlier = terms(&["award_contract"], Some(1), "2019-12-31", None, false);
        assert_eq!(check_sub_delegation(&parent, &earlier)[0].pointer, "/valid_from");
        let closed = Terms { sub_delegation_allowed: false, ..parent.clone() };
        assert_eq!(check_sub_delegation(&closed, &fine)[0].pointer, "/parent_delegation_id");
        let revoked = Terms { revoked_on: Some(d("2020-01-15")), ..parent };
        assert_eq!(check_sub_delegation(&revoked, &fine)[0].rule, "R-DL-04");
    }

    #[test]
    fn terms_need_functions_a_period_and_sane_limits() {
        let mut bad = terms(&[], Some(-1), "2020-01-02", Some("2020-01-01"), false);
        bad.limit_total = Some(0);
        let rules: Vec<_> = check_terms(&bad).iter().map(|v| v.pointer.clone()).collect();
        assert!(rules.contains(&"/valid_to".to_string()));
        assert!(rules.contains(&"/functions".to_string()));
        assert!(rules.contains(&"/limit_per_act_pence".to_string()));
    }

    fn pointers(found: &[RuleViolation]) -> Vec<(&str, &str)> {
        found.iter().map(|v| (v.rule, v.pointer.as_str())).collect()
    }

    #[test]
    fn r_dl_03_a_delegation_may_start_on_the_day_its_scheme_is_adopted() {
        let grantor = pcc();
        let scheme = SchemeFacts { corporation_sole_id: grantor.id, adopted_on: d("2016-06-01"), superseded_on: None };
        let cited = Citation { scheme: Some(scheme), paragraph: Some("3.2".into()), ..Citation::default() };
        assert!(check_source(&grantor, &cited, d("2016-06-01")).is_empty());
        assert_eq!(pointers(&check_source(&grantor, &cited, d("2016-05-31"))), vec![("R-DL-03", "/valid_from")]);
    }

    #[test]
    fn terms_allow_zero_limits_and_a_per_act_limit_up_to_the_total() {
        let with = |per_act: i64, total: i64| Terms {
            limit_total: Some(total),
            ..terms(&["award_contract"], Some(per_act), "2020-01-01", None, false)
        };
        assert!(check_terms(&with(0, 0)).is_empty(), "zero is an amount");
        assert!(check_terms(&with(500, 500)).is_empty(), "per act equal to the total");
        assert!(check_terms(&with(499, 500)).is_empty(), "per act below the total");
        assert_eq!(pointers(&check_terms(&with(501, 500))), vec![("invalid_amount", "/limit_per_act_pence")]);
        assert_eq!(pointers(&check_terms(&with(-1, 0))), vec![("invalid_amount", "/limit_per_act_pence")]);
    }

    #[test]
    fn r_dl_02_force_staff_are_staff_of_a_chief_officer_or_of_a_force() {
        let grantor = pcc();
        let expected = "a policing body may not delegate to a constable, another policing body or the staff of either: a post is force staff: use a consent, not a delegation";
        // A chief constable's post outside a force organisation (a joint unit) is still force staff.
        let joint_unit =
            [post_in(Uuid::now_v7(), CorporationSoleKind::ChiefConstable, OrganisationKind::JointUnit, false)];
        let found = check_delegate(&grantor, DelegationKind::Delegation, &joint_unit);
        assert_eq!(pointers(&found), vec![("R-DL-02", "/delegate")]);
        assert_eq!(found[0].message, expected);
        // A post in a force organisation is force staff whatever corporation sole it is recorded under.
        let force_post = [Holding {
            corporation_sole_id: None,
            corporation_sole_kind: None,
            ..post_in(grantor.id, CorporationSoleKind::Pcc, OrganisationKind::Force, false)
        }];
        let found = check_delegate(&grantor, DelegationKind::Delegation, &force_post);
        assert_eq!(pointers(&found), vec![("R-DL-02", "/delegate")]);
        assert_eq!(found[0].message, expected);
        assert!(check_delegate(&grantor, DelegationKind::Consent, &force_post).is_empty());
    }

    #[test]
    fn r_dl_04_a_sub_delegation_may_match_its_parent_at_every_boundary() {
        let parent = Terms {
            limit_total: Some(9_000_000),
            ..terms(&["award_contract"], Some(5_000_000), "2020-01-01", Some("2020-12-31"), true)
        };
        let same = Terms { sub_delegation_allowed: false, ..parent.clone() };
        assert!(check_sub_delegation(&parent, &same).is_empty(), "equal limits, same first and last day");
        let shorter = Terms { period: Period::new(d("2020-01-01"), Some(d("2020-12-30"))), ..same.clone() };
        assert!(check_sub_delegation(&parent, &shorter).is_empty(), "ends before the parent");
        let longer = Terms { period: Period::new(d("2020-01-01"), Some(d("2021-01-01"))), ..same.clone() };
        let found = check_sub_delegation(&parent, &longer);
        assert_eq!(pointers(&found), vec![("R-DL-04", "/valid_to")]);
        assert_eq!(found[0].message, "the parent ends on 2020-12-31; a sub-delegation cannot outlast it");
        let open = Terms { period: Period::new(d("2020-01-01"), None), ..same.clone() };
        assert_eq!(pointers(&check_sub_delegation(&parent, &open)), vec![("R-DL-04", "/valid_to")]);
        let over = Terms { limit_per_act: Some(5_000_001), limit_total: Some(9_000_001), ..same };
        let found = check_sub_delegation(&parent, &over);
        assert_eq!(pointers(&found), vec![("R-DL-04", "/limit_per_act_pence"), ("R-DL-04", "/limit_total_pence")]);
        assert_eq!(found[0].message, "the parent's limit is £50,000.00; a sub-delegation cannot exceed it");
    }

    #[test]
    fn pence_read_as_pounds_with_a_sign_only_below_zero() {
        assert_eq!(format_pence(0), "£0.00");
        assert_eq!(format_pence(-150), "-£1.50");
        assert_eq!(format_pence(-1), "-£0.01");
    }

    #[test]
    fn pence_read_as_pounds() {
        assert_eq!(format_pence(400_000_000), "£4,000,000.00");
        assert_eq!(format_pence(25_000_050), "£250,000.50");
        assert_eq!(format_pence(99), "£0.99");
    }
}
