//! Route handlers, one module per capability. A handler extracts (the context, the path, the query,
//! the body), calls one use case in `crate::service`, and responds. Nothing outside this module
//! imports it, and its modules do not import each other.

pub mod actions;
pub mod agreements;
pub mod appointments;
pub mod audit;
pub mod authority;
pub mod boards;
pub mod collaborations;
pub mod corporations_sole;
pub mod corrections;
pub mod decisions;
pub mod delegations;
pub mod doc;
pub mod events;
pub mod exports;
pub mod forces;
pub mod forward_plan;
pub mod interests;
pub mod meetings;
pub mod minutes;
pub mod operations;
pub mod organisations;
pub mod people;
pub mod posts;
pub mod questions;
pub mod records_of_decision;
pub mod register;
pub mod rules;
pub mod search;
pub mod succession;
pub mod system;
pub mod trusted_issuers;
pub mod webhooks;
