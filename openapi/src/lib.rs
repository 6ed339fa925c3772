//! The HTTP contract: request and response types (serde + utoipa schemas), the problem type and
//! the document metadata. Handlers in `api` speak only these types on the wire.

pub mod agreements;
/// Declares `<Name>List { items, next_cursor }` for a resource.
macro_rules! list_of {
    ($list:ident, $item:ident) => {
        #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
        pub struct $list {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; null on the last page.
            pub next_cursor: Option<String>,
        }
    };
}

pub mod audit;
pub mod boards;
pub mod bounds;
pub mod csv;
pub mod delegations;
pub mod document;
pub mod events;
pub mod examples;
pub mod exports;
pub mod forward_plan;
pub mod interests;
pub mod problem;
pub mod questions;
pub mod register;
pub mod registry;
pub mod search;
pub mod succession;
pub mod system;
pub mod trust;
pub mod webhooks;

pub use problem::{FieldError, Problem};
