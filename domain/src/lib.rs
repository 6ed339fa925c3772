//! The governance model: types, rules by id, state machines and the access policy.
//!
//! Nothing here performs IO or knows about HTTP or SQL; the `api` and `persistence` crates call in.

pub mod access;
pub mod agreements;
pub mod audit;
pub mod boards;
pub mod bounds;
pub mod catalogue;
pub mod delegations;
pub mod interests;
pub mod merkle;
pub mod period;
pub mod registry;
pub mod rules;
pub mod succession;
pub mod trust;
pub mod webhooks;

pub use period::Period;
pub use rules::RuleViolation;
