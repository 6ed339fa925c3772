//! Boards contract: boards, memberships, meetings (attendance, quorum, agenda, declarations),
//! minutes, actions, decisions and records of decision. Request bodies reject unknown fields.
//! Meeting times are local wall-clock times in `Europe/London` (with the UTC instant beside them).

use chrono::{DateTime, NaiveDate, Utc};

use crate::examples as ex;
use crate::FieldError;
pub use domain::access::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::boards::{
    ActionStatus, AttendanceKind, BoardKind, DecisionOutcome, Disclosure, FoiSection, ItemOutcome, LinkKind,
    MeetingStatus, MembershipRole, MinutesStatus, OfficerRole, QuorumRule, RecordStatus, StandingItem,
};

macro_rules! list_of {
    ($list:ident, $item:ident) => {
        #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
        pub struct $list {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; null on the last page.
            pub next_cursor: Option<String>,
        }
    };
}

fn public() -> Disclosure {
    Disclosure::Public
}

/// Public, or exempt under FOI Act sections with a reason (R-PB-02). Callers who may not see
/// exempt content still see this shell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureSpec {
    #[serde(default = "public")]
    pub level: Disclosure,
    #[serde(default)]
    pub foi_sections: Vec<FoiSection>,
    /// Why the material is exempt, e.g. "Information intended for future publication".
    #[serde(default)]
    pub reason: Option<String>,
    /// For s22: the date the information is intended to be published.
    #[serde(default)]
    pub intended_publication_on: Option<NaiveDate>,
}

impl Default for DisclosureSpec {
    fn default() -> Self {
        DisclosureSpec {
            level: Disclosure::Public,
            foi_sections: Vec::new(),
            reason: None,
            intended_publication_on: None,
        }
    }
}

/// A document by reference: the service stores where it is and its digest, not the file.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "version_label": "2016 revision",
    "title": "Joint Corporate Governance Framework, including the Financial Regulations",
    "uri": "https://example.org/west-mercia-warwickshire/joint-corporate-governance-framework-2016.pdf",
    "sha256": ex::OTHER_SHA256,
    "adopted_on": "2016-12-21"
})))]
pub struct NewTermsOfReference {
    /// As the document names its version, e.g. "v2.1".
    #[schema(pattern = "\\S", min_length = 1, max_length = 40)]
    pub version_label: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub title: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub uri: String,
    /// SHA-256 of the document, 64 lowercase hex characters.
    pub sha256: String,
    pub adopted_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TermsOfReference {
    pub id: Uuid,
    pub version_label: String,
    pub title: String,
    pub uri: String,
    pub sha256: String,
    pub adopted_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BoardName {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Board {
    pub id: Uuid,
    /// The current name; `names` keeps every name the board has had.
    pub name: String,
    pub names: Vec<BoardName>,
    pub kind: BoardKind,
    /// The owning corporations sole (on `as_of` when the read gives it; else now).
    pub owners: Vec<Uuid>,
    /// Every dated change of the owners, in the order they took effect.
    pub owner_changes: Vec<OwnerChange>,
    pub parent_board_id: Option<Uuid>,
    pub collaboration_id: Option<Uuid>,
    /// Versions of the terms of reference, oldest first.
    pub terms_of_reference: Vec<TermsOfReference>,
    pub quorum_rule: QuorumRule,
    /// For `voting_members`: how many voting members must be present.
    #[schema(maximum = 1000)]
    pub quorum_count: Option<u32>,
    /// Decisions are numbered 1, 2, 3... across all the board's meetings, never reused.
    pub last_decision_number: i64,
    /// Public boards show their meetings, published minutes and agreed decisions to everyone.
    pub public: bool,
    pub ends_on: Option<NaiveDate>,
    /// R-PB-03: the roles of the member organisations that see exempt content (exempt decisions'
    /// subjects, exempt agenda items, Part 2 papers, questions on exempt items), besides the board's
    /// own members in person. Everyone else sees the shell.
    pub exempt_access_roles: Vec<Role>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(BoardList, Board);

fn default_quorum() -> QuorumRule {
    QuorumRule::EachOwningPolicingBody
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "name": "Alliance Governance Group",
    "kind": "alliance_governance_group",
    "owners": [ex::WEST_MERCIA_PCC, ex::WARWICKSHIRE_PCC, ex::WEST_MERCIA_CHIEF_CONSTABLE, ex::WARWICKSHIRE_CHIEF_CONSTABLE],
    "collaboration_id": ex::WMW_ALLIANCE,
    "quorum_rule": "each_owning_policing_body",
    "public": true,
    "established_on": "2016-05-26",
    "exempt_access_roles": ["secretary", "approver"]
})))]
pub struct NewBoard {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: BoardKind,
    /// Corporation sole ids; the organisations serving them are the board's parties.
    pub owners: Vec<Uuid>,
    #[serde(default)]
    pub parent_board_id: Option<Uuid>,
    #[serde(default)]
    pub collaboration_id: Option<Uuid>,
    #[serde(default = "default_quorum")]
    pub quorum_rule: QuorumRule,
    #[serde(default)]
    #[schema(maximum = 1000)]
    pub quorum_count: Option<u32>,
    #[serde(default)]
    pub public: bool,
    /// From when the board has its name.
    pub established_on: NaiveDate,
    /// R-PB-03: the roles of the member organisations that see exempt content besides the board's
    /// members in person; default `["secretary"]`. Platform roles cannot be named.
    #[serde(default)]
    pub exempt_access_roles: Option<Vec<Role>>,
}

