//! Organisation slugs resolved to ids, remembered per process.
//!
//! Every authenticated request names its organisation by slug (the token's `org` claim). A slug never
//! changes and an organisation is never deleted, so a slug's id, once read, is true for ever; but an
//! organisation can be ended (and its tokens must stop working), on any replica. So an entry is
//! trusted for [`FRESH_FOR`] only: a database round trip per organisation every half minute instead of
//! one per request, and an end recorded elsewhere is seen within that time. Only found slugs are
//! remembered, so an organisation registered a moment ago is seen at once.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use uuid::Uuid;

/// How long a remembered organisation (and its end date) is trusted.
pub const FRESH_FOR: Duration = Duration::from_secs(30);

/// What a request needs of its token's organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub id: Uuid,
    /// Its last day, if it has ended or will end.
    pub ends_on: Option<NaiveDate>,
}

/// More organisations than England and Wales have; beyond it the map starts again (a bound on memory
/// if tokens name many organisations, never a correctness question).
const MAX_REMEMBERED: usize = 10_000;

#[derive(Default)]
pub struct OrganisationDirectory {
    known: RwLock<HashMap<String, (Known, Instant)>>,
}

impl OrganisationDirectory {
    pub fn get(&self, slug: &str) -> Option<Known> {
        let known = self.known.read().ok()?;
        let (entry, read_at) = known.get(slug)?;
        (read_at.elapsed() < FRESH_FOR).then_some(*entry)
    }

    pub fn remember(&self, slug: &str, entry: Known) {
        if let Ok(mut known) = self.known.write() {
            if known.len() >= MAX_REMEMBERED {
                known.clear();
            }
            known.insert(slug.to_string(), (entry, Instant::now()));
        }
    }

    /// Forgets every organisation, after one changed here (ended, say), so the next request of each
    /// reads it again. Ends are rare; the reads after one are a few dozen.
    pub fn forget_all(&self) {
        if let Ok(mut known) = self.known.write() {
            known.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_slug_answers_without_the_database_and_an_unknown_one_does_not() {
        let directory = OrganisationDirectory::default();
        let entry = Known { id: Uuid::now_v7(), ends_on: None };
        assert_eq!(directory.get("west-mercia-opcc"), None);
        directory.remember("west-mercia-opcc", entry);
        assert_eq!(directory.get("west-mercia-opcc"), Some(entry));
        assert_eq!(directory.get("warwickshire-opcc"), None);
        directory.forget_all();
        assert_eq!(directory.get("west-mercia-opcc"), None);
    }
}
