//! Integration tests: the real service over HTTP, on SQLite and on PostgreSQL.

mod audit;
mod auth;
mod boards;
mod concurrency;
mod demo;
mod errors;
mod fixtures;
mod openapi_contract;
mod registry;
mod schema_parity;
mod service;