/// A dated change of a board's owners: an owner replaced by its successor office, added or removed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnerChange {
    pub id: Uuid,
    /// The owner that ceased (absent when one was added).
    pub from_owner_id: Option<Uuid>,
    /// The owner from `effective_on` (absent when one was removed).
    pub to_owner_id: Option<Uuid>,
    pub effective_on: NaiveDate,
    pub reason: String,
    /// The transfer order that made the change, if one did.
    pub transfer_order_id: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// Changes a board's owners from a day. Name the owner that ceases, the one that begins, or both.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "from_owner_id": ex::WEST_MERCIA_PCC,
    "to_owner_id": ex::WEST_YORKSHIRE_MAYOR,
    "effective_on": "2028-05-11",
    "reason": "The PCC's functions pass to the mayor (illustrative order)"
})))]
pub struct NewOwnerChange {
    pub from_owner_id: Option<Uuid>,
    pub to_owner_id: Option<Uuid>,
    pub effective_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"quorum_rule": "each_owner", "exempt_access_roles": ["secretary", "approver"]})))]
pub struct BoardUpdate {
    /// A new name; the old one is kept in `names`, ending the day before `renamed_on`.
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// Required with `name`.
    pub renamed_on: Option<NaiveDate>,
    pub public: Option<bool>,
    pub quorum_rule: Option<QuorumRule>,
    #[schema(maximum = 1000)]
    pub quorum_count: Option<u32>,
    /// Replaces the roles granted exempt access (R-PB-03).
    pub exempt_access_roles: Option<Vec<Role>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    pub id: Uuid,
    pub board_id: Uuid,
    pub person_id: Option<Uuid>,
    pub post_id: Option<Uuid>,
    pub role: MembershipRole,
    /// The corporation sole the member represents, if any.
    pub corporation_sole_id: Option<Uuid>,
    pub voting: bool,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(MembershipList, Membership);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::TRACEY_ONSLOW,
    "role": "co_chair",
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "voting": true,
    "starts_on": "2017-07-26"
})))]
pub struct NewMembership {
    /// Exactly one of `person_id` and `post_id`.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[serde(default)]
    pub post_id: Option<Uuid>,
    pub role: MembershipRole,
    #[serde(default)]
    pub corporation_sole_id: Option<Uuid>,
    #[serde(default)]
    pub voting: bool,
    pub starts_on: NaiveDate,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attendance {
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: AttendanceKind,
    /// As written in the minutes, e.g. "CC West Mercia".
    pub capacity: String,
    pub corporation_sole_id: Option<Uuid>,
    pub voting: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::ANTHONY_BANGHAM,
    "kind": "present",
    "capacity": "CC West Mercia",
    "corporation_sole_id": ex::WEST_MERCIA_CHIEF_CONSTABLE,
    "voting": true
})))]
pub struct NewAttendance {
    pub person_id: Uuid,
    pub kind: AttendanceKind,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: String,
    /// Defaults to the corporation sole of the person's membership on the meeting day.
    #[serde(default)]
    pub corporation_sole_id: Option<Uuid>,
    /// Defaults to the person's membership on the meeting day (false without one).
    #[serde(default)]
    pub voting: Option<bool>,
}

