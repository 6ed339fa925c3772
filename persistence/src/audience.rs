//! Each audit event's audience (issue 18): who may be able to see the record it is about, kept in
//! `event_audiences` as (audience, sequence) rows, so that the change feed of a caller who may see
//! little reads the events meant for it from an index instead of scanning the whole history.
//!
//! An audience is one of:
//! - `public`: anyone may see the record (it is published, public, or a registry record);
//! - `office:<corporation sole>`: the organisations serving that corporation sole (an agreement's
//!   parties, a board's owners, a record of decision's deciders);
//! - `org:<organisation>`: that organisation (an internal post and its appointments);
//! - `any`: a kind whose read rule this index does not express (people, registers of interests):
//!   everyone is a candidate and the read rule decides.
//!
//! The audiences are a superset of who may read the record: the feed still asks each candidate the
//! record's read rule, so a caller sees exactly what its reads show. They are derived from the
//! record as it stands now, for all of its events, in the transaction of every change (the record's
//! own, and its board's or post's, whose audience its records share), so a publication or a change
//! of owners widens or narrows the audience of the record's whole history at once. An organisation
//! re-pointed to another corporation sole needs nothing rewritten: a caller's `office:` audience is
//! looked up when it asks.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::audit::AuditEventRow;
use crate::dialect::Dialect;
use crate::schema::{event_audience_rebuilds, organisations};
use crate::{DbConnection, StoreError};

/// Kinds seen by whoever may see their board: the board's records, each with the expression of its
/// board's id and the join that reaches it from the event.
const BOARD_KEPT: &[(&str, &str, &str)] = &[
    ("board", "", "e.resource_id"),
    ("meeting", "JOIN meetings m ON m.id = e.resource_id", "m.board_id"),
    ("agenda_item", "JOIN agenda_items i ON i.id = e.resource_id JOIN meetings m ON m.id = i.meeting_id", "m.board_id"),
    ("decision", "JOIN decisions d ON d.id = e.resource_id", "d.board_id"),
    ("minutes", "JOIN minutes n ON n.id = e.resource_id JOIN meetings m ON m.id = n.meeting_id", "m.board_id"),
    ("action", "JOIN board_actions x ON x.id = e.resource_id", "x.board_id"),
    ("question", "JOIN questions q ON q.id = e.resource_id", "q.board_id"),
    ("board_membership", "JOIN board_memberships bm ON bm.id = e.resource_id", "bm.board_id"),
];

/// Kinds anyone may see: the shared registry and the audit log's signed checkpoints.
const PUBLIC: &[&str] = &[
    "force",
    "corporation_sole",
    "organisation",
    "collaboration",
    "function",
    "scheme",
    "delegation",
    "transfer_order",
    "audit_checkpoint",
];

/// Kinds whose read rule is not expressed here: every caller is a candidate.
const ANY: &[&str] = &["person", "interest_entry", "gift_entry"];

