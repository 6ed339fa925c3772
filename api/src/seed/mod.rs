//! Seed data: the demo registry and records from the published governance papers (`demo`) and the
//! generated benchmark data set (`bench`).
//!
//! A module tree of `api`, not a crate of its own: the seed loads its data through the use cases in
//! `crate::service`, and the `governance` binary (in this crate) runs the loaders, so a `seed` crate
//! would depend on `api` while `api`'s binary depends on it, a cycle. Nothing here imports `routes`.

pub mod bench;
pub mod demo;
