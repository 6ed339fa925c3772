//! Storage for the governance service: one diesel code path over SQLite (embedded default) and
//! PostgreSQL (production), migrations for each, and the write path that records every change in
//! the audit chain within the same transaction.

pub mod agreement_sets;
pub mod agreements;
pub mod audience;
pub mod audit;
pub mod board_sets;
pub mod boards;
pub mod bulk;
pub mod database;
pub mod delegations;
mod dialect;
pub mod error;
pub mod forward_plan;
pub mod history;
pub mod idempotency;
pub mod ids;
pub mod interests;
mod kept_statement;
pub mod page;
pub mod questions;
pub mod register;
pub mod registry;
pub mod repository;
pub mod schema;
pub mod search;
pub mod succession;
pub mod trust;
pub mod visibility;
pub mod webhooks;
mod write;

pub use database::{Backend, Database, DbConnection};
pub use error::StoreError;
pub use page::{Cursor, Page};
pub use write::{Change, Extent, WriteContext};