/// Which events a derivation covers.
#[derive(Debug, Clone, Copy)]
enum Events<'a> {
    /// Every event.
    All,
    /// The events after this sequence.
    After(i64),
    /// The events of one record.
    Of(&'a str, &'a str),
    /// The events of the records of one kind whose ids the parameter lists (a JSON array).
    Among(&'a str, &'a str),
    /// The events of the records kept on the boards whose ids the parameter lists (not the boards' own).
    OnBoards(&'a str),
    /// The events of the appointments to the posts whose ids the parameter lists.
    OfPostsAppointments(&'a str),
}

/// How the events of one kind reach the record that decides their audiences.
struct Rule {
    kind: &'static str,
    /// Joins from the event `e` to its record.
    join: &'static str,
    /// The record's board (board-kept kinds) or post (appointments), as an expression.
    board: Option<&'static str>,
    post: Option<&'static str>,
    /// Each audience: its expression, a further join, and the condition on which the record has it.
    audiences: Vec<(&'static str, String, &'static str)>,
}

fn rule(kind: &str) -> Option<Rule> {
    let plain = |kind, audience| Rule {
        kind,
        join: "",
        board: None,
        post: None,
        audiences: vec![(audience, String::new(), "1 = 1")],
    };
    if let Some((kind, join, board)) = BOARD_KEPT.iter().find(|(k, _, _)| *k == kind) {
        return Some(Rule {
            kind,
            join,
            board: Some(board),
            post: None,
            audiences: vec![
                ("'public'", format!("JOIN boards b ON b.id = {board}"), "b.public = TRUE"),
                ("'office:' || o.corporation_sole_id", format!("JOIN board_owners o ON o.board_id = {board}"), "1 = 1"),
            ],
        });
    }
    if let Some(kind) = PUBLIC.iter().find(|k| **k == kind) {
        return Some(plain(kind, "'public'"));
    }
    if let Some(kind) = ANY.iter().find(|k| **k == kind) {
        return Some(plain(kind, "'any'"));
    }
    // Records seen by everyone once published, and by the organisations serving their parties.
    let own = |kind, join, published, office_join: &str, office| Rule {
        kind,
        join,
        board: None,
        post: None,
        audiences: vec![("'public'", String::new(), published), (office, office_join.to_string(), "1 = 1")],
    };
    Some(match kind {
        "collaboration_agreement" => own(
            "collaboration_agreement",
            "JOIN collaboration_agreements a ON a.id = e.resource_id",
            "a.published = TRUE",
            "JOIN agreement_parties ap ON ap.agreement_id = a.id AND ap.corporation_sole_id IS NOT NULL",
            "'office:' || ap.corporation_sole_id",
        ),
        "record_of_decision" => own(
            "record_of_decision",
            "JOIN records_of_decision r ON r.id = e.resource_id",
            "r.status = 'published'",
            "JOIN record_deciders rd ON rd.record_id = r.id",
            "'office:' || rd.corporation_sole_id",
        ),
        "forward_plan_entry" => own(
            "forward_plan_entry",
            "JOIN forward_plan_entries f ON f.id = e.resource_id",
            "f.published_on IS NOT NULL",
            "JOIN forward_plan_deciders fd ON fd.entry_id = f.id",
            "'office:' || fd.corporation_sole_id",
        ),
        "post" => Rule {
            kind: "post",
            join: "JOIN posts t ON t.id = e.resource_id",
            board: None,
            post: None,
            audiences: vec![
                ("'public'", String::new(), "t.public = TRUE"),
                ("'org:' || t.organisation_id", String::new(), "1 = 1"),
            ],
        },
        "appointment" => Rule {
            kind: "appointment",
            join: "JOIN appointments x ON x.id = e.resource_id LEFT JOIN posts t ON t.id = x.post_id",
            board: None,
            post: Some("x.post_id"),
            audiences: vec![
                ("'public'", String::new(), "(x.post_id IS NULL OR t.public = TRUE)"),
                ("'org:' || t.organisation_id", String::new(), "t.id IS NOT NULL"),
            ],
        },
        // Anything else (authority checks, webhook subscriptions) only system admins see.
        _ => return None,
    })
}

/// Every kind with audiences.
fn rules() -> impl Iterator<Item = Rule> {
    let own = ["collaboration_agreement", "record_of_decision", "forward_plan_entry", "post", "appointment"];
    BOARD_KEPT
        .iter()
        .map(|(kind, _, _)| *kind)
        .chain(PUBLIC.iter().copied())
        .chain(ANY.iter().copied())
        .chain(own)
        .filter_map(rule)
}

impl Rule {
    /// The condition selecting the events of this kind that `events` covers (`p` its parameter);
    /// `None` when it covers none of them.
    fn scope(&self, events: Events<'_>, sql: &Dialect) -> Option<String> {
        let p = sql.parameter();
        match events {
            Events::All => Some(String::new()),
            Events::After(sequence) => Some(format!(" AND e.sequence > {sequence}")),
            Events::Of(kind, _) if kind == self.kind => Some(format!(" AND e.resource_id = {p}")),
            Events::Among(kind, _) if kind == self.kind => {
                Some(format!(" AND e.resource_id IN ({})", sql.ids_of_json()))
            }
            Events::OnBoards(_) if self.kind != "board" => {
                self.board.map(|board| format!(" AND {board} IN ({})", sql.ids_of_json()))
            }
            Events::OfPostsAppointments(_) => self.post.map(|post| format!(" AND {post} IN ({})", sql.ids_of_json())),
            _ => None,
        }
    }

    /// The events of this kind `events` covers.
    fn covered(&self, scope: &str) -> String {
        format!("SELECT e.sequence FROM audit_events e {} WHERE e.resource_type = '{}'{scope}", self.join, self.kind)
    }

    /// For each audience: whether the event of this kind that the row of `event_audiences` being
    /// looked at names has that row's audience, as `SELECT 1` correlated with it. (Not restricted to
    /// the events covered again: the row's event is one of them, and a set of ids read again for
    /// each row would cost a scan of the set per row.)
    fn holds(&self) -> impl Iterator<Item = String> + '_ {
        self.audiences.iter().map(move |(audience, join, condition)| {
            format!(
                "SELECT 1 FROM audit_events e {} {join} WHERE e.resource_type = '{}' AND {condition} \
                 AND e.sequence = event_audiences.sequence AND {audience} = event_audiences.audience",
                self.join, self.kind
            )
        })
    }

    /// Each audience of the events of this kind `events` covers, as `SELECT audience, sequence`.
    fn audiences(&self, scope: &str) -> impl Iterator<Item = String> + '_ {
        let scope = scope.to_string();
        self.audiences.iter().map(move |(audience, join, condition)| {
            format!(
                "SELECT {audience} AS audience, e.sequence AS sequence FROM audit_events e {} {join} \
                 WHERE e.resource_type = '{}'{scope} AND {condition}",
                self.join, self.kind
            )
        })
    }
}

