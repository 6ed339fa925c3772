//! Closed vocabularies of agreements, stored and served as lower snake_case strings.

use crate::registry::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    /// The kinds of provision of s22A(2).
    ProvisionKind {
        /// Force collaboration provision: how members of a force discharge their functions.
        Fcp => "fcp",
        /// Policing body collaboration provision: one policing body supporting another.
        Pbcp => "pbcp",
        /// Policing body and force collaboration provision: a policing body supporting another body's force.
        Pbfcp => "pbfcp",
    }
}

string_enum! {
    /// Where an agreement is in its life (see [`crate::agreements::transition`]).
    AgreementStatus {
        Draft => "draft",
        /// Every party's approval is recorded.
        Approved => "approved",
        /// Every party has signed: executed.
        Signed => "signed",
        InForce => "in_force",
        /// A variation of it came into force and replaced it (R-CA-20): no longer in force, kept.
        Superseded => "superseded",
        Terminated => "terminated",
        Expired => "expired",
    }
}

string_enum! {
    /// What kind of additional party a non-corporation-sole party is (R-CA-05).
    OtherPartyKind {
        FireAuthority => "fire_authority",
        NationalCrimeAgency => "national_crime_agency",
        Company => "company",
        LocalAuthority => "local_authority",
        Other => "other",
    }
}

string_enum! {
    /// How the agreement was published (R-CA-14).
    PublicationKind {
        Full => "full",
        Redacted => "redacted",
        TitleAndObjective => "title_and_objective",
    }
}

string_enum! {
    /// Business case and assurance milestones.
    MilestoneKind {
        /// Strategic outline case.
        Soc => "soc",
        /// Outline business case.
        Obc => "obc",
        /// Full business case.
        Fbc => "fbc",
        GatewayReview => "gateway_review",
        AssuranceReview => "assurance_review",
        GoLive => "go_live",
    }
}

string_enum! {
    /// Who bears liability for acts under the agreement.
    LiabilityBasis {
        /// Liability follows direction and control at the time.
        DirectionAndControl => "direction_and_control",
        /// The lead is indemnified by agreed liability shares.
        AgreedShares => "agreed_shares",
        Other => "other",
    }
}

string_enum! {
    /// How a cost-share schedule was worked out (R-CA-15).
    CostBasis {
        BudgetShare => "budget_share",
        Usage => "usage",
        Equal => "equal",
        Other => "other",
    }
}

string_enum! {
    /// Why an approval is recorded: to execute the agreement, or to terminate it (R-CA-09).
    ApprovalPurpose {
        Execution => "execution",
        Termination => "termination",
    }
}
