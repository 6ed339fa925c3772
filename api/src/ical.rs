//! iCalendar (RFC 5545) for a board's meetings, written by hand: CRLF line ends, content lines
//! folded at 75 octets (never inside a UTF-8 character), TEXT values escaped, local times with
//! `TZID=Europe/London` and a VTIMEZONE carrying the GMT/BST rules.

use chrono::NaiveDateTime;

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    pub uid: String,
    /// Local wall-clock times in Europe/London.
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    /// Only the date is known (a meeting recorded from a paper that gives no time): a DATE event.
    pub all_day: bool,
    pub summary: String,
    pub location: String,
    pub cancelled: bool,
    /// When the record last changed (UTC), for DTSTAMP.
    pub stamp: NaiveDateTime,
    pub sequence: i64,
}

/// Europe/London since 1996: BST from 01:00 UTC on the last Sunday of March, GMT from 01:00 UTC on
/// the last Sunday of October.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line to at most 75 octets per physical line (RFC 5545 3.1), each
/// continuation starting with a space, and ends every physical line with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// The whole calendar.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Police collaboration governance//Boards//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        "X-WR-TIMEZONE:Europe/London".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    for event in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape_text(&event.uid)));
        lines.push(format!("DTSTAMP:{}Z", event.stamp.format("%Y%m%dT%H%M%S")));
        if event.all_day {
            lines.push(format!("DTSTART;VALUE=DATE:{}", event.starts_at.format("%Y%m%d")));
        } else {
            lines.push(format!("DTSTART;TZID=Europe/London:{}", local(event.starts_at)));
        }
        if let Some(end) = event.ends_at.filter(|end| !event.all_day && *end > event.starts_at) {
            lines.push(format!("DTEND;TZID=Europe/London:{}", local(end)));
        }
        lines.push(format!("SUMMARY:{}", escape_text(&event.summary)));
        if !event.location.is_empty() {
            lines.push(format!("LOCATION:{}", escape_text(&event.location)));
        }
        lines.push(format!("SEQUENCE:{}", event.sequence.max(0)));
        lines.push(format!("STATUS:{}", if event.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("test time")
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("Willison Room, Hindlip; a\\b\nc"), "Willison Room\\, Hindlip\\; a\\\\b\\nc");
        assert_eq!(escape_text("a\r\nb"), "a\\nb");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }

    #[test]
    fn a_calendar_has_crlf_lines_a_timezone_and_local_start_times() {
        let text = calendar(
            "Alliance Governance Group",
            &[Event {
                uid: "m1@governance".into(),
                starts_at: at("2017-07-26T14:00"),
                ends_at: Some(at("2017-07-26T14:35")),
                all_day: false,
                summary: "Alliance Governance Group".into(),
                location: "Willison Room, Hindlip".into(),
                cancelled: false,
                stamp: at("2026-11-24T12:00"),
                sequence: 3,
            }],
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(text.contains("DTSTART;TZID=Europe/London:20170726T140000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/London:20170726T143500\r\n"));
        assert!(text.contains("LOCATION:Willison Room\\, Hindlip\r\n"));
        assert!(text.contains("TZID:Europe/London\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn a_meeting_known_only_by_its_date_is_a_date_event() {
        let text = calendar(
            "East Midlands Police Collaboration",
            &[Event {
                uid: "m2@governance".into(),
                starts_at: at("2015-12-17T00:00"),
                ends_at: None,
                all_day: true,
                summary: "Key decisions".into(),
                location: String::new(),
                cancelled: false,
                stamp: at("2026-11-24T12:00"),
                sequence: 1,
            }],
        );
        assert!(text.contains("DTSTART;VALUE=DATE:20151217\r\n"));
        assert!(!text.contains("DTSTART;TZID"));
        assert!(!text.contains("DTEND"));
    }
}
