//! Repositories for the registry of who is who. Each table has a row type (read and written whole),
//! the common insert / find / versioned update from [`versioned_repository!`], and its own list query.

use diesel::prelude::*;
use domain::access::ListScope;
use domain::registry::{AppointmentBasis, CorporationSoleKind, OrganisationKind};

pub use crate::ids::{
    AppointmentId, CollaborationId, CollaborationMemberId, CorporationSoleId, ForceId, OrganisationId,
    OrganisationRepointingId, PersonId, PostId,
};
use crate::schema::*;
use crate::visibility;
use crate::{DbConnection, Page, StoreError};

use crate::repository::{contains_pattern, in_effect_on, lower, page_of, paginate, row, versioned_repository};
pub use crate::repository::{PageRequest, UpdateOutcome, Versioned};

type Date = chrono::NaiveDate;

row!(ForceRow(ForceId) => forces { slug: String, name: String, police_area: String, ends_on: Option<Date> });
row!(CorporationSoleRow(CorporationSoleId) => corporations_sole {
    slug: String, name: String, #[diesel(serialize_as = String, deserialize_as = String)] kind: CorporationSoleKind, force_id: Option<ForceId>,
    starts_on: Date, ends_on: Option<Date>,
});
row!(OrganisationRow(OrganisationId) => organisations {
    slug: String, name: String, #[diesel(serialize_as = String, deserialize_as = String)] kind: OrganisationKind, corporation_sole_id: Option<CorporationSoleId>,
    force_id: Option<ForceId>, ends_on: Option<Date>,
});
row!(OrganisationRepointingRow(OrganisationRepointingId) => organisation_repointings {
    organisation_id: OrganisationId,
    /// The office served before (none if it served none).
    from_corporation_sole_id: Option<CorporationSoleId>,
    to_corporation_sole_id: CorporationSoleId,
    effective_on: Date,
    reason: String,
});
row!(PersonRow(PersonId) => people { full_name: String, managing_organisation_id: OrganisationId });
row!(PostRow(PostId) => posts {
    organisation_id: OrganisationId, title: String, statutory_roles: String, single_holder: bool,
    public: bool, starts_on: Date, ends_on: Option<Date>,
});
row!(AppointmentRow(AppointmentId) => appointments {
    person_id: PersonId, post_id: Option<PostId>, corporation_sole_id: Option<CorporationSoleId>,
    #[diesel(serialize_as = String, deserialize_as = String)] basis: AppointmentBasis, starts_on: Date, ends_on: Option<Date>,
});
row!(CollaborationRow(CollaborationId) => collaborations {
    slug: String, name: String, description: String, starts_on: Date, ends_on: Option<Date>,
});
row!(CollaborationMemberRow(CollaborationMemberId) => collaboration_members {
    collaboration_id: CollaborationId, corporation_sole_id: CorporationSoleId, starts_on: Date, ends_on: Option<Date>,
});

versioned_repository!(force_store, forces, ForceRow, ForceId);
versioned_repository!(corporation_sole_store, corporations_sole, CorporationSoleRow, CorporationSoleId);
versioned_repository!(organisation_store, organisations, OrganisationRow, OrganisationId);
versioned_repository!(person_store, people, PersonRow, PersonId);
versioned_repository!(post_store, posts, PostRow, PostId);
versioned_repository!(appointment_store, appointments, AppointmentRow, AppointmentId);
versioned_repository!(
    organisation_repointing_store,
    organisation_repointings,
    OrganisationRepointingRow,
    OrganisationRepointingId
);

/// An organisation's re-pointings, in the order recorded.
pub fn repointings_of(
    conn: &mut DbConnection,
    organisation_id: OrganisationId,
) -> Result<Vec<OrganisationRepointingRow>, StoreError> {
    Ok(organisation_repointings::table
        .filter(organisation_repointings::organisation_id.eq(organisation_id))
        .select(OrganisationRepointingRow::as_select())
        .order(organisation_repointings::id.asc())
        .load(conn)?)
}
versioned_repository!(collaboration_store, collaborations, CollaborationRow, CollaborationId);
versioned_repository!(collaboration_member_store, collaboration_members, CollaborationMemberRow, CollaborationMemberId);

