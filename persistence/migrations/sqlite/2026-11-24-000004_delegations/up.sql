-- Delegations, consents, schemes, the functions catalogue and recorded authority checks (SQLite).
-- Dates and instants are ISO-8601 TEXT; lists of codes and ids are comma-separated TEXT.

CREATE TABLE catalogue_functions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    reservation TEXT NOT NULL,
    reservation_source TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE schemes (
    id TEXT PRIMARY KEY,
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    scheme_version TEXT NOT NULL,
    adopted_on TEXT NOT NULL,
    adopted_by_reference TEXT NOT NULL,
    document_uri TEXT,
    document_digest TEXT,
    supersedes_scheme_id TEXT REFERENCES schemes (id),
    superseded_on TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX schemes_corporation_sole_id ON schemes (corporation_sole_id, id);
CREATE UNIQUE INDEX schemes_supersedes_once ON schemes (supersedes_scheme_id);

CREATE TABLE delegations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    parent_delegation_id TEXT REFERENCES delegations (id),
    delegate_kind TEXT NOT NULL,
    delegate_id TEXT NOT NULL,
    functions TEXT NOT NULL,
    limit_per_act_pence BIGINT,
    limit_total_pence BIGINT,
    referral_conditions TEXT NOT NULL,
    refer_to TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    source_scheme_id TEXT REFERENCES schemes (id),
    scheme_id TEXT REFERENCES schemes (id),
    source_reference TEXT,
    source_paragraph TEXT,
    sub_delegation_allowed BOOLEAN NOT NULL,
    illustrative BOOLEAN NOT NULL,
    revoked_on TEXT,
    revocation_reason TEXT,
    revoked_by_scheme_id TEXT REFERENCES schemes (id),
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX delegations_corporation_sole_id ON delegations (corporation_sole_id, id);
CREATE INDEX delegations_delegate ON delegations (delegate_kind, delegate_id);
CREATE INDEX delegations_parent ON delegations (parent_delegation_id);
CREATE INDEX delegations_scheme_id ON delegations (scheme_id);

CREATE TABLE authority_checks (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    asked_by TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    function_code TEXT NOT NULL,
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    amount_pence BIGINT,
    on_date TEXT NOT NULL,
    flags TEXT NOT NULL,
    outcome TEXT NOT NULL,
    answer TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX authority_checks_organisation_id ON authority_checks (organisation_id, id);

-- The functions catalogue starts with the statutory reserved functions of a policing body and the
-- common delegable ones; system admins extend it through the API.
INSERT INTO catalogue_functions (id, code, name, reservation, reservation_source, version, created_at, updated_at) VALUES
    ('01930000-0000-7000-8000-000000000001', 'issue_police_and_crime_plan', 'Issue the police and crime plan', 'office_holder_or_deputy', 'PRSRA 2011 s.18(7)(a)', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000002', 'determine_police_and_crime_objectives', 'Determine police and crime objectives', 'office_holder_or_deputy', 'PRSRA 2011 s.18(7)(b)', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000003', 'attend_police_and_crime_panel', 'Attend a meeting of the Police and Crime Panel when required', 'office_holder_or_deputy', 'PRSRA 2011 s.18(7)(c)', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000004', 'prepare_annual_report', 'Prepare the annual report to the Police and Crime Panel', 'office_holder_or_deputy', 'PRSRA 2011 s.18(7)(d)', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000005', 'appoint_suspend_remove_chief_constable', 'Appoint or suspend the chief constable, or call on the chief constable to retire or resign', 'office_holder_only', 'PRSRA 2011 s.18(7)(e); not to the deputy PCC either (legal.md section 3, [M])', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000006', 'calculate_budget_requirement', 'Calculate the budget requirement (precept)', 'office_holder_only', 'PRSRA 2011 s.18(7)(f); not to the deputy PCC either (legal.md section 3, [M])', 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000007', 'approve_revenue_spend', 'Approve revenue spend', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000008', 'approve_capital_spend', 'Approve capital spend', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000009', 'use_approved_investment', 'Use an approved investment (spend within an investment already approved)', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000010', 'award_contract', 'Award a contract', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000011', 'dispose_of_property', 'Dispose of property', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000012', 'approve_collaboration_agreement', 'Approve a collaboration agreement', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000013', 'sign_collaboration_agreement', 'Sign a collaboration agreement', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000014', 'approve_board_decision', 'Approve a board decision for the corporation sole', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000015', 'appoint_staff', 'Appoint staff', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00'),
    ('01930000-0000-7000-8000-000000000016', 'sign_record_of_decision', 'Sign a record of decision for the corporation sole', 'none', NULL, 1, '2026-11-24 00:00:00', '2026-11-24 00:00:00');
