//! Holding to account (seed 004): questions put at a meeting to an office, the answers given and
//! the actions that follow. Visible to whoever reads the meeting; outside the board's member
//! organisations only once the meeting's minutes are published, and the text of a question on an
//! exempt agenda item only to its members.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::boards::QuestionStatus;

use crate::boards::Evidence;
use crate::examples as ex;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "agenda_item_id": ex::UPLIFT_ITEM,
    "asked_by_person_id": ex::JOHN_CAMPION,
    "put_to_corporation_sole_id": ex::WEST_MERCIA_CHIEF_CONSTABLE,
    "put_to_person_id": ex::ANTHONY_BANGHAM,
    "topic": "Officer uplift",
    "text": "The PCC asked the CC to provide his assessment of the force's response to the uplift in officers and how it was progressing.",
    "evidence": {"sha256": ex::D4_SHA256, "locator": "item 2.1, Impact and outcomes associated with investment in additional officers"}
})))]
pub struct NewQuestion {
    /// The agenda item of this meeting the question was put under, e.g. "2.1 Impact of investment".
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    /// Who asked, e.g. the PCC.
    pub asked_by_person_id: Uuid,
    /// The office held to account, e.g. the chief constable (a corporation sole existing on the
    /// meeting day).
    pub put_to_corporation_sole_id: Uuid,
    /// Who was asked in person, when the paper says (e.g. the deputy chief constable answering).
    #[serde(default)]
    pub put_to_person_id: Option<Uuid>,
    /// e.g. "Officer uplift".
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub topic: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 20000)]
    pub text: String,
    /// The published paper the question is recorded from (R-TM-05), if any.
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

/// The paper an answer is given in (a briefing note, a report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerPaper {
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub uri: String,
    /// SHA-256 of the paper, 64 lowercase hex characters.
    #[serde(default)]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "answered_by_person_id": ex::ANTHONY_BANGHAM,
    "answered_on": "2020-10-28",
    "text": "The CC is now confident that the targets for officer numbers will be achieved by the end of the financial year."
})))]
pub struct NewAnswer {
    pub answered_by_person_id: Uuid,
    /// The meeting day or later, not in the future (R-TM-01).
    pub answered_on: NaiveDate,
    /// The answer as minuted; may be omitted when `paper` holds it.
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 50000)]
    pub text: Option<String>,
    #[serde(default)]
    pub paper: Option<AnswerPaper>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    pub id: Uuid,
    pub answered_by_person_id: Uuid,
    pub answered_on: NaiveDate,
    /// Null when the question is redacted for the caller, or the answer is only in its paper.
    pub text: Option<String>,
    pub paper: Option<AnswerPaper>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Question {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub board_id: Uuid,
    /// The meeting's date (when the question was put).
    pub asked_on: NaiveDate,
    pub agenda_item_id: Option<Uuid>,
    /// 1, 2, 3... in the order the questions were put at the meeting.
    pub position: i64,
    pub asked_by_person_id: Uuid,
    pub put_to_corporation_sole_id: Uuid,
    pub put_to_person_id: Option<Uuid>,
    /// Null, like `text`, when the question is on an exempt agenda item and the caller has no exempt
    /// access (R-PB-03).
    pub topic: Option<String>,
    /// Null when the question is on an exempt agenda item and the caller has no exempt access.
    pub text: Option<String>,
    pub redacted: bool,
    pub status: QuestionStatus,
    pub answers: Vec<Answer>,
    /// The actions raised to follow the question up (`/actions/{id}`).
    pub follow_up_action_ids: Vec<Uuid>,
    pub evidence: Option<Evidence>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(QuestionList, Question);
