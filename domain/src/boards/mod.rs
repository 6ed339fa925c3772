//! Boards, meetings, minutes, actions and decisions (DOMAIN.md section 3): vocabularies, state
//! machines and the rules R-BD-01, R-BD-02, R-BD-03, R-PB-01 and R-PB-02. No IO.

mod corrections;
mod evidence;
mod exempt;
mod forward_plan;
mod london;
mod owners;
mod questions;
mod reference;
mod rules;
mod states;

pub use corrections::*;
pub use evidence::*;
pub use exempt::*;
pub use forward_plan::*;
pub use london::{london_offset_hours, london_to_utc};
pub use owners::*;
pub use questions::*;
pub use reference::{check_reference, ReferenceScheme};
pub use rules::*;
pub use states::*;

use crate::registry::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    /// What kind of governance body a board is.
    BoardKind {
        AllianceGovernanceGroup => "alliance_governance_group",
        StrategicSummit => "strategic_summit",
        ProgrammeBoard => "programme_board",
        BusinessCoordinationBoard => "business_coordination_board",
        SubGroup => "sub_group",
        JointAuditCommittee => "joint_audit_committee",
        PoliceAndCrimePanel => "police_and_crime_panel",
        HoldingToAccount => "holding_to_account",
        Other => "other",
    }
}

string_enum! {
    /// How a board's quorum is judged (R-BD-01, local practice: configurable per board).
    QuorumRule {
        /// At least one representative of each owning policing body is present (the default).
        EachOwningPolicingBody => "each_owning_policing_body",
        /// At least one representative of each owning corporation sole is present.
        EachOwner => "each_owner",
        /// At least `quorum_count` voting members are present.
        VotingMembers => "voting_members",
    }
}

string_enum! {
    /// A member's role on a board.
    MembershipRole {
        Chair => "chair",
        CoChair => "co_chair",
        Member => "member",
        IndependentMember => "independent_member",
        Attendee => "attendee",
        Secretary => "secretary",
        MinuteTaker => "minute_taker",
    }
}

string_enum! {
    /// How someone was recorded at a meeting.
    AttendanceKind {
        Present => "present",
        InAttendance => "in_attendance",
        Apologies => "apologies",
        Absent => "absent",
        Guest => "guest",
    }
}

string_enum! {
    /// Standing items most agendas carry.
    StandingItem {
        Apologies => "apologies",
        DeclarationsOfInterest => "declarations_of_interest",
        PreviousMinutes => "previous_minutes",
        MattersArising => "matters_arising",
        Aob => "aob",
        NextMeeting => "next_meeting",
    }
}

string_enum! {
    /// Public, or exempt from disclosure under the Freedom of Information Act 2000.
    Disclosure {
        Public => "public",
        Exempt => "exempt",
    }
}

string_enum! {
    /// FOI Act 2000 exemptions met in board papers.
    FoiSection {
        /// s22: information intended for future publication (needs the intended date).
        S22 => "s22",
        /// s30: investigations and proceedings.
        S30 => "s30",
        /// s31: law enforcement.
        S31 => "s31",
        /// s40: personal information.
        S40 => "s40",
        /// s43: commercial interests.
        S43 => "s43",
    }
}

string_enum! {
    /// What the minutes record as an item's outcome (raw verbs map onto these).
    ItemOutcome {
        Noted => "noted",
        Approved => "approved",
        Agreed => "agreed",
        Supported => "supported",
        Deferred => "deferred",
    }
}

string_enum! {
    /// What a board resolved on a decision.
    DecisionOutcome {
        Agreed => "agreed",
        AgreedWithAmendment => "agreed_with_amendment",
        Deferred => "deferred",
        Rejected => "rejected",
        Noted => "noted",
    }
}

string_enum! {
    /// An officer approval on a record of decision.
    OfficerRole {
        ChiefExecutive => "chief_executive",
        ChiefFinanceOfficer => "chief_finance_officer",
        MonitoringOfficer => "monitoring_officer",
    }
}

string_enum! {
    /// What a record of decision links to.
    LinkKind {
        BoardDecision => "board_decision",
        Agreement => "agreement",
        Delegation => "delegation",
    }
}

/// Stores a set of FOI sections as one comma-separated column.
pub fn join_sections(sections: &[FoiSection]) -> String {
    sections.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// Reads stored sections back; unknown words are dropped.
pub fn split_sections(stored: &str) -> Vec<FoiSection> {
    stored.split(',').filter_map(|s| FoiSection::parse(s.trim())).collect()
}

/// Disclosure of an item, paper, decision or record as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureFacts {
    pub disclosure: Disclosure,
    pub sections: Vec<FoiSection>,
    pub reason: Option<String>,
    /// For s22: when the information is intended to be published.
    pub publish_on: Option<chrono::NaiveDate>,
}

/// Issue 18: an action is public record where the minutes that record it are: on a public board,
/// once the minutes of its meeting are published, unless it arose from an exempt item. Until then it
/// is a working record of the board's members.
pub fn action_is_public(board_public: bool, minutes_published: bool, from_exempt_item: bool) -> bool {
    board_public && minutes_published && !from_exempt_item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foi_sections_are_stored_as_one_comma_separated_column_and_read_back() {
        let sections = [FoiSection::S22, FoiSection::S40, FoiSection::S43];
        assert_eq!(join_sections(&sections), "s22,s40,s43");
        assert_eq!(join_sections(&[]), "");
        assert_eq!(split_sections("s22,s40,s43"), sections.to_vec());
        assert_eq!(split_sections(" s30 , s31"), vec![FoiSection::S30, FoiSection::S31]);
    }

    #[test]
    fn unknown_stored_sections_are_dropped() {
        assert_eq!(split_sections("s22,s99,,S40,s40"), vec![FoiSection::S22, FoiSection::S40]);
        assert_eq!(split_sections(""), vec![]);
    }
}
