//! The use cases: one module per capability. A use case takes the transaction (or connection), the
//! principal, typed ids and a typed command, and returns a typed result or an `ApiError`; it knows
//! nothing of HTTP requests or responses. Handlers in `routes` extract, call one use case, respond.

pub mod webhook_targets;
