//! Europe/London local time: GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March to
//! 01:00 UTC on the last Sunday of October (the rule in force since 1996; meetings in the seeds
//! are all later). Small enough to keep without a time-zone database.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back))).filter(|d| d.weekday() == Weekday::Sun)
}

/// The UTC offset in hours in force at a London wall-clock time. In the repeated hour of October
/// the earlier (BST) reading is taken; a time in the skipped hour of March is read as GMT.
pub fn london_offset_hours(local: NaiveDateTime) -> i64 {
    let year = local.date().year();
    let (Some(march), Some(october)) = (last_sunday(year, 3), last_sunday(year, 10)) else { return 0 };
    let starts = march.and_hms_opt(2, 0, 0);
    let ends = october.and_hms_opt(2, 0, 0);
    match (starts, ends) {
        (Some(starts), Some(ends)) if local >= starts && local < ends => 1,
        _ => 0,
    }
}

/// The UTC instant of a London wall-clock time.
pub fn london_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    local - Duration::hours(london_offset_hours(local))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("test time")
    }

    #[test]
    fn summer_meetings_are_bst_and_winter_ones_gmt() {
        assert_eq!(london_to_utc(at("2017-07-26T14:00")), at("2017-07-26T13:00"));
        assert_eq!(london_to_utc(at("2015-11-26T14:30")), at("2015-11-26T14:30"));
        // 28 Oct 2020 is after the last Sunday of October (25th): GMT.
        assert_eq!(london_offset_hours(at("2020-10-28T10:00")), 0);
        assert_eq!(london_offset_hours(at("2020-10-24T10:00")), 1);
    }

    #[test]
    fn the_last_sunday_of_a_month_is_found_in_that_year_december_included() {
        let day = |s: &str| s.parse::<NaiveDate>().expect("test date");
        assert_eq!(last_sunday(2017, 3), Some(day("2017-03-26")));
        assert_eq!(last_sunday(2017, 10), Some(day("2017-10-29")));
        assert_eq!(last_sunday(2017, 12), Some(day("2017-12-31")));
        assert_eq!(last_sunday(2020, 12), Some(day("2020-12-27")));
    }

    #[test]
    fn the_change_days_switch_at_the_legal_hour() {
        // 2017: BST from 26 March, GMT from 29 October.
        assert_eq!(london_offset_hours(at("2017-03-26T00:59")), 0);
        assert_eq!(london_offset_hours(at("2017-03-26T03:00")), 1);
        assert_eq!(london_offset_hours(at("2017-10-29T01:30")), 1);
        assert_eq!(london_offset_hours(at("2017-10-29T02:00")), 0);
    }
}
