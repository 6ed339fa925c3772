//! The registry of who is who: forces, corporations sole, organisations, people, posts,
//! appointments and collaborations.

mod kinds;
mod repointing;
mod rules;

pub(crate) use kinds::string_enum;
pub use kinds::*;
pub use repointing::*;
pub use rules::*;
