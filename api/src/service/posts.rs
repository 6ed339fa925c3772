//! Posts: the policy's view of a post.

use domain::access::{Resource, ResourceKind};
use persistence::registry::PostRow;

use crate::convert;
use crate::error::ApiError;

pub const KIND: ResourceKind = ResourceKind::Post;

/// The policy's view of a post: owned by its organisation, public or internal.
pub fn resource(row: &PostRow) -> Result<Resource, ApiError> {
    Ok(Resource {
        kind: KIND,
        owner: Some(convert::uuid(&row.organisation_id)?),
        parties: Vec::new(),
        public: row.public,
    })
}
