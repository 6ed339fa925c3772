//! Repositories for boards, meetings, minutes, actions, decisions and records of decision.
//! Rows and their common operations come from the shared macros in `repo`; visibility of lists is
//! decided in SQL by [`crate::visibility`] from the access policy's [`ListScope`]: a board's parties
//! are the organisations serving its owning corporations sole.

use diesel::prelude::*;
use domain::access::ListScope;
use domain::boards::{
    ActionStatus, AttendanceKind, BoardKind, DecisionOutcome, LinkKind, MeetingStatus, MembershipRole, MinutesStatus,
    OfficerRole, QuorumRule, RecordStatus,
};

pub use crate::ids::{
    ActionId, ActionOwnerId, ActionUpdateId, AgendaItemId, AttendanceId, BoardId, BoardNameId, BoardOwnerChangeId,
    BoardOwnerId, BoardTermsId, CorrectionId, DecisionApprovalId, DecisionApproverId, DecisionId, DecisionTextId,
    DeclarationId, MeetingChairId, MeetingId, MembershipId, MinuteEntryId, MinuteSignatureId, MinutesId, PaperId,
    RecordDeciderId, RecordId, RecordLinkId, RecordOfficerApprovalId, RecordProposalId, RecordSignatureId,
    RecordTextId, ReferenceSchemeId,
};
use crate::ids::{CollaborationId, CorporationSoleId, InterestEntryId, OrganisationId, PersonId, PostId};
use crate::repository::{
    contains_pattern, lower, page_of, paginate, row, versioned_repository, windowed, PageRequest, Window,
};
use crate::schema::*;
use crate::visibility;
use crate::{Cursor, DbConnection, Page, StoreError};

type Date = chrono::NaiveDate;