/// A statement with a parameter names records by it, so its text is one of a fixed set: kept
/// prepared. One without (a rebuild's, or the events after a sequence written into it) is not.
fn execute(conn: &mut DbConnection, statement: String, parameter: Option<&str>) -> Result<usize, StoreError> {
    Ok(match parameter {
        Some(id) => crate::kept_statement::execute(conn, &statement, id)?,
        None => diesel::sql_query(statement).execute(conn)?,
    })
}

/// Replaces the audiences of the events `events` covers with those their records have now.
fn derive(conn: &mut DbConnection, events: Events<'_>) -> Result<(), StoreError> {
    let sql = Dialect::of(conn);
    let parameter = match events {
        Events::All | Events::After(_) => None,
        Events::Of(_, id) | Events::Among(_, id) | Events::OnBoards(id) | Events::OfPostsAppointments(id) => Some(id),
    };
    for rule in rules() {
        let Some(scope) = rule.scope(events, &sql) else { continue };
        // A record's events lose the audiences they no longer have (new events, and a rebuild, have
        // none); those they keep stay as they are, unwritten (a new party adds one to each event).
        if !matches!(events, Events::All | Events::After(_)) {
            let covered = rule.covered(&scope);
            let kept: Vec<String> = rule.holds().map(|holds| format!(" AND NOT EXISTS ({holds})")).collect();
            execute(
                conn,
                format!("DELETE FROM event_audiences WHERE sequence IN ({covered}){}", kept.concat()),
                parameter,
            )?;
        }
        for select in rule.audiences(&scope) {
            // SQLite reads `ON CONFLICT` after a join as the join's constraint unless a WHERE comes
            // first; the same corporation sole may be a party twice (withdrawn and rejoined).
            execute(
                conn,
                format!(
                    "INSERT INTO event_audiences (audience, sequence) SELECT audience, sequence FROM ({select}) s \
                     WHERE 1 = 1 ON CONFLICT DO NOTHING"
                ),
                parameter,
            )?;
        }
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Audience {
    #[diesel(sql_type = Text)]
    resource_id: String,
    #[diesel(sql_type = Text)]
    audience: String,
}

/// The audiences the events of the records of `kind` whose ids `ids` lists (a JSON array) have
/// now, as stored, by record.
fn stored(
    conn: &mut DbConnection,
    kind: &str,
    ids: &str,
) -> Result<std::collections::HashMap<String, BTreeSet<String>>, StoreError> {
    let ids_of = Dialect::of(conn).ids_of_json();
    let rows: Vec<Audience> = diesel::sql_query(format!(
        "SELECT DISTINCT e.resource_id AS resource_id, a.audience AS audience FROM event_audiences a \
         JOIN audit_events e ON e.sequence = a.sequence WHERE e.resource_type = '{kind}' AND e.resource_id IN ({ids_of})"
    ))
    .bind::<Text, _>(ids)
    .load(conn)?;
    let mut by_record: std::collections::HashMap<String, BTreeSet<String>> = std::collections::HashMap::new();
    for row in rows {
        by_record.entry(row.resource_id).or_default().insert(row.audience);
    }
    Ok(by_record)
}

fn json_array(ids: &[&str]) -> Result<String, StoreError> {
    serde_json::to_string(ids).map_err(|e| StoreError::Database(diesel::result::Error::SerializationError(Box::new(e))))
}

/// Brings the audiences of the changed records' events up to date, in the change's transaction: each
/// record's whole history, and where a board's or a post's audience changed, that of the records it
/// keeps (a board's meetings and decisions, a post's appointments).
pub fn rederive<'r>(
    conn: &mut DbConnection,
    records: impl Iterator<Item = (&'r str, &'r str)>,
) -> Result<(), StoreError> {
    // The records of each kind together, a statement per thousand (a transfer's execution changes
    // thousands of agreements and passes the ownership of thousands of boards); boards and posts
    // are compared before and after, since whether their audience changed decides their records'.
    let mut among: std::collections::BTreeMap<&str, BTreeSet<&str>> = std::collections::BTreeMap::new();
    let mut keepers: std::collections::BTreeMap<&str, BTreeSet<&str>> = std::collections::BTreeMap::new();
    for (kind, id) in records {
        if rule(kind).is_none() {
            continue;
        }
        let by_kind = if matches!(kind, "board" | "post") { &mut keepers } else { &mut among };
        by_kind.entry(kind).or_default().insert(id);
    }
    for (kind, ids) in among {
        let ids: Vec<&str> = ids.into_iter().collect();
        if let [id] = ids.as_slice() {
            derive(conn, Events::Of(kind, id))?;
            continue;
        }
        for chunk in ids.chunks(1_000) {
            derive(conn, Events::Among(kind, &json_array(chunk)?))?;
        }
    }
    for (kind, ids) in keepers {
        let ids: Vec<&str> = ids.into_iter().collect();
        for chunk in ids.chunks(1_000) {
            let chunk_ids = json_array(chunk)?;
            let before = stored(conn, kind, &chunk_ids)?;
            derive(conn, Events::Among(kind, &chunk_ids))?;
            let after = stored(conn, kind, &chunk_ids)?;
            let changed: Vec<&str> = chunk.iter().copied().filter(|id| before.get(*id) != after.get(*id)).collect();
            if changed.is_empty() {
                continue;
            }
            let changed = json_array(&changed)?;
            match kind {
                "board" => derive(conn, Events::OnBoards(&changed))?,
                _ => derive(conn, Events::OfPostsAppointments(&changed))?,
            }
        }
    }
    Ok(())
}

/// Gives the earlier events of the records of `kind` among `ids` the audience of the organisations
/// serving `office`, which they gained without losing any (see [`crate::write::Extent::PartyAdded`]);
/// the transaction's own new events, from `first_new` on, are derived in full by [`derive_after`].
pub fn grant_office(
    conn: &mut DbConnection,
    kind: &str,
    ids: &[&str],
    office: &str,
    first_new: i64,
) -> Result<(), StoreError> {
    if rule(kind).is_none() {
        return Ok(());
    }
    let sql = Dialect::of(conn);
    let second = if sql.postgres() { "$2" } else { "?2" };
    for chunk in ids.chunks(1_000) {
        diesel::sql_query(format!(
            "INSERT INTO event_audiences (audience, sequence) SELECT {second}, e.sequence FROM audit_events e \
             WHERE e.resource_type = '{kind}' AND e.resource_id IN ({}) AND e.sequence < {first_new} \
             ON CONFLICT DO NOTHING",
            sql.ids_of_json()
        ))
        .bind::<Text, _>(json_array(chunk)?)
        .bind::<Text, _>(format!("office:{office}"))
        .execute(conn)?;
    }
    Ok(())
}

/// Derives the audiences of the events appended after `sequence` (a bulk load's).
pub fn derive_after(conn: &mut DbConnection, sequence: i64) -> Result<(), StoreError> {
    derive(conn, Events::After(sequence))
}

/// Derives every event's audiences afresh (after a bulk load of records).
pub fn rebuild(conn: &mut DbConnection) -> Result<(), StoreError> {
    diesel::delete(crate::schema::event_audiences::table).execute(conn)?;
    derive(conn, Events::All)
}

/// Derives every event's audiences once, in one transaction, when the migration that made the index
/// asked for it (a database from before the index); run at start, after the migrations. Answers
/// whether there were events to derive.
pub fn rebuild_if_needed(conn: &mut DbConnection) -> Result<bool, StoreError> {
    conn.transaction(|tx| {
        let pending = diesel::delete(event_audience_rebuilds::table).execute(tx)?;
        // A new database has the request too, and nothing to derive.
        let events = crate::audit::latest_sequence(tx)? > 0;
        if pending > 0 && events {
            rebuild(tx)?;
        }
        Ok(pending > 0 && events)
    })
}

/// The audiences a caller of this organisation (or none: anonymous) is in.
pub fn audiences_of(conn: &mut DbConnection, organisation: Option<&str>) -> Result<Vec<String>, StoreError> {
    let mut audiences = vec!["public".to_string(), "any".to_string()];
    if let Some(organisation) = organisation {
        audiences.push(format!("org:{organisation}"));
        let office: Option<Option<String>> = organisations::table
            .filter(organisations::id.eq(organisation))
            .select(organisations::corporation_sole_id)
            .first(conn)
            .optional()?;
        if let Some(Some(office)) = office {
            audiences.push(format!("office:{office}"));
        }
    }
    Ok(audiences)
}

/// The audiences of each of these events (an event with none is absent).
pub fn of_events(
    conn: &mut DbConnection,
    sequences: &[i64],
) -> Result<std::collections::HashMap<i64, BTreeSet<String>>, StoreError> {
    use crate::schema::event_audiences;
    let rows: Vec<(String, i64)> = event_audiences::table
        .filter(event_audiences::sequence.eq_any(sequences))
        .select((event_audiences::audience, event_audiences::sequence))
        .load(conn)?;
    let mut by_event: std::collections::HashMap<i64, BTreeSet<String>> = std::collections::HashMap::new();
    for (audience, sequence) in rows {
        by_event.entry(sequence).or_default().insert(audience);
    }
    Ok(by_event)
}

/// The first `limit` events after `after`, up to `up_to`, whose audiences include one of
/// `audiences` and whose (resource type, action) is among `types` (every event when empty); and
/// whether those are all there are. Each audience is read from the index in order, at most `limit`
/// from each, and the lists merged: the first `limit` of the merge are the first `limit` of all.
pub fn events_for(
    conn: &mut DbConnection,
    audiences: &[String],
    types: &[(String, Vec<String>)],
    after: i64,
    up_to: i64,
    limit: usize,
) -> Result<(Vec<AuditEventRow>, bool), StoreError> {
    let p = Dialect::of(conn).parameter();
    // Event types come from the caller: a name that is not plain lower-case words matches nothing.
    let plain = |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let of_types = if types.is_empty() {
        String::new()
    } else {
        let arms: Vec<String> = types
            .iter()
            .filter(|(kind, _)| plain(kind))
            .map(|(kind, actions)| {
                let actions: Vec<String> =
                    actions.iter().filter(|a| plain(a)).map(|action| format!("'{action}'")).collect();
                let actions = if actions.is_empty() { "NULL".to_string() } else { actions.join(", ") };
                format!("(e.resource_type = '{kind}' AND e.action IN ({actions}))")
            })
            .collect();
        if arms.is_empty() {
            return Ok((Vec::new(), true));
        }
        format!(" AND ({})", arms.join(" OR "))
    };
    let mut merged = std::collections::BTreeMap::new();
    let mut complete = true;
    for audience in audiences {
        let rows: Vec<AuditEventRow> = diesel::sql_query(format!(
            "SELECT e.* FROM event_audiences a JOIN audit_events e ON e.sequence = a.sequence \
             WHERE a.audience = {p} AND a.sequence > {after} AND a.sequence <= {up_to}{of_types} \
             ORDER BY a.sequence LIMIT {limit}"
        ))
        .bind::<Text, _>(audience)
        .load(conn)?;
        if rows.len() == limit {
            complete = false;
        }
        for row in rows {
            merged.insert(row.sequence, row);
        }
    }
    let total = merged.len();
    let first: Vec<AuditEventRow> = merged.into_values().take(limit).collect();
    // Fewer than `limit` from every audience: nothing is left after them. Otherwise the merge may
    // have more than the page took, or an audience more than it read.
    Ok((first, complete && total <= limit))
}
