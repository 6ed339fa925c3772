//! The hash-chained audit log: reading it and verifying the chain.

use domain::access::{authorize_chain_verification, list_scope, Principal, ResourceKind};
use openapi::audit::{AuditEventList, AuditVerification, BrokenLink};
use persistence::audit::{self, AuditFilter};
use persistence::{Cursor, DbConnection};

use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;

pub fn list_audit_events(
    conn: &mut DbConnection,
    principal: &Principal,
    limit: usize,
    after: Option<Cursor>,
    filter: AuditFilter,
) -> Result<AuditEventList, ApiError> {
    let scope = list_scope(principal, ResourceKind::AuditEvent)?;
    let page = audit::list(conn, scope, &filter, after.as_ref(), limit)?;
    Ok(AuditEventList {
        items: page.items.into_iter().map(convert::audit_event).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn verify_audit_chain(conn: &mut DbConnection, principal: &Principal) -> Result<AuditVerification, ApiError> {
    authorize_chain_verification(principal)?;
    let verification = audit::verify(conn)?;
    Ok(AuditVerification {
        valid: verification.first_broken.is_none(),
        events_checked: verification.events_checked,
        head_sequence: verification.head_sequence,
        first_broken_link: verification.first_broken.map(|b| BrokenLink {
            sequence: b.sequence,
            event_id: b.event_id,
            reason: b.reason.to_string(),
        }),
    })
}
