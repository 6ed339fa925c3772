//! Section 22A collaboration agreements (Police Act 1996, ss 22A-23I): vocabularies, the
//! lifecycle state machine and the statute's rules (DOMAIN.md section 2), as pure functions.

mod as_of;
mod kinds;
mod lifecycle;
mod rules;
mod seats;

pub use as_of::*;
pub use kinds::*;
pub use lifecycle::*;
pub use rules::*;
pub use seats::*;