/// Someone a published paper names as attending who has no person record yet: the board's
/// secretary registers them by name and organisation (R-TM-05) and records their attendance at once.
/// The person is then maintained by that organisation's administrators like any other.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "full_name": "Ellie Giles",
    "organisation_id": ex::WEST_MERCIA_OPCC,
    "kind": "in_attendance",
    "capacity": "Minutes: Policy and Commissioning Intern, OPCC"
})))]
pub struct NewAttendee {
    /// As the paper gives it, e.g. "Ellie Giles".
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub full_name: String,
    /// The organisation the person works for, whose administrators maintain the new record.
    pub organisation_id: Uuid,
    pub kind: AttendanceKind,
    /// As the paper states it, e.g. "Policy and Commissioning Intern, OPCC".
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: String,
    #[serde(default)]
    pub corporation_sole_id: Option<Uuid>,
    /// Defaults to false: a person with no membership does not vote.
    #[serde(default)]
    pub voting: Option<bool>,
}

/// The quorum computed from attendance and the board's rule (R-BD-01).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuorumReport {
    pub rule: QuorumRule,
    pub quorate: bool,
    /// Owning corporations sole the rule needs and nobody present represents.
    pub unrepresented: Vec<Uuid>,
    pub voting_present: u32,
    pub required_count: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Paper {
    pub id: Uuid,
    pub title: String,
    pub version_label: String,
    /// Null when the paper is exempt and the caller may not see exempt content.
    pub uri: Option<String>,
    pub sha256: Option<String>,
    pub dated_on: NaiveDate,
    pub disclosure: DisclosureSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "title": "Section 22A Collaboration Agreements",
    "version_label": "Business Coordination Board paper",
    "uri": ex::BCB_PAPERS_URL,
    "sha256": ex::D3_SHA256,
    "dated_on": "2015-11-26",
    "disclosure": {"level": "public"}
})))]
pub struct NewPaper {
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 40)]
    pub version_label: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub uri: String,
    pub sha256: String,
    pub dated_on: NaiveDate,
    #[serde(default)]
    pub disclosure: DisclosureSpec,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub id: Uuid,
    pub meeting_id: Uuid,
    /// As written: "03/26/07/17", "9.6", "2.1".
    pub label: String,
    pub position: i64,
    /// "Exempt item (title withheld)" for callers without exempt access when the secretary withheld it.
    pub title: String,
    /// R-PB-03: the secretary withholds an exempt item's title from callers without exempt access.
    pub title_withheld: bool,
    pub presenter: Option<String>,
    pub standing_item: Option<StandingItem>,
    pub disclosure: DisclosureSpec,
    pub papers: Vec<Paper>,
    /// True when exempt content is withheld from this caller (only the shell is shown).
    pub redacted: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "label": "07/26/07/17",
    "title": "Transactional Service Transformation (Paper) - RESTRICTED",
    "presenter": "Richard Elkin",
    "disclosure": {
        "level": "exempt",
        "foi_sections": ["s43"],
        "reason": "Exempt from disclosure under S.43 (Commercial Interests) of the Freedom of Information Act 2000"
    }
})))]
pub struct NewAgendaItem {
    #[schema(pattern = "\\S", min_length = 1, max_length = 40)]
    pub label: String,
    /// Order on the agenda; defaults to after the last item.
    #[serde(default)]
    pub position: Option<i64>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: String,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub presenter: Option<String>,
    #[serde(default)]
    pub standing_item: Option<StandingItem>,
    #[serde(default)]
    pub disclosure: DisclosureSpec,
    /// For an exempt item whose title is itself sensitive: shown only to callers with exempt access
    /// (R-PB-03); others see "Exempt item (title withheld)".
    #[serde(default)]
    pub title_withheld: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"title": "Transformation Programme Update (Paper)", "position": 3})))]
