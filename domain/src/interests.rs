//! Registers of interests and of gifts and hospitality (issue 18): dated entries per person (the PCC,
//! deputy, chief officer, statutory officers, board members), kept by the organisation that keeps
//! the person's register (the OPCC or the force), published or withheld with the reason (a sensitive
//! interest: the public learns that an entry exists, never its detail). A meeting declaration may cite
//! a register entry; an agenda item or decision naming an organisation in a present member's register,
//! with no declaration recorded for it, is a warning on the meeting. No IO.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::registry::{string_enum, OrganisationKind};
use crate::rules::check_text;
use crate::{Period, RuleViolation};

string_enum! {
    /// The usual categories of a register of interests (the disclosable pecuniary interests of the
    /// Localism Act 2011 and the PCC code of conduct, and other registrable interests).
    InterestCategory {
        Employment => "employment",
        BusinessInterest => "business_interest",
        Contracts => "contracts",
        Shareholding => "shareholding",
        LandAndProperty => "land_and_property",
        MembershipOfBody => "membership_of_body",
        Sponsorship => "sponsorship",
        Other => "other",
    }
}

string_enum! {
    /// Whether an entry's detail is on the public register, or withheld with the reason (only that
    /// the entry exists, and why it is withheld, is public).
    RegisterStatus {
        Published => "published",
        Withheld => "withheld",
    }
}

string_enum! {
    /// A gift, or hospitality (a meal, an event, travel or accommodation).
    GiftKind {
        Gift => "gift",
        Hospitality => "hospitality",
    }
}

string_enum! {
    /// What the person did with what was offered.
    GiftOutcome {
        Accepted => "accepted",
        Declined => "declined",
    }
}

/// At most this many characters of an entry's description.
pub const MAX_DESCRIPTION: usize = 4_000;
/// The shortest organisation name a warning matches (shorter names match too much text).
pub const MIN_MATCHED_NAME: usize = 3;

/// A withheld entry carries the reason it is withheld; a published one carries none.
pub fn check_publication(status: RegisterStatus, reason: Option<&str>) -> Vec<RuleViolation> {
    match (status, reason) {
        (RegisterStatus::Withheld, Some(reason)) => check_text(reason, "/withheld_reason", 2_000),
        (RegisterStatus::Withheld, None) => vec![RuleViolation::new(
            "interests.withheld_reason",
            "/withheld_reason",
            "a withheld entry carries the reason it is withheld from the public register",
        )],
        (RegisterStatus::Published, Some(_)) => vec![RuleViolation::new(
            "interests.withheld_reason",
            "/withheld_reason",
            "a published entry is not withheld; give no withholding reason",
        )],
        (RegisterStatus::Published, None) => Vec::new(),
    }
}

/// A register is kept by the office of a policing body (the OPCC) or by a force.
pub fn check_keeper(kind: OrganisationKind) -> Vec<RuleViolation> {
    match kind {
        OrganisationKind::Opcc | OrganisationKind::Force => Vec::new(),
        _ => vec![RuleViolation::new(
            "interests.keeper",
            "/organisation_id",
            "a register of interests or of gifts and hospitality is kept by an OPCC or a force",
        )],
    }
}

/// The texts of an entry of the register of interests and its dates.
pub fn check_interest_entry(
    description: &str,
    interest_body: &str,
    from_on: NaiveDate,
    to_on: Option<NaiveDate>,
) -> Vec<RuleViolation> {
    let mut out = check_text(description, "/description", MAX_DESCRIPTION);
    out.extend(check_text(interest_body, "/interest_body", 300));
    if interest_body.trim().chars().count() < MIN_MATCHED_NAME && !interest_body.trim().is_empty() {
        out.push(RuleViolation::new(
            "interests.body_name",
            "/interest_body",
            format!("name the organisation in at least {MIN_MATCHED_NAME} characters (it is matched against agendas)"),
        ));
    }
    if !Period::new(from_on, to_on).is_well_formed() {
        out.push(RuleViolation::new("period.invalid", "/to_on", "to_on is before from_on"));
    }
    out
}

/// The texts of an entry of the register of gifts and hospitality and its value.
pub fn check_gift_entry(giver: &str, description: &str, value_pence: i64) -> Vec<RuleViolation> {
    let mut out = check_text(giver, "/giver", 300);
    out.extend(check_text(description, "/description", MAX_DESCRIPTION));
    if value_pence < 0 {
        out.push(RuleViolation::new("invalid_amount", "/estimated_value_pence", "a value is not negative"));
    }
    out
}

