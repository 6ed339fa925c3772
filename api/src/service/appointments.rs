//! Appointments (who held which post or office, when): the rules R-OR-01 and R-OR-02 as the
//! handlers and the demo loader both apply them, and the policy's view of an appointment.

use domain::access::{Action, Resource, ResourceKind};
use domain::registry::{check_mo_cfo_separation, check_single_holder, split_roles, Tenure};
use domain::rules::check_period;
use domain::{Period, RuleViolation};
use persistence::registry::{self as store, appointment_store, post_store, AppointmentRow};
use persistence::DbConnection;

use crate::convert;
use crate::error::ApiError;
use crate::service::allow;

pub const KIND: ResourceKind = ResourceKind::Appointment;

/// The policy's view of an appointment: a post's appointments belong to the post's organisation and
/// share its visibility; an office's belong to the organisation serving it and are public.
pub fn resource_for(
    conn: &mut DbConnection,
    post_id: Option<&str>,
    corporation_sole_id: Option<&str>,
) -> Result<Resource, ApiError> {
    if let Some(post) = post_id {
        let post = post_store::find(conn, post)?.ok_or(ApiError::NotFound)?;
        return Ok(Resource {
            kind: KIND,
            owner: Some(convert::uuid(&post.organisation_id)?),
            parties: Vec::new(),
            public: post.public,
        });
    }
    let owner = match corporation_sole_id {
        Some(cs) => store::organisations_serving(conn, cs)?.first().map(|id| convert::uuid(id)).transpose()?,
        None => None,
    };
    Ok(Resource::owned(KIND, owner, true))
}

pub fn tenure(row: &AppointmentRow, roles: &str) -> Result<Tenure, ApiError> {
    Ok(Tenure {
        appointment_id: convert::uuid(&row.id)?,
        person_id: convert::uuid(&row.person_id)?,
        period: Period::new(row.starts_on, row.ends_on),
        roles: split_roles(roles),
    })
}

/// R-OR-01 and R-OR-02 for one stored or proposed appointment, against everything else stored.
pub fn check_appointment_rules(conn: &mut DbConnection, row: &AppointmentRow) -> Result<(), ApiError> {
    let mut violations: Vec<RuleViolation> = check_period(&Period::new(row.starts_on, row.ends_on), "");
    let (single_holder, roles) = match &row.post_id {
        Some(post) => {
            let post = post_store::find(conn, post)?.ok_or(ApiError::NotFound)?;
            (post.single_holder, post.statutory_roles)
        }
        None => (true, String::new()),
    };
    let candidate = tenure(row, &roles)?;
    if single_holder {
        let others = store::appointments_to(conn, row.post_id.as_deref(), row.corporation_sole_id.as_deref())?
            .iter()
            .map(|other| tenure(other, ""))
            .collect::<Result<Vec<_>, _>>()?;
        violations.extend(check_single_holder(&candidate, &others));
    }
    let held = store::post_appointments_of(conn, &row.person_id)?
        .iter()
        .map(|(other, roles)| tenure(other, roles))
        .collect::<Result<Vec<_>, _>>()?;
    violations.extend(check_mo_cfo_separation(&candidate, &held));
    ApiError::check(violations)
}

/// Loads an appointment for a change, with the policy's decision on it.
pub fn load_for(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    id: &str,
    action: Action,
) -> Result<AppointmentRow, ApiError> {
    let row = appointment_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let resource = resource_for(conn, row.post_id.as_deref(), row.corporation_sole_id.as_deref())?;
    allow(principal, action, &resource)?;
    Ok(row)
}
