//! The governance service: actix-web application, routing, authentication and the `governance`
//! binary's commands.

pub mod app;
pub mod atom;
pub mod auth;
pub mod checkpoints;
pub mod config;
pub mod context;
pub mod convert;
pub mod cors;
pub mod directory;
pub mod edge;
pub mod error;
pub mod extract;
pub mod federation;
pub mod ical;
pub mod limits;
pub mod metrics;
pub mod routes;
pub mod secret_box;
pub mod seed;
pub mod service;
pub mod state;
pub mod webhooks;
pub mod wire;