/// Whether an entry is in force on `day` (from its first day to its last, open-ended when no end).
pub fn in_force_on(from_on: NaiveDate, to_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    Period::new(from_on, to_on).contains(day)
}

/// Whether `text` names the organisation `name` (case-insensitive, whole words at either end).
pub fn names_organisation(text: &str, name: &str) -> bool {
    let name = name.trim().to_lowercase();
    if name.chars().count() < MIN_MATCHED_NAME {
        return false;
    }
    let text = text.to_lowercase();
    let is_word = |c: char| c.is_alphanumeric();
    let mut from = 0;
    while let Some(at) = text[from..].find(&name) {
        let start = from + at;
        let end = start + name.len();
        let before = !matches!(text[..start].chars().next_back(), Some(c) if is_word(c));
        let after = !matches!(text[end..].chars().next(), Some(c) if is_word(c));
        if before && after {
            return true;
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// An entry of a present member's register, as the warning reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredInterest {
    pub person_id: Uuid,
    pub entry_id: Uuid,
    pub interest_body: String,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
}

/// A text of the meeting: an agenda item's title, or a decision's text (with its agenda item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingText {
    pub agenda_item_id: Option<Uuid>,
    pub decision_id: Option<Uuid>,
    pub text: String,
}

/// A declaration recorded at the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedDeclaration {
    pub person_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub register_entry_id: Option<Uuid>,
}

/// An agenda item or decision that names an organisation in a present member's register, with no
/// declaration recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeclaredInterest {
    pub person_id: Uuid,
    pub entry_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub decision_id: Option<Uuid>,
    pub interest_body: String,
}

/// Whether the member declared for this text: a declaration for its agenda item, one citing the
/// register entry, or (for a decision on no agenda item) one made for the meeting as a whole.
fn declared(declarations: &[RecordedDeclaration], interest: &RegisteredInterest, text: &MeetingText) -> bool {
    declarations.iter().filter(|d| d.person_id == interest.person_id).any(|d| {
        d.register_entry_id == Some(interest.entry_id)
            || (text.agenda_item_id.is_some() && d.agenda_item_id == text.agenda_item_id)
            || (text.agenda_item_id.is_none() && d.agenda_item_id.is_none())
    })
}

/// The warnings of a meeting held on `day`: for each present member's entry in force that day whose
/// organisation an agenda item or decision names, with no declaration for it. One warning per
/// member, entry and agenda item (or decision, when on no item), in the order of the texts.
pub fn undeclared_interests(
    day: NaiveDate,
    present: &[RegisteredInterest],
    texts: &[MeetingText],
    declarations: &[RecordedDeclaration],
) -> Vec<UndeclaredInterest> {
    let mut out: Vec<UndeclaredInterest> = Vec::new();
    for text in texts {
        for interest in present.iter().filter(|i| in_force_on(i.from_on, i.to_on, day)) {
            if !names_organisation(&text.text, &interest.interest_body) || declared(declarations, interest, text) {
                continue;
            }
            let seen = out.iter().any(|w| {
                w.person_id == interest.person_id
                    && w.entry_id == interest.entry_id
                    && match text.agenda_item_id {
                        Some(item) => w.agenda_item_id == Some(item),
                        None => w.decision_id == text.decision_id,
                    }
            });
            if !seen {
                out.push(UndeclaredInterest {
                    person_id: interest.person_id,
                    entry_id: interest.entry_id,
                    agenda_item_id: text.agenda_item_id,
                    decision_id: text.decision_id,
                    interest_body: interest.interest_body.trim().to_string(),
                });
            }
        }
    }
    out
}

