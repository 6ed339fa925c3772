//! Full-text search over agreements, decisions, agenda items (with their papers' titles), minutes and
//! records of decision: SQLite FTS5 and PostgreSQL `tsvector` (English stemming on both), one entry
//! per record. An entry holds only what anyone who may see the record may read: exempt decisions,
//! exempt items' text and papers, minute entries of exempt items, and a withheld title are never
//! indexed, so exempt text cannot match for anyone. Whether the caller may see the record itself is
//! asked at query time (`api::service::search`), as its read would.
//!
//! Each kind's entries are built by one statement (below), for one record by the write path, in the
//! transaction of the change ([`reindex`]), or for every record after a bulk load ([`rebuild`]).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Double, Nullable, Text};

use crate::dialect::Dialect;
use crate::{DbConnection, StoreError};

/// The searchable kinds, as their records are named in the audit log and the change feed.
pub const KINDS: [&str; 5] = ["collaboration_agreement", "decision", "agenda_item", "minutes", "record_of_decision"];

/// How a statement picks the records it indexes: all of them, or those whose `column` (of the
/// kind's table, aliased `x`) is the bound id.
#[derive(Clone, Copy)]
enum Scope {
    All,
    Where(&'static str),
    /// The records whose ids are the bound JSON array (one parameter, however many ids).
    Among,
}

/// The kind's table, and the `SELECT` of its entries (the columns of `search_entries` in order) over
/// its rows aliased `x`, ending in a `WHERE` that the scope extends.
fn entries_of(kind: &str, sql: &Dialect) -> Option<(&'static str, String)> {
    let meeting_day = sql.day_of("m.starts_at");
    Some(match kind {
        "collaboration_agreement" => (
            "collaboration_agreements",
            format!(
                "SELECT 'collaboration_agreement' AS kind, x.id AS record_id, x.title AS title, \
                 x.reference || ' ' || x.summary || ' ' || \
                 COALESCE((SELECT {functions} FROM agreement_provisions p WHERE p.agreement_id = x.id), '') AS body, \
                 CAST(NULL AS TEXT) AS board_id, CAST(NULL AS TEXT) AS corporation_sole_id, \
                 COALESCE(x.in_force_from, x.planned_commencement) AS on_date, \
                 CAST(NULL AS BOOLEAN) AS significant_public_interest, x.status AS status \
                 FROM collaboration_agreements x WHERE 1 = 1",
                functions = sql.joined("p.function_name"),
            ),
        ),
        "decision" => (
            "decisions",
            format!(
                "SELECT 'decision' AS kind, x.id AS record_id, t.subject AS title, COALESCE(t.recommendation, '') || ' ' || \
                 COALESCE(t.options_considered, '') || ' ' || COALESCE(t.conditions, '') AS body, x.board_id AS board_id, \
                 CAST(NULL AS TEXT) AS corporation_sole_id, COALESCE(x.agreed_on, {meeting_day}) AS on_date, \
                 CAST(NULL AS BOOLEAN) AS significant_public_interest, x.outcome AS status \
                 FROM decisions x JOIN meetings m ON m.id = x.meeting_id \
                 JOIN decision_texts t ON t.id = (SELECT t2.id FROM decision_texts t2 WHERE t2.decision_id = x.id \
                 ORDER BY t2.created_at DESC, t2.id DESC LIMIT 1) \
                 WHERE x.disclosure = 'public'"
            ),
        ),
        "agenda_item" => (
            "agenda_items",
            format!(
                "SELECT 'agenda_item' AS kind, x.id AS record_id, \
                 CASE WHEN x.disclosure = 'exempt' AND x.title_withheld THEN '' ELSE x.title END AS title, \
                 CASE WHEN x.disclosure = 'public' THEN COALESCE(x.presenter, '') || ' ' || COALESCE((SELECT {papers} \
                 FROM agenda_papers p WHERE p.agenda_item_id = x.id AND p.disclosure = 'public'), '') ELSE '' END AS body, \
                 m.board_id AS board_id, CAST(NULL AS TEXT) AS corporation_sole_id, {meeting_day} AS on_date, \
                 CAST(NULL AS BOOLEAN) AS significant_public_interest, m.status AS status \
                 FROM agenda_items x JOIN meetings m ON m.id = x.meeting_id WHERE 1 = 1",
                papers = sql.joined("p.title"),
            ),
        ),
        "minutes" => (
            "minutes",
            format!(
                "SELECT 'minutes' AS kind, x.id AS record_id, 'Minutes: ' || b.name || ', ' || {meeting_text} AS title, \
                 COALESCE((SELECT {entries} FROM minute_entries e JOIN agenda_items i ON i.id = e.agenda_item_id \
                 WHERE e.minutes_id = x.id AND i.disclosure = 'public'), '') AS body, \
                 m.board_id AS board_id, CAST(NULL AS TEXT) AS corporation_sole_id, {meeting_day} AS on_date, \
                 CAST(NULL AS BOOLEAN) AS significant_public_interest, x.status AS status \
                 FROM minutes x JOIN meetings m ON m.id = x.meeting_id JOIN boards b ON b.id = m.board_id WHERE 1 = 1",
                meeting_text = sql.day_text("m.starts_at"),
                entries = sql.joined("e.text"),
            ),
        ),
        "record_of_decision" => (
            "records_of_decision",
            "SELECT 'record_of_decision' AS kind, x.id AS record_id, x.title AS title, \
             x.reference || ' ' || x.summary AS body, CAST(NULL AS TEXT) AS board_id, \
             x.issuing_corporation_sole_id AS corporation_sole_id, x.decided_on AS on_date, \
             x.significant_public_interest AS significant_public_interest, x.status AS status \
             FROM records_of_decision x WHERE 1 = 1"
                .to_string(),
        ),
        _ => return None,
    })
}

/// The entries' columns, as `search_entries` names them and the kinds' statements alias them.
const COLUMNS: [&str; 9] = [
    "kind",
    "record_id",
    "title",
    "body",
    "board_id",
    "corporation_sole_id",
    "on_date",
    "significant_public_interest",
    "status",
];

/// Replaces the entries of `kind` in `scope` with their current text. For some records (a change's),
/// only what differs is written: an entry whose record is no longer indexed is deleted, and one whose
/// text and facts are unchanged (an agreement's new party, an approval) is left as it is, so its
/// document is not analysed and its index entries not rewritten again.
fn index(conn: &mut DbConnection, kind: &str, scope: Scope, id: Option<&str>) -> Result<(), StoreError> {
    let sql = Dialect::of(conn);
    let Some((table, select)) = entries_of(kind, &sql) else { return Ok(()) };
    let columns = COLUMNS.join(", ");
    let (delete, insert) = match scope {
        Scope::All => (format!("DELETE FROM search_entries WHERE kind = '{kind}'"), select),
        Scope::Where(_) | Scope::Among => {
            let p = sql.parameter();
            let (records, selected) = match scope {
                Scope::Where(column) => (
                    format!("SELECT x.id FROM {table} x WHERE x.{column} = {p}"),
                    format!("{select} AND x.{column} = {p}"),
                ),
                _ => (sql.ids_of_json().to_string(), format!("{select} AND x.id IN ({})", sql.ids_of_json())),
            };
            // The entry's key is never null: compared plainly, so that the unique index finds it.
            let unchanged: Vec<String> = ["s.kind = n.kind".to_string(), "s.record_id = n.record_id".to_string()]
                .into_iter()
                .chain(COLUMNS[2..].iter().map(|column| sql.same(&format!("s.{column}"), &format!("n.{column}"))))
                .collect();
            let values: Vec<String> = COLUMNS.iter().map(|column| format!("n.{column}")).collect();
            (
                format!(
                    "DELETE FROM search_entries WHERE kind = '{kind}' AND record_id IN ({records}) \
                     AND record_id NOT IN (SELECT n.record_id FROM ({selected}) n)"
                ),
                format!(
                    "SELECT {} FROM ({selected}) n WHERE NOT EXISTS (SELECT 1 FROM search_entries s WHERE {})",
                    values.join(", "),
                    unchanged.join(" AND ")
                ),
            )
        }
    };
    // An upsert: a concurrent transaction indexing the same record (a meeting's change beside its
    // item's) waits for the other and then overwrites it, instead of failing on the unique entry.
    let insert = format!(
        "INSERT INTO search_entries ({columns}) {insert} \
         ON CONFLICT (kind, record_id) DO UPDATE SET title = excluded.title, body = excluded.body, \
         board_id = excluded.board_id, corporation_sole_id = excluded.corporation_sole_id, on_date = excluded.on_date, \
         significant_public_interest = excluded.significant_public_interest, status = excluded.status"
    );
    for statement in [delete, insert] {
        // A record's or a set's statements name them by the parameter: their texts are a fixed set,
        // kept prepared (planning them was most of a change's indexing).
        match id {
            Some(id) => crate::kept_statement::execute(conn, &statement, id)?,
            None => diesel::sql_query(statement).execute(conn)?,
        };
    }
    Ok(())
}

/// Brings the entries a change touched up to date, in the change's transaction: the record itself,
/// and the entries built from it (a meeting's items, minutes and decisions carry its day; minutes
/// carry their items' disclosure).
pub fn reindex(conn: &mut DbConnection, resource_type: &str, id: &str) -> Result<(), StoreError> {
    match resource_type {
        "collaboration_agreement" | "decision" | "minutes" | "record_of_decision" => {
            index(conn, resource_type, Scope::Where("id"), Some(id))
        }
        "agenda_item" => {
            index(conn, "agenda_item", Scope::Where("id"), Some(id))?;
            let meeting: Option<String> = crate::schema::agenda_items::table
                .filter(crate::schema::agenda_items::id.eq(id))
                .select(crate::schema::agenda_items::meeting_id)
                .first(conn)
                .optional()?;
            match meeting {
                Some(meeting) => index(conn, "minutes", Scope::Where("meeting_id"), Some(&meeting)),
                None => Ok(()),
            }
        }
        "meeting" => {
            for kind in ["agenda_item", "minutes", "decision"] {
                index(conn, kind, Scope::Where("meeting_id"), Some(id))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// [`reindex`] of many records: those of the kinds indexed by their own id, a kind to a pair of
/// statements (a change of thousands of agreements at once); the others one by one.
pub fn reindex_all<'a>(
    conn: &mut DbConnection,
    records: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), StoreError> {
    let mut by_kind: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (kind, id) in records {
        match kind {
            "collaboration_agreement" | "decision" | "minutes" | "record_of_decision" => {
                by_kind.entry(kind).or_default().push(id)
            }
            _ => reindex(conn, kind, id)?,
        }
    }
    for (kind, ids) in by_kind {
        if let [id] = ids.as_slice() {
            index(conn, kind, Scope::Where("id"), Some(id))?;
        } else {
            for chunk in ids.chunks(1_000) {
                let ids = serde_json::to_string(chunk)
                    .map_err(|e| StoreError::Database(diesel::result::Error::SerializationError(Box::new(e))))?;
                index(conn, kind, Scope::Among, Some(&ids))?;
            }
        }
    }
    Ok(())
}

/// Rebuilds every entry (after a bulk load, or for records stored before search existed).
pub fn rebuild(conn: &mut DbConnection) -> Result<(), StoreError> {
    for kind in KINDS {
        index(conn, kind, Scope::All, None)?;
    }
    Ok(())
}

/// Builds every entry, in one transaction, when none exists while searchable records do (run at
/// start, after the migrations).
pub fn rebuild_if_needed(conn: &mut DbConnection) -> Result<bool, StoreError> {
    conn.transaction(|tx| {
        if needs_rebuild(tx)? {
            rebuild(tx)?;
            Ok(true)
        } else {
            Ok(false)
        }
    })
}

/// Whether no entry exists while searchable records do (a database from before search, or loaded in
/// bulk), so that [`rebuild`] is due.
pub fn needs_rebuild(conn: &mut DbConnection) -> Result<bool, StoreError> {
    use crate::schema::{collaboration_agreements, decisions, records_of_decision};
    let entries: i64 = diesel::sql_query("SELECT COUNT(*) AS n FROM search_entries").get_result::<Count>(conn)?.n;
    if entries > 0 {
        return Ok(false);
    }
    let records = collaboration_agreements::table.count().get_result::<i64>(conn)?
        + decisions::table.count().get_result::<i64>(conn)?
        + records_of_decision::table.count().get_result::<i64>(conn)?;
    Ok(records > 0)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// What a search asks; every value but the words is typed, so it is written into the statement as a
/// literal, and the words are bound.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words, each letters and digits only (at least one).
    pub words: Vec<String>,
    pub kind: Option<&'static str>,
    pub board_id: Option<uuid::Uuid>,
    pub corporation_sole_id: Option<uuid::Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub significant_public_interest: Option<bool>,
    /// Letters and underscores only.
    pub status: Option<String>,
}

/// How many matching records a search ranks: the most recent (by date, then newest entry). A word
/// found in one record in eight would otherwise have every one of hundreds of thousands of matches
/// scored before the first page (4 s at bench scale 10); bounded, a page costs what it reads.
pub const RANKED: i64 = 1_000;

/// How many of the most recent entries a search looks among first for its candidates (the months
/// since the oldest of them): a word in one entry in ten has its candidates there.
const RECENT: i64 = 10_000;

/// The most of the recent entries a search looks among for its candidates (a second window, sized by
/// the first) before it ranks every match instead: a word in about one entry in 160.
const MOST_RECENT: i64 = 200_000;

/// The most periods a window is asked by (two partial years and a century between them).
const MOST_PERIODS: usize = 124;

/// One matching record, best first.
#[derive(Debug, Clone, QueryableByName)]
pub struct Hit {
    /// The entry, to ask for its passage ([`snippets`]).
    #[diesel(sql_type = BigInt)]
    pub entry: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub record_id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub on_date: Option<NaiveDate>,
    #[diesel(sql_type = Double)]
    pub rank: f64,
}

/// The best of the [`RANKED`] most recent matching entries, from `offset`, best first (a title's words
/// weigh more than the body's), at most `limit`. Every word must match (stemmed: "licensing" finds
/// "licensed" and "licenses").
pub fn search(conn: &mut DbConnection, query: &SearchQuery, offset: i64, limit: i64) -> Result<Vec<Hit>, StoreError> {
    // Nothing is ranked beyond the first RANKED: a cursor past them is answered without reading
    // (the window would find no page there and fall back to reading every match).
    if offset >= RANKED {
        return Ok(Vec::new());
    }
    let sql = Dialect::of(conn);
    let mut filters = String::new();
    if let Some(kind) = query.kind {
        filters.push_str(&format!(" AND e.kind = '{kind}'"));
    }
    if let Some(board) = query.board_id {
        filters.push_str(&format!(" AND e.board_id = '{board}'"));
    }
    if let Some(office) = query.corporation_sole_id {
        filters.push_str(&format!(
            " AND (e.corporation_sole_id = '{office}' OR (e.kind = 'collaboration_agreement' AND EXISTS \
             (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = e.record_id AND p.corporation_sole_id = '{office}')))"
        ));
    }
    if let Some(from) = query.from {
        filters.push_str(&format!(" AND e.on_date >= '{from}'"));
    }
    if let Some(to) = query.to {
        filters.push_str(&format!(" AND e.on_date <= '{to}'"));
    }
    if let Some(significant) = query.significant_public_interest {
        let literal = match (sql.postgres(), significant) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "1",
            (false, false) => "0",
        };
        filters.push_str(&format!(" AND e.significant_public_interest = {literal}"));
    }
    if let Some(status) = &query.status {
        filters.push_str(&format!(" AND e.status = '{status}'"));
    }
    let words = words_of(&sql, query);
    if sql.postgres() && query.board_id.is_none() {
        // A common word's candidates are among the most recent entries. The planner cannot know how
        // common the words are, and would read every match from the full-text index and sort them
        // all; so ask the index for the matches dated in the months since the `window`-th most
        // recent entry (the index holds each entry's year and month, `search_periods`), and use
        // them when there are that many. Too few: a second window, sized by how often the first
        // held a match, if that is not too many entries; else every match.
        let mut window = RECENT;
        loop {
            let Some(period) = recent_period(conn, window)? else { break };
            let dated = format!("{filters} AND search_periods(e.on_date) && CAST($2 AS INTEGER[])");
            let recent = ranked(&postgres_matches(&dated), true, limit, offset);
            let hits: Vec<RecentHit> =
                diesel::sql_query(recent).bind::<Text, _>(&words).bind::<Text, _>(&period).load(conn)?;
            let found = hits.first().map_or(0, |hit| hit.candidates);
            if found == RANKED {
                return Ok(hits.into_iter().map(|hit| hit.hit).collect());
            }
            // A quarter more than the first window's rate says holds the candidates.
            let wider = (found > 0).then(|| RANKED * window / found * 5 / 4);
            match wider {
                Some(wider) if window == RECENT && wider <= MOST_RECENT => window = wider,
                _ => break,
            }
        }
    }
    if !sql.postgres() && more_than_ranked(conn, &words)? {
        return Ok(diesel::sql_query(sqlite_recent(&filters, query.board_id.is_some(), limit, offset))
            .bind::<Text, _>(words)
            .load(conn)?);
    }
    // The candidates are the most recent matches (within a board: read from the board and date
    // index), scored and ordered best first. Entries without a date come last.
    let matches = if sql.postgres() {
        postgres_matches(&filters)
    } else {
        format!(
            "SELECT e.id AS id, e.kind AS kind, e.record_id AS record_id, e.title AS title, e.on_date AS on_date, \
             bm25(search_fts, 10.0, 1.0) AS rank \
             FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid WHERE search_fts MATCH ?{filters}"
        )
    };
    let statement = ranked(&matches, false, limit, offset);
    Ok(diesel::sql_query(statement).bind::<Text, _>(words).load(conn)?)
}

/// Whether the words (SQLite) match more entries than a search ranks: read from the full-text index
/// alone, which is cheap whatever the count.
fn more_than_ranked(conn: &mut DbConnection, words: &str) -> Result<bool, StoreError> {
    let found: Count = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 LIMIT {})",
        RANKED + 1
    ))
    .bind::<Text, _>(words)
    .get_result(conn)?;
    Ok(found.n > RANKED)
}