#[derive(Debug, Clone, Default)]
pub struct ForceFilter {
    pub q: Option<String>,
}

pub fn list_forces(
    conn: &mut DbConnection,
    filter: &ForceFilter,
    page: &PageRequest,
) -> Result<Page<ForceRow>, StoreError> {
    let mut query = forces::table.select(ForceRow::as_select()).into_boxed();
    if let Some(q) = &filter.q {
        query = query.filter(lower(forces::name).like(contains_pattern(q)).escape('\\'));
    }
    let rows = paginate!(query, forces, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

pub fn find_force_by_slug(conn: &mut DbConnection, slug: &str) -> Result<Option<ForceRow>, StoreError> {
    Ok(forces::table.filter(forces::slug.eq(slug)).select(ForceRow::as_select()).first(conn).optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct CorporationSoleFilter {
    pub kind: Option<String>,
    pub force_id: Option<ForceId>,
    pub as_of: Option<Date>,
    pub q: Option<String>,
}

pub fn list_corporations_sole(
    conn: &mut DbConnection,
    filter: &CorporationSoleFilter,
    page: &PageRequest,
) -> Result<Page<CorporationSoleRow>, StoreError> {
    let mut query = corporations_sole::table.select(CorporationSoleRow::as_select()).into_boxed();
    if let Some(kind) = &filter.kind {
        query = query.filter(corporations_sole::kind.eq(kind.clone()));
    }
    if let Some(force) = &filter.force_id {
        query = query.filter(corporations_sole::force_id.eq(*force));
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(corporations_sole::name).like(contains_pattern(q)).escape('\\'));
    }
    in_effect_on!(query, corporations_sole, filter.as_of);
    let rows = paginate!(query, corporations_sole, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

pub fn find_corporation_sole_by_slug(
    conn: &mut DbConnection,
    slug: &str,
) -> Result<Option<CorporationSoleRow>, StoreError> {
    Ok(corporations_sole::table
        .filter(corporations_sole::slug.eq(slug))
        .select(CorporationSoleRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    pub kind: Option<String>,
    pub corporation_sole_id: Option<CorporationSoleId>,
    pub q: Option<String>,
}

pub fn list_organisations(
    conn: &mut DbConnection,
    filter: &OrganisationFilter,
    page: &PageRequest,
) -> Result<Page<OrganisationRow>, StoreError> {
    let mut query = organisations::table.select(OrganisationRow::as_select()).into_boxed();
    if let Some(kind) = &filter.kind {
        query = query.filter(organisations::kind.eq(kind.clone()));
    }
    if let Some(cs) = &filter.corporation_sole_id {
        query = query.filter(organisations::corporation_sole_id.eq(*cs));
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(organisations::name).like(contains_pattern(q)).escape('\\'));
    }
    let rows = paginate!(query, organisations, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

pub fn find_organisation_by_slug(conn: &mut DbConnection, slug: &str) -> Result<Option<OrganisationRow>, StoreError> {
    Ok(organisations::table
        .filter(organisations::slug.eq(slug))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// The organisation(s) serving a corporation sole (its OPCC or force).
pub fn organisations_serving(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<OrganisationId>, StoreError> {
    Ok(organisations::table
        .filter(organisations::corporation_sole_id.eq(corporation_sole_id))
        .select(organisations::id)
        .load(conn)?)
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub q: Option<String>,
}

/// The people anyone may know of: ever appointed to an office (a corporation sole) or to a post its
/// organisation declares public (personal data minimised, issue 18).
macro_rules! publicly_known {
    () => {
        people::id
            .eq_any(
                appointments::table
                    .filter(appointments::corporation_sole_id.is_not_null())
                    .select(appointments::person_id),
            )
            .or(people::id.eq_any(
                appointments::table
                    .filter(
                        appointments::post_id
                            .eq_any(posts::table.filter(posts::public.eq(true)).select(posts::id.nullable())),
                    )
                    .select(appointments::person_id),
            ))
    };
}

pub fn list_people(
    conn: &mut DbConnection,
    publicly_known_only: bool,
    filter: &PersonFilter,
    page: &PageRequest,
) -> Result<Page<PersonRow>, StoreError> {
    let mut query = people::table.select(PersonRow::as_select()).into_boxed();
    if publicly_known_only {
        query = query.filter(publicly_known!());
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(people::full_name).like(contains_pattern(q)).escape('\\'));
    }
    let rows = paginate!(query, people, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// A person of this name maintained by this organisation, if any (names are not identities, but two
/// records of one name in one organisation are almost always one person entered twice).
pub fn find_person_managed_by(
    conn: &mut DbConnection,
    full_name: &str,
    organisation: OrganisationId,
) -> Result<Option<PersonRow>, StoreError> {
    Ok(people::table
        .filter(people::full_name.eq(full_name))
        .filter(people::managing_organisation_id.eq(organisation))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_person_by_name(conn: &mut DbConnection, full_name: &str) -> Result<Option<PersonRow>, StoreError> {
    Ok(people::table.filter(people::full_name.eq(full_name)).select(PersonRow::as_select()).first(conn).optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    pub organisation_id: Option<OrganisationId>,
    pub statutory_role: Option<String>,
    pub as_of: Option<Date>,
    pub q: Option<String>,
}

pub fn list_posts(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &PostFilter,
    page: &PageRequest,
) -> Result<Page<PostRow>, StoreError> {
    let mut query =
        visibility::restrict(posts::table.select(PostRow::as_select()).into_boxed(), visibility::posts(scope));
    if let Some(org) = &filter.organisation_id {
        query = query.filter(posts::organisation_id.eq(*org));
    }
    if let Some(role) = &filter.statutory_role {
        query = query.filter(posts::statutory_roles.like(contains_pattern(role)).escape('\\'));
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(posts::title).like(contains_pattern(q)).escape('\\'));
    }
    in_effect_on!(query, posts, filter.as_of);
    let rows = paginate!(query, posts, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every post of one organisation, whatever its dates.
pub fn posts_of_organisation(
    conn: &mut DbConnection,
    organisation: OrganisationId,
) -> Result<Vec<PostRow>, StoreError> {
    Ok(posts::table.filter(posts::organisation_id.eq(organisation)).select(PostRow::as_select()).load(conn)?)
}

pub fn find_post_by_title(
    conn: &mut DbConnection,
    organisation_id: OrganisationId,
    title: &str,
) -> Result<Option<PostRow>, StoreError> {
    Ok(posts::table
        .filter(posts::organisation_id.eq(organisation_id))
        .filter(posts::title.eq(title))
        .select(PostRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    pub person_id: Option<PersonId>,
    pub post_id: Option<PostId>,
    pub corporation_sole_id: Option<CorporationSoleId>,
    pub as_of: Option<Date>,
}

/// Appointments visible in `scope`: those to corporations sole and to posts the scope can see.
pub fn list_appointments(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &AppointmentFilter,
    page: &PageRequest,
) -> Result<Page<AppointmentRow>, StoreError> {
    let mut query = visibility::restrict(
        appointments::table.left_join(posts::table).select(AppointmentRow::as_select()).into_boxed(),
        visibility::appointments(scope),
    );
    if let Some(person) = &filter.person_id {
        query = query.filter(appointments::person_id.eq(*person));
    }
    if let Some(post) = &filter.post_id {
        query = query.filter(appointments::post_id.eq(*post));
    }
    if let Some(cs) = &filter.corporation_sole_id {
        query = query.filter(appointments::corporation_sole_id.eq(*cs));
    }
    in_effect_on!(query, appointments, filter.as_of);
    let rows = paginate!(query, appointments, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every appointment to one post or one corporation sole (for R-OR-02).
pub fn appointments_to(
    conn: &mut DbConnection,
    post_id: Option<PostId>,
    corporation_sole_id: Option<CorporationSoleId>,
) -> Result<Vec<AppointmentRow>, StoreError> {
    let mut query = appointments::table.select(AppointmentRow::as_select()).into_boxed();
    query = match (post_id, corporation_sole_id) {
        (Some(post), _) => query.filter(appointments::post_id.eq(post)),
        (None, Some(cs)) => query.filter(appointments::corporation_sole_id.eq(cs)),
        (None, None) => return Ok(Vec::new()),
    };
    Ok(query.load(conn)?)
}

/// Every post appointment of one person, with the post's stored statutory roles (for R-OR-01).
pub fn post_appointments_of(
    conn: &mut DbConnection,
    person_id: PersonId,
) -> Result<Vec<(AppointmentRow, String)>, StoreError> {
    Ok(appointments::table
        .inner_join(posts::table)
        .filter(appointments::person_id.eq(person_id))
        .select((AppointmentRow::as_select(), posts::statutory_roles))
        .load(conn)?)
}

/// Whether a person is one of an organisation's people: maintained by it, or appointed (at any time)
/// to one of its posts or to the corporation sole it serves. (`governance token --person` checks it.)
pub fn is_person_of(
    conn: &mut DbConnection,
    person: &PersonRow,
    organisation: &OrganisationRow,
) -> Result<bool, StoreError> {
    if person.managing_organisation_id == organisation.id {
        return Ok(true);
    }
    let to_its_posts: i64 = appointments::table
        .inner_join(posts::table)
        .filter(appointments::person_id.eq(person.id))
        .filter(posts::organisation_id.eq(organisation.id))
        .count()
        .get_result(conn)?;
    if to_its_posts > 0 {
        return Ok(true);
    }
    let Some(office) = organisation.corporation_sole_id else { return Ok(false) };
    let to_its_office: i64 = appointments::table
        .filter(appointments::person_id.eq(person.id))
        .filter(appointments::corporation_sole_id.eq(office))
        .count()
        .get_result(conn)?;
    Ok(to_its_office > 0)
}

#[derive(Debug, Clone, Default)]
pub struct CollaborationFilter {
    pub as_of: Option<Date>,
    pub member_corporation_sole_id: Option<CorporationSoleId>,
    pub q: Option<String>,
}

pub fn list_collaborations(
    conn: &mut DbConnection,
    filter: &CollaborationFilter,
    page: &PageRequest,
) -> Result<Page<CollaborationRow>, StoreError> {
    let mut query = collaborations::table.select(CollaborationRow::as_select()).into_boxed();
    if let Some(cs) = &filter.member_corporation_sole_id {
        let members = collaboration_members::table
            .filter(collaboration_members::corporation_sole_id.eq(*cs))
            .select(collaboration_members::collaboration_id);
        query = query.filter(collaborations::id.eq_any(members));
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(collaborations::name).like(contains_pattern(q)).escape('\\'));
    }
    in_effect_on!(query, collaborations, filter.as_of);
    let rows = paginate!(query, collaborations, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

pub fn find_collaboration_by_slug(conn: &mut DbConnection, slug: &str) -> Result<Option<CollaborationRow>, StoreError> {
    Ok(collaborations::table
        .filter(collaborations::slug.eq(slug))
        .select(CollaborationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Members of one collaboration, optionally only those in effect on a day, in id order.
pub fn collaboration_members_of(
    conn: &mut DbConnection,
    collaboration_id: CollaborationId,
    as_of: Option<Date>,
) -> Result<Vec<CollaborationMemberRow>, StoreError> {
    let mut query = collaboration_members::table
        .filter(collaboration_members::collaboration_id.eq(collaboration_id))
        .select(CollaborationMemberRow::as_select())
        .into_boxed();
    in_effect_on!(query, collaboration_members, as_of);
    Ok(query.order(collaboration_members::id.asc()).load(conn)?)
}

/// Everything one person held on one day: their appointments to posts and to corporations sole in
/// effect then ("who held what on that date", from the person's side).
pub fn appointments_of_person_on(
    conn: &mut DbConnection,
    person_id: PersonId,
    day: Date,
) -> Result<Vec<AppointmentRow>, StoreError> {
    let mut query = appointments::table
        .filter(appointments::person_id.eq(person_id))
        .select(AppointmentRow::as_select())
        .into_boxed();
    in_effect_on!(query, appointments, Some(day));
    Ok(query.order(appointments::id.asc()).load(conn)?)
}

/// What a person's appointment on a day made them: a post (with its title and its organisation's
/// name) or the office of a corporation sole (with its name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldOn {
    Post { id: PostId, title: String, organisation_name: String },
    Office { id: CorporationSoleId, name: String },
}

/// A person's name and the posts and offices they held on `day`, in the order of their appointments,
/// with the names a capacity is labelled by, in one statement; None when there is no such person.
pub fn person_holding_on(
    conn: &mut DbConnection,
    person_id: PersonId,
    day: Date,
) -> Result<Option<(String, Vec<HeldOn>)>, StoreError> {
    type Joined = (String, Option<PostId>, Option<String>, Option<String>, Option<CorporationSoleId>, Option<String>);
    let rows: Vec<Joined> = people::table
        .left_join(
            appointments::table
                .on(appointments::person_id.eq(people::id).and(crate::repository::in_effect!(appointments, day))),
        )
        .left_join(posts::table.on(posts::id.nullable().eq(appointments::post_id)))
        .left_join(organisations::table.on(organisations::id.nullable().eq(posts::organisation_id.nullable())))
        .left_join(corporations_sole::table.on(corporations_sole::id.nullable().eq(appointments::corporation_sole_id)))
        .filter(people::id.eq(person_id))
        .select((
            people::full_name,
            appointments::post_id.nullable(),
            posts::title.nullable(),
            organisations::name.nullable(),
            appointments::corporation_sole_id.nullable(),
            corporations_sole::name.nullable(),
        ))
        .order(appointments::id.nullable().asc())
        .load(conn)?;
    let Some(name) = rows.first().map(|row| row.0.clone()) else { return Ok(None) };
    let held = rows
        .into_iter()
        .filter_map(|row| match row {
            (_, Some(id), Some(title), Some(organisation_name), _, _) => {
                Some(HeldOn::Post { id, title, organisation_name })
            }
            (_, None, _, _, Some(id), Some(name)) => Some(HeldOn::Office { id, name }),
            // No appointment that day (the person's row alone), or a post or office row missing,
            // which the foreign keys prevent.
            _ => None,
        })
        .collect();
    Ok(Some((name, held)))
}

/// Whether anyone may know of this person (personal data minimised, issue 18): they hold or held an
/// office, or a post its organisation declares public. Staff in other posts are not shown to
/// anonymous callers.
pub fn is_publicly_known(conn: &mut DbConnection, person: PersonId) -> Result<bool, StoreError> {
    let known = people::table
        .filter(people::id.eq(person))
        .filter(publicly_known!())
        .select(people::id)
        .first::<PersonId>(conn)
        .optional()?;
    Ok(known.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind stored as text the enum does not know is an error naming it, not a panic.
    #[test]
    fn an_unknown_stored_kind_is_an_error() {
        let path = std::env::temp_dir().join(format!("governance-kind-{}.sqlite3", uuid::Uuid::now_v7()));
        let url = path.to_string_lossy().into_owned();
        let database = crate::Database::connect(&url, 1).unwrap_or_else(|e| panic!("{e}"));
        database.migrate().unwrap_or_else(|e| panic!("{e}"));
        let mut conn = database.connection().unwrap_or_else(|e| panic!("{e}"));
        let now = crate::audit::now();
        let id = OrganisationId::generate();
        diesel::insert_into(organisations::table)
            .values((
                organisations::id.eq(id),
                organisations::slug.eq("o1"),
                organisations::name.eq("O1"),
                organisations::kind.eq("bogus"),
                organisations::version.eq(1_i64),
                organisations::created_at.eq(now),
                organisations::updated_at.eq(now),
            ))
            .execute(&mut *conn)
            .unwrap_or_else(|e| panic!("{e}"));
        let found = organisation_store::find(&mut conn, id);
        let message = found.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("OrganisationKind") && message.contains("bogus"), "{message}");
        drop(conn);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{url}{suffix}"));
        }
    }
}