/// A declaration cites an entry of the declaring person's own register.
pub fn check_citation(declaring: Uuid, entry_person: Option<Uuid>) -> Vec<RuleViolation> {
    match entry_person {
        Some(person) if person == declaring => Vec::new(),
        _ => vec![RuleViolation::new(
            "interests.citation",
            "/register_entry_id",
            "a declaration cites an entry of the declaring person's own register of interests",
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn a_withheld_entry_needs_its_reason_and_a_published_one_has_none() {
        assert!(check_publication(RegisterStatus::Published, None).is_empty());
        assert_eq!(check_publication(RegisterStatus::Withheld, None)[0].rule, "interests.withheld_reason");
        assert_eq!(check_publication(RegisterStatus::Withheld, Some(" "))[0].rule, "required");
        assert!(check_publication(RegisterStatus::Withheld, Some("Risk of intimidation")).is_empty());
        assert_eq!(check_publication(RegisterStatus::Published, Some("x"))[0].pointer, "/withheld_reason");
    }

    #[test]
    fn entries_are_dated_and_named() {
        assert!(check_interest_entry("Director", "Acme Ltd", day("2016-05-12"), None).is_empty());
        let backwards = check_interest_entry("Director", "Acme Ltd", day("2016-05-12"), Some(day("2016-01-01")));
        assert_eq!(backwards[0].rule, "period.invalid");
        assert_eq!(check_interest_entry("Director", "AB", day("2016-05-12"), None)[0].rule, "interests.body_name");
        assert_eq!(check_gift_entry("Acme", "Dinner", -1)[0].rule, "invalid_amount");
        assert!(check_gift_entry("Acme", "Dinner", 0).is_empty());
        assert!(in_force_on(day("2016-05-12"), None, day("2020-01-01")));
        assert!(!in_force_on(day("2016-05-12"), Some(day("2017-05-11")), day("2017-05-12")));
    }

    #[test]
    fn an_organisation_is_named_case_insensitively_as_whole_words() {
        assert!(names_organisation("Contract award: RESTORATIVE SOLUTIONS CIC", "Restorative Solutions"));
        assert!(names_organisation("Estates (Acme Ltd).", "acme ltd"));
        assert!(!names_organisation("Acmeltd merger", "Acme"));
        assert!(!names_organisation("Anything", "An"));
        assert!(!names_organisation("Beds, Cambs and Herts", "Essex"));
    }

    #[test]
    fn a_named_organisation_with_no_declaration_is_a_warning() {
        let (member, entry, item, other_item) = (id(1), id(2), id(3), id(4));
        let interest = RegisteredInterest {
            person_id: member,
            entry_id: entry,
            interest_body: "Restorative Solutions".into(),
            from_on: day("2015-01-01"),
            to_on: None,
        };
        let texts = vec![
            MeetingText { agenda_item_id: Some(item), decision_id: None, text: "Restorative Solutions CIC".into() },
            MeetingText { agenda_item_id: Some(item), decision_id: Some(id(9)), text: "Restorative Solutions".into() },
            MeetingText { agenda_item_id: Some(other_item), decision_id: None, text: "Estates".into() },
        ];
        let meeting = day("2015-11-25");
        let warnings = undeclared_interests(meeting, std::slice::from_ref(&interest), &texts, &[]);
        assert_eq!(warnings.len(), 1, "one per member, entry and item: {warnings:?}");
        assert_eq!((warnings[0].agenda_item_id, warnings[0].entry_id), (Some(item), entry));
        // Declared for the item, or citing the entry: no warning.
        let for_item = RecordedDeclaration { person_id: member, agenda_item_id: Some(item), register_entry_id: None };
        assert!(undeclared_interests(meeting, std::slice::from_ref(&interest), &texts, &[for_item]).is_empty());
        let citing = RecordedDeclaration { person_id: member, agenda_item_id: None, register_entry_id: Some(entry) };
        assert!(undeclared_interests(meeting, std::slice::from_ref(&interest), &texts, &[citing]).is_empty());
        // Another member's declaration, or another item's, does not count.
        let others = [
            RecordedDeclaration { person_id: id(7), agenda_item_id: Some(item), register_entry_id: None },
            RecordedDeclaration { person_id: member, agenda_item_id: Some(other_item), register_entry_id: None },
        ];
        assert_eq!(undeclared_interests(meeting, std::slice::from_ref(&interest), &texts, &others).len(), 1);
        // An entry not in force on the meeting's day is no warning.
        let ended = RegisteredInterest { to_on: Some(day("2015-06-30")), ..interest };
        assert!(undeclared_interests(meeting, &[ended], &texts, &[]).is_empty());
    }

    #[test]
    fn a_register_is_kept_by_an_opcc_or_a_force() {
        assert!(check_keeper(OrganisationKind::Opcc).is_empty());
        assert!(check_keeper(OrganisationKind::Force).is_empty());
        assert_eq!(check_keeper(OrganisationKind::Partner)[0].rule, "interests.keeper");
    }

    #[test]
    fn a_citation_is_of_the_declaring_persons_own_entry() {
        assert!(check_citation(id(1), Some(id(1))).is_empty());
        assert_eq!(check_citation(id(1), Some(id(2)))[0].rule, "interests.citation");
        assert_eq!(check_citation(id(1), None)[0].pointer, "/register_entry_id");
    }
}