pub struct AgendaItemUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 40)]
    pub label: Option<String>,
    pub position: Option<i64>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub presenter: Option<String>,
    pub disclosure: Option<DisclosureSpec>,
    pub title_withheld: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Declaration {
    pub id: Uuid,
    pub person_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub interest: String,
    pub withdrew: bool,
    /// The entry of the person's register of interests the declaration cites, if any.
    pub register_entry_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::PHILIP_SECCOMBE,
    "agenda_item_id": ex::OCC_BUILDING_ITEM,
    "interest": "No disclosable pecuniary interest in this decision.",
    "withdrew": false
})))]
pub struct NewDeclaration {
    pub person_id: Uuid,
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub interest: String,
    #[serde(default)]
    pub withdrew: bool,
    /// An entry of the declaring person's own register of interests that the declaration cites
    /// (refused `interests.citation` when it is another person's).
    #[serde(default)]
    pub register_entry_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: Uuid,
    pub board_id: Uuid,
    /// Local date and times in `time_zone`.
    pub date: NaiveDate,
    /// HH:MM; null for a meeting recorded from a paper that gives only its date (R-TM-05).
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// Always `Europe/London`.
    pub time_zone: String,
    /// The start as a UTC instant; the start of the day in London when `start_time` is null.
    pub starts_at: DateTime<Utc>,
    pub venue: String,
    pub status: MeetingStatus,
    /// Person ids of the chair or co-chairs of this meeting.
    pub chairs: Vec<Uuid>,
    pub minute_taker_person_id: Option<Uuid>,
    pub next_meeting_id: Option<Uuid>,
    /// As announced, e.g. "Thematic on Covid-19, Thursday 26th November 2020".
    pub next_meeting_note: Option<String>,
    pub attendance: Vec<Attendance>,
    pub quorum: QuorumReport,
    pub agenda: Vec<AgendaItem>,
    pub declarations: Vec<Declaration>,
    /// Corrections of attendance and status, oldest first (R-TM-06).
    pub corrections: Vec<Correction>,
    /// Not refusals: e.g. `meeting.likely_duplicate` when another meeting of the board, not void,
    /// falls on the same date.
    pub warnings: Vec<FieldError>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(MeetingList, Meeting);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "date": "2017-07-26",
    "start_time": "14:00",
    "venue": "Willison Room, Hindlip",
    "chairs": [ex::TRACEY_ONSLOW, ex::PHILIP_SECCOMBE],
    "minute_taker_person_id": ex::ALISON_RIXOM,
    "next_meeting_note": "Wednesday 30 th August 2017 at 14:00 in the Conference Room, Leek Wootton"
})))]
pub struct NewMeeting {
    pub date: NaiveDate,
    /// HH:MM, Europe/London. Omit it when the paper gives only the date: a date-only meeting is
    /// valid (R-TM-05).
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub venue: String,
    #[serde(default)]
    pub chairs: Vec<Uuid>,
    #[serde(default)]
    pub minute_taker_person_id: Option<Uuid>,
    #[serde(default)]
    pub next_meeting_note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"end_time": "14:35", "next_meeting_id": ex::AGG_NEXT_MEETING})))]
pub struct MeetingUpdate {
    pub date: Option<NaiveDate>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub venue: Option<String>,
    pub chairs: Option<Vec<Uuid>>,
    pub minute_taker_person_id: Option<Uuid>,
    pub next_meeting_id: Option<Uuid>,
    pub next_meeting_note: Option<String>,
}

