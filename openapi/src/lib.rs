//! The HTTP contract: request and response types (serde + utoipa schemas), the problem type and
//! the document metadata. Handlers in `api` speak only these types on the wire.

pub mod audit;
pub mod boards;
pub mod document;
pub mod problem;
pub mod registry;
pub mod system;

pub use problem::{FieldError, Problem};
