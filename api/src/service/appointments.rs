//! Appointments (who held which post or office, when): the rules R-OR-01 and R-OR-02 as the
//! handlers and the demo loader both apply them, and the policy's view of an appointment.

use chrono::NaiveDate;
use domain::access::{list_scope, Action, Principal, Resource, ResourceKind};
use domain::registry::{
    check_deputy_within_term, check_mo_cfo_separation, check_single_holder, deputy_end_with_term, split_roles,
    StatutoryRole, Tenure,
};
use domain::rules::check_period;
use domain::{Period, RuleViolation};
use openapi::registry::{Appointment, AppointmentList, AppointmentUpdate, NewAppointment};
use persistence::ids::{AppointmentId, CorporationSoleId, PostId};
use persistence::registry::{
    self as store, appointment_store, corporation_sole_store, organisation_store, person_store, post_store,
    AppointmentFilter, AppointmentRow, PageRequest,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, end_period, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Appointment;

/// The policy's view of an appointment: a post's appointments belong to the post's organisation and
/// share its visibility; an office's belong to the organisation serving it and are public.
pub fn resource_for(
    conn: &mut DbConnection,
    post_id: Option<PostId>,
    corporation_sole_id: Option<CorporationSoleId>,
) -> Result<Resource, ApiError> {
    if let Some(post) = post_id {
        let post = post_store::find(conn, post)?.ok_or(ApiError::NotFound)?;
        return Ok(Resource {
            kind: KIND,
            owner: Some(post.organisation_id.uuid()),
            parties: Vec::new(),
            public: post.public,
        });
    }
    let owner = match corporation_sole_id {
        Some(cs) => store::organisations_serving(conn, cs)?.first().map(|id| id.uuid()),
        None => None,
    };
    Ok(Resource::owned(KIND, owner, true))
}

pub fn tenure(row: &AppointmentRow, roles: &str) -> Result<Tenure, ApiError> {
    Ok(Tenure {
        appointment_id: row.id.uuid(),
        person_id: row.person_id.uuid(),
        period: Period::new(row.starts_on, row.ends_on),
        roles: split_roles(roles),
    })
}

/// R-OR-01 and R-OR-02 for one stored or proposed appointment, against everything else stored.
pub fn check_appointment_rules(conn: &mut DbConnection, row: &AppointmentRow) -> Result<(), ApiError> {
    let mut violations: Vec<RuleViolation> = check_period(&Period::new(row.starts_on, row.ends_on), "");
    let (single_holder, roles) = match row.post_id {
        Some(post) => {
            let post = post_store::find(conn, post)?.ok_or(ApiError::NotFound)?;
            (post.single_holder, post.statutory_roles)
        }
        None => (true, String::new()),
    };
    let candidate = tenure(row, &roles)?;
    if candidate.roles.contains(&StatutoryRole::DeputyPcc) {
        if let Some(post) = row.post_id {
            let term = appointing_term(conn, post, row.starts_on)?;
            violations.extend(check_deputy_within_term(&candidate.period, term.as_ref()));
        }
    }
    if single_holder {
        let others = store::appointments_to(conn, row.post_id, row.corporation_sole_id)?
            .iter()
            .map(|other| tenure(other, ""))
            .collect::<Result<Vec<_>, _>>()?;
        violations.extend(check_single_holder(&candidate, &others));
    }
    let held = store::post_appointments_of(conn, row.person_id)?
        .iter()
        .map(|(other, roles)| tenure(other, roles))
        .collect::<Result<Vec<_>, _>>()?;
    violations.extend(check_mo_cfo_separation(&candidate, &held));
    ApiError::check(violations)
}

/// The policing body a deputy PCC post serves: the corporation sole of the post's organisation.
fn office_served_by(conn: &mut DbConnection, post: PostId) -> Result<Option<CorporationSoleId>, ApiError> {
    let Some(post) = post_store::find(conn, post)? else { return Ok(None) };
    Ok(organisation_store::find(conn, post.organisation_id)?.and_then(|org| org.corporation_sole_id))
}

/// The term of whoever held the office a deputy post serves on `day` (R-DL-06).
fn appointing_term(conn: &mut DbConnection, post: PostId, day: NaiveDate) -> Result<Option<Period>, ApiError> {
    let Some(office) = office_served_by(conn, post)? else { return Ok(None) };
    Ok(store::appointments_to(conn, None, Some(office))?
        .into_iter()
        .map(|holder| Period::new(holder.starts_on, holder.ends_on))
        .find(|term| term.contains(day)))
}

/// When the holder of a policing body stops holding it on `term_end`, the deputies they appointed
/// stop the same day (R-DL-06): each deputy PCC appointment in an organisation serving the office
/// that runs past it ends then, each as its own audited change.
pub fn end_deputies_with_term(
    tx: &mut DbConnection,
    office: CorporationSoleId,
    term_end: NaiveDate,
) -> Result<Vec<Change>, ApiError> {
    let mut ended = Vec::new();
    for mut deputy in deputies_ending_with(tx, office, term_end)? {
        deputy.ends_on = Some(term_end);
        let expected = deputy.version;
        save(tx, &mut deputy, expected, appointment_store::update_versioned)?;
        let id = deputy.id;
        ended.push(versioned_change("end", KIND, id, deputy.version, &convert::appointment(deputy)?, None)?);
    }
    Ok(ended)
}

/// The deputy PCC appointments serving `office` that would run past `term_end` (R-DL-06).
pub fn deputies_ending_with(
    conn: &mut DbConnection,
    office: CorporationSoleId,
    term_end: NaiveDate,
) -> Result<Vec<AppointmentRow>, ApiError> {
    let mut found = Vec::new();
    for organisation in store::organisations_serving(conn, office)? {
        for post in store::posts_of_organisation(conn, organisation)? {
            if !split_roles(&post.statutory_roles).contains(&StatutoryRole::DeputyPcc) {
                continue;
            }
            for deputy in store::appointments_to(conn, Some(post.id), None)? {
                if deputy_end_with_term(&Period::new(deputy.starts_on, deputy.ends_on), term_end).is_some() {
                    found.push(deputy);
                }
            }
        }
    }
    Ok(found)
}

/// Loads an appointment for a change, with the policy's decision on it.
pub fn load_for(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: AppointmentId,
    action: Action,
) -> Result<AppointmentRow, ApiError> {
    let row = appointment_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let resource = resource_for(conn, row.post_id, row.corporation_sole_id)?;
    allow(principal, action, &resource)?;
    Ok(row)
}

pub fn create_appointment(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewAppointment,
) -> Result<Change, ApiError> {
    let post_id = new.post_id.map(PostId::from);
    let corporation_sole_id = new.corporation_sole_id.map(CorporationSoleId::from);
    match (post_id, corporation_sole_id) {
        (Some(post), None) => {
            let post = post_store::find(tx, post)?.ok_or_else(|| ApiError::unknown_reference("/post_id", "post"))?;
            if !domain::access::can_see(principal, &crate::service::posts::resource(&post)?) {
                return Err(ApiError::unknown_reference("/post_id", "post"));
            }
        }
        (None, Some(cs)) => {
            corporation_sole_store::find(tx, cs)?
                .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
        }
        _ => {
            return Err(ApiError::Rules(vec![RuleViolation::new(
                "appointment.target",
                "/post_id",
                "give exactly one of post_id and corporation_sole_id",
            )]))
        }
    }
    let resource = resource_for(tx, post_id, corporation_sole_id)?;
    allow(principal, Action::Create, &resource)?;
    person_store::find(tx, new.person_id.into())?.ok_or_else(|| ApiError::unknown_reference("/person_id", "person"))?;
    let now = persistence::audit::now();
    let row = AppointmentRow {
        id: AppointmentId::generate(),
        person_id: new.person_id.into(),
        post_id,
        corporation_sole_id,
        basis: new.basis,
        starts_on: new.starts_on,
        ends_on: new.ends_on,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    check_appointment_rules(tx, &row)?;
    appointment_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/appointments/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::appointment(row)?, Some(location))
}

pub fn update_appointment(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: AppointmentUpdate,
) -> Result<Change, ApiError> {
    let id = AppointmentId::from(id);
    let mut row = load_for(tx, principal, id, Action::Update)?;
    crate::service::check_version(&row, expected)?;
    if let Some(basis) = patch.basis {
        row.basis = basis;
    }
    if let Some(starts_on) = patch.starts_on {
        row.starts_on = starts_on;
    }
    check_appointment_rules(tx, &row)?;
    save(tx, &mut row, expected, appointment_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &convert::appointment(row)?, None)
}

pub fn list_appointments(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: AppointmentFilter,
) -> Result<AppointmentList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_appointments(conn, scope, &filter, &page)?;
    Ok(AppointmentList {
        items: page.items.into_iter().map(convert::appointment).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_appointment(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Appointment, ApiError> {
    let id = AppointmentId::from(id);
    let row = appointment_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &resource_for(conn, row.post_id, row.corporation_sole_id)?)?;
    convert::appointment(row)
}

pub fn end_appointment(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = AppointmentId::from(id);
    let mut row = load_for(tx, principal, id, Action::End)?;
    end_period(Some(row.starts_on), ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, appointment_store::update_versioned)?;
    let deputies = match row.corporation_sole_id {
        Some(office) => end_deputies_with_term(tx, office, ends_on)?,
        None => Vec::new(),
    };
    let mut change = versioned_change("end", KIND, row.id, row.version, &convert::appointment(row)?, None)?;
    change.related = deputies;
    Ok(change)
}
