//! Collaborations (alliances and programmes): views with their members over time.

use chrono::NaiveDate;
use domain::access::ResourceKind;
use openapi::registry::Collaboration;
use persistence::registry::{self as store, collaboration_store, CollaborationRow, Versioned};
use persistence::DbConnection;

use crate::convert;
use crate::error::ApiError;
use crate::service::save;

pub const KIND: ResourceKind = ResourceKind::Collaboration;

pub fn with_members(
    conn: &mut DbConnection,
    row: CollaborationRow,
    as_of: Option<NaiveDate>,
) -> Result<Collaboration, ApiError> {
    let members = store::collaboration_members_of(conn, &row.id, as_of)?;
    convert::collaboration(row, members)
}

/// Moves the collaboration to its next version after a membership change and returns it.
pub fn touch(tx: &mut DbConnection, mut collaboration: CollaborationRow) -> Result<Collaboration, ApiError> {
    let current = collaboration.version();
    save(tx, &mut collaboration, current, collaboration_store::update_versioned)?;
    with_members(tx, collaboration, None)
}