/// SQLite's ranked page when the words match more entries than are ranked. Joining every match to its
/// entry for its date read each entry's row (the date is stored after the body): 20 ms for the 12,252
/// matches of a common pair of words at bench scale 1, and 0.7 s for a common word within a board. So
/// the candidates are read from the date index (the board's, for a board), newest first, each tested
/// against the set of matches, until there are [`RANKED`]; then the matches are scored and only the
/// candidates kept (`+` keeps the full-text table from looking up each candidate's id on its own).
fn sqlite_recent(filters: &str, in_board: bool, limit: i64, offset: i64) -> String {
    let index = if in_board { "search_entries_board_recent" } else { "search_entries_recent" };
    format!(
        "WITH candidates AS (SELECT e.id FROM search_entries e INDEXED BY {index} \
         WHERE e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1){filters} \
         ORDER BY e.on_date DESC, e.id DESC LIMIT {RANKED}), \
         scored AS (SELECT f.rowid AS id, bm25(search_fts, 10.0, 1.0) AS rank FROM search_fts f \
         WHERE search_fts MATCH ?1 AND +f.rowid IN candidates) \
         SELECT e.id AS entry, e.kind AS kind, e.record_id AS record_id, e.title AS title, e.on_date AS on_date, s.rank AS rank \
         FROM scored s JOIN search_entries e ON e.id = s.id ORDER BY s.rank, e.id LIMIT {limit} OFFSET {offset}"
    )
}

