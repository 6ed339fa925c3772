//! Delegation and consent (DOMAIN.md section 4, legal.md section 3): who may exercise which function
//! of a corporation sole, within which limits, on whose authority, and on which dates.
//!
//! Two halves, both pure:
//! - [`rules`]: R-DL-01 to R-DL-04, checked when a delegation or consent is made;
//! - [`check`]: the authority check ("may this actor do this, for this amount, on this date?"),
//!   answered from what was in force on that date, with the chain of authority and every reason.

mod check;
mod rules;

pub use check::*;
pub use rules::*;

use serde::{Deserialize, Serialize};

use crate::registry::string_enum;

string_enum! {
    /// A delegation passes a function on; a consent is the same shape for a policing body allowing its
    /// chief constable or force staff to act (they cannot be delegates, R-DL-02).
    DelegationKind {
        Delegation => "delegation",
        Consent => "consent",
    }
}

string_enum! {
    /// Who receives a delegation, or who asks an authority check.
    DelegateKind {
        /// A corporation sole, e.g. a chief constable receiving a consent.
        CorporationSole => "corporation_sole",
        /// A post, whoever holds it on the day.
        Post => "post",
        /// A named person.
        Person => "person",
        /// A board (by id; boards are kept by the boards capability).
        Board => "board",
    }
}

string_enum! {
    /// Whether a function is reserved to the corporation sole itself (R-DL-01).
    Reservation {
        /// May be delegated within the other rules.
        None => "none",
        /// Only the office holder and a deputy PCC may exercise it (PRSRA 2011 s.18(7)).
        OfficeHolderOrDeputy => "office_holder_or_deputy",
        /// Only the office holder (not even the deputy): appointing the chief constable, the precept.
        OfficeHolderOnly => "office_holder_only",
    }
}

string_enum! {
    /// Referral triggers a delegation can carry and a check can flag (D1: "novel, contentious or
    /// repercussive" proposals go back to the PCCs).
    ReferralCondition {
        Novel => "novel",
        Contentious => "contentious",
        Repercussive => "repercussive",
    }
}

string_enum! {
    /// The three answers of an authority check.
    Outcome {
        Allowed => "allowed",
        /// Within the delegation, but a referral condition applies: refer to the named corporations sole.
        Refer => "refer",
        Denied => "denied",
    }
}

/// Stores a set of codes as one comma-separated column.
pub fn join_codes<T: Copy>(values: &[T], text: impl Fn(T) -> &'static str) -> String {
    values.iter().map(|v| text(*v)).collect::<Vec<_>>().join(",")
}

/// Splits a stored comma-separated column; empty words are dropped.
pub fn split_words(stored: &str) -> Vec<String> {
    stored.split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stored_as_one_comma_separated_column() {
        let conditions = [ReferralCondition::Novel, ReferralCondition::Repercussive];
        assert_eq!(join_codes(&conditions, ReferralCondition::as_str), "novel,repercussive");
        assert_eq!(join_codes(&[] as &[ReferralCondition], ReferralCondition::as_str), "");
    }

    #[test]
    fn stored_words_are_split_trimmed_and_empty_ones_dropped() {
        assert_eq!(split_words("novel,contentious"), vec!["novel".to_string(), "contentious".to_string()]);
        assert_eq!(split_words(" novel , ,repercussive,"), vec!["novel".to_string(), "repercussive".to_string()]);
        assert_eq!(split_words(""), Vec::<String>::new());
    }
}
