//! Boards: the board scope every board record is decided on (owners, serving organisations, public
//! or not), disclosure (FOIA exemption) storage and checks, board views, and the small helpers every
//! board record shares (ids, instants, version bumps, person and office references).

use chrono::NaiveDate;
use domain::access::{is_party, list_scope, Action, Principal, Resource, ResourceKind, Role};
use domain::boards::{
    check_exempt_access_roles, check_owner_change, check_quorum_rule, check_sha256, join_roles, may_see_exempt,
    owners_on, split_roles, split_sections, Disclosure, QuorumRule, DEFAULT_EXEMPT_ACCESS,
};
use domain::rules::{check_period, check_text};
use domain::{Period, RuleViolation};
use openapi::boards::MembershipList;
use openapi::boards::{
    Board, BoardList, BoardName, BoardUpdate, DisclosureSpec, Membership, NewBoard, NewMembership, NewOwnerChange,
    NewTermsOfReference, OwnerChange, TermsOfReference,
};
use persistence::boards::{self as store, *};
use persistence::ids::CorporationSoleId;
use persistence::registry::{
    collaboration_store, corporation_sole_store, person_store, post_store, PageRequest, Versioned,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::{instant, stored};
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Board;

/// A board with the organisations that are its parties (serving its owning corporations sole).
pub struct BoardScope {
    pub board: BoardRow,
    pub parties: Vec<Uuid>,
}

impl BoardScope {
    pub fn load(conn: &mut DbConnection, board_id: BoardId) -> Result<BoardScope, ApiError> {
        let board = board_store::find(conn, board_id)?.ok_or(ApiError::NotFound)?;
        let parties = store::board_party_organisations(conn, board_id)?.into_iter().map(Uuid::from).collect();
        Ok(BoardScope { board, parties })
    }

    /// The policy's view of one of the board's records: `public` says whether non-parties may see it.
    pub fn resource(&self, kind: ResourceKind, public: bool) -> Resource {
        Resource { kind, owner: None, parties: self.parties.clone(), public }
    }

    /// Whether the principal sees the board's working records (drafts, decisions not yet agreed):
    /// a party organisation or a system admin.
    pub fn insider(&self, principal: &Principal) -> bool {
        principal.has_role(Role::SystemAdmin) || is_party(principal, &self.resource(KIND, false))
    }

    /// R-PB-03: whether the principal sees the board's exempt content: in a member organisation,
    /// and a member of the board in person today or holding a role the board grants.
    pub fn sees_exempt(&self, conn: &mut DbConnection, principal: &Principal) -> Result<bool, ApiError> {
        let in_member_organisation = is_party(principal, &self.resource(KIND, false));
        if !in_member_organisation {
            return Ok(false);
        }
        let granted = exempt_access_of(&self.board)?;
        if may_see_exempt(true, &principal.roles, &granted, false) {
            return Ok(true);
        }
        // A member in person: a membership in effect today naming the person, or a post they hold today.
        let board_member = match principal.person_id {
            Some(person) => {
                let today = crate::service::today();
                let posts: Vec<_> = persistence::registry::appointments_of_person_on(conn, person.into(), today)?
                    .iter()
                    .filter_map(|a| a.post_id)
                    .collect();
                store::board_memberships_of(conn, self.board.id)?.iter().any(|m| {
                    let names_them =
                        m.person_id.is_some_and(|p| p == person) || m.post_id.is_some_and(|post| posts.contains(&post));
                    names_them && Period::new(m.starts_on, m.ends_on).contains(today)
                })
            }
            None => false,
        };
        Ok(may_see_exempt(true, &principal.roles, &granted, board_member))
    }
}

/// The roles a board grants exempt access, as stored.
pub fn exempt_access_of(board: &BoardRow) -> Result<Vec<Role>, ApiError> {
    split_roles(&board.exempt_access_roles).map_err(ApiError::Internal)
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
    person_store::find(conn, id.into())?.ok_or_else(|| ApiError::unknown_reference(pointer, "person"))?;
    Ok(())
}

pub fn check_corporation_sole(conn: &mut DbConnection, id: Uuid, pointer: &str) -> Result<(), ApiError> {
    corporation_sole_store::find(conn, id.into())?
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

pub use crate::service::now;

/// The full representation of a board.
pub fn board_view(conn: &mut DbConnection, row: BoardRow) -> Result<Board, ApiError> {
    let parts = persistence::board_sets::BoardParts {
        names: store::board_names_of(conn, row.id)?,
        owners: store::board_owners_of(conn, row.id)?,
        owner_changes: store::board_owner_changes_of(conn, row.id)?,
        terms: store::board_terms_of(conn, row.id)?,
        last_decision_number: last_decision_number(conn, row.id)?,
        board: row,
    };
    board_view_of(parts)
}

/// The full representation of a board read with its parts.
pub fn board_view_of(parts: persistence::board_sets::BoardParts) -> Result<Board, ApiError> {
    let persistence::board_sets::BoardParts { board: row, names, owners, owner_changes, terms, last_decision_number } =
        parts;
    let names =
        names.into_iter().map(|n| BoardName { name: n.name, starts_on: n.starts_on, ends_on: n.ends_on }).collect();
    let owners = owners.iter().map(|o| o.corporation_sole_id.uuid()).collect();
    let owner_changes = owner_changes.into_iter().map(owner_change_view).collect();
    let terms_of_reference = terms
        .into_iter()
        .map(|t| TermsOfReference {
            id: t.id.uuid(),
            version_label: t.version_label,
            title: t.title,
            uri: t.uri,
            sha256: t.sha256,
            adopted_on: t.adopted_on,
        })
        .collect();
    let exempt_access_roles = exempt_access_of(&row)?;
    Ok(Board {
        id: row.id.uuid(),
        name: row.name,
        names,
        kind: row.kind,
        owners,
        owner_changes,
        parent_board_id: row.parent_board_id.map(Uuid::from),
        collaboration_id: row.collaboration_id.map(Uuid::from),
        terms_of_reference,
        quorum_rule: row.quorum_rule,
        quorum_count: row.quorum_count.and_then(|n| u32::try_from(n).ok()),
        last_decision_number,
        public: row.public,
        ends_on: row.ends_on,
        exempt_access_roles,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn last_decision_number(conn: &mut DbConnection, board_id: BoardId) -> Result<i64, ApiError> {
    Ok(persistence::boards::last_decision_number(conn, board_id)?)
}

pub fn membership_view(row: MembershipRow) -> Result<Membership, ApiError> {
    Ok(Membership {
        id: row.id.uuid(),
        board_id: row.board_id.uuid(),
        person_id: row.person_id.map(Uuid::from),
        post_id: row.post_id.map(Uuid::from),
        role: row.role,
        corporation_sole_id: row.corporation_sole_id.map(Uuid::from),
        voting: row.voting,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// The row a new board is stored as: `create_board` and the bulk bench loader both build it here,
/// so the bulk data has the shape the use case gives (trimmed name, kinds as stored).
pub fn board_row(id: BoardId, now: chrono::NaiveDateTime, new: &NewBoard) -> BoardRow {
    BoardRow {
        id,
        name: new.name.trim().to_string(),
        kind: new.kind,
        parent_board_id: new.parent_board_id.map(BoardId::from),
        collaboration_id: new.collaboration_id.map(Into::into),
        quorum_rule: new.quorum_rule,
        quorum_count: new.quorum_count.map(i64::from),
        public: new.public,
        ends_on: None,
        exempt_access_roles: join_roles(new.exempt_access_roles.as_deref().unwrap_or(DEFAULT_EXEMPT_ACCESS)),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// One owning corporation sole of a board (`create_board` and the bulk loader).
pub fn board_owner_row(
    id: BoardOwnerId,
    now: chrono::NaiveDateTime,
    board_id: BoardId,
    corporation_sole_id: CorporationSoleId,
) -> BoardOwnerRow {
    BoardOwnerRow { id, board_id, corporation_sole_id, version: 1, created_at: now, updated_at: now }
}

/// The row a board membership is stored as (`add_board_membership` and the bulk loader).
pub fn membership_row(
    id: MembershipId,
    now: chrono::NaiveDateTime,
    board_id: BoardId,
    new: &NewMembership,
) -> MembershipRow {
    MembershipRow {
        id,
        board_id,
        person_id: new.person_id.map(Into::into),
        post_id: new.post_id.map(Into::into),
        role: new.role,
        corporation_sole_id: new.corporation_sole_id.map(Into::into),
        voting: new.voting,
        starts_on: new.starts_on,
        ends_on: new.ends_on,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// The rules `create_board` checks before storing a board (also run over the bulk bench data).
pub fn check_new_board(new: &NewBoard) -> Vec<RuleViolation> {
    let mut violations = check_text(&new.name, "/name", 200);
    violations.extend(check_quorum_rule(new.quorum_rule, new.quorum_count));
    if new.owners.is_empty() {
        violations.push(RuleViolation::new("required", "/owners", "a board has at least one owning corporation sole"));
    }
    for (n, owner) in new.owners.iter().enumerate() {
        if new.owners[..n].contains(owner) {
            violations.push(RuleViolation::new("duplicate", format!("/owners/{n}"), "named twice"));
        }
    }
    if let Some(roles) = &new.exempt_access_roles {
        violations.extend(check_exempt_access_roles(roles));
    }
    violations
}

pub fn create_board(tx: &mut DbConnection, principal: &Principal, new: NewBoard) -> Result<Change, ApiError> {
    refuse_if_any([check_new_board(&new)])?;
    for (n, owner) in new.owners.iter().enumerate() {
        check_corporation_sole(tx, *owner, &format!("/owners/{n}"))?;
    }
    if let Some(parent) = new.parent_board_id {
        board_store::find(tx, parent.into())?
            .ok_or_else(|| ApiError::unknown_reference("/parent_board_id", "board"))?;
    }
    if let Some(collaboration) = new.collaboration_id {
        collaboration_store::find(tx, collaboration.into())?
            .ok_or_else(|| ApiError::unknown_reference("/collaboration_id", "collaboration"))?;
    }
    let now = now();
    let row = board_row(BoardId::generate(), now, &new);
    board_store::insert(tx, &row)?;
    for owner in &new.owners {
        board_owner_store::insert(tx, &board_owner_row(BoardOwnerId::generate(), now, row.id, (*owner).into()))?;
    }
    // The policy decides once the owners (and so the parties) are known; a refusal rolls back.
    let scope = BoardScope::load(tx, row.id)?;
    allow(principal, Action::Create, &scope.resource(KIND, true))?;
    board_name_store::insert(
        tx,
        &BoardNameRow {
            id: BoardNameId::generate(),
            board_id: row.id,
            name: row.name.clone(),
            starts_on: new.established_on,
            ends_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    store::start_decision_sequence(tx, row.id)?;
    let location = format!("{LOCATION_PREFIX}/boards/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &board_view(tx, row)?, Some(location))
}

pub fn update_board(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: BoardUpdate,
) -> Result<Change, ApiError> {
    let BoardScope { mut board, parties } = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Update, &Resource { kind: KIND, owner: None, parties, public: board.public })?;
    check_version(&board, expected)?;
    if let Some(name) = &patch.name {
        refuse_if_any([check_text(name, "/name", 200)])?;
        let renamed_on = patch.renamed_on.ok_or_else(|| {
            ApiError::Rules(vec![RuleViolation::new(
                "required",
                "/renamed_on",
                "give the day the new name took effect",
            )])
        })?;
        let mut names = store::board_names_of(tx, board.id)?;
        if let Some(current) = names.iter_mut().rev().find(|n| n.ends_on.is_none()) {
            let ends_on = renamed_on.pred_opt().unwrap_or(renamed_on);
            refuse_if_any([check_period(&Period::new(current.starts_on, Some(ends_on)), "/renamed_on")])?;
            current.ends_on = Some(ends_on);
            let v = current.version();
            save(tx, current, v, board_name_store::update_versioned)?;
        }
        let now = now();
        board_name_store::insert(
            tx,
            &BoardNameRow {
                id: BoardNameId::generate(),
                board_id: board.id,
                name: name.trim().to_string(),
                starts_on: renamed_on,
                ends_on: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        board.name = name.trim().to_string();
    }
    if let Some(public) = patch.public {
        board.public = public;
    }
    if let Some(roles) = &patch.exempt_access_roles {
        refuse_if_any([check_exempt_access_roles(roles)])?;
        board.exempt_access_roles = join_roles(roles);
    }
    if patch.quorum_rule.is_some() || patch.quorum_count.is_some() {
        let rule = match patch.quorum_rule {
            Some(rule) => rule,
            None => board.quorum_rule,
        };
        let count = patch.quorum_count.or_else(|| {
            if rule == QuorumRule::VotingMembers {
                board.quorum_count.and_then(|n| u32::try_from(n).ok())
            } else {
                None
            }
        });
        refuse_if_any([check_quorum_rule(rule, count)])?;
        board.quorum_rule = rule;
        board.quorum_count = count.map(i64::from);
    }
    save(tx, &mut board, expected, board_store::update_versioned)?;
    versioned_change("update", KIND, board.id, board.version, &board_view(tx, board)?, None)
}

pub fn add_board_terms_of_reference(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewTermsOfReference,
) -> Result<Change, ApiError> {
    let BoardScope { mut board, parties } = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Update, &Resource { kind: KIND, owner: None, parties, public: board.public })?;
    refuse_if_any([
        check_text(&new.version_label, "/version_label", 40),
        check_text(&new.title, "/title", 300),
        check_text(&new.uri, "/uri", 2000),
        check_sha256(&new.sha256, "/sha256"),
    ])?;
    let now = now();
    board_terms_store::insert(
        tx,
        &BoardTermsRow {
            id: BoardTermsId::generate(),
            board_id: board.id,
            version_label: new.version_label,
            title: new.title,
            uri: new.uri,
            sha256: new.sha256,
            adopted_on: new.adopted_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    touch(tx, &mut board, board_store::update_versioned)?;
    let location = format!("{LOCATION_PREFIX}/boards/{}", board.id);
    versioned_change("add_terms_of_reference", KIND, board.id, board.version, &board_view(tx, board)?, Some(location))
}

pub fn add_board_membership(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewMembership,
) -> Result<Change, ApiError> {
    let scope = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Update, &scope.resource(KIND, scope.board.public))?;
    refuse_if_any([check_period(&Period::new(new.starts_on, new.ends_on), "")])?;
    match (new.person_id, new.post_id) {
        (Some(person), None) => check_person(tx, person, "/person_id")?,
        (None, Some(post)) => {
            post_store::find(tx, post.into())?.ok_or_else(|| ApiError::unknown_reference("/post_id", "post"))?;
        }
        _ => {
            return Err(ApiError::Rules(vec![RuleViolation::new(
                "membership.holder",
                "/person_id",
                "give exactly one of person_id and post_id",
            )]))
        }
    }
    if let Some(cs) = new.corporation_sole_id {
        check_corporation_sole(tx, cs, "/corporation_sole_id")?;
    }
    let row = membership_row(MembershipId::generate(), now(), scope.board.id, &new);
    membership_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/boards/{id}/memberships/{}", row.id);
    versioned_change(
        "create",
        ResourceKind::BoardMembership,
        row.id,
        row.version,
        &membership_view(row)?,
        Some(location),
    )
}

pub fn list_boards(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: BoardFilter,
) -> Result<BoardList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_boards(conn, scope, &filter, &page)?;
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        items.push(board_view(conn, row)?);
    }
    Ok(BoardList { items, next_cursor: encode_cursor(page.next_cursor) })
}

/// A board, with its owners on `as_of` (read back through the later owner changes) when given.
pub fn get_board(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    as_of: Option<NaiveDate>,
) -> Result<Board, ApiError> {
    let scope = BoardScope::load(conn, id.into())?;
    allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
    let board_id = scope.board.id;
    let mut board = board_view(conn, scope.board)?;
    if let Some(day) = as_of {
        board.owners = board_owners_on(conn, board_id, day)?.into_iter().map(CorporationSoleId::uuid).collect();
    }
    Ok(board)
}

fn owner_change_view(row: BoardOwnerChangeRow) -> OwnerChange {
    OwnerChange {
        id: row.id.uuid(),
        from_owner_id: row.from_owner_id.map(Uuid::from),
        to_owner_id: row.to_owner_id.map(Uuid::from),
        effective_on: row.effective_on,
        reason: row.reason,
        transfer_order_id: row.transfer_order_id.map(Uuid::from),
        recorded_at: instant(row.created_at),
    }
}

/// The owners of a board on `day`: those now, read back through the changes after it.
pub fn board_owners_on(
    conn: &mut DbConnection,
    board_id: BoardId,
    day: NaiveDate,
) -> Result<Vec<CorporationSoleId>, ApiError> {
    let now: Vec<Uuid> = store::board_owners_of(conn, board_id)?.iter().map(|o| o.corporation_sole_id.uuid()).collect();
    let changes: Vec<_> = store::board_owner_changes_of(conn, board_id)?
        .into_iter()
        .map(|c| domain::boards::OwnerChange {
            from: c.from_owner_id.map(Uuid::from),
            to: c.to_owner_id.map(Uuid::from),
            effective_on: c.effective_on,
        })
        .collect();
    Ok(owners_on(&now, &changes, day).into_iter().map(CorporationSoleId::from).collect())
}

/// Records a dated change of a board's owners (an office replaced by its successor, added or
/// removed) and applies it to the owners now; `transfer_order` names the order that made it.
pub fn record_owner_change(
    tx: &mut DbConnection,
    board: &BoardRow,
    new: &NewOwnerChange,
    transfer_order: Option<persistence::ids::TransferOrderId>,
    today: Option<NaiveDate>,
) -> Result<(), ApiError> {
    let owners = store::board_owners_of(tx, board.id)?;
    let changes = store::board_owner_changes_of(tx, board.id)?;
    let names = store::board_names_of(tx, board.id)?;
    let rows = owner_change_rows(board.id, &owners, &changes, &names, new, transfer_order, today)?;
    if let Some(to) = new.to_owner_id {
        check_corporation_sole(tx, to, "/to_owner_id")?;
    }
    if let Some(removed) = rows.removed {
        store::delete_board_owner(tx, removed)?;
    }
    if let Some(added) = &rows.added {
        board_owner_store::insert(tx, added)?;
    }
    board_owner_change_store::insert(tx, &rows.change)?;
    Ok(())
}

/// What an owner change writes: the owner it removes, the one it adds, and its dated record.
pub struct OwnerChangeRows {
    pub removed: Option<BoardOwnerId>,
    pub added: Option<BoardOwnerRow>,
    pub change: BoardOwnerChangeRow,
}

/// The rows of an owner change of the board with these owners, changes and names, refused
/// (R-PB-03's checks) as `check_owner_change` judges it.
pub fn owner_change_rows(
    board_id: BoardId,
    owners: &[BoardOwnerRow],
    changes: &[BoardOwnerChangeRow],
    names: &[BoardNameRow],
    new: &NewOwnerChange,
    transfer_order: Option<persistence::ids::TransferOrderId>,
    today: Option<NaiveDate>,
) -> Result<OwnerChangeRows, ApiError> {
    let current: Vec<Uuid> = owners.iter().map(|o| o.corporation_sole_id.uuid()).collect();
    let established_on = names.iter().map(|n| n.starts_on).min();
    let change =
        domain::boards::OwnerChange { from: new.from_owner_id, to: new.to_owner_id, effective_on: new.effective_on };
    refuse_if_any([
        check_text(&new.reason, "/reason", 500),
        check_owner_change(&current, &change, established_on, changes.iter().map(|c| c.effective_on).max(), today),
    ])?;
    let now = now();
    let removed = new
        .from_owner_id
        .and_then(|from| owners.iter().find(|o| o.corporation_sole_id.uuid() == from))
        .map(|owner| owner.id);
    let added = new.to_owner_id.map(|to| board_owner_row(BoardOwnerId::generate(), now, board_id, to.into()));
    let change = BoardOwnerChangeRow {
        id: BoardOwnerChangeId::generate(),
        board_id,
        from_owner_id: new.from_owner_id.map(Into::into),
        to_owner_id: new.to_owner_id.map(Into::into),
        effective_on: new.effective_on,
        reason: new.reason.trim().to_string(),
        transfer_order_id: transfer_order,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    Ok(OwnerChangeRows { removed, added, change })
}

/// `POST /boards/{id}/owner-changes`: the board with its owners changed from the day given.
pub fn change_board_owners(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewOwnerChange,
) -> Result<Change, ApiError> {
    let BoardScope { mut board, parties } = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Update, &Resource { kind: KIND, owner: None, parties, public: board.public })?;
    check_version(&board, expected)?;
    record_owner_change(tx, &board, &new, None, Some(crate::service::today()))?;
    save(tx, &mut board, expected, board_store::update_versioned)?;
    let (board_id, version) = (board.id, board.version);
    versioned_change("change_owners", KIND, board_id, version, &board_view(tx, board)?, None)
}

pub fn list_board_memberships(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    as_of: Option<NaiveDate>,
    page: PageRequest,
) -> Result<MembershipList, ApiError> {
    let scope = BoardScope::load(conn, id.into())?;
    allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
    let page = store::list_memberships(conn, scope.board.id, as_of, &page)?;
    let items = page.items.into_iter().map(membership_view).collect::<Result<_, _>>()?;
    Ok(MembershipList { items, next_cursor: encode_cursor(page.next_cursor) })
}

pub fn get_board_calendar(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<String, ApiError> {
    let scope = BoardScope::load(conn, id.into())?;
    allow(principal, Action::Read, &scope.resource(ResourceKind::Meeting, scope.board.public))?;
    let meetings = store::meetings_by_start(conn, scope.board.id)?;
    let events = meetings
        .iter()
        .map(|m| crate::ical::Event {
            uid: format!("{}@governance", m.id),
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            all_day: !m.start_time_recorded,
            summary: scope.board.name.clone(),
            location: m.venue.clone(),
            cancelled: !m.status.takes_business(),
            stamp: m.updated_at,
            sequence: m.version,
        })
        .collect::<Vec<_>>();
    Ok(crate::ical::calendar(&scope.board.name, &events))
}

/// Ends a membership of a board on `ends_on`.
pub fn end_board_membership(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    membership_id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let scope = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Update, &scope.resource(KIND, scope.board.public))?;
    let mut row = membership_store::find(tx, membership_id.into())?
        .filter(|m| m.board_id == scope.board.id)
        .ok_or(ApiError::NotFound)?;
    refuse_if_any([check_period(&Period::new(row.starts_on, Some(ends_on)), "")])?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, membership_store::update_versioned)?;
    versioned_change("end", ResourceKind::BoardMembership, row.id, row.version, &membership_view(row)?, None)
}
