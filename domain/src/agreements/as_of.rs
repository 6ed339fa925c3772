//! An agreement as it stood in the world on a day (R-TM-04, R-TM-06's `as_of`): its status read back
//! from the dates its record keeps, not the status it has now.

use chrono::{Months, NaiveDate};

use super::AgreementStatus;

/// The dates an agreement's status moved on, as its record keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusDates {
    /// The day the last party's execution approval was given, once every party approved.
    pub approved_on: Option<NaiveDate>,
    /// The day the last party signed, once every party signed.
    pub signed_on: Option<NaiveDate>,
    pub in_force_from: Option<NaiveDate>,
    /// The first day it was no longer in force: its termination, or the commencement of the
    /// variation that superseded it (R-CA-20).
    pub ended_on: Option<NaiveDate>,
}

/// The status an agreement whose status is `now` had on `day`. Each step is taken only if the
/// agreement has taken it by now and its date is on or before `day`. An ended agreement whose end
/// date is not recorded (an expiry entered without one) keeps its status from commencement: the
/// record cannot say when it ended, and an answer must not claim it was in force then.
pub fn status_on(now: AgreementStatus, dates: StatusDates, day: NaiveDate) -> AgreementStatus {
    use AgreementStatus as S;
    let reached = |date: Option<NaiveDate>| date.is_some_and(|d| d <= day);
    let ended = matches!(now, S::Superseded | S::Terminated | S::Expired);
    if ended && (reached(dates.ended_on) || dates.ended_on.is_none() && reached(dates.in_force_from)) {
        return now;
    }
    let commenced = matches!(now, S::InForce) || ended;
    if commenced && reached(dates.in_force_from) {
        return S::InForce;
    }
    // An agreement terminated before it came into force was signed until then.
    if (commenced || now == S::Signed) && reached(dates.signed_on) {
        return S::Signed;
    }
    if now != S::Draft && reached(dates.approved_on) {
        return S::Approved;
    }
    S::Draft
}

/// The review due on `day` (R-CA-19), from `reviews` as (reviewed on, next due): the one set by the
/// last review on or before `day`. Before any review, the date recorded at commencement when no
/// review has been recorded since (it may have been set by hand), else a review period after
/// commencement.
pub fn review_due_on(
    reviews: &[(NaiveDate, NaiveDate)],
    day: NaiveDate,
    in_force_from: Option<NaiveDate>,
    review_period_months: u32,
    recorded: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if let Some((_, due)) = reviews.iter().filter(|(on, _)| *on <= day).max_by_key(|(on, _)| *on) {
        return Some(*due);
    }
    if reviews.is_empty() {
        return recorded;
    }
    in_force_from.and_then(|from| from.checked_add_months(Months::new(review_period_months))).or(recorded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgreementStatus as S;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn dates(approved: &str, signed: &str, in_force: &str, ended: Option<&str>) -> StatusDates {
        StatusDates {
            approved_on: Some(day(approved)),
            signed_on: Some(day(signed)),
            in_force_from: Some(day(in_force)),
            ended_on: ended.map(day),
        }
    }

    #[test]
    fn a_superseded_agreement_walks_back_through_each_status() {
        let d = dates("2015-03-01", "2015-04-01", "2015-05-01", Some("2020-01-01"));
        assert_eq!(status_on(S::Superseded, d, day("2014-12-31")), S::Draft);
        assert_eq!(status_on(S::Superseded, d, day("2015-03-01")), S::Approved);
        assert_eq!(status_on(S::Superseded, d, day("2015-04-30")), S::Signed);
        assert_eq!(status_on(S::Superseded, d, day("2015-05-01")), S::InForce);
        assert_eq!(status_on(S::Superseded, d, day("2019-12-31")), S::InForce);
        assert_eq!(status_on(S::Superseded, d, day("2020-01-01")), S::Superseded);
    }

    #[test]
    fn no_day_shows_a_step_the_agreement_has_not_taken_yet() {
        // Approved now, with a signature date from a party that signed: not signed on any day.
        let d =
            StatusDates { signed_on: Some(day("2016-01-01")), ..dates("2016-01-01", "2016-01-01", "2016-01-01", None) };
        assert_eq!(status_on(S::Approved, d, day("2030-01-01")), S::Approved);
        assert_eq!(status_on(S::Draft, d, day("2030-01-01")), S::Draft);
        assert_eq!(status_on(S::Signed, d, day("2030-01-01")), S::Signed);
    }

    #[test]
    fn a_termination_before_commencement_leaves_it_signed_until_then() {
        let d =
            StatusDates { in_force_from: None, ..dates("2016-01-01", "2016-02-01", "2016-01-01", Some("2016-06-01")) };
        assert_eq!(status_on(S::Terminated, d, day("2016-05-31")), S::Signed);
        assert_eq!(status_on(S::Terminated, d, day("2016-06-01")), S::Terminated);
    }

    #[test]
    fn an_end_without_a_date_is_not_read_as_in_force() {
        let d = dates("2016-01-01", "2016-02-01", "2016-03-01", None);
        assert_eq!(status_on(S::Expired, d, day("2016-02-15")), S::Signed);
        assert_eq!(status_on(S::Expired, d, day("2016-03-01")), S::Expired);
    }

    #[test]
    fn the_review_due_is_the_last_reviews_else_the_one_set_at_commencement() {
        let reviews = [(day("2016-04-01"), day("2017-04-01")), (day("2017-03-01"), day("2018-03-01"))];
        let due = |on: &str| review_due_on(&reviews, day(on), Some(day("2015-05-01")), 12, Some(day("2018-03-01")));
        assert_eq!(due("2017-06-01"), Some(day("2018-03-01")));
        assert_eq!(due("2016-12-31"), Some(day("2017-04-01")));
        assert_eq!(due("2016-01-01"), Some(day("2016-05-01")));
        // Never reviewed: the date recorded at commencement stands, even one set by hand.
        assert_eq!(
            review_due_on(&[], day("2016-01-01"), Some(day("2015-05-01")), 12, Some(day("2015-11-01"))),
            Some(day("2015-11-01"))
        );
    }
}
