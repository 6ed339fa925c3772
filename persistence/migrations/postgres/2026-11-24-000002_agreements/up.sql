-- Section 22A collaboration agreements and everything recorded about them (PostgreSQL).
-- The agreement is the aggregate: every change to its parts moves its version.

CREATE TABLE collaboration_agreements (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    collaboration_id TEXT REFERENCES collaborations (id),
    lead_force_id TEXT REFERENCES forces (id),
    lead_board_id TEXT,
    lead_board_name TEXT,
    liability_basis TEXT NOT NULL,
    withdrawal_notice_months BIGINT,
    withdrawal_effective_rule TEXT,
    review_period_months BIGINT NOT NULL,
    planned_commencement DATE,
    in_force_from DATE,
    terminated_on DATE,
    next_review_due DATE,
    parent_id TEXT REFERENCES collaboration_agreements (id),
    baseline_cost_pence BIGINT,
    savings_target_pence BIGINT,
    published BOOLEAN NOT NULL,
    open_alerts BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX collaboration_agreements_status ON collaboration_agreements (status, id);
CREATE INDEX collaboration_agreements_review ON collaboration_agreements (next_review_due);
CREATE INDEX collaboration_agreements_parent ON collaboration_agreements (parent_id);

CREATE TABLE agreement_parties (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    position BIGINT NOT NULL,
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    other_party_name TEXT,
    other_party_kind TEXT,
    withdrawal_notice_on DATE,
    withdrawn_on DATE,
    CHECK ((corporation_sole_id IS NULL) <> (other_party_name IS NULL))
);
CREATE INDEX agreement_parties_agreement ON agreement_parties (agreement_id, position);
CREATE INDEX agreement_parties_office ON agreement_parties (corporation_sole_id, agreement_id);

CREATE TABLE agreement_provisions (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    function_name TEXT NOT NULL,
    direction_and_control_id TEXT REFERENCES corporations_sole (id)
);
CREATE INDEX agreement_provisions_agreement ON agreement_provisions (agreement_id, position);

-- Forces and policing bodies a provision concerns (role: 'force' or 'policing_body').
CREATE TABLE agreement_provision_subjects (
    id TEXT PRIMARY KEY,
    provision_id TEXT NOT NULL REFERENCES agreement_provisions (id),
    position BIGINT NOT NULL,
    force_id TEXT REFERENCES forces (id),
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    CHECK ((force_id IS NULL) <> (corporation_sole_id IS NULL))
);
CREATE INDEX agreement_provision_subjects_provision ON agreement_provision_subjects (provision_id, position);
CREATE INDEX agreement_provision_subjects_force ON agreement_provision_subjects (force_id);

CREATE TABLE agreement_documents (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    title TEXT NOT NULL,
    version_label TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    uri TEXT NOT NULL,
    dated DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_documents_agreement ON agreement_documents (agreement_id);

CREATE TABLE agreement_milestones (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    kind TEXT NOT NULL,
    reached_on DATE NOT NULL,
    reviewer TEXT,
    conclusion TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_milestones_agreement ON agreement_milestones (agreement_id);

CREATE TABLE agreement_cost_schedules (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    basis TEXT NOT NULL,
    effective_from DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, effective_from)
);

CREATE TABLE agreement_cost_shares (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL REFERENCES agreement_cost_schedules (id),
    party_id TEXT NOT NULL REFERENCES agreement_parties (id),
    basis_points BIGINT NOT NULL
);
CREATE INDEX agreement_cost_shares_schedule ON agreement_cost_shares (schedule_id);

CREATE TABLE agreement_approvals (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    party_id TEXT NOT NULL REFERENCES agreement_parties (id),
    purpose TEXT NOT NULL,
    approved_on DATE NOT NULL,
    efficiency_or_effectiveness TEXT NOT NULL,
    existing_collaboration_considered TEXT NOT NULL,
    consistency_considered TEXT NOT NULL,
    other_opportunities_considered TEXT NOT NULL,
    record_of_decision TEXT,
    acting_person_id TEXT REFERENCES people (id),
    capacity TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, party_id, purpose)
);

CREATE TABLE agreement_signatures (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    party_id TEXT NOT NULL REFERENCES agreement_parties (id),
    signatory_person_id TEXT REFERENCES people (id),
    signatory_name TEXT NOT NULL,
    capacity TEXT NOT NULL,
    signed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, party_id)
);

CREATE TABLE agreement_reviews (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    reviewed_on DATE NOT NULL,
    outcome TEXT NOT NULL,
    next_review_due DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_reviews_agreement ON agreement_reviews (agreement_id);

CREATE TABLE agreement_publications (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    published_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_publications_agreement ON agreement_publications (agreement_id);

CREATE TABLE agreement_alerts (
    id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES collaboration_agreements (id),
    rule TEXT NOT NULL,
    message TEXT NOT NULL,
    raised_on DATE NOT NULL,
    resolved_on DATE,
    resolution TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_alerts_agreement ON agreement_alerts (agreement_id);
