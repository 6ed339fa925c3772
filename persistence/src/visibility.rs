//! Who sees which rows: the party, member, owner and published predicates, each written once as a
//! diesel expression, and one filter per table that turns the access policy's [`ListScope`] into SQL
//! from them. Every list filters through these, and the change feed and the webhook worker ask the
//! same filters about one row, so a list, the feed and a delivery cannot disagree.
//!
//! An organisation is a party to (or a member of) a record through the corporation sole it serves
//! (`organisations.corporation_sole_id`): an agreement's parties, a board's owners, a record of
//! decision's deciders.

use diesel::dsl;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use domain::access::ListScope;
use domain::boards::RecordStatus;

use crate::database::MultiBackend;
use crate::schema::*;
use crate::{DbConnection, StoreError};

/// One predicate over the rows of `QS`. Nullable: the agreement party probe is true or NULL.
pub type Predicate<QS> = Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Nullable<Bool>>>;

/// A list's visibility filter over the rows of `QS`; `None` (the scope `All`) lets every row through.
pub type Filter<QS> = Option<Predicate<QS>>;

/// The rows of the appointments list: each appointment with its post, if it is to a post.
pub type AppointmentsWithPosts = dsl::LeftJoinQuerySource<appointments::table, posts::table>;

/// Narrows a boxed query over `QS` to the rows `filter` lets through.
pub fn restrict<Q, QS>(query: Q, filter: Filter<QS>) -> Q
where
    Q: diesel::query_dsl::methods::FilterDsl<Predicate<QS>, Output = Q>,
{
    match filter {
        Some(predicate) => diesel::query_dsl::methods::FilterDsl::filter(query, predicate),
        None => query,
    }
}

// ---- The predicates, each written once ----

/// The corporation sole `org` serves, as a scalar subquery (NULL if it serves none).
#[dsl::auto_type]
fn office_of(org: String) -> _ {
    organisations::table.filter(organisations::id.eq(org)).select(organisations::corporation_sole_id).single_value()
}

/// Whether `org` serves a party of this row's agreement: a scalar subquery probed per row through
/// (corporation_sole_id, agreement_id), true or NULL. An IN list or an EXISTS beside `published OR`
/// is planned as a hashed subplan over every agreement the organisation is party to (30,784 rows,
/// 18 ms at bench scale 1; 0.8 ms this way).
#[dsl::auto_type]
fn party_to_agreement(org: String) -> _ {
    let office: office_of = office_of(org);
    let one: i64 = 1;
    agreement_parties::table
        .filter(agreement_parties::agreement_id.eq(collaboration_agreements::id))
        .filter(agreement_parties::corporation_sole_id.eq(office))
        .select(agreement_parties::agreement_id.is_not_null())
        .limit(one)
        .single_value()
}

/// Ids of the boards `org` is a member of: those owned by the corporation sole it serves.
#[dsl::auto_type]
fn member_boards(org: String) -> _ {
    let office: office_of = office_of(org);
    board_owners::table.filter(board_owners::corporation_sole_id.nullable().eq(office)).select(board_owners::board_id)
}

/// Ids of the records of decision `org` is party to: those its corporation sole decides.
#[dsl::auto_type]
fn decided_records(org: String) -> _ {
    let office: office_of = office_of(org);
    record_deciders::table
        .filter(record_deciders::corporation_sole_id.nullable().eq(office))
        .select(record_deciders::record_id)
}

/// No row: what an anonymous caller sees of records only their organisation or members see.
fn nothing<QS>() -> Predicate<QS> {
    Box::new(false.into_sql::<Nullable<Bool>>())
}

// ---- How a scope combines them ----

/// Records seen by everyone when published and always by their parties (or owner).
fn published_or_party<QS>(
    scope: ListScope,
    published: impl Fn() -> Predicate<QS>,
    party: impl Fn(String) -> Predicate<QS>,
) -> Filter<QS>
where
    QS: 'static,
{
    match scope {
        ListScope::All => None,
        ListScope::PublicOnly => Some(published()),
        ListScope::PublicOrOwnedBy(org) => Some(Box::new(published().or(party(org.to_string())))),
        ListScope::OwnedBy(org) => Some(party(org.to_string())),
    }
}

