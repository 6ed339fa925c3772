//! The registry's answers to one change's office questions, each read once.
//!
//! An agreement's composition rules ask which offices its parties are and which offices its forces
//! have: once to check the act (on the act's day) and again to warn in the answer (today). Within
//! the change's transaction only its own writes could alter the answers, and no agreement change
//! writes the registry, so the second asking is answered from the first. Offices of forces are read
//! with their days, so a question about another day needs no second read either.

use chrono::NaiveDate;
use domain::Period;
use persistence::agreements::{self as store, DatedOffice};
use persistence::ids::{CorporationSoleId, ForceId};
use persistence::DbConnection;

use super::{OfficeFact, OfficeFacts};
use crate::error::ApiError;

/// What was asked in this change, and the registry's answer; asked again only with other ids.
#[derive(Default)]
pub struct RememberedOffices {
    named: Vec<(Vec<CorporationSoleId>, Vec<OfficeFact>)>,
    of_forces: Vec<(Vec<ForceId>, Vec<DatedOffice>)>,
}

impl RememberedOffices {
    /// These answers, with `conn` (the change's transaction) asked what they do not hold.
    pub fn with<'a>(&'a mut self, conn: &'a mut DbConnection) -> Remembering<'a> {
        Remembering { remembered: self, conn }
    }
}

pub struct Remembering<'a> {
    remembered: &'a mut RememberedOffices,
    conn: &'a mut DbConnection,
}

impl OfficeFacts for Remembering<'_> {
    fn offices(&mut self, ids: &[CorporationSoleId]) -> Result<Vec<OfficeFact>, ApiError> {
        if let Some((_, found)) = self.remembered.named.iter().find(|(asked, _)| asked == ids) {
            return Ok(found.clone());
        }
        let found = store::offices(self.conn, ids)?;
        self.remembered.named.push((ids.to_vec(), found.clone()));
        Ok(found)
    }

    fn offices_of_forces(&mut self, forces: &[ForceId], day: NaiveDate) -> Result<Vec<OfficeFact>, ApiError> {
        if let Some((_, dated)) = self.remembered.of_forces.iter().find(|(asked, _)| asked == forces) {
            return Ok(existing_on(dated, forces, day));
        }
        let dated = store::dated_offices_of_forces(self.conn, forces)?;
        let found = existing_on(&dated, forces, day);
        self.remembered.of_forces.push((forces.to_vec(), dated));
        Ok(found)
    }
}

/// The offices among `offices` of these forces in existence on `day` (from their first day to their
/// last, open-ended when no end).
pub fn existing_on(offices: &[DatedOffice], forces: &[ForceId], day: NaiveDate) -> Vec<OfficeFact> {
    offices
        .iter()
        .filter(|o| o.force_id.is_some_and(|f| forces.contains(&f)))
        .filter(|o| Period::new(o.starts_on, o.ends_on).contains(day))
        .map(DatedOffice::fact)
        .collect()
}