row!(BoardRow(BoardId) => boards { name: String, #[diesel(serialize_as = String, deserialize_as = String)] kind: BoardKind, parent_board_id: Option<BoardId>, collaboration_id: Option<CollaborationId>, #[diesel(serialize_as = String, deserialize_as = String)] quorum_rule: QuorumRule, quorum_count: Option<i64>, public: bool, ends_on: Option<Date>, exempt_access_roles: String });
row!(BoardNameRow(BoardNameId) => board_names { board_id: BoardId, name: String, starts_on: Date, ends_on: Option<Date> });
row!(BoardOwnerRow(BoardOwnerId) => board_owners { board_id: BoardId, corporation_sole_id: CorporationSoleId });
row!(BoardOwnerChangeRow(BoardOwnerChangeId) => board_owner_changes {
    board_id: BoardId,
    /// The owner that ceased (none when an owner was added).
    from_owner_id: Option<CorporationSoleId>,
    /// The owner from `effective_on` (none when an owner was removed).
    to_owner_id: Option<CorporationSoleId>,
    effective_on: chrono::NaiveDate,
    reason: String,
    transfer_order_id: Option<crate::ids::TransferOrderId>,
});
row!(BoardTermsRow(BoardTermsId) => board_terms { board_id: BoardId, version_label: String, title: String, uri: String, sha256: String, adopted_on: Date });
row!(MembershipRow(MembershipId) => board_memberships { board_id: BoardId, person_id: Option<PersonId>, post_id: Option<PostId>, #[diesel(serialize_as = String, deserialize_as = String)] role: MembershipRole, corporation_sole_id: Option<CorporationSoleId>, voting: bool, starts_on: Date, ends_on: Option<Date> });
row!(MeetingRow(MeetingId) => meetings { board_id: BoardId, starts_at: chrono::NaiveDateTime, ends_at: Option<chrono::NaiveDateTime>, venue: String, #[diesel(serialize_as = String, deserialize_as = String)] status: MeetingStatus, minute_taker_person_id: Option<PersonId>, next_meeting_id: Option<MeetingId>, next_meeting_note: Option<String>, start_time_recorded: bool });
row!(MeetingChairRow(MeetingChairId) => meeting_chairs { meeting_id: MeetingId, person_id: PersonId });
row!(AttendanceRow(AttendanceId) => attendance { meeting_id: MeetingId, person_id: PersonId, #[diesel(serialize_as = String, deserialize_as = String)] kind: AttendanceKind, capacity: String, corporation_sole_id: Option<CorporationSoleId>, voting: bool });
row!(AgendaItemRow(AgendaItemId) => agenda_items { meeting_id: MeetingId, label: String, position: i64, title: String, presenter: Option<String>, standing_item: Option<String>, disclosure: String, foi_sections: String, exemption_reason: Option<String>, intended_publication_on: Option<Date>, title_withheld: bool });
row!(PaperRow(PaperId) => agenda_papers { agenda_item_id: AgendaItemId, title: String, version_label: String, uri: String, sha256: String, dated_on: Date, disclosure: String, foi_sections: String, exemption_reason: Option<String>, intended_publication_on: Option<Date> });
row!(DeclarationRow(DeclarationId) => declarations { meeting_id: MeetingId, agenda_item_id: Option<AgendaItemId>, person_id: PersonId, interest: String, withdrew: bool, register_entry_id: Option<InterestEntryId> });
row!(MinutesRow(MinutesId) => minutes { meeting_id: MeetingId, revision: i64, #[diesel(serialize_as = String, deserialize_as = String)] status: MinutesStatus, approved_at_meeting_id: Option<MeetingId>, amendments: Option<String>, published_on: Option<Date>, published_url: Option<String> });
row!(MinuteEntryRow(MinuteEntryId) => minute_entries { minutes_id: MinutesId, agenda_item_id: AgendaItemId, text: String, outcome: Option<String> });
row!(MinuteSignatureRow(MinuteSignatureId) => minute_signatures { minutes_id: MinutesId, person_id: PersonId, capacity: String, signed_on: Date });
row!(ActionRow(ActionId) => board_actions { meeting_id: MeetingId, board_id: BoardId, agenda_item_id: Option<AgendaItemId>, label: Option<String>, text: String, due_on: Option<Date>, #[diesel(serialize_as = String, deserialize_as = String)] status: ActionStatus, closed_on: Option<Date> });
row!(ActionOwnerRow(ActionOwnerId) => action_owners { action_id: ActionId, person_id: Option<PersonId>, post_id: Option<PostId> });
row!(ActionUpdateRow(ActionUpdateId) => action_updates { action_id: ActionId, dated_on: Date, text: String });
row!(DecisionRow(DecisionId) => decisions { board_id: BoardId, number: i64, meeting_id: MeetingId, agenda_item_id: Option<AgendaItemId>, #[diesel(serialize_as = String, deserialize_as = String)] outcome: DecisionOutcome, owner: Option<String>, owner_person_id: Option<PersonId>, disclosure: String, foi_sections: String, exemption_reason: Option<String>, intended_publication_on: Option<Date>, agreed_on: Option<Date>, paper_number: Option<String>, evidence_sha256: Option<String>, evidence_locator: Option<String>, evidence_uri: Option<String>, voided_on: Option<Date> });
row!(DecisionTextRow(DecisionTextId) => decision_texts { decision_id: DecisionId, subject: String, recommendation: Option<String>, options_considered: Option<String>, conditions: Option<String> });
row!(DecisionApproverRow(DecisionApproverId) => decision_approvers { decision_id: DecisionId, corporation_sole_id: CorporationSoleId });
row!(DecisionApprovalRow(DecisionApprovalId) => decision_approvals { decision_id: DecisionId, corporation_sole_id: CorporationSoleId, person_id: Option<PersonId>, capacity: String, approved_on: Date, raw_text: Option<String>, recorded_by: String, evidence_sha256: Option<String>, evidence_locator: Option<String>, evidence_uri: Option<String> });
// The corrected record's id is of any kind (`resource_type` says which), as in the audit chain.
row!(CorrectionRow(CorrectionId) => corrections { resource_type: String, resource_id: String, field: String, previous: String, corrected: String, reason: String, corrected_on: Date, recorded_by: String });
row!(ReferenceSchemeRow(ReferenceSchemeId) => reference_schemes { corporation_sole_id: CorporationSoleId, pattern: String });
row!(RecordRow(RecordId) => records_of_decision { issuing_corporation_sole_id: CorporationSoleId, reference: String, title: String, summary: String, part2_foi_sections: String, part2_reason: Option<String>, significant_public_interest: bool, #[diesel(serialize_as = String, deserialize_as = String)] status: RecordStatus, decided_on: Option<Date>, published_on: Option<Date>, published_url: Option<String> });
row!(RecordTextRow(RecordTextId) => record_texts { record_id: RecordId, financial_comments: Option<String>, legal_comments: Option<String>, part2_text: Option<String> });
row!(RecordProposalRow(RecordProposalId) => record_proposals { record_id: RecordId, position: i64, text: String });
row!(RecordDeciderRow(RecordDeciderId) => record_deciders { record_id: RecordId, corporation_sole_id: CorporationSoleId, declaration: Option<String> });
row!(RecordSignatureRow(RecordSignatureId) => record_signatures { record_id: RecordId, corporation_sole_id: CorporationSoleId, person_id: Option<PersonId>, signed_name: String, capacity: String, signed_on: Option<Date>, recorded_by: String, evidence_sha256: Option<String>, evidence_locator: Option<String>, evidence_uri: Option<String> });
row!(RecordOfficerApprovalRow(RecordOfficerApprovalId) => record_officer_approvals { record_id: RecordId, #[diesel(serialize_as = String, deserialize_as = String)] role: OfficerRole, person_id: Option<PersonId>, name: String, approved_on: Date });
// The linked record's id is of the kind `kind` names (a decision, a record, an agreement...).
row!(RecordLinkRow(RecordLinkId) => record_links { record_id: RecordId, #[diesel(serialize_as = String, deserialize_as = String)] kind: LinkKind, target_id: String, note: Option<String> });

versioned_repository!(board_store, boards, BoardRow, BoardId);
versioned_repository!(board_name_store, board_names, BoardNameRow, BoardNameId);
versioned_repository!(board_owner_store, board_owners, BoardOwnerRow, BoardOwnerId);
versioned_repository!(board_owner_change_store, board_owner_changes, BoardOwnerChangeRow, BoardOwnerChangeId);
versioned_repository!(board_terms_store, board_terms, BoardTermsRow, BoardTermsId);
versioned_repository!(membership_store, board_memberships, MembershipRow, MembershipId);
versioned_repository!(meeting_store, meetings, MeetingRow, MeetingId);
versioned_repository!(meeting_chair_store, meeting_chairs, MeetingChairRow, MeetingChairId);
versioned_repository!(attendance_store, attendance, AttendanceRow, AttendanceId);
versioned_repository!(agenda_item_store, agenda_items, AgendaItemRow, AgendaItemId);
versioned_repository!(paper_store, agenda_papers, PaperRow, PaperId);
versioned_repository!(declaration_store, declarations, DeclarationRow, DeclarationId);
versioned_repository!(minutes_store, minutes, MinutesRow, MinutesId);
versioned_repository!(minute_entry_store, minute_entries, MinuteEntryRow, MinuteEntryId);
versioned_repository!(minute_signature_store, minute_signatures, MinuteSignatureRow, MinuteSignatureId);
versioned_repository!(action_store, board_actions, ActionRow, ActionId);
versioned_repository!(action_owner_store, action_owners, ActionOwnerRow, ActionOwnerId);
versioned_repository!(action_update_store, action_updates, ActionUpdateRow, ActionUpdateId);
versioned_repository!(decision_store, decisions, DecisionRow, DecisionId);
versioned_repository!(decision_text_store, decision_texts, DecisionTextRow, DecisionTextId);
versioned_repository!(decision_approver_store, decision_approvers, DecisionApproverRow, DecisionApproverId);
versioned_repository!(decision_approval_store, decision_approvals, DecisionApprovalRow, DecisionApprovalId);
versioned_repository!(correction_store, corrections, CorrectionRow, CorrectionId);
versioned_repository!(reference_scheme_store, reference_schemes, ReferenceSchemeRow, ReferenceSchemeId);
versioned_repository!(record_store, records_of_decision, RecordRow, RecordId);
versioned_repository!(record_text_store, record_texts, RecordTextRow, RecordTextId);
versioned_repository!(record_proposal_store, record_proposals, RecordProposalRow, RecordProposalId);
versioned_repository!(record_decider_store, record_deciders, RecordDeciderRow, RecordDeciderId);
versioned_repository!(record_signature_store, record_signatures, RecordSignatureRow, RecordSignatureId);
versioned_repository!(
    record_officer_approval_store,
    record_officer_approvals,
    RecordOfficerApprovalRow,
    RecordOfficerApprovalId
);
versioned_repository!(record_link_store, record_links, RecordLinkRow, RecordLinkId);

/// A parent's child rows, in id (creation) order.
macro_rules! children_of {
    ($name:ident, $table:ident, $row:ident, $parent:ident: $parent_id:ty) => {
        pub fn $name(conn: &mut DbConnection, parent_id: $parent_id) -> Result<Vec<$row>, StoreError> {
            Ok($table::table
                .filter($table::$parent.eq(parent_id))
                .select($row::as_select())
                .order($table::id.asc())
                .load(conn)?)
        }
    };
}

/// The child rows of many parents in one query (for a page of parents), in id order.
macro_rules! children_of_each {
    ($name:ident, $table:ident, $row:ident, $parent:ident: $parent_id:ty) => {
        pub fn $name(conn: &mut DbConnection, parent_ids: &[$parent_id]) -> Result<Vec<$row>, StoreError> {
            if parent_ids.is_empty() {
                return Ok(Vec::new());
            }
            Ok($table::table
                .filter($table::$parent.eq_any(parent_ids))
                .select($row::as_select())
                .order($table::id.asc())
                .load(conn)?)
        }
    };
}

/// (id, start) of the given meetings: what a page of decisions shows of each decision's meeting.
pub fn meeting_starts(
    conn: &mut DbConnection,
    ids: &[MeetingId],
) -> Result<Vec<(MeetingId, chrono::NaiveDateTime)>, StoreError> {
    Ok(meetings::table.filter(meetings::id.eq_any(ids)).select((meetings::id, meetings::starts_at)).load(conn)?)
}

/// (id, label) of the given agenda items: what a page of decisions shows of each decision's item.
pub fn agenda_item_labels(
    conn: &mut DbConnection,
    ids: &[AgendaItemId],
) -> Result<Vec<(AgendaItemId, String)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(agenda_items::table
        .filter(agenda_items::id.eq_any(ids))
        .select((agenda_items::id, agenda_items::label))
        .load(conn)?)
}

// Corrections name their record as text (of any kind), as the audit chain does.
children_of_each!(corrections_of_each, corrections, CorrectionRow, resource_id: String);
children_of_each!(action_owners_of_each, action_owners, ActionOwnerRow, action_id: ActionId);
children_of_each!(action_updates_of_each, action_updates, ActionUpdateRow, action_id: ActionId);
children_of_each!(decision_texts_of_each, decision_texts, DecisionTextRow, decision_id: DecisionId);
children_of_each!(decision_approvers_of_each, decision_approvers, DecisionApproverRow, decision_id: DecisionId);
children_of_each!(decision_approvals_of_each, decision_approvals, DecisionApprovalRow, decision_id: DecisionId);

children_of!(board_names_of, board_names, BoardNameRow, board_id: BoardId);
children_of!(board_owners_of, board_owners, BoardOwnerRow, board_id: BoardId);
children_of!(board_owner_changes_of, board_owner_changes, BoardOwnerChangeRow, board_id: BoardId);
children_of!(board_terms_of, board_terms, BoardTermsRow, board_id: BoardId);
children_of!(board_memberships_of, board_memberships, MembershipRow, board_id: BoardId);
children_of!(meeting_chairs_of, meeting_chairs, MeetingChairRow, meeting_id: MeetingId);
children_of!(attendance_of, attendance, AttendanceRow, meeting_id: MeetingId);
children_of!(declarations_of, declarations, DeclarationRow, meeting_id: MeetingId);
children_of!(minutes_of, minutes, MinutesRow, meeting_id: MeetingId);
children_of!(minute_entries_of, minute_entries, MinuteEntryRow, minutes_id: MinutesId);
children_of!(minute_signatures_of, minute_signatures, MinuteSignatureRow, minutes_id: MinutesId);
children_of!(record_texts_of, record_texts, RecordTextRow, record_id: RecordId);
children_of!(decision_approvers_of, decision_approvers, DecisionApproverRow, decision_id: DecisionId);
children_of!(decision_approvals_of, decision_approvals, DecisionApprovalRow, decision_id: DecisionId);
children_of!(record_proposals_of, record_proposals, RecordProposalRow, record_id: RecordId);
children_of!(record_deciders_of, record_deciders, RecordDeciderRow, record_id: RecordId);
children_of!(record_signatures_of, record_signatures, RecordSignatureRow, record_id: RecordId);
children_of!(record_officer_approvals_of, record_officer_approvals, RecordOfficerApprovalRow, record_id: RecordId);
children_of!(record_links_of, record_links, RecordLinkRow, record_id: RecordId);
children_of!(agenda_papers_of, agenda_papers, PaperRow, agenda_item_id: AgendaItemId);

/// The organisations that are parties to a board: those serving its owning corporations sole.
pub fn board_party_organisations(
    conn: &mut DbConnection,
    board_id: BoardId,
) -> Result<Vec<OrganisationId>, StoreError> {
    let owners = board_owners::table
        .filter(board_owners::board_id.eq(board_id))
        .select(board_owners::corporation_sole_id.nullable());
    Ok(organisations::table
        .filter(organisations::corporation_sole_id.eq_any(owners))
        .select(organisations::id)
        .order(organisations::id.asc())
        .load(conn)?)
}

#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub owner_corporation_sole_id: Option<CorporationSoleId>,
    pub collaboration_id: Option<CollaborationId>,
    pub parent_board_id: Option<BoardId>,
    pub q: Option<String>,
}

pub fn list_boards(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &BoardFilter,
    page: &PageRequest,
) -> Result<Page<BoardRow>, StoreError> {
    let mut query =
        visibility::restrict(boards::table.select(BoardRow::as_select()).into_boxed(), visibility::boards(scope));
    if let Some(cs) = &filter.owner_corporation_sole_id {
        let owned =
            board_owners::table.filter(board_owners::corporation_sole_id.eq(*cs)).select(board_owners::board_id);
        query = query.filter(boards::id.eq_any(owned));
    }
    if let Some(collaboration) = &filter.collaboration_id {
        query = query.filter(boards::collaboration_id.eq(*collaboration));
    }
    if let Some(parent) = &filter.parent_board_id {
        query = query.filter(boards::parent_board_id.eq(*parent));
    }
    if let Some(q) = &filter.q {
        query = query.filter(lower(boards::name).like(contains_pattern(q)).escape('\\'));
    }
    let rows = paginate!(query, boards, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Starts a board's decision sequence at zero (with the board, in the same transaction).
pub fn start_decision_sequence(conn: &mut DbConnection, board_id: BoardId) -> Result<(), StoreError> {
    diesel::insert_into(decision_sequences::table)
        .values((decision_sequences::board_id.eq(board_id), decision_sequences::last_number.eq(0_i64)))
        .execute(conn)?;
    Ok(())
}

/// Takes the next decision number of a board. The UPDATE locks the board's counter row until the
/// transaction ends, so concurrent writers are serialised on it and never see the same number;
/// a rolled-back transaction gives its number back, a committed one never reuses it.
pub fn next_decision_number(conn: &mut DbConnection, board_id: BoardId) -> Result<i64, StoreError> {
    let updated = diesel::update(decision_sequences::table.find(board_id))
        .set(decision_sequences::last_number.eq(decision_sequences::last_number + 1_i64))
        .execute(conn)?;
    if updated != 1 {
        return Err(StoreError::Database(diesel::result::Error::NotFound));
    }
    Ok(decision_sequences::table.find(board_id).select(decision_sequences::last_number).first(conn)?)
}

/// A board's memberships in keyset (id) order, those in effect on `as_of` if given.
pub fn list_memberships(
    conn: &mut DbConnection,
    board_id: BoardId,
    as_of: Option<chrono::NaiveDate>,
    page: &PageRequest,
) -> Result<Page<MembershipRow>, StoreError> {
    let mut query = board_memberships::table
        .filter(board_memberships::board_id.eq(board_id))
        .select(MembershipRow::as_select())
        .into_boxed();
    crate::repository::in_effect_on!(query, board_memberships, as_of);
    let rows = paginate!(query, board_memberships, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Meetings of a board in keyset (id) order.
pub fn list_meetings(
    conn: &mut DbConnection,
    board_id: BoardId,
    page: &PageRequest,
) -> Result<Page<MeetingRow>, StoreError> {
    let mut query =
        meetings::table.filter(meetings::board_id.eq(board_id)).select(MeetingRow::as_select()).into_boxed();
    let rows = paginate!(query, meetings, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every meeting of a board by start time (for its calendar).
pub fn meetings_by_start(conn: &mut DbConnection, board_id: BoardId) -> Result<Vec<MeetingRow>, StoreError> {
    Ok(meetings::table
        .filter(meetings::board_id.eq(board_id))
        .select(MeetingRow::as_select())
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .load(conn)?)
}

/// A meeting's agenda in its order.
pub fn agenda_of(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<Vec<AgendaItemRow>, StoreError> {
    Ok(agenda_items::table
        .filter(agenda_items::meeting_id.eq(meeting_id))
        .select(AgendaItemRow::as_select())
        .order((agenda_items::position.asc(), agenda_items::id.asc()))
        .load(conn)?)
}

#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    /// A person or post id among the owners.
    pub owner_id: Option<uuid::Uuid>,
    pub board_id: Option<BoardId>,
    pub status: Option<String>,
    /// Some(true): open and due before `today`; Some(false): not overdue.
    pub overdue: Option<bool>,
    pub today: Option<Date>,
}

/// Actions across boards. Actions are working records: only parties of their board (and system
/// administrators) see them, so a public board does not widen this list.
pub fn list_actions(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &ActionFilter,
    page: &PageRequest,
) -> Result<Page<ActionRow>, StoreError> {
    let mut query = visibility::restrict(
        board_actions::table.select(ActionRow::as_select()).into_boxed(),
        visibility::board_actions(scope),
    );
    if let Some(board) = &filter.board_id {
        query = query.filter(board_actions::board_id.eq(*board));
    }
    if let Some(owner) = &filter.owner_id {
        let owned = action_owners::table
            .filter(
                action_owners::person_id.eq(PersonId::new(*owner)).or(action_owners::post_id.eq(PostId::new(*owner))),
            )
            .select(action_owners::action_id);
        query = query.filter(board_actions::id.eq_any(owned));
    }
    if let Some(status) = &filter.status {
        query = query.filter(board_actions::status.eq(status.clone()));
    }
    if let (Some(overdue), Some(today)) = (filter.overdue, filter.today) {
        let is_overdue = board_actions::status.eq(ActionStatus::Open.as_str()).and(board_actions::due_on.lt(today));
        query = if overdue {
            query.filter(is_overdue)
        } else {
            query.filter(
                board_actions::status
                    .ne(ActionStatus::Open.as_str())
                    .or(board_actions::due_on.is_null())
                    .or(board_actions::due_on.ge(today)),
            )
        };
    }
    let rows = paginate!(query, board_actions, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Actions raised at one meeting.
/// The facts that make an action public record (`domain::boards::action_is_public`): whether its
/// meeting's minutes are published, and whether it arose from an exempt item.
pub fn action_publicity(conn: &mut DbConnection, action: &ActionRow) -> Result<(bool, bool), StoreError> {
    let published: i64 = minutes::table
        .filter(minutes::meeting_id.eq(action.meeting_id).and(minutes::published_on.is_not_null()))
        .count()
        .get_result(conn)?;
    let exempt = match action.agenda_item_id {
        Some(item) => {
            agenda_items::table
                .filter(agenda_items::id.eq(item).and(agenda_items::disclosure.eq("exempt")))
                .count()
                .get_result::<i64>(conn)?
                > 0
        }
        None => false,
    };
    Ok((published > 0, exempt))
}

pub fn actions_of_meeting(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<Vec<ActionRow>, StoreError> {
    Ok(board_actions::table
        .filter(board_actions::meeting_id.eq(meeting_id))
        .select(ActionRow::as_select())
        .order(board_actions::id.asc())
        .load(conn)?)
}

/// The candidates for a meeting's carried-forward list: actions raised at earlier meetings of its board
/// and not closed before its day.
pub fn carried_forward(conn: &mut DbConnection, meeting: &MeetingRow) -> Result<Vec<ActionRow>, StoreError> {
    let earlier = meetings::table
        .filter(meetings::board_id.eq(meeting.board_id))
        .filter(meetings::starts_at.lt(meeting.starts_at))
        .select(meetings::id);
    // Open then: open now, or closed on or after the meeting's day (the service decides which of
    // these were open on the day, `ActionStatus::open_on`).
    Ok(board_actions::table
        .filter(board_actions::meeting_id.eq_any(earlier))
        .filter(board_actions::closed_on.is_null().or(board_actions::closed_on.ge(meeting.starts_at.date())))
        .select(ActionRow::as_select())
        .order(board_actions::id.asc())
        .load(conn)?)
}

/// Which part of a board's decision register to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DecisionFilter {
    /// The decisions one meeting took.
    pub meeting_id: Option<MeetingId>,
    /// Only the decisions every required approver has approved (what non-members of a public board see).
    pub agreed_only: bool,
    pub outcome: Option<DecisionOutcome>,
    /// Register numbers from and to, inclusive.
    pub numbers: (Option<i64>, Option<i64>),
    /// Meetings on or after and on or before these days.
    pub meeting_dates: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    /// Approved by this corporation sole.
    pub approved_by: Option<CorporationSoleId>,
}

/// The revision of everything a page of a decision register shows (migration 2026-12-11-000007):
/// triggers on the decisions, their texts, approvers and approvals, corrections, meetings and agenda
/// items move it with every change, whoever writes. None when the database keeps no such revision
/// (a migration undone): then no page may be remembered.
pub fn decisions_revision(conn: &mut DbConnection) -> Result<Option<i64>, StoreError> {
    crate::repository::read_revision(conn, "decisions")
}

/// One decision as a register page shows it: with its meeting's start and its agenda item's label.
#[derive(Debug, Clone)]
pub struct RegisterEntry {
    pub decision: DecisionRow,
    pub meeting_starts_at: chrono::NaiveDateTime,
    pub agenda_item_label: Option<String>,
}

/// A page of a board's decision register by number, as `filter` narrows it, each decision with its
/// meeting's start and its agenda item's label (what the register shows of them), in one statement.
pub fn list_decisions(
    conn: &mut DbConnection,
    board_id: BoardId,
    filter: &DecisionFilter,
    page: &PageRequest,
) -> Result<Page<RegisterEntry>, StoreError> {
    let mut query = decisions::table
        .inner_join(meetings::table.on(meetings::id.eq(decisions::meeting_id)))
        .left_join(agenda_items::table.on(agenda_items::id.nullable().eq(decisions::agenda_item_id)))
        .filter(decisions::board_id.eq(board_id))
        .select((DecisionRow::as_select(), meetings::starts_at, agenda_items::label.nullable()))
        .into_boxed();
    if let Some(meeting) = &filter.meeting_id {
        query = query.filter(decisions::meeting_id.eq(*meeting));
    }
    if filter.agreed_only {
        query = query.filter(decisions::agreed_on.is_not_null());
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(decisions::outcome.eq(outcome.as_str()));
    }
    if let Some(from) = filter.numbers.0 {
        query = query.filter(decisions::number.ge(from));
    }
    if let Some(to) = filter.numbers.1 {
        query = query.filter(decisions::number.le(to));
    }
    if filter.meeting_dates != (None, None) {
        // Both bounds always bound, within the days both databases hold (0001-01-01 to 9999-12-31);
        // the last instant of the last day, so SQLite's text comparison agrees with PostgreSQL's.
        let earliest = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
        let latest = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
        let last_instant = chrono::NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default();
        let from = filter.meeting_dates.0.unwrap_or(earliest).max(earliest).and_time(chrono::NaiveTime::MIN);
        let until = filter.meeting_dates.1.unwrap_or(latest).min(latest).and_time(last_instant);
        query = query
            .filter(meetings::board_id.eq(board_id))
            .filter(meetings::starts_at.ge(from))
            .filter(meetings::starts_at.le(until));
    }
    if let Some(approver) = &filter.approved_by {
        let approved = decision_approvals::table
            .filter(decision_approvals::corporation_sole_id.eq(*approver))
            .select(decision_approvals::decision_id);
        query = query.filter(decisions::id.eq_any(approved));
    }
    // A meeting voided as entered in error leaves the register with its decisions (R-TM-06).
    query = query.filter(decisions::voided_on.is_null());
    if let Some(Cursor(after)) = &page.after {
        let after: i64 = after.parse().unwrap_or(i64::MAX);
        query = query.filter(decisions::number.gt(after));
    }
    let rows: Vec<(DecisionRow, chrono::NaiveDateTime, Option<String>)> =
        query.order(decisions::number.asc()).limit(page.limit as i64 + 1).load(conn)?;
    let entries = rows
        .into_iter()
        .map(|(decision, meeting_starts_at, agenda_item_label)| RegisterEntry {
            decision,
            meeting_starts_at,
            agenda_item_label,
        })
        .collect();
    Ok(page_of(entries, page, |e| e.decision.number.to_string()))
}

pub fn find_decision_by_number(
    conn: &mut DbConnection,
    board_id: BoardId,
    number: i64,
) -> Result<Option<DecisionRow>, StoreError> {
    Ok(decisions::table
        .filter(decisions::board_id.eq(board_id))
        .filter(decisions::number.eq(number))
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_board_by_name(conn: &mut DbConnection, name: &str) -> Result<Option<BoardRow>, StoreError> {
    Ok(boards::table.filter(boards::name.eq(name)).select(BoardRow::as_select()).first(conn).optional()?)
}

/// The other meetings of a board that start on `day` (any status), for the likely-duplicate warning.
pub fn meetings_on_day(
    conn: &mut DbConnection,
    board_id: BoardId,
    day: chrono::NaiveDate,
    except: MeetingId,
) -> Result<Vec<MeetingRow>, StoreError> {
    let from = day.and_time(chrono::NaiveTime::MIN);
    let until = from + chrono::Duration::days(1);
    Ok(meetings::table
        .filter(meetings::board_id.eq(board_id))
        .filter(meetings::starts_at.ge(from))
        .filter(meetings::starts_at.lt(until))
        .filter(meetings::id.ne(except))
        .order(meetings::starts_at.asc())
        .select(MeetingRow::as_select())
        .load(conn)?)
}

pub fn find_meeting_at(
    conn: &mut DbConnection,
    board_id: BoardId,
    starts_at: chrono::NaiveDateTime,
) -> Result<Option<MeetingRow>, StoreError> {
    Ok(meetings::table
        .filter(meetings::board_id.eq(board_id))
        .filter(meetings::starts_at.eq(starts_at))
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    pub corporation_sole_id: Option<CorporationSoleId>,
    pub reference: Option<String>,
    /// Text in the reference, title or summary (Part 1 only), any case.
    pub text: Option<String>,
    /// Decided on or after the first day and on or before the second.
    pub decided: (Option<Date>, Option<Date>),
    pub significant_public_interest: Option<bool>,
    pub status: Option<RecordStatus>,
}

/// Records of decision: published ones are public (their Part 1); drafts only to the organisations
/// serving a deciding corporation sole.
pub fn list_records(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &RecordFilter,
    window: &Window,
) -> Result<Page<RecordRow>, StoreError> {
    let mut query = visibility::restrict(
        records_of_decision::table.select(RecordRow::as_select()).into_boxed(),
        visibility::records_of_decision(scope),
    );
    if let Some(cs) = &filter.corporation_sole_id {
        let deciding = record_deciders::table
            .filter(record_deciders::corporation_sole_id.eq(*cs))
            .select(record_deciders::record_id);
        query = query.filter(records_of_decision::id.eq_any(deciding));
    }
    if let Some(reference) = &filter.reference {
        query = query.filter(records_of_decision::reference.eq(reference.clone()));
    }
    if let Some(text) = &filter.text {
        let pattern = contains_pattern(text);
        query = query.filter(
            lower(records_of_decision::reference)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(records_of_decision::title).like(pattern.clone()).escape('\\'))
                .or(lower(records_of_decision::summary).like(pattern).escape('\\')),
        );
    }
    if let Some(from) = filter.decided.0 {
        query = query.filter(records_of_decision::decided_on.ge(from));
    }
    if let Some(to) = filter.decided.1 {
        query = query.filter(records_of_decision::decided_on.le(to));
    }
    if let Some(significant) = filter.significant_public_interest {
        query = query.filter(records_of_decision::significant_public_interest.eq(significant));
    }
    if let Some(status) = filter.status {
        query = query.filter(records_of_decision::status.eq(status.as_str()));
    }
    let rows = windowed!(query, records_of_decision, window).load(conn)?;
    Ok(window.page_of(rows, |r| r.id.to_string()))
}

pub fn find_record_by_reference(
    conn: &mut DbConnection,
    issuer: CorporationSoleId,
    reference: &str,
) -> Result<Option<RecordRow>, StoreError> {
    Ok(records_of_decision::table
        .filter(records_of_decision::issuing_corporation_sole_id.eq(issuer))
        .filter(records_of_decision::reference.eq(reference.to_string()))
        .select(RecordRow::as_select())
        .first(conn)
        .optional()?)
}

/// The reference scheme of an issuing corporation sole, if it has one.
pub fn reference_scheme_of(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Option<ReferenceSchemeRow>, StoreError> {
    Ok(reference_schemes::table
        .filter(reference_schemes::corporation_sole_id.eq(corporation_sole_id))
        .select(ReferenceSchemeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list_reference_schemes(
    conn: &mut DbConnection,
    page: &PageRequest,
) -> Result<Page<ReferenceSchemeRow>, StoreError> {
    let mut query = reference_schemes::table.select(ReferenceSchemeRow::as_select()).into_boxed();
    let rows = paginate!(query, reference_schemes, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every reference an issuing body has used (to number the next one).
pub fn references_of(conn: &mut DbConnection, issuer: CorporationSoleId) -> Result<Vec<String>, StoreError> {
    Ok(records_of_decision::table
        .filter(records_of_decision::issuing_corporation_sole_id.eq(issuer))
        .select(records_of_decision::reference)
        .load(conn)?)
}

/// The last decision number a board has issued (0 before its first).
pub fn last_decision_number(conn: &mut DbConnection, board_id: BoardId) -> Result<i64, StoreError> {
    use crate::schema::decision_sequences;
    Ok(decision_sequences::table
        .find(board_id)
        .select(decision_sequences::last_number)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Removes a meeting's chairs so they can be written anew.
pub fn clear_meeting_chairs(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<(), StoreError> {
    use crate::schema::meeting_chairs;
    diesel::delete(meeting_chairs::table.filter(meeting_chairs::meeting_id.eq(meeting_id))).execute(conn)?;
    Ok(())
}

/// Removes an action's owners so a correction can name them anew (R-TM-06 keeps the old ones).
pub fn clear_action_owners(conn: &mut DbConnection, action_id: ActionId) -> Result<(), StoreError> {
    use crate::schema::action_owners;
    diesel::delete(action_owners::table.filter(action_owners::action_id.eq(action_id))).execute(conn)?;
    Ok(())
}

/// Removes a draft's minute entries so they can be written anew.
pub fn clear_minute_entries(conn: &mut DbConnection, minutes_id: MinutesId) -> Result<(), StoreError> {
    use crate::schema::minute_entries;
    diesel::delete(minute_entries::table.filter(minute_entries::minutes_id.eq(minutes_id))).execute(conn)?;
    Ok(())
}

/// Removes one owner of a board (an owner change that names no replacement; the change itself
/// keeps the record of it).
pub fn delete_board_owner(conn: &mut DbConnection, id: BoardOwnerId) -> Result<(), StoreError> {
    diesel::delete(board_owners::table.filter(board_owners::id.eq(id))).execute(conn)?;
    Ok(())
}
