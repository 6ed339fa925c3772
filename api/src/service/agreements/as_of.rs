//! One agreement as it stood in the world on a day (`as_of`, R-TM-04): what `known_at` is to the
//! record as held, this is to the dates the record keeps. The status is read back from those dates,
//! the parties are those of the day (a successor only from its transfer date, R-SU-01), and the parts
//! are those dated on or before it.

use actix_web::web::Bytes;
use chrono::NaiveDate;
use domain::access::Principal;
use domain::agreements::{party_on, review_due_on, status_on, ApprovalPurpose, StatusDates};
use openapi::agreements as api;
use persistence::agreements::{self as store, Aggregate};
use persistence::DbConnection;
use uuid::Uuid;

use super::cache::AgreementCache;
use super::{read_visible, representation_on};
use crate::error::ApiError;

/// Which past a read of one agreement asks about: none (now), the world on a day (`as_of`), or the
/// record as held at an instant (`known_at`). The two readings of the past are not combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Now,
    AsOf(NaiveDate),
    KnownAt(chrono::DateTime<chrono::Utc>),
}

impl Reading {
    pub fn of(as_of: Option<NaiveDate>, known_at: Option<chrono::DateTime<chrono::Utc>>) -> Result<Reading, ApiError> {
        match (as_of, known_at) {
            (Some(_), Some(_)) => Err(ApiError::Rules(vec![domain::RuleViolation::new(
                "conflicting",
                "/query/as_of",
                "give as_of (the world on a day) or known_at (the record as held at an instant), not both",
            )])),
            (Some(day), None) => Ok(Reading::AsOf(day)),
            (None, Some(at)) => Ok(Reading::KnownAt(at)),
            (None, None) => Ok(Reading::Now),
        }
    }
}

/// The agreement `id` as it stood on `day`, for a caller who may read it now: its JSON body and ETag,
/// built once per day for each version (see [`super::cache::Snapshot::body_as_of`]).
pub fn read_as_of(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    day: NaiveDate,
    cache: &AgreementCache,
) -> Result<(Bytes, String), ApiError> {
    let snapshot = read_visible(conn, principal, id.into(), cache)?;
    snapshot.body_as_of(day, |aggregate| {
        let view = view_as_of(conn, aggregate, day)?;
        Ok(Bytes::from(serde_json::to_vec(&view).map_err(|e| ApiError::Internal(e.to_string()))?))
    })
}

fn view_as_of(
    conn: &mut DbConnection,
    aggregate: &Aggregate,
    day: NaiveDate,
) -> Result<api::CollaborationAgreement, ApiError> {
    let agreement = &aggregate.agreement;
    let ended_on = match agreement.status {
        domain::agreements::AgreementStatus::Superseded => store::superseded_from(conn, agreement.id)?,
        _ => agreement.terminated_on,
    };
    let stood = as_it_stood(aggregate, day, ended_on);
    let mut view = representation_on(conn, &stood, day)?;
    view.as_of = Some(day);
    Ok(view)
}

/// `aggregate` with its status, parties and dated parts as on `day`.
fn as_it_stood(aggregate: &Aggregate, day: NaiveDate, ended_on: Option<NaiveDate>) -> Aggregate {
    let mut stood = aggregate.clone();
    let row = &mut stood.agreement;
    let execution = ApprovalPurpose::Execution.as_str();
    let dates = StatusDates {
        approved_on: aggregate.approvals.iter().filter(|a| a.purpose == execution).map(|a| a.approved_on).max(),
        signed_on: aggregate.signatures.iter().map(|s| s.signed_on).max(),
        in_force_from: row.in_force_from,
        ended_on,
    };
    row.status = status_on(row.status, dates, day);
    let reviews: Vec<_> = aggregate.reviews.iter().map(|r| (r.reviewed_on, r.next_review_due)).collect();
    let period = u32::try_from(row.review_period_months).unwrap_or(12);
    row.next_review_due = review_due_on(&reviews, day, row.in_force_from, period, row.next_review_due);
    // Nothing that took effect after the day: no commencement or end yet, and no review due before
    // commencement.
    let after = |date: Option<NaiveDate>| date.filter(|d| *d <= day);
    row.in_force_from = after(row.in_force_from);
    row.terminated_on = after(row.terminated_on);
    if row.in_force_from.is_none() {
        row.next_review_due = None;
    }

    stood.parties.retain(|p| party_on(p.joins_on, p.withdrawn_on, day));
    for party in &mut stood.parties {
        party.withdrawal_notice_on = after(party.withdrawal_notice_on);
        party.withdrawn_on = after(party.withdrawn_on);
    }
    stood.documents.retain(|d| d.dated <= day);
    stood.milestones.retain(|m| m.reached_on <= day);
    stood.schedules.retain(|s| s.schedule.effective_from <= day);
    stood.approvals.retain(|a| a.approved_on <= day);
    stood.signatures.retain(|s| s.signed_on <= day);
    stood.reviews.retain(|r| r.reviewed_on <= day);
    stood.publications.retain(|p| p.published_on <= day);
    stood.alerts.retain(|a| a.raised_on <= day);
    for alert in &mut stood.alerts {
        if alert.resolved_on.is_some_and(|resolved| resolved > day) {
            alert.resolved_on = None;
            alert.resolution = None;
        }
    }
    stood.agreement.open_alerts = stood.alerts.iter().filter(|a| a.resolved_on.is_none()).count() as i64;
    stood
}
