//! Storage for delegation and consent: the functions catalogue, schemes, delegations (with their
//! revocations) and recorded authority checks. Lists of codes and ids are comma-separated TEXT.

use diesel::prelude::*;
use domain::access::ListScope;
use domain::delegations::{DelegateKind, DelegationKind, Outcome, Reservation};

pub use crate::ids::{AuthorityCheckId, DelegationId, FunctionId, SchemeId};
use crate::ids::{CollaborationId, CorporationSoleId, OrganisationId};
use crate::repository::{contains_pattern, lower, page_of, paginate, row, versioned_repository, PageRequest};
use crate::schema::*;
use crate::visibility;
use crate::{DbConnection, Page, StoreError};

type Date = chrono::NaiveDate;

row!(FunctionRow(FunctionId) => catalogue_functions {
    code: String, name: String, #[diesel(serialize_as = String, deserialize_as = String)] reservation: Reservation, reservation_source: Option<String>,
});
row!(SchemeRow(SchemeId) => schemes {
    corporation_sole_id: CorporationSoleId, #[diesel(serialize_as = String, deserialize_as = String)] kind: DelegationKind, title: String, scheme_version: String, adopted_on: Date,
    adopted_by_reference: String, document_uri: Option<String>, document_digest: Option<String>,
    supersedes_scheme_id: Option<SchemeId>, superseded_on: Option<Date>,
});
row!(DelegationRow(DelegationId) => delegations {
    #[diesel(serialize_as = String, deserialize_as = String)] kind: DelegationKind, corporation_sole_id: CorporationSoleId, parent_delegation_id: Option<DelegationId>,
    // The delegate's id is that of a corporation sole, post, person or board, as `delegate_kind` says.
    #[diesel(serialize_as = String, deserialize_as = String)] delegate_kind: DelegateKind, delegate_id: String, functions: String,
    limit_per_act_pence: Option<i64>, limit_total_pence: Option<i64>,
    referral_conditions: String, refer_to: String, valid_from: Date, valid_to: Option<Date>,
    source_scheme_id: Option<SchemeId>, scheme_id: Option<SchemeId>, source_reference: Option<String>,
    source_paragraph: Option<String>, sub_delegation_allowed: bool, illustrative: bool,
    revoked_on: Option<Date>, revocation_reason: Option<String>, revoked_by_scheme_id: Option<SchemeId>,
    source_collaboration_id: Option<CollaborationId>,
});
row!(AuthorityCheckRow(AuthorityCheckId) => authority_checks {
    // The actor's id is that of a corporation sole, post, person or board, as `actor_kind` says.
    organisation_id: OrganisationId, asked_by: String, #[diesel(serialize_as = String, deserialize_as = String)] actor_kind: DelegateKind, actor_id: String, function_code: String,
    corporation_sole_id: CorporationSoleId, amount_pence: Option<i64>, on_date: Date, flags: String, #[diesel(serialize_as = String, deserialize_as = String)] outcome: Outcome,
    answer: String,
});

versioned_repository!(function_store, catalogue_functions, FunctionRow, FunctionId);
versioned_repository!(scheme_store, schemes, SchemeRow, SchemeId);
versioned_repository!(delegation_store, delegations, DelegationRow, DelegationId);
versioned_repository!(authority_check_store, authority_checks, AuthorityCheckRow, AuthorityCheckId);

#[derive(Debug, Clone, Default)]
pub struct FunctionFilter {
    pub reservation: Option<String>,
    pub q: Option<String>,
}