/// Records that a scheduled meeting took place (or was cancelled).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"end_time": "14:35"})))]
pub struct MeetingOutcome {
    /// When the meeting closed, HH:MM ("the meeting closed at 14:35").
    #[serde(default)]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinuteEntryInput {
    pub agenda_item_id: Uuid,
    #[schema(pattern = "\\S", min_length = 1, max_length = 100000)]
    pub text: String,
    #[serde(default)]
    pub outcome: Option<ItemOutcome>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MinuteEntry {
    pub agenda_item_id: Uuid,
    pub label: String,
    pub title: String,
    /// Null when the item is exempt and the caller may not see exempt content.
    pub text: Option<String>,
    pub outcome: Option<ItemOutcome>,
    pub redacted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MinuteSignature {
    pub person_id: Uuid,
    pub capacity: String,
    pub signed_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Minutes {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub board_id: Uuid,
    /// 1 for the first minutes; a correction of approved minutes is the next revision.
    pub revision: i64,
    pub status: MinutesStatus,
    pub entries: Vec<MinuteEntry>,
    pub approved_at_meeting_id: Option<Uuid>,
    pub amendments: Option<String>,
    pub signatures: Vec<MinuteSignature>,
    pub published_on: Option<NaiveDate>,
    pub published_url: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(MinutesList, Minutes);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "entries": [
        {
            "agenda_item_id": ex::TRANSFORMATION_ITEM,
            "text": "The Transformation Programme Update was circulated to the group prior to the meeting. It was confirmed that JO'S will be the lead and provide future updates on all transformation matters.",
            "outcome": "noted"
        },
        {
            "agenda_item_id": ex::OCC_BUILDING_ITEM,
            "text": "A SWOT analysis had been carried out on 4 options. The PCCs and CCs agreed to proceed with Option 3.",
            "outcome": "agreed"
        }
    ]
})))]
pub struct NewMinutes {
    pub entries: Vec<MinuteEntryInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "entries": [{
        "agenda_item_id": ex::OCC_BUILDING_ITEM,
        "text": "The PCCs and CCs agreed to proceed with Option 3: Southwell House transitions first, followed shortly afterwards by Stuart Ross House.",
        "outcome": "agreed"
    }]
})))]
pub struct MinutesUpdate {
    /// Replaces every entry (drafts only).
    pub entries: Vec<MinuteEntryInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "approved_at_meeting_id": ex::AGG_NEXT_MEETING,
    "amendments": "approved, with a few minor amendments, as a true and accurate record for publishing"
})))]
pub struct MinutesApproval {
    /// The later meeting of the same board that approved them (R-BD-03).
    pub approved_at_meeting_id: Uuid,
    /// "approved, with a few minor amendments"
    #[serde(default)]
    pub amendments: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::TRACEY_ONSLOW,
    "capacity": "Co-chair, Deputy PCC West Mercia",
    "signed_on": "2017-08-30"
})))]
pub struct NewMinutesSignature {
    /// A chair or co-chair of the minuted meeting.
    pub person_id: Uuid,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: String,
    pub signed_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
// Named apart from the agreements' schema of the same Rust name: one document, one name each.
#[schema(as = BoardPublication)]
#[schema(examples(json!({"published_on": "2015-11-26", "published_url": ex::DECISIONS_URL})))]
pub struct Publication {
    pub published_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub published_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerInput {
    /// Exactly one of `person_id` and `post_id`.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[serde(default)]
    pub post_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActionOwner {
    pub person_id: Option<Uuid>,
    pub post_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActionUpdate {
    pub dated_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Action {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub board_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    /// As the action table writes it, e.g. "03 (a)".
    pub label: Option<String>,
    pub text: String,
    pub owners: Vec<ActionOwner>,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub closed_on: Option<NaiveDate>,
    /// Open and past its due date (derived, today in UTC).
    pub overdue: bool,
    pub updates: Vec<ActionUpdate>,
    /// Corrections of the due date and owners, oldest first (R-TM-06).
    pub corrections: Vec<Correction>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(ActionList, Action);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "agenda_item_id": ex::TRANSFORMATION_ITEM,
    "label": "03 (a)",
    "text": "AMB was requested to upload the original timeline onto the Intranet and then the new smart application programme be presented to AGG members for approval prior to go live.",
    "owners": [{"person_id": ex::AMANDA_BLAKEMAN}],
    "due_on": "2017-08-30"
})))]
pub struct NewAction {
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 40)]
    pub label: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub text: String,
    #[serde(default)]
    pub owners: Vec<OwnerInput>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"dated_on": "2017-01-24", "text": "Report formats will be provided to CEO's by February 3rd."})))]
pub struct NewActionUpdate {
    pub dated_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"closed_on": "2017-06-28"})))]
