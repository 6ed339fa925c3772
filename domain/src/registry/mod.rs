//! The registry of who is who: forces, corporations sole, organisations, people, posts,
//! appointments and collaborations.

mod kinds;
mod rules;

pub(crate) use kinds::string_enum;
pub use kinds::*;
pub use rules::*;