/// Records only their parties (or owner) see, public or not: a public scope sees none of them.
fn party_only<QS>(scope: ListScope, party: impl Fn(String) -> Predicate<QS>) -> Filter<QS> {
    match scope {
        ListScope::All => None,
        ListScope::PublicOnly => Some(nothing()),
        ListScope::PublicOrOwnedBy(org) | ListScope::OwnedBy(org) => Some(party(org.to_string())),
    }
}

// ---- One filter per table ----

/// Agreements: published ones to everyone, drafts to the organisations serving a party.
pub fn agreements(scope: ListScope) -> Filter<collaboration_agreements::table> {
    published_or_party(
        scope,
        || Box::new(collaboration_agreements::published.eq(true).nullable()),
        |org| Box::new(party_to_agreement(org)),
    )
}

/// Posts: public ones to everyone, internal ones to their organisation.
pub fn posts(scope: ListScope) -> Filter<posts::table> {
    published_or_party(
        scope,
        || Box::new(posts::public.eq(true).nullable()),
        |org| Box::new(posts::organisation_id.eq(org).nullable()),
    )
}

/// Appointments: those to corporations sole and to public posts to everyone, those to internal
/// posts to the post's organisation (a post's appointments share its visibility).
pub fn appointments(scope: ListScope) -> Filter<AppointmentsWithPosts> {
    published_or_party(
        scope,
        || Box::new(appointments::post_id.is_null().nullable().or(posts::public.nullable().eq(true))),
        |org| Box::new(posts::organisation_id.nullable().eq(org)),
    )
}

/// Boards: public ones to everyone, the others to their members.
pub fn boards(scope: ListScope) -> Filter<boards::table> {
    published_or_party(
        scope,
        || Box::new(boards::public.eq(true).nullable()),
        |org| Box::new(boards::id.eq_any(member_boards(org)).nullable()),
    )
}

/// Actions: the members of their board see them all; everyone sees those that are public record
/// (`domain::boards::action_is_public`: a public board's, once its meeting's minutes are published,
/// unless from an exempt item).
pub fn board_actions(scope: ListScope) -> Filter<board_actions::table> {
    published_or_party(scope, public_actions, |org| {
        Box::new(board_actions::board_id.eq_any(member_boards(org)).nullable())
    })
}

fn public_actions() -> Predicate<board_actions::table> {
    let public_boards = boards::table.filter(boards::public.eq(true)).select(boards::id);
    let published_minutes = minutes::table.filter(minutes::published_on.is_not_null()).select(minutes::meeting_id);
    let exempt_items =
        agenda_items::table.filter(agenda_items::disclosure.eq("exempt")).select(agenda_items::id.nullable());
    Box::new(
        board_actions::board_id
            .eq_any(public_boards)
            .and(board_actions::meeting_id.eq_any(published_minutes))
            .and(board_actions::agenda_item_id.is_null().or(board_actions::agenda_item_id.ne_all(exempt_items)))
            .nullable(),
    )
}

/// Records of decision: published ones (their Part 1) to everyone, drafts to the organisations
/// serving a deciding corporation sole.
pub fn records_of_decision(scope: ListScope) -> Filter<records_of_decision::table> {
    published_or_party(
        scope,
        || Box::new(records_of_decision::status.eq(RecordStatus::Published.as_str()).nullable()),
        |org| Box::new(records_of_decision::id.eq_any(decided_records(org)).nullable()),
    )
}

/// Ids of the forward plan entries `org` is party to: those its corporation sole decides.
#[dsl::auto_type]
fn decided_plan_entries(org: String) -> _ {
    let office: office_of = office_of(org);
    forward_plan_deciders::table
        .filter(forward_plan_deciders::corporation_sole_id.nullable().eq(office))
        .select(forward_plan_deciders::entry_id)
}

/// Forward plan entries: those ever published (published, closed, or withdrawn after publication)
/// to everyone, drafts to the organisations serving a deciding corporation sole.
pub fn forward_plan_entries(scope: ListScope) -> Filter<forward_plan_entries::table> {
    published_or_party(
        scope,
        || Box::new(forward_plan_entries::published_on.is_not_null().nullable()),
        |org| Box::new(forward_plan_entries::id.eq_any(decided_plan_entries(org)).nullable()),
    )
}

