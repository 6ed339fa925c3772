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

diesel::table! {
    catalogue_functions (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        reservation -> Text,
        reservation_source -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    schemes (id) {
        id -> Text,
        corporation_sole_id -> Text,
        kind -> Text,
        title -> Text,
        scheme_version -> Text,
        adopted_on -> Date,
        adopted_by_reference -> Text,
        document_uri -> Nullable<Text>,
        document_digest -> Nullable<Text>,
        supersedes_scheme_id -> Nullable<Text>,
        superseded_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    delegations (id) {
        id -> Text,
        kind -> Text,
        corporation_sole_id -> Text,
        parent_delegation_id -> Nullable<Text>,
        delegate_kind -> Text,
        delegate_id -> Text,
        functions -> Text,
        limit_per_act_pence -> Nullable<BigInt>,
        limit_total_pence -> Nullable<BigInt>,
        referral_conditions -> Text,
        refer_to -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        source_scheme_id -> Nullable<Text>,
        scheme_id -> Nullable<Text>,
        source_reference -> Nullable<Text>,
        source_paragraph -> Nullable<Text>,
        sub_delegation_allowed -> Bool,
        illustrative -> Bool,
        revoked_on -> Nullable<Date>,
        revocation_reason -> Nullable<Text>,
        revoked_by_scheme_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    authority_checks (id) {
        id -> Text,
        organisation_id -> Text,
        asked_by -> Text,
        actor_kind -> Text,
        actor_id -> Text,
        function_code -> Text,
        corporation_sole_id -> Text,
        amount_pence -> Nullable<BigInt>,
        on_date -> Date,
        flags -> Text,
        outcome -> Text,
        answer -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
    catalogue_functions,
    schemes,
    delegations,
    authority_checks,
);
