//! The public register: what the Elected Local Policing Bodies (Specified Information) Order 2011
//! asks a policing body to publish that the service holds, readable by anyone.

use chrono::{DateTime, NaiveDate, Utc};
use domain::boards::{FoiSection, MeetingStatus, OfficerRole};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An executed section 22A agreement: its text where published, else a notice that it exists.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredAgreement {
    pub id: Uuid,
    #[schema(example = "BCH-S22A-2015-FEL")]
    pub reference: String,
    #[schema(example = "Firearms and explosives licensing")]
    pub title: String,
    /// `signed`, `in_force`, `superseded`, `terminated` or `expired`.
    #[schema(example = "in_force")]
    pub status: String,
    /// The parties, by name, in the agreement's order.
    pub parties: Vec<String>,
    /// The day the last party signed.
    pub executed_on: Option<NaiveDate>,
    pub in_force_from: Option<NaiveDate>,
    pub terminated_on: Option<NaiveDate>,
    /// false: a notice only; the agreement's text is not (yet) published (R-CA-14).
    pub published: bool,
    /// Where the parties published it.
    pub published_url: Option<String>,
    /// Where to read the agreement itself; absent while it is unpublished.
    pub href: Option<String>,
    /// When the agreement last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgreementRegister {
    pub items: Vec<RegisteredAgreement>,
    pub next_cursor: Option<String>,
}

/// That a published record of decision has a Part 2 and why it is exempt; never its text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartTwoNotice {
    #[schema(example = json!(["s43"]))]
    pub foi_sections: Vec<FoiSection>,
    #[schema(example = "Commercial interests")]
    pub reason: Option<String>,
}

/// An officer's advice on a published record: the name only where the person holds an office or a
/// public post (personal data minimised).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredOfficerApproval {
    pub role: OfficerRole,
    /// Null unless the officer is named in an office or a public post.
    #[schema(example = "Andy Champness")]
    pub name: Option<String>,
    pub approved_on: NaiveDate,
}

/// A decider's signature on a published record: the capacity always, the name only where the
/// signer holds an office or a public post.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredSignature {
    pub corporation_sole_id: Uuid,
    #[schema(example = "West Mercia Police and Crime Commissioner")]
    pub capacity: String,
    /// Null unless the signer is known to the public (an office or a public post).
    #[schema(example = "John Campion")]
    pub signed_name: Option<String>,
    pub signed_on: Option<NaiveDate>,
}

/// A published record of decision as the public register shows it: its Part 1, a notice of any
/// Part 2, and no names of people the public does not know of.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredRecordOfDecision {
    pub id: Uuid,
    pub issuing_corporation_sole_id: Uuid,
    #[schema(example = "PCC/D/2017/05")]
    pub reference: String,
    #[schema(example = "Mobilising Transformational Change")]
    pub title: String,
    #[schema(example = "Twin-track approach to transformational change across the alliance")]
    pub summary: String,
    /// The deciding corporations sole.
    pub deciders: Vec<Uuid>,
    #[schema(example = json!(["That the investment of £4m is approved"]))]
    pub proposals: Vec<String>,
    /// A decision of significant public interest (Specified Information Order, Schedule 1 para 5).
    pub significant_public_interest: bool,
    /// Present when the record has an exempt Part 2: its FOI sections and reason, never its text.
    pub part_two: Option<PartTwoNotice>,
    pub officer_approvals: Vec<RegisteredOfficerApproval>,
    pub signatures: Vec<RegisteredSignature>,
    pub decided_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    /// Where the policing body published it.
    #[schema(example = "https://www.westmercia-pcc.gov.uk/decisions/pcc-d-2017-05")]
    pub published_url: Option<String>,
    /// The record in the API.
    #[schema(example = "/api/v1/records-of-decision/0192fbb0-1c2d-7e3f-8a4b-5c6d7e8f9a0b")]
    pub href: String,
    /// When the record last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordOfDecisionRegister {
    pub items: Vec<RegisteredRecordOfDecision>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// The published minutes of a meeting (the latest published revision).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredMinutes {
    pub id: Uuid,
    #[schema(example = 1)]
    pub revision: i64,
    pub published_on: Option<NaiveDate>,
    /// Where the board published them.
    #[schema(example = "https://www.westmercia-pcc.gov.uk/agg/minutes-2017-06-29")]
    pub published_url: Option<String>,
    /// The minutes in the API.
    pub href: String,
    /// When the minutes last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}

/// A meeting of a public board as the public register shows it: no names of people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredMeeting {
    pub id: Uuid,
    pub board_id: Uuid,
    /// The board's name.
    #[schema(example = "Alliance Governance Group")]
    pub board: String,
    /// Local date in Europe/London.
    pub date: NaiveDate,
    /// HH:MM local time; null when only the date is known.
    #[schema(example = "14:00")]
    pub start_time: Option<String>,
    #[schema(example = "Willison Room, Hindlip")]
    pub venue: String,
    pub status: MeetingStatus,
    /// The published minutes; null until minutes are published.
    pub minutes: Option<RegisteredMinutes>,
    /// The meeting in the API.
    pub href: String,
    /// When the meeting last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeetingRegister {
    pub items: Vec<RegisteredMeeting>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}