/// Authority checks belong to the asking organisation.
pub fn authority_checks(scope: ListScope) -> Filter<authority_checks::table> {
    party_only(scope, |org| Box::new(authority_checks::organisation_id.eq(org).nullable()))
}

/// Audit events belong to the acting organisation.
pub fn audit_events(scope: ListScope) -> Filter<audit_events::table> {
    party_only(scope, |org| Box::new(audit_events::organisation_id.eq(org).nullable()))
}

/// Webhook subscriptions belong to the subscribing organisation.
pub fn webhook_subscriptions(scope: ListScope) -> Filter<webhook_subscriptions::table> {
    party_only(scope, |org| Box::new(webhook_subscriptions::organisation_id.eq(org).nullable()))
}

// ---- One row through its table's filter (the change feed's question) ----

/// Whether the row `$id` of `$table` (queried from `$source`) passes `$filter`.
macro_rules! passes {
    ($conn:expr, $source:expr, $table:ident, $id:expr, $filter:expr) => {{
        let query = $source.filter($table::id.eq($id.to_string())).select($table::id).into_boxed();
        Ok(restrict(query, $filter).first::<String>($conn).optional()?.is_some())
    }};
}

/// Whether the agreement exists and the agreements list would show it in `scope`.
pub fn sees_agreement(conn: &mut DbConnection, scope: ListScope, id: &str) -> Result<bool, StoreError> {
    passes!(conn, collaboration_agreements::table, collaboration_agreements, id, agreements(scope))
}

/// Whether the post exists and the posts list would show it in `scope`.
pub fn sees_post(conn: &mut DbConnection, scope: ListScope, id: &str) -> Result<bool, StoreError> {
    passes!(conn, posts::table, posts, id, posts(scope))
}

/// Whether the appointment exists and the appointments list would show it in `scope`.
pub fn sees_appointment(conn: &mut DbConnection, scope: ListScope, id: &str) -> Result<bool, StoreError> {
    passes!(conn, appointments::table.left_join(posts::table), appointments, id, appointments(scope))
}

/// Whether the board exists and the boards list would show it in `scope`.
pub fn sees_board(conn: &mut DbConnection, scope: ListScope, id: &str) -> Result<bool, StoreError> {
    passes!(conn, boards::table, boards, id, boards(scope))
}

/// Which of the rows `$ids` of `$table` (queried from `$source`) pass `$filter`: one statement.
macro_rules! passing {
    ($conn:expr, $source:expr, $table:ident, $ids:expr, $filter:expr) => {{
        let query = $source.filter($table::id.eq_any($ids.to_vec())).select($table::id).into_boxed();
        Ok(restrict(query, $filter).load::<String>($conn)?)
    }};
}

/// Which of the agreements `ids` the agreements list would show in `scope`.
pub fn agreements_among(conn: &mut DbConnection, scope: ListScope, ids: &[String]) -> Result<Vec<String>, StoreError> {
    passing!(conn, collaboration_agreements::table, collaboration_agreements, ids, agreements(scope))
}

/// Which of the posts `ids` the posts list would show in `scope`.
pub fn posts_among(conn: &mut DbConnection, scope: ListScope, ids: &[String]) -> Result<Vec<String>, StoreError> {
    passing!(conn, posts::table, posts, ids, posts(scope))
}

/// Which of the appointments `ids` the appointments list would show in `scope`.
pub fn appointments_among(
    conn: &mut DbConnection,
    scope: ListScope,
    ids: &[String],
) -> Result<Vec<String>, StoreError> {
    passing!(conn, appointments::table.left_join(posts::table), appointments, ids, appointments(scope))
}

/// Which of the boards `ids` the boards list would show in `scope`.
pub fn boards_among(conn: &mut DbConnection, scope: ListScope, ids: &[String]) -> Result<Vec<String>, StoreError> {
    passing!(conn, boards::table, boards, ids, boards(scope))
}
