//! `/api/v1/collaboration-agreements`: section 22A agreements from draft to termination.
//! `drafts` holds creation, reading, listing and validation; `lifecycle` the recorded events.

pub mod drafts;
pub mod lifecycle;
