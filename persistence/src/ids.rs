//! Typed ids: each table's id is a newtype over [`Uuid`], stored as the same TEXT as before (the
//! hyphenated lower-case form), so a board id cannot be passed where a meeting id is expected and
//! nothing parses stored ids by hand. A stored text that is not a UUID is a deserialization error,
//! never a panic.

use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use uuid::Uuid;

use crate::database::MultiBackend;

/// Parses a stored id, naming the type in the error.
fn parse_stored(text: &str, what: &'static str) -> deserialize::Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| format!("stored {what} {text:?} is not a UUID").into())
}

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = Text)]
        pub struct $name(Uuid);

        impl $name {
            pub const fn new(id: Uuid) -> Self {
                $name(id)
            }

            /// A fresh, time-ordered id (UUID v7).
            pub fn generate() -> Self {
                $name(Uuid::now_v7())
            }

            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl PartialEq<Uuid> for $name {
            fn eq(&self, other: &Uuid) -> bool {
                self.0 == *other
            }
        }

        /// The stored text: hyphenated, lower case.
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        /// As the stored text (rows are serialized for digests and exports).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl ToSql<Text, Sqlite> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.to_string());
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                let mut buffer = Uuid::encode_buffer();
                let text = self.0.hyphenated().encode_lower(&mut buffer);
                std::io::Write::write_all(out, text.as_bytes())?;
                Ok(IsNull::No)
            }
        }

        impl ToSql<Text, MultiBackend> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }

        impl FromSql<Text, Sqlite> for $name {
            fn from_sql(value: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
                parse_stored(&text, stringify!($name)).map($name)
            }
        }

        impl FromSql<Text, Pg> for $name {
            fn from_sql(value: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Pg>>::from_sql(value)?;
                parse_stored(&text, stringify!($name)).map($name)
            }
        }

        impl FromSql<Text, MultiBackend> for $name {
            fn from_sql(value: <MultiBackend as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                value.from_sql::<$name, Text>()
            }
        }
    )+};
}

typed_id!(
    // Registry.
    ForceId,
    CorporationSoleId,
    OrganisationId,
    OrganisationRepointingId,
    PersonId,
    PostId,
    AppointmentId,
    CollaborationId,
    CollaborationMemberId,
    // Boards, meetings and their parts.
    BoardId,
    BoardNameId,
    BoardOwnerId,
    BoardOwnerChangeId,
    BoardTermsId,
    MembershipId,
    MeetingId,
    MeetingChairId,
    AttendanceId,
    AgendaItemId,
    PaperId,
    DeclarationId,
    MinutesId,
    MinuteEntryId,
    MinuteSignatureId,
    ActionId,
    ActionOwnerId,
    ActionUpdateId,
    DecisionId,
    DecisionTextId,
    DecisionApproverId,
    DecisionApprovalId,
    CorrectionId,
    ReferenceSchemeId,
    RecordId,
    RecordTextId,
    RecordProposalId,
    RecordDeciderId,
    RecordSignatureId,
    RecordOfficerApprovalId,
    RecordLinkId,
    // The forward plan of key decisions.
    ForwardPlanEntryId,
    ForwardPlanDeciderId,
    ForwardPlanSlipId,
    // Registers of interests and of gifts and hospitality.
    InterestEntryId,
    GiftEntryId,
    // Holding to account.
    QuestionId,
    AnswerId,
    FollowUpId,
    // Delegation and consent.
    FunctionId,
    SchemeId,
    DelegationId,
    AuthorityCheckId,
    // Webhooks.
    SubscriptionId,
    DeliveryId,
    AttemptId,
    // Succession.
    TransferOrderId,
    // The trust registry.
    TrustedIssuerId,
    PersonLinkId,
);

typed_id!(
    // Section 22A agreements and their parts.
    AgreementId,
    AgreementPartyId,
    ProvisionId,
    ProvisionSubjectId,
    AgreementDocumentId,
    MilestoneId,
    CostScheduleId,
    CostShareId,
    AgreementApprovalId,
    SignatureId,
    AgreementReviewId,
    PublicationId,
    AgreementAlertId,
);

#[cfg(test)]
mod tests {
    use diesel::prelude::*;

    use super::*;
    use crate::schema::forces;

    fn database(name: &str) -> (crate::Database, String) {
        let path = std::env::temp_dir().join(format!("governance-{name}-{}.sqlite3", Uuid::now_v7()));
        let url = path.to_string_lossy().into_owned();
        let database = crate::Database::connect(&url, 1).unwrap_or_else(|e| panic!("{e}"));
        database.migrate().unwrap_or_else(|e| panic!("{e}"));
        (database, url)
    }

    fn remove(url: &str) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{url}{suffix}"));
        }
    }

    fn insert_force(conn: &mut crate::DbConnection, id: &str, slug: &str) {
        let now = crate::audit::now();
        diesel::insert_into(forces::table)
            .values((
                forces::id.eq(id),
                forces::slug.eq(slug),
                forces::name.eq(slug),
                forces::police_area.eq(slug),
                forces::version.eq(1_i64),
                forces::created_at.eq(now),
                forces::updated_at.eq(now),
            ))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn display_is_the_stored_text() {
        let id = ForceId::new(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00ab));
        assert_eq!(id.to_string(), "01930000-0000-7000-8000-0000000000ab");
        assert_eq!(serde_json::to_string(&id).unwrap_or_default(), "\"01930000-0000-7000-8000-0000000000ab\"");
    }

    /// A typed id is written as the same hyphenated lower-case text a `String` id was, and read back.
    #[test]
    fn a_typed_id_round_trips_as_its_text_on_sqlite() {
        let (database, url) = database("ids-round-trip");
        let mut conn = database.connection().unwrap_or_else(|e| panic!("{e}"));
        let id = ForceId::generate();
        let now = crate::audit::now();
        diesel::insert_into(forces::table)
            .values((
                forces::id.eq(id),
                forces::slug.eq("a"),
                forces::name.eq("A"),
                forces::police_area.eq("A"),
                forces::version.eq(1_i64),
                forces::created_at.eq(now),
                forces::updated_at.eq(now),
            ))
            .execute(&mut *conn)
            .unwrap_or_else(|e| panic!("{e}"));
        let text: String = forces::table.select(forces::id).first(&mut *conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(text, id.uuid().hyphenated().to_string());
        let back: ForceId = forces::table
            .filter(forces::id.eq(id))
            .select(forces::id)
            .first(&mut *conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, id);
        let by_text: Option<ForceId> = forces::table
            .filter(forces::id.eq(&text))
            .select(forces::id)
            .first(&mut *conn)
            .optional()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(by_text, Some(id));
        drop(conn);
        remove(&url);
    }

    /// A stored id that is not a UUID is an error naming it, not a panic.
    #[test]
    fn a_stored_text_that_is_not_a_uuid_is_an_error() {
        let (database, url) = database("ids-bad");
        let mut conn = database.connection().unwrap_or_else(|e| panic!("{e}"));
        insert_force(&mut conn, "not-a-uuid", "bad");
        let found = forces::table.select(forces::id).first::<ForceId>(&mut *conn);
        let message = found.err().map(|e| format!("{e:?}")).unwrap_or_default();
        assert!(message.contains("ForceId") && message.contains("not-a-uuid"), "{message}");
        drop(conn);
        remove(&url);
    }
}