pub struct ActionClosure {
    pub closed_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
// Named apart from the agreements' schema of the same Rust name: one document, one name each.
#[schema(as = DecisionApproval)]
pub struct Approval {
    pub corporation_sole_id: Uuid,
    /// Who acted, where known.
    pub person_id: Option<Uuid>,
    /// The capacity in which they acted, e.g. "DPCC for West Mercia".
    pub capacity: String,
    pub approved_on: NaiveDate,
    /// The approval as written in the source, e.g. "Agreed by both PCC's 26/10/6".
    pub raw_text: Option<String>,
    /// Set when the approval was recorded from a published paper (R-TM-05), not given in the service.
    pub evidence: Option<Evidence>,
}

/// The published paper an entry was recorded from (R-TM-05): the entry is evidence of what was
/// decided or approved then, recorded by the board's secretary, not an act done in the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// SHA-256 of the paper, 64 lowercase hex characters.
    pub sha256: String,
    /// Where in the paper, e.g. "Decision summary table, decision 14" or "page 3, paragraph 2.1".
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub locator: String,
    /// Where the paper is published, if it is.
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub uri: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
// Named apart from the agreements' schema of the same Rust name: one document, one name each.
#[schema(as = NewDecisionApproval)]
#[schema(examples(json!({
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "person_id": ex::TRACEY_ONSLOW,
    "capacity": "DPCC for West Mercia",
    "approved_on": "2017-07-26",
    "raw_text": "Decision 15 The PCCs and CCs agreed to proceed with Option 3.",
    "evidence": {"sha256": ex::D0_SHA256, "locator": "Decision Summary Table, decision 15"}
})))]
pub struct NewApproval {
    pub corporation_sole_id: Uuid,
    /// Who acted; defaults to the caller's `person_id` claim, and must be that person when the token
    /// names one. Required one way or the other (R-TM-02): a capacity given only as text is refused,
    /// except in an approval recorded from `evidence`, where the paper may name only the capacity.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: String,
    /// Not before the meeting that took the decision, and not in the future (R-TM-01).
    pub approved_on: NaiveDate,
    #[serde(default)]
    pub raw_text: Option<String>,
    /// A historical entry (R-TM-05): the board's secretary records, from the published paper cited,
    /// an approval given then. The secretary needs no authority to act for the corporation sole; the
    /// corporation sole must have existed on `approved_on`, and a named person must have held the
    /// office, or acted under a delegation in force, that day (R-TM-01).
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Decision {
    pub id: Uuid,
    pub board_id: Uuid,
    /// Next in the board's sequence when created; never reused.
    pub number: i64,
    pub meeting_id: Uuid,
    pub meeting_date: NaiveDate,
    pub agenda_item_id: Option<Uuid>,
    pub agenda_item_label: Option<String>,
    /// Null when the decision is exempt and the caller may not see exempt content.
    pub subject: Option<String>,
    pub recommendation: Option<String>,
    pub options_considered: Option<String>,
    pub outcome: DecisionOutcome,
    pub conditions: Option<String>,
    /// The sponsoring officer as written, e.g. "ACC Amanda Blakeman".
    pub owner: Option<String>,
    pub owner_person_id: Option<Uuid>,
    /// Corporations sole that must approve before the decision binds them (R-BD-02).
    pub required_approvers: Vec<Uuid>,
    pub approvals: Vec<Approval>,
    /// Every required approver has approved and the outcome is to agree: a deferred, rejected or
    /// noted decision is never agreed, whatever approvals it has.
    pub agreed: bool,
    pub agreed_on: Option<NaiveDate>,
    pub disclosure: DisclosureSpec,
    pub redacted: bool,
    /// The number the paper gives the decision, where it has its own.
    pub paper_number: Option<String>,
    /// Set when the decision was recorded from a published paper (R-TM-05).
    pub evidence: Option<Evidence>,
    /// Corrections of the outcome, oldest first (R-TM-06).
    pub corrections: Vec<Correction>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(DecisionList, Decision);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "agenda_item_id": ex::OCC_BUILDING_ITEM,
    "subject": "OCC Building Transition Paper: the recommended Option 3, Southwell House transitions first, followed shortly afterwards by Stuart Ross House.",
    "recommendation": "Option 3 allows a 2-phased approach for the delivery of the two buildings with earliest occupation and an opportunity to fully test the resilience of the systems and buildings.",
    "options_considered": "A SWOT analysis had been carried out on 4 options.",
    "outcome": "agreed",
    "owner": "DCC Blakeman",
    "owner_person_id": ex::AMANDA_BLAKEMAN,
    "required_approvers": [ex::WEST_MERCIA_PCC, ex::WARWICKSHIRE_PCC, ex::WEST_MERCIA_CHIEF_CONSTABLE, ex::WARWICKSHIRE_CHIEF_CONSTABLE],
    "paper_number": "15",
    "evidence": {"sha256": ex::D0_SHA256, "locator": "Decision Summary Table, decision 15"}
})))]
pub struct NewDecision {
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub subject: String,
    #[serde(default)]
    pub recommendation: Option<String>,
    #[serde(default)]
    pub options_considered: Option<String>,
    pub outcome: DecisionOutcome,
    #[serde(default)]
    pub conditions: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub owner_person_id: Option<Uuid>,
    /// Owning corporations sole that must approve.
    pub required_approvers: Vec<Uuid>,
    #[serde(default)]
    pub disclosure: DisclosureSpec,
    /// The number the paper gives the decision, e.g. "Decision 4" or "AGG/16", kept beside the
    /// register's own sequence.
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 50)]
    pub paper_number: Option<String>,
    /// A historical entry (R-TM-05): the decision is recorded from the published paper cited. The
    /// meeting must have taken place; the quorum (R-BD-01) is checked only where its attendance is
    /// recorded, since otherwise the paper is the only witness.
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeciderInput {
    pub corporation_sole_id: Uuid,
    /// The decision maker's declaration of interests, as written.
    #[serde(default)]
    pub declaration: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Decider {
    pub corporation_sole_id: Uuid,
    pub declaration: Option<String>,
}

/// The exempt Part 2 of a record: its text is withheld from non-parties; sections stay visible.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartTwoInput {
    pub text: String,
    pub foi_sections: Vec<FoiSection>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartTwo {
    pub text: Option<String>,
    pub foi_sections: Vec<FoiSection>,
    pub reason: Option<String>,
    pub redacted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub kind: LinkKind,
    pub target_id: Uuid,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub kind: LinkKind,
    pub target_id: Uuid,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficerApproval {
    pub role: OfficerRole,
    pub person_id: Option<Uuid>,
    pub name: String,
    pub approved_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "role": "chief_executive",
    "person_id": ex::ANDY_CHAMPNESS,
    "name": "Andy Champness",
    "approved_on": "2017-02-15"
})))]
pub struct NewOfficerApproval {
    pub role: OfficerRole,
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub name: String,
    pub approved_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordSignature {
    pub corporation_sole_id: Uuid,
    pub person_id: Option<Uuid>,
    pub signed_name: String,
    pub capacity: String,
    pub signed_on: Option<NaiveDate>,
    /// Set when the signature was recorded from the published record (R-TM-05): evidence of a
    /// signature made then, not an act in the service.
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "person_id": ex::JOHN_CAMPION,
    "signed_name": "John Campion",
    "capacity": "West Mercia Police and Crime Commissioner",
    "evidence": {"sha256": ex::D1_SHA256, "locator": "APPROVAL OF: West Mercia Police and Crime Commissioner, Signed"}
})))]
pub struct NewRecordSignature {
    /// A deciding corporation sole of the record.
    pub corporation_sole_id: Uuid,
    /// Who signed; defaults to the caller's `person_id` claim, and must be that person when the token
    /// names one. Required one way or the other (R-TM-02).
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub signed_name: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: String,
    /// Unknown when the source leaves the date blank.
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    /// A historical entry (R-TM-05): the signature as the published record shows it, recorded by a
    /// secretary serving a decider, who needs no authority to act for the office. The person may be
    /// left out where the record names only the capacity; the dates still hold (R-TM-01).
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordOfDecision {
    pub id: Uuid,
    pub issuing_corporation_sole_id: Uuid,
    /// Unique per issuing body: "PCC/D/2017/05", "CPCC 2015-025".
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub deciders: Vec<Decider>,
    pub proposals: Vec<String>,
    pub financial_comments: Option<String>,
    pub legal_comments: Option<String>,
    pub part_two: Option<PartTwo>,
    pub significant_public_interest: bool,
    /// R-PB-01: a decision of significant public interest not yet published (date and URL).
    pub publication_outstanding: bool,
    pub officer_approvals: Vec<OfficerApproval>,
    pub signatures: Vec<RecordSignature>,
    /// Every deciding corporation sole has signed.
    pub fully_signed: bool,
    pub links: Vec<Link>,
    pub status: RecordStatus,
    pub decided_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub published_url: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(RecordOfDecisionList, RecordOfDecision);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "issuing_corporation_sole_id": ex::WEST_MERCIA_PCC,
    "reference": "PCC/D/2017/05",
    "title": "Mobilising Transformational Change",
    "summary": "In November 2015 Police and Crime Commissioners and Chief Constables approved a twin-track approach (Decision 2015/30). This proposal funds the transformation programme.",
    "deciders": [
        {"corporation_sole_id": ex::WEST_MERCIA_PCC},
        {"corporation_sole_id": ex::WARWICKSHIRE_PCC},
        {"corporation_sole_id": ex::WEST_MERCIA_CHIEF_CONSTABLE},
        {"corporation_sole_id": ex::WARWICKSHIRE_CHIEF_CONSTABLE}
    ],
    "proposals": [
        "That the investment of £4m is approved in order to deliver the transformation programme and savings requirements as set out in the Medium Term Financial Plan",
        "That the investment is funded from the Invest to save reserve, and will be tracked through Money Matters.",
        "That Chief Constables are delegated the authority to use the approved investments and develop savings as described."
    ],
    "financial_comments": "The recommendations will be funded from the existing Invest to save reserve. Any redundancy costs will be funded from the first year savings from each project.",
    "legal_comments": "By virtue of schedule 11, paragraph 14 of the Police Reform and Social Responsibility Act 2011 the Police and Crime Commissioner may do anything which is calculated to facilitate, or is conducive or incidental to, the exercise of the functions of commissioner.",
    "significant_public_interest": true,
    "links": [{"kind": "delegation", "target_id": ex::D1_CONSENT, "note": "Proposal 4: the chief constables' authority to use the approved investment"}]
})))]
pub struct NewRecordOfDecision {
    pub issuing_corporation_sole_id: Uuid,
    /// Must follow the issuing body's reference scheme if it has one; omit it to take the
    /// scheme's next reference for the year of `decided_on` (or this year).
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 60)]
    pub reference: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 100000)]
    pub summary: String,
    /// One or several deciding corporations sole (a joint record).
    pub deciders: Vec<DeciderInput>,
    /// The proposals, each a paragraph of at most 10,000 characters.
    #[serde(default)]
    #[schema(max_length = 10000, pattern = "\\S")]
    pub proposals: Vec<String>,
    #[serde(default)]
    pub financial_comments: Option<String>,
    #[serde(default)]
    pub legal_comments: Option<String>,
    #[serde(default)]
    pub part_two: Option<PartTwoInput>,
    #[serde(default)]
    pub significant_public_interest: bool,
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
    #[serde(default)]
    pub links: Vec<LinkInput>,
}

