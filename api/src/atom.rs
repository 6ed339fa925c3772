//! Atom (RFC 4287) feeds of the public register, written by hand: every text escaped for XML (and
//! characters XML 1.0 cannot carry dropped), times in RFC 3339 UTC, each entry identified by its
//! record's id as a `urn:uuid:` URI so a reader sees an updated record as the same entry.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// One record as a feed entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: Uuid,
    pub title: String,
    /// When the record last changed.
    pub updated: DateTime<Utc>,
    /// The record in the API, where the public may read it (`rel="alternate"`).
    pub alternate: Option<String>,
    /// The document the policing body published (`rel="related"`).
    pub related: Option<String>,
    pub summary: String,
}

/// The feed's own identity and links.
#[derive(Debug, Clone)]
pub struct Feed {
    /// A stable IRI naming the feed (the same for every request of it).
    pub id: String,
    pub title: String,
    /// The feed's own URL (`rel="self"`).
    pub href: String,
    /// The JSON page the feed follows (`rel="alternate"`, `application/json`).
    pub json_href: String,
}

/// The author every entry inherits (RFC 4287 4.1.1: a feed whose entries name none must name one).
const AUTHOR: &str = "Police collaboration governance register";

/// Escapes text for XML content and attribute values; drops characters XML 1.0 does not allow
/// (control characters other than tab, line feed and carriage return).
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 timestamp in UTC (`2017-02-20T10:15:00Z`, fractions of a second where stored).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The feed's `updated`: its newest entry's, or the Unix epoch for an empty feed (so that an
/// unchanged empty feed keeps its ETag).
pub fn updated(entries: &[Entry]) -> DateTime<Utc> {
    entries.iter().map(|e| e.updated).max().unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn link(out: &mut String, rel: &str, href: &str, media: Option<&str>) {
    out.push_str(&format!("<link rel=\"{rel}\" href=\"{}\"", escape(href)));
    if let Some(media) = media {
        out.push_str(&format!(" type=\"{media}\""));
    }
    out.push_str("/>");
}

/// The whole feed document, entries in the order given.
pub fn feed(feed: &Feed, entries: &[Entry]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("<id>{}</id>\n", escape(&feed.id)));
    out.push_str(&format!("<title>{}</title>\n", escape(&feed.title)));
    out.push_str(&format!("<updated>{}</updated>\n", timestamp(updated(entries))));
    out.push_str(&format!("<author><name>{}</name></author>\n", escape(AUTHOR)));
    link(&mut out, "self", &feed.href, Some("application/atom+xml"));
    out.push('\n');
    link(&mut out, "alternate", &feed.json_href, Some("application/json"));
    out.push('\n');
    for entry in entries {
        out.push_str("<entry>\n");
        out.push_str(&format!("<id>urn:uuid:{}</id>\n", entry.id));
        out.push_str(&format!("<title>{}</title>\n", escape(&entry.title)));
        out.push_str(&format!("<updated>{}</updated>\n", timestamp(entry.updated)));
        if let Some(href) = &entry.alternate {
            link(&mut out, "alternate", href, Some("application/json"));
            out.push('\n');
        }
        if let Some(href) = &entry.related {
            link(&mut out, "related", href, None);
            out.push('\n');
        }
        out.push_str(&format!("<summary type=\"text\">{}</summary>\n", escape(&entry.summary)));
        // RFC 4287 4.1.1.1: an entry with no alternate link carries its content.
        if entry.alternate.is_none() {
            out.push_str(&format!("<content type=\"text\">{}</content>\n", escape(&entry.summary)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped_or_dropped() {
        assert_eq!(escape("A & B <c> \"d\" 'e'"), "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(escape("bell\u{7}\ttab\nline"), "bell\ttab\nline");
        assert_eq!(escape("£4m – Hindlip"), "£4m – Hindlip");
    }

    #[test]
    fn a_feed_names_its_entries_by_urn_and_is_updated_by_its_newest() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).expect("test time");
        let id = Uuid::nil();
        let entries = vec![
            Entry {
                id,
                title: "PCC/D/2017/05: <Change>".into(),
                updated: at("2017-02-20T10:15:00Z"),
                alternate: Some("/api/v1/records-of-decision/x?a=1&b=2".into()),
                related: None,
                summary: "s".into(),
            },
            Entry {
                id,
                title: "Notice".into(),
                updated: at("2018-01-01T00:00:00.5Z"),
                alternate: None,
                related: Some("https://example.org/x".into()),
                summary: "notice".into(),
            },
        ];
        let meta =
            Feed { id: "tag:x,2026:f".into(), title: "F".into(), href: "/f.atom".into(), json_href: "/f".into() };
        let text = feed(&meta, &entries);
        assert!(text.contains("<updated>2018-01-01T00:00:00.500Z</updated>\n<author>"), "{text}");
        assert!(text.contains("<id>urn:uuid:00000000-0000-0000-0000-000000000000</id>"));
        assert!(text.contains("<title>PCC/D/2017/05: &lt;Change&gt;</title>"));
        assert!(text.contains("href=\"/api/v1/records-of-decision/x?a=1&amp;b=2\""));
        assert!(text.contains("<content type=\"text\">notice</content>"));
        let empty = feed(&meta, &[]);
        assert!(empty.contains("<updated>1970-01-01T00:00:00Z</updated>"), "{empty}");
    }
}
