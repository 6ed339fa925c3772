//! Boards: the board scope every board record is decided on (owners, serving organisations, public
//! or not), disclosure (FOIA exemption) storage and checks, board views, and the small helpers every
//! board record shares (ids, instants, version bumps, person and office references).

use chrono::NaiveDate;
use domain::access::{is_party, Principal, Resource, ResourceKind, Role};
use domain::boards::{split_sections, BoardKind, Disclosure, MembershipRole, QuorumRule};
use domain::RuleViolation;
use openapi::boards::{Board, BoardName, DisclosureSpec, Membership, TermsOfReference};
use persistence::boards::{self as store, *};
use persistence::registry::{corporation_sole_store, person_store, Versioned};
use persistence::DbConnection;
use uuid::Uuid;

use crate::convert::{instant, optional_uuid, stored, uuid};
use crate::error::ApiError;
use crate::service::save;

pub const KIND: ResourceKind = ResourceKind::Board;

/// A board with the organisations that are its parties (serving its owning corporations sole).
pub struct BoardScope {
    pub board: BoardRow,
    pub parties: Vec<Uuid>,
}

impl BoardScope {
    pub fn load(conn: &mut DbConnection, board_id: &str) -> Result<BoardScope, ApiError> {
        let board = board_store::find(conn, board_id)?.ok_or(ApiError::NotFound)?;
        let parties =
            store::board_party_organisations(conn, board_id)?.iter().map(|id| uuid(id)).collect::<Result<_, _>>()?;
        Ok(BoardScope { board, parties })
    }

    /// The policy's view of one of the board's records: `public` says whether non-parties may see it.
    pub fn resource(&self, kind: ResourceKind, public: bool) -> Resource {
        Resource { kind, owner: None, parties: self.parties.clone(), public }
    }

    /// Whether the principal sees drafts and exempt content: a party organisation or a system admin.
    pub fn insider(&self, principal: &Principal) -> bool {
        principal.has_role(Role::SystemAdmin) || is_party(principal, &self.resource(KIND, false))
    }
}

/// The stored form of a disclosure: (level, sections, reason, intended publication date).
pub fn store_disclosure(spec: &DisclosureSpec) -> (String, String, Option<String>, Option<NaiveDate>) {
    (
        spec.level.as_str().to_string(),
        domain::boards::join_sections(&spec.foi_sections),
        spec.reason.clone(),
        spec.intended_publication_on,
    )
}

pub fn read_disclosure(
    level: &str,
    sections: &str,
    reason: &Option<String>,
    publish_on: Option<NaiveDate>,
) -> Result<DisclosureSpec, ApiError> {
    Ok(DisclosureSpec {
        level: stored(Disclosure::parse(level), "disclosure", level)?,
        foi_sections: split_sections(sections),
        reason: reason.clone(),
        intended_publication_on: publish_on,
    })
}

/// R-PB-02 for a disclosure given at `pointer`.
pub fn check_disclosure(spec: &DisclosureSpec, pointer: &str) -> Vec<RuleViolation> {
    domain::boards::check_disclosure(
        &domain::boards::DisclosureFacts {
            disclosure: spec.level,
            sections: spec.foi_sections.clone(),
            reason: spec.reason.clone(),
            publish_on: spec.intended_publication_on,
        },
        pointer,
    )
}

pub fn check_person(conn: &mut DbConnection, id: Uuid, pointer: &str) -> Result<(), ApiError> {
    person_store::find(conn, &id.to_string())?.ok_or_else(|| ApiError::unknown_reference(pointer, "person"))?;
    Ok(())
}

pub fn check_corporation_sole(conn: &mut DbConnection, id: Uuid, pointer: &str) -> Result<(), ApiError> {
    corporation_sole_store::find(conn, &id.to_string())?
        .ok_or_else(|| ApiError::unknown_reference(pointer, "corporation sole"))?;
    Ok(())
}

/// Moves a parent record to its next version after one of its parts changed.
pub fn touch<R: Versioned>(
    conn: &mut DbConnection,
    row: &mut R,
    update: fn(&mut DbConnection, &R, i64) -> Result<persistence::registry::UpdateOutcome, persistence::StoreError>,
) -> Result<(), ApiError> {
    let current = row.version();
    save(conn, row, current, update)
}

pub fn now() -> chrono::NaiveDateTime {
    persistence::audit::now()
}

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The full representation of a board.
pub fn board_view(conn: &mut DbConnection, row: BoardRow) -> Result<Board, ApiError> {
    let names = store::board_names_of(conn, &row.id)?
        .into_iter()
        .map(|n| BoardName { name: n.name, starts_on: n.starts_on, ends_on: n.ends_on })
        .collect();
    let owners = store::board_owners_of(conn, &row.id)?
        .iter()
        .map(|o| uuid(&o.corporation_sole_id))
        .collect::<Result<_, _>>()?;
    let terms_of_reference = store::board_terms_of(conn, &row.id)?
        .into_iter()
        .map(|t| {
            Ok(TermsOfReference {
                id: uuid(&t.id)?,
                version_label: t.version_label,
                title: t.title,
                uri: t.uri,
                sha256: t.sha256,
                adopted_on: t.adopted_on,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let last_decision_number = last_decision_number(conn, &row.id)?;
    Ok(Board {
        id: uuid(&row.id)?,
        name: row.name,
        names,
        kind: stored(BoardKind::parse(&row.kind), "board kind", &row.kind)?,
        owners,
        parent_board_id: optional_uuid(&row.parent_board_id)?,
        collaboration_id: optional_uuid(&row.collaboration_id)?,
        terms_of_reference,
        quorum_rule: stored(QuorumRule::parse(&row.quorum_rule), "quorum rule", &row.quorum_rule)?,
        quorum_count: row.quorum_count.and_then(|n| u32::try_from(n).ok()),
        last_decision_number,
        public: row.public,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn last_decision_number(conn: &mut DbConnection, board_id: &str) -> Result<i64, ApiError> {
    Ok(persistence::boards::last_decision_number(conn, board_id)?)
}

pub fn membership_view(row: MembershipRow) -> Result<Membership, ApiError> {
    Ok(Membership {
        id: uuid(&row.id)?,
        board_id: uuid(&row.board_id)?,
        person_id: optional_uuid(&row.person_id)?,
        post_id: optional_uuid(&row.post_id)?,
        role: stored(MembershipRole::parse(&row.role), "membership role", &row.role)?,
        corporation_sole_id: optional_uuid(&row.corporation_sole_id)?,
        voting: row.voting,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}