/// How an issuing body numbers its records of decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferenceScheme {
    pub id: Uuid,
    pub corporation_sole_id: Uuid,
    /// Literal text with `{YYYY}` or `{YY}` and one sequence token `{N}`, `{NN}`, `{NNN}`...,
    /// e.g. "PCC/D/{YYYY}/{NN}" or "CPCC {YYYY}-{NNN}".
    pub pattern: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(ReferenceSchemeList, ReferenceScheme);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"corporation_sole_id": ex::WEST_MERCIA_PCC, "pattern": "PCC/D/{YYYY}/{NN}"})))]
pub struct NewReferenceScheme {
    pub corporation_sole_id: Uuid,
    #[schema(pattern = "\\S", min_length = 1, max_length = 60)]
    pub pattern: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"pattern": "CPCC {YYYY}-{NNN}"})))]
pub struct ReferenceSchemeUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 60)]
    pub pattern: String,
}

/// A correction of a board record (R-TM-06): never an overwrite, a dated entry with its reason,
/// what the field held before and what it holds since.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Correction {
    /// The field corrected, e.g. `outcome`, `attendance`, `due_on`, `owners`, `status`.
    pub field: String,
    /// What the field held before the correction.
    pub previous: serde_json::Value,
    /// What the field holds since.
    pub corrected: serde_json::Value,
    pub reason: String,
    /// The day the correction was made.
    pub corrected_on: NaiveDate,
    /// Who recorded it (the token's subject).
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Corrects a decision's outcome (R-TM-06), e.g. a decision recorded `agreed` that the minutes
/// show was `deferred`. A decision whose outcome no longer agrees is no longer agreed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "outcome": "agreed_with_amendment",
    "reason": "The register reads 'Agreed by both PCCs 30/11/16'; the minutes add that both PCCs approved the strategy and agreed sign off once the minor amendment has been made.",
    "corrected_on": "2017-07-26"
})))]
pub struct DecisionOutcomeCorrection {
    pub outcome: DecisionOutcome,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: String,
    /// Defaults to today; not in the future.
    #[serde(default)]
    pub corrected_on: Option<NaiveDate>,
}