pub fn list_functions(
    conn: &mut DbConnection,
    filter: &FunctionFilter,
    page: &PageRequest,
) -> Result<Page<FunctionRow>, StoreError> {
    let mut query = catalogue_functions::table.select(FunctionRow::as_select()).into_boxed();
    if let Some(reservation) = &filter.reservation {
        query = query.filter(catalogue_functions::reservation.eq(reservation.clone()));
    }
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        query = query.filter(
            lower(catalogue_functions::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(catalogue_functions::code).like(pattern).escape('\\')),
        );
    }
    let rows = paginate!(query, catalogue_functions, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

pub fn find_function_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<FunctionRow>, StoreError> {
    Ok(catalogue_functions::table
        .filter(catalogue_functions::code.eq(code))
        .select(FunctionRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct SchemeFilter {
    pub corporation_sole_id: Option<CorporationSoleId>,
    /// Only versions in force on this day (adopted by then and not yet superseded).
    pub as_of: Option<Date>,
}

pub fn list_schemes(
    conn: &mut DbConnection,
    filter: &SchemeFilter,
    page: &PageRequest,
) -> Result<Page<SchemeRow>, StoreError> {
    let mut query = schemes::table.select(SchemeRow::as_select()).into_boxed();
    if let Some(cs) = &filter.corporation_sole_id {
        query = query.filter(schemes::corporation_sole_id.eq(*cs));
    }
    if let Some(day) = filter.as_of {
        query = query
            .filter(schemes::adopted_on.le(day))
            .filter(schemes::superseded_on.is_null().or(schemes::superseded_on.gt(day)));
    }
    let rows = paginate!(query, schemes, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

#[derive(Debug, Clone, Default)]
pub struct DelegationFilter {
    pub corporation_sole_id: Option<CorporationSoleId>,
    /// The delegate's kind and id.
    pub delegate: Option<(String, String)>,
    pub parent_delegation_id: Option<DelegationId>,
    pub scheme_id: Option<SchemeId>,
    pub function: Option<String>,
    /// Only those with effect on this day: within their dates and not revoked by then.
    pub in_force_on: Option<Date>,
}

pub fn list_delegations(
    conn: &mut DbConnection,
    filter: &DelegationFilter,
    page: &PageRequest,
) -> Result<Page<DelegationRow>, StoreError> {
    let mut query = delegations::table.select(DelegationRow::as_select()).into_boxed();
    if let Some(cs) = &filter.corporation_sole_id {
        query = query.filter(delegations::corporation_sole_id.eq(*cs));
    }
    if let Some((kind, id)) = &filter.delegate {
        query =
            query.filter(delegations::delegate_kind.eq(kind.clone())).filter(delegations::delegate_id.eq(id.clone()));
    }
    if let Some(parent) = &filter.parent_delegation_id {
        query = query.filter(delegations::parent_delegation_id.eq(*parent));
    }
    if let Some(scheme) = &filter.scheme_id {
        query = query.filter(delegations::scheme_id.eq(*scheme));
    }
    if let Some(function) = &filter.function {
        // Codes are joined by commas: match a whole code, with LIKE's wildcards (`_`) taken literally.
        let stored = delegations::functions;
        let code = function.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        query = query.filter(
            stored
                .eq(function.clone())
                .or(stored.like(format!("{code},%")).escape('\\'))
                .or(stored.like(format!("%,{code}")).escape('\\'))
                .or(stored.like(format!("%,{code},%")).escape('\\')),
        );
    }
    if let Some(day) = filter.in_force_on {
        query = query
            .filter(delegations::valid_from.le(day))
            .filter(delegations::valid_to.is_null().or(delegations::valid_to.ge(day)))
            .filter(delegations::revoked_on.is_null().or(delegations::revoked_on.gt(day)))
            // Nothing is in force for an office that did not exist that day (R-TM-01), nor under a
            // collaboration the grantor was not a member of that day (R-DL-06).
            .filter(
                delegations::corporation_sole_id.eq_any(
                    corporations_sole::table
                        .filter(corporations_sole::starts_on.le(day))
                        .filter(corporations_sole::ends_on.is_null().or(corporations_sole::ends_on.ge(day)))
                        .select(corporations_sole::id),
                ),
            )
            .filter(
                delegations::source_collaboration_id.is_null().or(diesel::dsl::exists(
                    collaboration_members::table
                        .filter(
                            collaboration_members::collaboration_id.nullable().eq(delegations::source_collaboration_id),
                        )
                        .filter(collaboration_members::corporation_sole_id.eq(delegations::corporation_sole_id))
                        .filter(collaboration_members::starts_on.le(day))
                        .filter(collaboration_members::ends_on.is_null().or(collaboration_members::ends_on.ge(day)))
                        .filter(
                            collaboration_members::collaboration_id.eq_any(
                                collaborations::table
                                    .filter(collaborations::ends_on.is_null().or(collaborations::ends_on.ge(day)))
                                    .select(collaborations::id),
                            ),
                        ),
                )),
            );
    }
    let rows = paginate!(query, delegations, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every delegation and consent of one corporation sole, whatever its dates (the check judges
/// those), in id order.
pub fn delegations_of(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<DelegationRow>, StoreError> {
    Ok(delegations::table
        .filter(delegations::corporation_sole_id.eq(corporation_sole_id))
        .select(DelegationRow::as_select())
        .order(delegations::id.asc())
        .load(conn)?)
}

/// What an authority check can use: the delegations of a corporation sole to any of `delegates`
/// (kind and id), with every delegation above them up to the corporation sole, whatever their dates
/// (the check judges those). In id order.
pub fn chains_to(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    delegates: &[(String, String)],
) -> Result<Vec<DelegationRow>, StoreError> {
    let kinds: Vec<&str> = delegates.iter().map(|(kind, _)| kind.as_str()).collect();
    let ids: Vec<&str> = delegates.iter().map(|(_, id)| id.as_str()).collect();
    // Kinds and ids are matched separately (the index is (kind, id)); the check pairs them exactly.
    let mut rows: Vec<DelegationRow> = delegations::table
        .filter(delegations::corporation_sole_id.eq(corporation_sole_id))
        .filter(delegations::delegate_kind.eq_any(&kinds))
        .filter(delegations::delegate_id.eq_any(&ids))
        .select(DelegationRow::as_select())
        .load(conn)?;
    let mut seen: std::collections::HashSet<DelegationId> = rows.iter().map(|r| r.id).collect();
    let mut wanted = parents_not_in(&rows, &seen);
    while !wanted.is_empty() {
        let parents: Vec<DelegationRow> = delegations::table
            .filter(delegations::corporation_sole_id.eq(corporation_sole_id))
            .filter(delegations::id.eq_any(&wanted))
            .select(DelegationRow::as_select())
            .load(conn)?;
        seen.extend(parents.iter().map(|r| r.id));
        wanted = parents_not_in(&parents, &seen);
        rows.extend(parents);
    }
    rows.sort_by_key(|a| a.id);
    Ok(rows)
}

fn parents_not_in(rows: &[DelegationRow], seen: &std::collections::HashSet<DelegationId>) -> Vec<DelegationId> {
    let mut parents: Vec<DelegationId> =
        rows.iter().filter_map(|r| r.parent_delegation_id).filter(|p| !seen.contains(p)).collect();
    parents.sort();
    parents.dedup();
    parents
}

/// Delegations standing under a scheme version, not revoked before `day` (for re-adoption).
pub fn delegations_under_scheme(
    conn: &mut DbConnection,
    scheme_id: SchemeId,
    day: Date,
) -> Result<Vec<DelegationRow>, StoreError> {
    Ok(delegations::table
        .filter(delegations::scheme_id.eq(scheme_id))
        .filter(delegations::revoked_on.is_null().or(delegations::revoked_on.gt(day)))
        .filter(delegations::valid_to.is_null().or(delegations::valid_to.ge(day)))
        .select(DelegationRow::as_select())
        .order(delegations::id.asc())
        .load(conn)?)
}

/// Recorded checks in `scope`: an organisation sees its own, system admins all, anonymous none.
pub fn list_authority_checks(
    conn: &mut DbConnection,
    scope: ListScope,
    corporation_sole_id: Option<CorporationSoleId>,
    page: &PageRequest,
) -> Result<Page<AuthorityCheckRow>, StoreError> {
    let mut query = visibility::restrict(
        authority_checks::table.select(AuthorityCheckRow::as_select()).into_boxed(),
        visibility::authority_checks(scope),
    );
    if let Some(cs) = corporation_sole_id {
        query = query.filter(authority_checks::corporation_sole_id.eq(cs));
    }
    let rows = paginate!(query, authority_checks, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// The schemes whose ids `ids` lists (those that exist), in id order.
pub fn schemes_by_id(conn: &mut DbConnection, ids: &[SchemeId]) -> Result<Vec<SchemeRow>, StoreError> {
    Ok(schemes::table
        .filter(schemes::id.eq_any(ids))
        .select(SchemeRow::as_select())
        .order(schemes::id.asc())
        .load(conn)?)
}

/// A scheme version by its natural key (for idempotent loads).
pub fn find_scheme_version(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    title: &str,
    scheme_version: &str,
) -> Result<Option<SchemeRow>, StoreError> {
    Ok(schemes::table
        .filter(schemes::corporation_sole_id.eq(corporation_sole_id))
        .filter(schemes::title.eq(title))
        .filter(schemes::scheme_version.eq(scheme_version))
        .select(SchemeRow::as_select())
        .first(conn)
        .optional()?)
}

/// A delegation by its natural key: grantor, delegate, functions and start (for idempotent loads).
pub fn find_delegation_like(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    delegate: (&str, &str),
    functions: &str,
    valid_from: Date,
) -> Result<Option<DelegationRow>, StoreError> {
    Ok(delegations::table
        .filter(delegations::corporation_sole_id.eq(corporation_sole_id))
        .filter(delegations::delegate_kind.eq(delegate.0))
        .filter(delegations::delegate_id.eq(delegate.1))
        .filter(delegations::functions.eq(functions))
        .filter(delegations::valid_from.eq(valid_from))
        .select(DelegationRow::as_select())
        .first(conn)
        .optional()?)
}

/// A transfer's carrying of many delegations at once (R-SU-03): stores the `new` rows and revokes the
/// `old` ones as their `revoked_on` and `revocation_reason` now say, moving each to its next version,
/// a thousand to a statement. `false` (and the caller rolls back) when an old row's version had
/// moved from the one read.
pub fn carry_all(
    conn: &mut DbConnection,
    new: &[DelegationRow],
    old: &mut [&mut DelegationRow],
) -> Result<bool, StoreError> {
    for chunk in new.chunks(crate::bulk::ROWS_PER_INSERT / 2) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(delegations::table).values(chunk.to_vec()).execute(pg)?,
            DbConnection::Sqlite(sqlite) => {
                diesel::insert_into(delegations::table).values(chunk.to_vec()).execute(sqlite)?
            }
        };
    }
    // The rows revoked alike (most on the transfer date), one statement per thousand of them.
    let mut alike: std::collections::BTreeMap<(Option<Date>, Option<String>), Vec<usize>> = Default::default();
    for (at, row) in old.iter().enumerate() {
        alike.entry((row.revoked_on, row.revocation_reason.clone())).or_default().push(at);
    }
    let now = crate::audit::now();
    for ((revoked_on, reason), positions) in alike {
        for chunk in positions.chunks(1_000) {
            let ids: Vec<DelegationId> = chunk.iter().map(|at| old[*at].id).collect();
            let moved: std::collections::HashMap<DelegationId, i64> = diesel::update(delegations::table)
                .filter(delegations::id.eq_any(&ids))
                .set((
                    delegations::revoked_on.eq(revoked_on),
                    delegations::revocation_reason.eq(&reason),
                    delegations::version.eq(delegations::version + 1),
                    delegations::updated_at.eq(now),
                ))
                .returning((delegations::id, delegations::version))
                .get_results::<(DelegationId, i64)>(conn)?
                .into_iter()
                .collect();
            for at in chunk {
                let row = &mut old[*at];
                if moved.get(&row.id) != Some(&(row.version + 1)) {
                    return Ok(false);
                }
                row.version += 1;
                row.updated_at = now;
            }
        }
    }
    Ok(true)
}

/// The revision of everything the authority check reads (migration 2026-12-11-000006): triggers on
/// the offices, organisations, people, posts, appointments, collaborations and their members, the
/// function catalogue, schemes and delegations move it with every change, whoever writes. None when
/// the database keeps no such revision (a migration undone): then nothing read may be remembered.
pub fn authority_revision(conn: &mut DbConnection) -> Result<Option<i64>, StoreError> {
    crate::repository::read_revision(conn, "authority")
}
