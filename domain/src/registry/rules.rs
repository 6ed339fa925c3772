//! Registry rules R-OR-01 and R-OR-02 (DOMAIN.md section 1).

use uuid::Uuid;

use super::StatutoryRole;
use crate::{Period, RuleViolation};

/// One appointment as the rules see it: who, when, and the statutory roles of what is held.
#[derive(Debug, Clone)]
pub struct Tenure {
    pub appointment_id: Uuid,
    pub person_id: Uuid,
    pub period: Period,
    pub roles: Vec<StatutoryRole>,
}

fn is_mo_and_cfo(a: &[StatutoryRole], b: &[StatutoryRole]) -> bool {
    let mo = |r: &[StatutoryRole]| r.contains(&StatutoryRole::MonitoringOfficer);
    let cfo = |r: &[StatutoryRole]| r.contains(&StatutoryRole::ChiefFinanceOfficer);
    (mo(a) && cfo(b)) || (cfo(a) && mo(b))
}

/// R-OR-01 for a post definition: one post cannot be both monitoring officer and chief finance officer.
pub fn check_post_roles(roles: &[StatutoryRole]) -> Vec<RuleViolation> {
    if is_mo_and_cfo(roles, roles) {
        vec![RuleViolation::new(
            "R-OR-01",
            "/statutory_roles",
            "the monitoring officer and the chief finance officer must not be the same person, so one post cannot carry both roles",
        )]
    } else {
        Vec::new()
    }
}

/// R-OR-01 for a person: `candidate` must not make them monitoring officer and chief finance
/// officer at the same time, given everything else they hold (`others`, same person).
pub fn check_mo_cfo_separation(candidate: &Tenure, others: &[Tenure]) -> Vec<RuleViolation> {
    others
        .iter()
        .filter(|other| other.appointment_id != candidate.appointment_id)
        .filter(|other| other.person_id == candidate.person_id)
        .filter(|other| other.period.overlaps(&candidate.period))
        .filter(|other| is_mo_and_cfo(&candidate.roles, &other.roles))
        .map(|other| {
            RuleViolation::new(
                "R-OR-01",
                "/person_id",
                format!(
                    "this person would be monitoring officer and chief finance officer at the same time (overlaps appointment {} from {})",
                    other.appointment_id, other.period.starts_on
                ),
            )
        })
        .collect()
}

/// R-OR-02: on a single-holder post or a corporation sole, appointments of different people
/// may not overlap. `holders` are the other appointments to the same post or office.
pub fn check_single_holder(candidate: &Tenure, holders: &[Tenure]) -> Vec<RuleViolation> {
    holders
        .iter()
        .filter(|other| other.appointment_id != candidate.appointment_id)
        .filter(|other| other.person_id != candidate.person_id)
        .filter(|other| other.period.overlaps(&candidate.period))
        .map(|other| {
            let until = other
                .period
                .ends_on
                .map_or_else(|| "open-ended".to_string(), |d| format!("until {d}"));
            RuleViolation::new(
                "R-OR-02",
                "/starts_on",
                format!(
                    "the post or office has a single holder and appointment {} of another person covers these dates (from {}, {until})",
                    other.appointment_id, other.period.starts_on
                ),
            )
        })
        .collect()
}

/// R-DL-06 [P]: a deputy PCC is appointed by the PCC and holds office no longer than the
/// appointing PCC's term. `term` is the appointment of whoever held the office on the deputy's
/// first day (none recorded: nothing to check).
pub fn check_deputy_within_term(deputy: &Period, term: Option<&Period>) -> Vec<RuleViolation> {
    let Some(term_end) = term.and_then(|t| t.ends_on) else { return Vec::new() };
    if deputy.ends_on.is_some_and(|end| end <= term_end) {
        return Vec::new();
    }
    vec![RuleViolation::new(
        "R-DL-06",
        "/ends_on",
        format!("a deputy PCC holds office no longer than the appointing PCC, whose term ends on {term_end}"),
    )]
}

/// The day a deputy's appointment must end when the appointing PCC's term ends on `term_end`
/// (R-DL-06): that day, if the deputy was appointed by then and would otherwise hold on past it.
pub fn deputy_end_with_term(deputy: &Period, term_end: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    let runs_past = deputy.ends_on.is_none_or(|end| end > term_end);
    (runs_past && deputy.starts_on <= term_end).then_some(term_end)
}