#[derive(QueryableByName)]
struct Period {
    #[diesel(sql_type = Nullable<Date>)]
    edge: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    newest: Option<NaiveDate>,
}

/// The months since the `window`-th most recent entry, as the periods `search_periods` indexes, in an
/// array literal (whole years as the year, the rest month by month); none when there are not that many
/// dated entries (a search then reads every match, which is then few enough), or when they would
/// take more than [`MOST_PERIODS`] to name.
fn recent_period(conn: &mut DbConnection, window: i64) -> Result<Option<String>, StoreError> {
    let period: Period = diesel::sql_query(format!(
        "SELECT (SELECT on_date FROM search_entries ORDER BY on_date DESC NULLS LAST, id DESC OFFSET {} LIMIT 1) AS edge, \
         (SELECT on_date FROM search_entries WHERE on_date IS NOT NULL ORDER BY on_date DESC NULLS LAST, id DESC LIMIT 1) \
         AS newest",
        window - 1
    ))
    .get_result(conn)?;
    Ok(match period {
        Period { edge: Some(edge), newest: Some(newest) } => {
            let periods: Vec<String> = periods(edge, newest).iter().map(i32::to_string).collect();
            // A day far in the future (a typing error) would make every search name its years.
            (periods.len() <= MOST_PERIODS).then(|| format!("{{{}}}", periods.join(",")))
        }
        _ => None,
    })
}

