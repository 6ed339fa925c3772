//! Forward plan entries for the demo: key decisions of the Cambridgeshire PCC drawn from seed 003's
//! Business Coordination Board papers ("Police and Crime Commissioner's Decisions and Forward
//! Plan"), and the West Mercia and Warwickshire PCCs' decision recorded in PCC/D/2017/05. The seeds
//! give the subjects; the dates of publication, the slip and its reason and the exemption are
//! illustrative (each says so), as the seeds hold no forward plan itself.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::boards::{DecisionTaker, Disclosure, FoiSection, ForwardPlanStatus};
use openapi::boards::DisclosureSpec;
use openapi::forward_plan::{
    ClosingKind, ForwardPlanClosure, ForwardPlanEntryUpdate, ForwardPlanPublication, NewForwardPlanEntry,
};
use persistence::boards::{self as boards_store, BoardId};
use persistence::forward_plan::{self as store, ForwardPlanEntryId};
use persistence::ids::CorporationSoleId;

use super::boards::Keys;
use super::Loader;
use crate::error::ApiError;
use crate::service::forward_plan::{
    close_forward_plan_entry, create_forward_plan_entry, publish_forward_plan_entry, update_forward_plan_entry,
};

fn day(text: &str) -> Result<NaiveDate, ApiError> {
    text.parse().map_err(|_| ApiError::Internal(format!("demo forward plan: bad date {text:?}")))
}

/// One demo entry and what happened to it.
struct Entry<'a> {
    deciders: &'a [&'a str],
    board: Option<&'a str>,
    title: &'a str,
    summary: &'a str,
    intended_on: &'a str,
    documents: &'a [&'a str],
    consultation: Option<&'a str>,
    exempt: Option<&'a str>,
    published_on: &'a str,
    /// (new intended date, reason)
    slip: Option<(&'a str, &'a str)>,
    /// (issuer, reference, closed on)
    closed_by_record: Option<(&'a str, &'a str, &'a str)>,
}

const ENTRIES: &[Entry<'static>] = &[
    Entry {
        deciders: &["cambridgeshire-pcc"],
        board: Some("Business Coordination Board"),
        title: "Restorative justice provision: extension of the delivery partnership with Restorative Solutions CIC",
        summary:
            "Whether to approve the 12-month extension of the delivery partnership with Restorative Solutions CIC \
            until December 2016 (seed 003, Business Coordination Board, item 4). Entry illustrative: the seed records \
            the report, not a forward plan.",
        intended_on: "2015-11-26",
        documents: &["Restorative Justice Provision in Cambridgeshire (report to the Business Coordination Board)"],
        consultation: Some("The Constabulary's Criminal Justice Unit and the Victims' Hub (illustrative)."),
        exempt: None,
        published_on: "2015-10-28",
        slip: None,
        closed_by_record: None,
    },
    Entry {
        deciders: &["cambridgeshire-pcc"],
        board: Some("Business Coordination Board"),
        title: "Melbourn Police Office and Bretton Police Station: termination of the leases",
        summary: "Approval of the termination of the leases of Melbourn Police Office and Bretton Police Station \
            (seed 003, item 14). Exemption illustrative.",
        intended_on: "2015-11-26",
        documents: &["Report of the Commissioner's Director of Estates"],
        consultation: None,
        exempt: Some("Commercial interests of the lease negotiations (illustrative)"),
        published_on: "2015-10-28",
        slip: None,
        closed_by_record: None,
    },
    Entry {
        deciders: &["cambridgeshire-pcc"],
        board: None,
        title: "Medium Term Financial Plan 2016/17 and the precept proposal",
        summary: "The Commissioner's budget for 2016/17 and the precept proposal to the Police and Crime Panel, from \
            the Medium Term Financial Plan update (seed 003, item 10). Dates and slip illustrative.",
        intended_on: "2016-01-27",
        documents: &["Medium Term Financial Plan 2016/17 Budget Update", "Strategic Risk Management report"],
        consultation: Some("Public consultation on the precept; the Police and Crime Panel (illustrative)."),
        exempt: None,
        published_on: "2015-11-26",
        slip: Some(("2016-02-03", "Awaiting the provisional police grant settlement (illustrative).")),
        closed_by_record: None,
    },
    Entry {
        deciders: &["west-mercia-pcc", "warwickshire-pcc"],
        board: None,
        title: "Mobilising Transformational Change",
        summary: "The twin-track approach to transformational change of the West Mercia and Warwickshire alliance, \
            decided in record of decision PCC/D/2017/05. Entry and its dates illustrative.",
        intended_on: "2017-02-15",
        documents: &["Mobilising Transformational Change (report)"],
        consultation: None,
        exempt: None,
        published_on: "2017-01-16",
        slip: None,
        closed_by_record: Some(("west-mercia-pcc", "PCC/D/2017/05", "2017-02-22")),
    },
];