#[cfg(test)]
mod tests {

    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_deputy_holds_office_no_longer_than_the_appointing_pcc() {
        let term = Period::new(day("2012-11-22"), Some(day("2016-05-11")));
        let open_ended = Period::new(day("2015-08-27"), None);
        assert_eq!(check_deputy_within_term(&open_ended, Some(&term))[0].rule, "R-DL-06");
        let within = Period::new(day("2015-08-27"), Some(day("2016-05-11")));
        assert!(check_deputy_within_term(&within, Some(&term)).is_empty());
        assert!(check_deputy_within_term(&open_ended, None).is_empty(), "no holder recorded");
        let running = Period::new(day("2012-11-22"), None);
        assert!(check_deputy_within_term(&open_ended, Some(&running)).is_empty(), "term end not known yet");

        let end = day("2016-05-11");
        assert_eq!(deputy_end_with_term(&open_ended, end), Some(end));
        assert_eq!(deputy_end_with_term(&within, end), None, "already ends with the term");
        assert_eq!(deputy_end_with_term(&Period::new(day("2016-06-01"), None), end), None, "a later PCC's deputy");
        let past = Period::new(day("2015-08-27"), Some(day("2016-05-12")));
        assert_eq!(deputy_end_with_term(&past, end), Some(end), "ends the day after the term: cut back");
        let earlier = Period::new(day("2015-08-27"), Some(day("2016-05-10")));
        assert_eq!(deputy_end_with_term(&earlier, end), None, "ends before the term does");
    }
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn tenure(person: Uuid, from: &str, to: Option<&str>, roles: &[StatutoryRole]) -> Tenure {
        Tenure {
            appointment_id: Uuid::now_v7(),
            person_id: person,
            period: Period::new(d(from), to.map(d)),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn overlapping_holders_of_a_single_holder_office_break_r_or_02() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let existing = tenure(a, "2012-11-22", None, &[]);
        let candidate = tenure(b, "2016-05-12", None, &[]);
        let found = check_single_holder(&candidate, &[existing]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "R-OR-02");
    }

    #[test]
    fn successive_holders_satisfy_r_or_02() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let existing = tenure(a, "2012-11-22", Some("2016-05-11"), &[]);
        let candidate = tenure(b, "2016-05-12", None, &[]);
        assert!(check_single_holder(&candidate, &[existing]).is_empty());
    }

    #[test]
    fn the_same_person_reappointed_is_not_an_r_or_02_breach() {
        let a = Uuid::now_v7();
        let existing = tenure(a, "2012-11-22", None, &[]);
        let candidate = tenure(a, "2016-05-12", None, &[]);
        assert!(check_single_holder(&candidate, &[existing]).is_empty());
    }

    #[test]
    fn one_person_as_monitoring_officer_and_cfo_at_once_breaks_r_or_01() {
        let a = Uuid::now_v7();
        let mo = tenure(a, "2016-01-01", None, &[StatutoryRole::MonitoringOfficer]);
        let cfo = tenure(a, "2017-01-01", None, &[StatutoryRole::ChiefFinanceOfficer]);
        assert_eq!(check_mo_cfo_separation(&cfo, std::slice::from_ref(&mo))[0].rule, "R-OR-01");
        let later_cfo = tenure(a, "2017-01-01", None, &[StatutoryRole::ChiefFinanceOfficer]);
        let ended_mo = tenure(a, "2016-01-01", Some("2016-12-31"), &[StatutoryRole::MonitoringOfficer]);
        assert!(check_mo_cfo_separation(&later_cfo, &[ended_mo]).is_empty());
    }

    #[test]
    fn a_post_carrying_both_roles_breaks_r_or_01() {
        let both = [StatutoryRole::MonitoringOfficer, StatutoryRole::ChiefFinanceOfficer];
        assert_eq!(check_post_roles(&both)[0].rule, "R-OR-01");
        assert!(check_post_roles(&[StatutoryRole::ChiefExecutive, StatutoryRole::MonitoringOfficer]).is_empty());
    }
}
