//! Closed vocabularies of the registry, stored and served as lower snake_case strings.

use serde::{Deserialize, Serialize};

/// Declares a string-valued enum with its wire/storage spelling in one place.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        // Spellings are the variants in snake_case (checked by a test); `rename_all` is what the
        // schema derive reads, the per-variant `rename` what serde reads.
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        // Lets storage read and write the enum as its text (diesel's `deserialize_as` / `serialize_as`)
        // without domain depending on diesel; an unknown stored text is an error, not a panic.
        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text).ok_or_else(|| format!("stored {} {text:?} is not one of its values", stringify!($name)))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// What kind of legal person a corporation sole is.
    CorporationSoleKind {
        /// Police and Crime Commissioner.
        Pcc => "pcc",
        /// Police, Fire and Crime Commissioner.
        Pfcc => "pfcc",
        /// An elected mayor holding PCC functions.
        Mayor => "mayor",
        /// A policing and crime board led by council leaders, holding PCC functions (the 2028
        /// reform's alternative to a mayor).
        PolicingAndCrimeBoard => "policing_and_crime_board",
        /// Mayor's Office for Policing and Crime (London).
        Mopac => "mopac",
        /// The Common Council of the City of London as policing body.
        CommonCouncil => "common_council",
        ChiefConstable => "chief_constable",
        /// Commissioner of Police of the Metropolis.
        CommissionerOfPolice => "commissioner_of_police",
    }
}

impl CorporationSoleKind {
    /// Policing bodies hold the PCC functions; the rest are chief officers.
    pub fn is_policing_body(self) -> bool {
        !self.is_chief_officer()
    }

    pub fn is_chief_officer(self) -> bool {
        matches!(self, Self::ChiefConstable | Self::CommissionerOfPolice)
    }
}

string_enum! {
    /// An organisation is the unit of access control.
    OrganisationKind {
        /// Office of a policing body (OPCC, OPFCC, mayor's policing office).
        Opcc => "opcc",
        Force => "force",
        JointUnit => "joint_unit",
        Partner => "partner",
        External => "external",
    }
}

string_enum! {
    /// Statutory roles a post can carry.
    StatutoryRole {
        ChiefExecutive => "chief_executive",
        MonitoringOfficer => "monitoring_officer",
        ChiefFinanceOfficer => "chief_finance_officer",
        DeputyPcc => "deputy_pcc",
    }
}

string_enum! {
    /// On what footing someone holds a post or office.
    AppointmentBasis {
        Substantive => "substantive",
        Temporary => "temporary",
        Acting => "acting",
    }
}

/// Stores a set of statutory roles as one comma-separated column (both backends share TEXT).
pub fn join_roles(roles: &[StatutoryRole]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Reads the stored form back; unknown words are dropped rather than failing a read.
pub fn split_roles(stored: &str) -> Vec<StatutoryRole> {
    stored.split(',').filter_map(|s| StatutoryRole::parse(s.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_spelling() {
        for kind in CorporationSoleKind::ALL {
            assert_eq!(CorporationSoleKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(CorporationSoleKind::parse("PCC"), None);
    }

    #[test]
    fn stored_spellings_are_the_snake_case_variant_names() {
        fn snake(debug: String) -> String {
            let mut out = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            }
            out
        }
        for kind in CorporationSoleKind::ALL {
            assert_eq!(snake(format!("{kind:?}")), kind.as_str());
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(snake(format!("{kind:?}")), kind.as_str());
        }
        for role in StatutoryRole::ALL {
            assert_eq!(snake(format!("{role:?}")), role.as_str());
        }
        for basis in AppointmentBasis::ALL {
            assert_eq!(snake(format!("{basis:?}")), basis.as_str());
        }
        for role in crate::access::Role::ALL {
            assert_eq!(snake(format!("{role:?}")), role.as_str());
        }
        use crate::agreements::*;
        let all: Vec<(String, &str)> = ProvisionKind::ALL
            .iter()
            .map(|k| (format!("{k:?}"), k.as_str()))
            .chain(AgreementStatus::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(OtherPartyKind::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(PublicationKind::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(MilestoneKind::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(LiabilityBasis::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(CostBasis::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .chain(ApprovalPurpose::ALL.iter().map(|k| (format!("{k:?}"), k.as_str())))
            .collect();
        for (debug, stored) in all {
            assert_eq!(snake(debug), stored);
        }
    }

    #[test]
    fn roles_round_trip_through_storage() {
        let roles = vec![StatutoryRole::ChiefExecutive, StatutoryRole::MonitoringOfficer];
        assert_eq!(split_roles(&join_roles(&roles)), roles);
        assert!(split_roles("").is_empty());
    }

    #[test]
    fn chief_constables_are_not_policing_bodies() {
        assert!(CorporationSoleKind::Pfcc.is_policing_body());
        assert!(!CorporationSoleKind::ChiefConstable.is_policing_body());
    }
}