/// Loads the demo forward plan; safe to run again.
pub fn load(loader: &mut Loader, keys: &Keys, boards: &HashMap<String, BoardId>) -> Result<(), ApiError> {
    let platform = super::boards::platform(keys)?;
    let office = |key: &str| -> Result<CorporationSoleId, ApiError> {
        super::parse_id(super::lookup(keys.offices, key, "corporation sole")?).map(CorporationSoleId::from)
    };
    for entry in ENTRIES {
        let deciders = entry.deciders.iter().map(|d| office(d).map(|o| o.uuid())).collect::<Result<Vec<_>, _>>()?;
        let board_id = match entry.board {
            Some(name) => Some(
                boards
                    .get(name)
                    .ok_or_else(|| ApiError::Internal(format!("demo forward plan: no board {name:?}")))?
                    .uuid(),
            ),
            None => None,
        };
        let disclosure = match entry.exempt {
            Some(reason) => DisclosureSpec {
                level: Disclosure::Exempt,
                foi_sections: vec![FoiSection::S43],
                reason: Some(reason.to_string()),
                intended_publication_on: None,
            },
            None => DisclosureSpec::default(),
        };
        let new = NewForwardPlanEntry {
            deciders,
            title: entry.title.to_string(),
            summary: entry.summary.to_string(),
            intended_on: day(entry.intended_on)?,
            taken_by: if board_id.is_some() { DecisionTaker::Board } else { DecisionTaker::Officer },
            board_id,
            consultation: entry.consultation.map(str::to_string),
            documents: entry.documents.iter().map(|d| d.to_string()).collect(),
            disclosure,
        };
        let title = entry.title;
        let id: ForwardPlanEntryId = loader.ensure_typed(
            &platform,
            |c| Ok(store::find_by_title(c, title)?.map(|e| e.id)),
            |tx, principal| create_forward_plan_entry(tx, principal, new),
        )?;
        let published_on = day(entry.published_on)?;
        loader.ensure_typed(
            &platform,
            |c| Ok(store::entry_store::find(c, id)?.filter(|r| r.published_on.is_some()).map(|r| r.id)),
            |tx, principal| {
                let version = store::entry_store::find(tx, id)?.map(|r| r.version).unwrap_or(1);
                publish_forward_plan_entry(
                    tx,
                    principal,
                    id.uuid(),
                    version,
                    ForwardPlanPublication { published_on: Some(published_on) },
                )
            },
        )?;
        if let Some((to, reason)) = entry.slip {
            let to = day(to)?;
            loader.ensure_typed(
                &platform,
                |c| Ok((!store::slips_of(c, id)?.is_empty()).then_some(id)),
                |tx, principal| {
                    let version = store::entry_store::find(tx, id)?.map(|r| r.version).unwrap_or(1);
                    let update = ForwardPlanEntryUpdate {
                        intended_on: Some(to),
                        reason: Some(reason.to_string()),
                        ..ForwardPlanEntryUpdate::default()
                    };
                    update_forward_plan_entry(tx, principal, id.uuid(), version, update)
                },
            )?;
        }
        if let Some((issuer, reference, closed_on)) = entry.closed_by_record {
            let issuer = office(issuer)?;
            let closed_on = day(closed_on)?;
            loader.ensure_typed(
                &platform,
                |c| {
                    Ok(store::entry_store::find(c, id)?.filter(|r| r.status == ForwardPlanStatus::Closed).map(|r| r.id))
                },
                |tx, principal| {
                    let record = boards_store::find_record_by_reference(tx, issuer, reference)?
                        .ok_or_else(|| ApiError::Internal(format!("demo forward plan: no record {reference}")))?;
                    let version = store::entry_store::find(tx, id)?.map(|r| r.version).unwrap_or(1);
                    let closure = ForwardPlanClosure {
                        kind: ClosingKind::RecordOfDecision,
                        target_id: record.id.uuid(),
                        closed_on: Some(closed_on),
                    };
                    close_forward_plan_entry(tx, principal, id.uuid(), version, closure)
                },
            )?;
        }
    }
    Ok(())
}
