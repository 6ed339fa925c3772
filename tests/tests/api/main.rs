//! Integration tests: the real service over HTTP, on SQLite and on PostgreSQL.

mod access_matrix;
mod agreements;
mod audit;
mod auth;
mod boards;
mod checkpoints;
mod concurrency;
mod delegations;
mod demo;
mod errors;
mod events;
mod exempt;
mod federation;
mod fixtures;
mod forward_plan;
mod openapi_contract;
mod preconditions;
mod register;
mod registry;
mod replicas;
mod schema_parity;
mod search;
mod secretary;
mod service;
mod succession;
mod webhooks;