/// The periods of PostgreSQL's `search_periods` (a year as 202600, a month as 202609) that cover the
/// months from `from`'s to `to`'s: whole years by the year, so a span of decades is a few dozen.
fn periods(from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    use chrono::Datelike;
    let month = |year: i32, month: u32| year * 100 + month as i32;
    if from.year() == to.year() {
        return (from.month()..=to.month()).map(|m| month(from.year(), m)).collect();
    }
    let first = (from.month()..=12).map(|m| month(from.year(), m));
    let years = (from.year() + 1..to.year()).map(|year| year * 100);
    let last = (1..=to.month()).map(|m| month(to.year(), m));
    first.chain(years).chain(last).collect()
}

/// The entries `e` matching the bound words (PostgreSQL), each with its score.
fn postgres_matches(filters: &str) -> String {
    format!(
        "SELECT e.id, e.kind, e.record_id, e.title, e.on_date, CAST(-ts_rank(e.document, q) AS DOUBLE PRECISION) AS rank \
         FROM search_entries e, plainto_tsquery('english', $1) q WHERE e.document @@ q{filters}"
    )
}

/// The page of the [`RANKED`] most recent of `matches`, best first; `counted` adds how many
/// candidates there were to each hit.
fn ranked(matches: &str, counted: bool, limit: i64, offset: i64) -> String {
    let count = if counted { ", COUNT(*) OVER () AS candidates" } else { "" };
    format!(
        "SELECT c.id AS entry, c.kind, c.record_id, c.title, c.on_date, c.rank{count} FROM \
         ({matches} ORDER BY e.on_date DESC NULLS LAST, e.id DESC LIMIT {RANKED}) c \
         ORDER BY c.rank, c.id LIMIT {limit} OFFSET {offset}"
    )
}

