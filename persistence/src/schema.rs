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
    audit_checkpoints (tree_size) {
        tree_size -> BigInt,
        root_hash -> Text,
        issued_at -> Timestamp,
        origin -> Text,
        key_id -> Text,
        signature -> Text,
        note -> Text,
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
        resource_version -> Nullable<BigInt>,
        state_digest -> Text,
        request_id -> Text,
        previous_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    read_revisions (scope) {
        scope -> Text,
        revision -> BigInt,
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
        source_collaboration_id -> Nullable<Text>,
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

diesel::table! {
    collaboration_agreements (id) {
        id -> Text,
        reference -> Text,
        title -> Text,
        summary -> Text,
        status -> Text,
        collaboration_id -> Nullable<Text>,
        lead_force_id -> Nullable<Text>,
        lead_board_id -> Nullable<Text>,
        lead_board_name -> Nullable<Text>,
        liability_basis -> Text,
        withdrawal_notice_months -> Nullable<BigInt>,
        withdrawal_effective_rule -> Nullable<Text>,
        review_period_months -> BigInt,
        planned_commencement -> Nullable<Date>,
        in_force_from -> Nullable<Date>,
        terminated_on -> Nullable<Date>,
        next_review_due -> Nullable<Date>,
        parent_id -> Nullable<Text>,
        baseline_cost_pence -> Nullable<BigInt>,
        savings_target_pence -> Nullable<BigInt>,
        published -> Bool,
        open_alerts -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        variations_revision -> BigInt,
        registered_by_organisation_id -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_parties (id) {
        id -> Text,
        agreement_id -> Text,
        position -> BigInt,
        corporation_sole_id -> Nullable<Text>,
        other_party_name -> Nullable<Text>,
        other_party_kind -> Nullable<Text>,
        withdrawal_notice_on -> Nullable<Date>,
        withdrawn_on -> Nullable<Date>,
        joins_on -> Nullable<Date>,
        succeeds_party_id -> Nullable<Text>,
        transfer_order_id -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_provisions (id) {
        id -> Text,
        agreement_id -> Text,
        position -> BigInt,
        kind -> Text,
        function_name -> Text,
        direction_and_control_id -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_provision_subjects (id) {
        id -> Text,
        provision_id -> Text,
        position -> BigInt,
        force_id -> Nullable<Text>,
        corporation_sole_id -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_documents (id) {
        id -> Text,
        agreement_id -> Text,
        title -> Text,
        version_label -> Text,
        sha256 -> Text,
        uri -> Text,
        dated -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_milestones (id) {
        id -> Text,
        agreement_id -> Text,
        kind -> Text,
        reached_on -> Date,
        reviewer -> Nullable<Text>,
        conclusion -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_cost_schedules (id) {
        id -> Text,
        agreement_id -> Text,
        basis -> Text,
        effective_from -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_cost_shares (id) {
        id -> Text,
        schedule_id -> Text,
        party_id -> Text,
        basis_points -> BigInt,
    }
}

diesel::table! {
    agreement_approvals (id) {
        id -> Text,
        agreement_id -> Text,
        party_id -> Text,
        purpose -> Text,
        approved_on -> Date,
        efficiency_or_effectiveness -> Text,
        existing_collaboration_considered -> Text,
        consistency_considered -> Text,
        other_opportunities_considered -> Text,
        record_of_decision -> Nullable<Text>,
        acting_person_id -> Nullable<Text>,
        capacity -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_signatures (id) {
        id -> Text,
        agreement_id -> Text,
        party_id -> Text,
        signatory_person_id -> Nullable<Text>,
        signatory_name -> Text,
        capacity -> Text,
        signed_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_reviews (id) {
        id -> Text,
        agreement_id -> Text,
        reviewed_on -> Date,
        outcome -> Text,
        next_review_due -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_publications (id) {
        id -> Text,
        agreement_id -> Text,
        kind -> Text,
        url -> Text,
        published_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_alerts (id) {
        id -> Text,
        agreement_id -> Text,
        rule -> Text,
        message -> Text,
        raised_on -> Date,
        resolved_on -> Nullable<Date>,
        resolution -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    boards (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        parent_board_id -> Nullable<Text>,
        collaboration_id -> Nullable<Text>,
        quorum_rule -> Text,
        quorum_count -> Nullable<BigInt>,
        public -> Bool,
        ends_on -> Nullable<Date>,
        exempt_access_roles -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    board_names (id) {
        id -> Text,
        board_id -> Text,
        name -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    board_owners (id) {
        id -> Text,
        board_id -> Text,
        corporation_sole_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    board_terms (id) {
        id -> Text,
        board_id -> Text,
        version_label -> Text,
        title -> Text,
        uri -> Text,
        sha256 -> Text,
        adopted_on -> Date,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    board_memberships (id) {
        id -> Text,
        board_id -> Text,
        person_id -> Nullable<Text>,
        post_id -> Nullable<Text>,
        role -> Text,
        corporation_sole_id -> Nullable<Text>,
        voting -> Bool,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        board_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Nullable<Timestamp>,
        venue -> Text,
        status -> Text,
        minute_taker_person_id -> Nullable<Text>,
        next_meeting_id -> Nullable<Text>,
        next_meeting_note -> Nullable<Text>,
        start_time_recorded -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_chairs (id) {
        id -> Text,
        meeting_id -> Text,
        person_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    attendance (id) {
        id -> Text,
        meeting_id -> Text,
        person_id -> Text,
        kind -> Text,
        capacity -> Text,
        corporation_sole_id -> Nullable<Text>,
        voting -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> Text,
        meeting_id -> Text,
        label -> Text,
        position -> BigInt,
        title -> Text,
        presenter -> Nullable<Text>,
        standing_item -> Nullable<Text>,
        disclosure -> Text,
        foi_sections -> Text,
        exemption_reason -> Nullable<Text>,
        intended_publication_on -> Nullable<Date>,
        title_withheld -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agenda_papers (id) {
        id -> Text,
        agenda_item_id -> Text,
        title -> Text,
        version_label -> Text,
        uri -> Text,
        sha256 -> Text,
        dated_on -> Date,
        disclosure -> Text,
        foi_sections -> Text,
        exemption_reason -> Nullable<Text>,
        intended_publication_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    declarations (id) {
        id -> Text,
        meeting_id -> Text,
        agenda_item_id -> Nullable<Text>,
        person_id -> Text,
        interest -> Text,
        withdrew -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        register_entry_id -> Nullable<Text>,
    }
}

diesel::table! {
    minutes (id) {
        id -> Text,
        meeting_id -> Text,
        revision -> BigInt,
        status -> Text,
        approved_at_meeting_id -> Nullable<Text>,
        amendments -> Nullable<Text>,
        published_on -> Nullable<Date>,
        published_url -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    minute_entries (id) {
        id -> Text,
        minutes_id -> Text,
        agenda_item_id -> Text,
        text -> Text,
        outcome -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    minute_signatures (id) {
        id -> Text,
        minutes_id -> Text,
        person_id -> Text,
        capacity -> Text,
        signed_on -> Date,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    board_actions (id) {
        id -> Text,
        meeting_id -> Text,
        board_id -> Text,
        agenda_item_id -> Nullable<Text>,
        label -> Nullable<Text>,
        text -> Text,
        due_on -> Nullable<Date>,
        status -> Text,
        closed_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    action_owners (id) {
        id -> Text,
        action_id -> Text,
        person_id -> Nullable<Text>,
        post_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    action_updates (id) {
        id -> Text,
        action_id -> Text,
        dated_on -> Date,
        text -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text,
        board_id -> Text,
        number -> BigInt,
        meeting_id -> Text,
        agenda_item_id -> Nullable<Text>,
        outcome -> Text,
        owner -> Nullable<Text>,
        owner_person_id -> Nullable<Text>,
        disclosure -> Text,
        foi_sections -> Text,
        exemption_reason -> Nullable<Text>,
        intended_publication_on -> Nullable<Date>,
        agreed_on -> Nullable<Date>,
        paper_number -> Nullable<Text>,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
        voided_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_texts (id) {
        id -> Text,
        decision_id -> Text,
        subject -> Text,
        recommendation -> Nullable<Text>,
        options_considered -> Nullable<Text>,
        conditions -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_approvers (id) {
        id -> Text,
        decision_id -> Text,
        corporation_sole_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    corrections (id) {
        id -> Text,
        resource_type -> Text,
        resource_id -> Text,
        field -> Text,
        previous -> Text,
        corrected -> Text,
        reason -> Text,
        corrected_on -> Date,
        recorded_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_approvals (id) {
        id -> Text,
        decision_id -> Text,
        corporation_sole_id -> Text,
        person_id -> Nullable<Text>,
        capacity -> Text,
        approved_on -> Date,
        raw_text -> Nullable<Text>,
        recorded_by -> Text,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reference_schemes (id) {
        id -> Text,
        corporation_sole_id -> Text,
        pattern -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    records_of_decision (id) {
        id -> Text,
        issuing_corporation_sole_id -> Text,
        reference -> Text,
        title -> Text,
        summary -> Text,
        part2_foi_sections -> Text,
        part2_reason -> Nullable<Text>,
        significant_public_interest -> Bool,
        status -> Text,
        decided_on -> Nullable<Date>,
        published_on -> Nullable<Date>,
        published_url -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_texts (id) {
        id -> Text,
        record_id -> Text,
        financial_comments -> Nullable<Text>,
        legal_comments -> Nullable<Text>,
        part2_text -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_proposals (id) {
        id -> Text,
        record_id -> Text,
        position -> BigInt,
        text -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_deciders (id) {
        id -> Text,
        record_id -> Text,
        corporation_sole_id -> Text,
        declaration -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_signatures (id) {
        id -> Text,
        record_id -> Text,
        corporation_sole_id -> Text,
        person_id -> Nullable<Text>,
        signed_name -> Text,
        capacity -> Text,
        signed_on -> Nullable<Date>,
        recorded_by -> Text,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_officer_approvals (id) {
        id -> Text,
        record_id -> Text,
        role -> Text,
        person_id -> Nullable<Text>,
        name -> Text,
        approved_on -> Date,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_links (id) {
        id -> Text,
        record_id -> Text,
        kind -> Text,
        target_id -> Text,
        note -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decision_sequences (board_id) {
        board_id -> Text,
        last_number -> BigInt,
    }
}

diesel::table! {
    trusted_issuers (id) {
        id -> Text,
        issuer -> Text,
        name -> Text,
        jwks_url -> Nullable<Text>,
        discovery_url -> Nullable<Text>,
        audience -> Text,
        algorithms -> Text,
        subject_claim -> Text,
        organisation_claim -> Nullable<Text>,
        organisation_map -> Text,
        fixed_organisation_id -> Nullable<Text>,
        roles_claim -> Text,
        role_map -> Text,
        machine_roles -> Text,
        ended_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    trusted_issuer_person_links (id) {
        id -> Text,
        trusted_issuer_id -> Text,
        subject -> Text,
        person_id -> Text,
        created_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    forward_plan_entries (id) {
        id -> Text,
        title -> Text,
        summary -> Text,
        intended_on -> Date,
        published_intended_on -> Nullable<Date>,
        taken_by -> Text,
        board_id -> Nullable<Text>,
        consultation -> Nullable<Text>,
        documents -> Text,
        disclosure -> Text,
        foi_sections -> Text,
        exemption_reason -> Nullable<Text>,
        intended_publication_on -> Nullable<Date>,
        status -> Text,
        published_on -> Nullable<Date>,
        closing_kind -> Nullable<Text>,
        closing_target_id -> Nullable<Text>,
        closed_on -> Nullable<Date>,
        withdrawn_on -> Nullable<Date>,
        withdrawal_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    forward_plan_deciders (id) {
        id -> Text,
        entry_id -> Text,
        corporation_sole_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    forward_plan_slips (id) {
        id -> Text,
        entry_id -> Text,
        from_on -> Date,
        to_on -> Date,
        reason -> Text,
        recorded_on -> Date,
        recorded_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interest_entries (id) {
        id -> Text,
        person_id -> Text,
        organisation_id -> Text,
        category -> Text,
        description -> Text,
        interest_body -> Text,
        from_on -> Date,
        to_on -> Nullable<Date>,
        status -> Text,
        withheld_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    gift_entries (id) {
        id -> Text,
        person_id -> Text,
        organisation_id -> Text,
        kind -> Text,
        received_on -> Date,
        giver -> Text,
        description -> Text,
        estimated_value_pence -> BigInt,
        outcome -> Text,
        status -> Text,
        withheld_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(appointments -> posts (post_id));
diesel::joinable!(posts -> organisations (organisation_id));
diesel::joinable!(agreement_parties -> collaboration_agreements (agreement_id));
diesel::joinable!(agreement_parties -> corporations_sole (corporation_sole_id));
diesel::joinable!(agreement_provisions -> collaboration_agreements (agreement_id));
diesel::joinable!(agreement_provision_subjects -> agreement_provisions (provision_id));

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        organisation_id -> Text,
        target_url -> Text,
        event_types -> Text,
        secret -> Text,
        active -> Bool,
        paused_at -> Nullable<Timestamp>,
        paused_reason -> Nullable<Text>,
        consecutive_failures -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_outbox (sequence) {
        sequence -> BigInt,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        event_sequence -> BigInt,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_status_code -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        status_code -> Nullable<BigInt>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::table! {
    transfer_orders (id) {
        id -> Text,
        citation -> Text,
        title -> Text,
        made_on -> Date,
        in_force_on -> Date,
        successor_id -> Text,
        predecessor_ids -> Text,
        status -> Text,
        preview_digest -> Nullable<Text>,
        previewed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        executed_at -> Nullable<Timestamp>,
        executed_report -> Nullable<Text>,
        successor_created -> Bool,
    }
}

diesel::table! {
    questions (id) {
        id -> Text,
        meeting_id -> Text,
        board_id -> Text,
        agenda_item_id -> Nullable<Text>,
        position -> BigInt,
        asked_by_person_id -> Text,
        put_to_corporation_sole_id -> Text,
        put_to_person_id -> Nullable<Text>,
        topic -> Text,
        text -> Text,
        evidence_sha256 -> Nullable<Text>,
        evidence_locator -> Nullable<Text>,
        evidence_uri -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    question_answers (id) {
        id -> Text,
        question_id -> Text,
        answered_by_person_id -> Text,
        answered_on -> Date,
        text -> Nullable<Text>,
        paper_uri -> Nullable<Text>,
        paper_sha256 -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    question_follow_ups (id) {
        id -> Text,
        question_id -> Text,
        action_id -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    record_history (resource_type, resource_id, sequence) {
        resource_type -> Text,
        resource_id -> Text,
        sequence -> BigInt,
        recorded_at -> Timestamp,
        version -> BigInt,
        body -> Text,
        redacted_body -> Nullable<Text>,
    }
}

diesel::table! {
    board_owner_changes (id) {
        id -> Text,
        board_id -> Text,
        from_owner_id -> Nullable<Text>,
        to_owner_id -> Nullable<Text>,
        effective_on -> Date,
        reason -> Text,
        transfer_order_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_repointings (id) {
        id -> Text,
        organisation_id -> Text,
        from_corporation_sole_id -> Nullable<Text>,
        to_corporation_sole_id -> Text,
        effective_on -> Date,
        reason -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_audiences (audience, sequence) {
        audience -> Text,
        sequence -> BigInt,
    }
}

diesel::table! {
    event_audience_rebuilds (requested) {
        requested -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    forces,
    corrections,
    corporations_sole,
    organisations,
    people,
    posts,
    appointments,
    collaborations,
    collaboration_members,
    audit_chain_head,
    audit_checkpoints,
    audit_events,
    read_revisions,
    idempotency_records,
    catalogue_functions,
    schemes,
    delegations,
    authority_checks,
    collaboration_agreements,
    agreement_parties,
    agreement_provisions,
    agreement_provision_subjects,
    agreement_documents,
    agreement_milestones,
    agreement_cost_schedules,
    agreement_cost_shares,
    agreement_approvals,
    agreement_signatures,
    agreement_reviews,
    agreement_publications,
    agreement_alerts,
    boards,
    board_names,
    board_owners,
    board_terms,
    board_memberships,
    meetings,
    meeting_chairs,
    attendance,
    agenda_items,
    agenda_papers,
    declarations,
    minutes,
    minute_entries,
    minute_signatures,
    board_actions,
    action_owners,
    questions,
    question_answers,
    question_follow_ups,
    action_updates,
    decisions,
    decision_texts,
    decision_approvers,
    decision_approvals,
    reference_schemes,
    records_of_decision,
    record_texts,
    record_proposals,
    record_deciders,
    record_signatures,
    record_officer_approvals,
    record_links,
    forward_plan_entries,
    forward_plan_deciders,
    forward_plan_slips,
    interest_entries,
    gift_entries,
    decision_sequences,
    webhook_subscriptions,
    webhook_outbox,
    webhook_deliveries,
    webhook_attempts,
    transfer_orders,
    trusted_issuers,
    trusted_issuer_person_links,
    record_history,
    board_owner_changes,
    organisation_repointings,
    event_audiences,
    event_audience_rebuilds,
);