/// Corrects one person's attendance at a meeting (R-TM-06): any field given replaces the entry's.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::ELIZABETH_HALL,
    "capacity": "Joint Treasurer",
    "reason": "Minuted as 'Liz Hall (LH) Treasurer'; the decision register names her 'LH - Joint Treasurer'.",
    "corrected_on": "2017-08-30"
})))]
pub struct AttendanceCorrection {
    /// Whose attendance entry is corrected.
    pub person_id: Uuid,
    #[serde(default)]
    pub kind: Option<AttendanceKind>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: Option<String>,
    /// The corporation sole the person represented.
    #[serde(default)]
    pub corporation_sole_id: Option<Uuid>,
    #[serde(default)]
    pub voting: Option<bool>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: String,
    #[serde(default)]
    pub corrected_on: Option<NaiveDate>,
}

/// Corrects an action's due date or owners (R-TM-06).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "owners": [{"post_id": ex::DEPUTY_CHIEF_CONSTABLE_POST}, {"post_id": ex::CHIEF_EXECUTIVE_POST}],
    "reason": "Item 2.3 gives the action to both: 'DCC and the PCC's CEO to discuss commissioning as part of their regular catch up meetings'.",
    "corrected_on": "2020-11-04"
})))]
pub struct ActionCorrection {
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// Replaces every owner.
    #[serde(default)]
    pub owners: Option<Vec<OwnerInput>>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: String,
    #[serde(default)]
    pub corrected_on: Option<NaiveDate>,
}

/// Voids a meeting entered in error (R-TM-06): it is kept, marked `void`, and leaves the registers
/// and the quorum.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "reason": "Entered twice: the Alliance Governance Group meeting of 26 July 2017 is already recorded.",
    "corrected_on": "2017-08-30"
})))]
pub struct MeetingVoid {
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: String,
    #[serde(default)]
    pub corrected_on: Option<NaiveDate>,
}