/// A hit of the most recent entries, with how many candidates they held.
#[derive(QueryableByName)]
struct RecentHit {
    #[diesel(embed)]
    hit: Hit,
    #[diesel(sql_type = BigInt)]
    candidates: i64,
}

/// The words as the engine is asked them.
fn words_of(sql: &Dialect, query: &SearchQuery) -> String {
    if sql.postgres() {
        query.words.join(" ")
    } else {
        // Each word quoted: FTS5 query syntax (operators, columns) is never taken from the caller.
        query.words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" ")
    }
}

#[derive(QueryableByName)]
struct Passage {
    #[diesel(sql_type = BigInt)]
    entry: i64,
    #[diesel(sql_type = Text)]
    snippet: String,
}

/// The passage of each of these entries around the query's words, each match marked between U+E000
/// and U+E001: asked only of the hits a page shows.
pub fn snippets(
    conn: &mut DbConnection,
    query: &SearchQuery,
    entries: &[i64],
) -> Result<std::collections::HashMap<i64, String>, StoreError> {
    if entries.is_empty() {
        return Ok(Default::default());
    }
    let sql = Dialect::of(conn);
    let ids = entries.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let statement = if sql.postgres() {
        format!(
            "SELECT e.id AS entry, ts_headline('english', e.title || ' | ' || e.body, q, \
             'StartSel=\u{E000}, StopSel=\u{E001}, MaxWords=30, MinWords=12, MaxFragments=1') AS snippet \
             FROM search_entries e, plainto_tsquery('english', $1) q WHERE e.id IN ({ids})"
        )
    } else {
        format!(
            "SELECT search_fts.rowid AS entry, snippet(search_fts, -1, '\u{E000}', '\u{E001}', '…', 24) AS snippet \
             FROM search_fts WHERE search_fts MATCH ? AND search_fts.rowid IN ({ids})"
        )
    };
    let passages: Vec<Passage> = diesel::sql_query(statement).bind::<Text, _>(words_of(&sql, query)).load(conn)?;
    Ok(passages.into_iter().map(|p| (p.entry, p.snippet)).collect())
}

#[cfg(test)]
mod tests {
    use super::periods;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn months_of_one_year_are_listed_one_by_one() {
        assert_eq!(periods(day(2026, 8, 14), day(2026, 9, 2)), [202608, 202609]);
        assert_eq!(periods(day(2026, 9, 1), day(2026, 9, 30)), [202609]);
    }

    #[test]
    fn whole_years_between_are_one_period_each() {
        assert_eq!(periods(day(2023, 11, 30), day(2026, 2, 1)), [202311, 202312, 202400, 202500, 202601, 202602]);
        assert_eq!(periods(day(2025, 12, 31), day(2026, 1, 1)), [202512, 202601]);
    }
}
