//! The diesel schema, owned by hand: one schema over both backends (see the migrations).

diesel::table! {
    forces (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        police_area -> Text,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    corporations_sole (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        force_id -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
        corporation_sole_id -> Nullable<Text>,
        force_id -> Nullable<Text>,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        full_name -> Text,
        managing_organisation_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    posts (id) {
        id -> Text,
        organisation_id -> Text,
        title -> Text,
        statutory_roles -> Text,
        single_holder -> Bool,
        public -> Bool,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    appointments (id) {
        id -> Text,
        person_id -> Text,
        post_id -> Nullable<Text>,
        corporation_sole_id -> Nullable<Text>,
        basis -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    collaborations (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        description -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    collaboration_members (id) {
        id -> Text,
        collaboration_id -> Text,
        corporation_sole_id -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audit_chain_head (id) {
        id -> Integer,
        sequence -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    audit_events (sequence) {
        sequence -> BigInt,
        id -> Text,
        occurred_at -> Timestamp,
        actor -> Text,
        organisation_id -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Text,
        state_digest -> Text,
        request_id -> Text,
        previous_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    idempotency_records (principal, key) {
        principal -> Text,
        key -> Text,
        request_digest -> Text,
        status -> BigInt,
        body -> Text,
        etag -> Nullable<Text>,
        location -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(appointments -> posts (post_id));
diesel::joinable!(posts -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    forces,
    corporations_sole,
    organisations,
    people,
    posts,
    appointments,
    collaborations,
    collaboration_members,
    audit_chain_head,
    audit_events,
    idempotency_records,
);
