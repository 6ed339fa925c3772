//! Organisation slugs resolved to ids, remembered per process.
//!
//! Every authenticated request names its organisation by slug (the token's `org` claim). A slug never
//! changes and an organisation is never deleted (it is ended), so a slug's id, once read, is true for
//! ever and on every replica: remembering it saves a database round trip and a blocking-pool hop on
//! each request. Only found slugs are remembered, so an organisation registered a moment ago is seen
//! at once.

use std::collections::HashMap;
use std::sync::RwLock;

use uuid::Uuid;

/// More organisations than England and Wales have; beyond it the map starts again (a bound on memory
/// if tokens name many organisations, never a correctness question).
const MAX_REMEMBERED: usize = 10_000;

#[derive(Default)]
pub struct OrganisationDirectory {
    ids: RwLock<HashMap<String, Uuid>>,
}

impl OrganisationDirectory {
    pub fn get(&self, slug: &str) -> Option<Uuid> {
        self.ids.read().ok()?.get(slug).copied()
    }

    pub fn remember(&self, slug: &str, id: Uuid) {
        if let Ok(mut ids) = self.ids.write() {
            if ids.len() >= MAX_REMEMBERED {
                ids.clear();
            }
            ids.insert(slug.to_string(), id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_slug_answers_without_the_database_and_an_unknown_one_does_not() {
        let directory = OrganisationDirectory::default();
        let id = Uuid::now_v7();
        assert_eq!(directory.get("west-mercia-opcc"), None);
        directory.remember("west-mercia-opcc", id);
        assert_eq!(directory.get("west-mercia-opcc"), Some(id));
        assert_eq!(directory.get("warwickshire-opcc"), None);
    }
}
