-- Boards, meetings, minutes, actions, decisions and records of decision (PostgreSQL).

CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_board_id TEXT REFERENCES boards (id),
    collaboration_id TEXT REFERENCES collaborations (id),
    quorum_rule TEXT NOT NULL,
    quorum_count BIGINT,
    public BOOLEAN NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX boards_parent_board_id ON boards (parent_board_id);
CREATE INDEX boards_collaboration_id ON boards (collaboration_id);

-- One row per board: the last decision number issued. Writers increment it in the same
-- transaction as the decision, so numbers are never reused, even under concurrency.
CREATE TABLE decision_sequences (
    board_id TEXT PRIMARY KEY REFERENCES boards (id),
    last_number BIGINT NOT NULL
);

CREATE TABLE board_names (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    name TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX board_names_board_id ON board_names (board_id);

CREATE TABLE board_owners (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX board_owners_board_id ON board_owners (board_id);
CREATE INDEX board_owners_corporation_sole_id ON board_owners (corporation_sole_id);
CREATE UNIQUE INDEX board_owners_board_cs ON board_owners (board_id, corporation_sole_id);
CREATE INDEX board_owners_cs ON board_owners (corporation_sole_id);

CREATE TABLE board_terms (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    version_label TEXT NOT NULL,
    title TEXT NOT NULL,
    uri TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    adopted_on DATE NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX board_terms_board_id ON board_terms (board_id);

CREATE TABLE board_memberships (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    person_id TEXT REFERENCES people (id),
    post_id TEXT REFERENCES posts (id),
    role TEXT NOT NULL,
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    voting BOOLEAN NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((person_id IS NULL) <> (post_id IS NULL))
);
CREATE INDEX board_memberships_board_id ON board_memberships (board_id);
CREATE INDEX board_memberships_person_id ON board_memberships (person_id);
CREATE INDEX board_memberships_post_id ON board_memberships (post_id);
CREATE INDEX board_memberships_corporation_sole_id ON board_memberships (corporation_sole_id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP,
    venue TEXT NOT NULL,
    status TEXT NOT NULL,
    minute_taker_person_id TEXT REFERENCES people (id),
    next_meeting_id TEXT REFERENCES meetings (id),
    next_meeting_note TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX meetings_board_id ON meetings (board_id);
CREATE INDEX meetings_minute_taker_person_id ON meetings (minute_taker_person_id);
CREATE INDEX meetings_next_meeting_id ON meetings (next_meeting_id);
CREATE INDEX meetings_board_starts ON meetings (board_id, starts_at);

CREATE TABLE meeting_chairs (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_chairs_meeting_id ON meeting_chairs (meeting_id);
CREATE INDEX meeting_chairs_person_id ON meeting_chairs (person_id);

CREATE TABLE attendance (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    capacity TEXT NOT NULL,
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    voting BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX attendance_meeting_id ON attendance (meeting_id);
CREATE INDEX attendance_person_id ON attendance (person_id);
CREATE INDEX attendance_corporation_sole_id ON attendance (corporation_sole_id);

CREATE TABLE agenda_items (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    label TEXT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    presenter TEXT,
    standing_item TEXT,
    disclosure TEXT NOT NULL,
    foi_sections TEXT NOT NULL,
    exemption_reason TEXT,
    intended_publication_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agenda_items_meeting_id ON agenda_items (meeting_id);

CREATE TABLE agenda_papers (
    id TEXT PRIMARY KEY,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    title TEXT NOT NULL,
    version_label TEXT NOT NULL,
    uri TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    dated_on DATE NOT NULL,
    disclosure TEXT NOT NULL,
    foi_sections TEXT NOT NULL,
    exemption_reason TEXT,
    intended_publication_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agenda_papers_agenda_item_id ON agenda_papers (agenda_item_id);

CREATE TABLE declarations (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    interest TEXT NOT NULL,
    withdrew BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX declarations_meeting_id ON declarations (meeting_id);
CREATE INDEX declarations_agenda_item_id ON declarations (agenda_item_id);
CREATE INDEX declarations_person_id ON declarations (person_id);

CREATE TABLE minutes (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    revision BIGINT NOT NULL,
    status TEXT NOT NULL,
    approved_at_meeting_id TEXT REFERENCES meetings (id),
    amendments TEXT,
    published_on DATE,
    published_url TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX minutes_meeting_id ON minutes (meeting_id);
CREATE INDEX minutes_approved_at_meeting_id ON minutes (approved_at_meeting_id);
CREATE UNIQUE INDEX minutes_meeting_revision ON minutes (meeting_id, revision);

CREATE TABLE minute_entries (
    id TEXT PRIMARY KEY,
    minutes_id TEXT NOT NULL REFERENCES minutes (id),
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    text TEXT NOT NULL,
    outcome TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX minute_entries_minutes_id ON minute_entries (minutes_id);
CREATE INDEX minute_entries_agenda_item_id ON minute_entries (agenda_item_id);

CREATE TABLE minute_signatures (
    id TEXT PRIMARY KEY,
    minutes_id TEXT NOT NULL REFERENCES minutes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    capacity TEXT NOT NULL,
    signed_on DATE NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX minute_signatures_minutes_id ON minute_signatures (minutes_id);
CREATE INDEX minute_signatures_person_id ON minute_signatures (person_id);

CREATE TABLE board_actions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    label TEXT,
    text TEXT NOT NULL,
    due_on DATE,
    status TEXT NOT NULL,
    closed_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX board_actions_meeting_id ON board_actions (meeting_id);
CREATE INDEX board_actions_agenda_item_id ON board_actions (agenda_item_id);
CREATE INDEX board_actions_status_due ON board_actions (status, due_on);

CREATE TABLE action_owners (
    id TEXT PRIMARY KEY,
    action_id TEXT NOT NULL REFERENCES board_actions (id),
    person_id TEXT REFERENCES people (id),
    post_id TEXT REFERENCES posts (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((person_id IS NULL) <> (post_id IS NULL))
);
CREATE INDEX action_owners_action_id ON action_owners (action_id);
CREATE INDEX action_owners_person_id ON action_owners (person_id);
CREATE INDEX action_owners_post_id ON action_owners (post_id);

CREATE TABLE action_updates (
    id TEXT PRIMARY KEY,
    action_id TEXT NOT NULL REFERENCES board_actions (id),
    dated_on DATE NOT NULL,
    text TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX action_updates_action_id ON action_updates (action_id);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    number BIGINT NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    outcome TEXT NOT NULL,
    owner TEXT,
    owner_person_id TEXT REFERENCES people (id),
    disclosure TEXT NOT NULL,
    foi_sections TEXT NOT NULL,
    exemption_reason TEXT,
    intended_publication_on DATE,
    agreed_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_board_id ON decisions (board_id);
CREATE INDEX decisions_meeting_id ON decisions (meeting_id);
CREATE INDEX decisions_agenda_item_id ON decisions (agenda_item_id);
CREATE INDEX decisions_owner_person_id ON decisions (owner_person_id);
CREATE UNIQUE INDEX decisions_board_number ON decisions (board_id, number);

CREATE TABLE decision_texts (
    id TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    subject TEXT NOT NULL,
    recommendation TEXT,
    options_considered TEXT,
    conditions TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_texts_decision_id ON decision_texts (decision_id);
CREATE UNIQUE INDEX decision_texts_once ON decision_texts (decision_id);

CREATE TABLE decision_approvers (
    id TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_approvers_decision_id ON decision_approvers (decision_id);
CREATE INDEX decision_approvers_corporation_sole_id ON decision_approvers (corporation_sole_id);

CREATE TABLE decision_approvals (
    id TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    person_id TEXT REFERENCES people (id),
    capacity TEXT NOT NULL,
    approved_on DATE NOT NULL,
    raw_text TEXT,
    recorded_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_approvals_decision_id ON decision_approvals (decision_id);
CREATE INDEX decision_approvals_corporation_sole_id ON decision_approvals (corporation_sole_id);
CREATE INDEX decision_approvals_person_id ON decision_approvals (person_id);
CREATE UNIQUE INDEX decision_approvals_once ON decision_approvals (decision_id, corporation_sole_id);

CREATE TABLE reference_schemes (
    id TEXT PRIMARY KEY,
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    pattern TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reference_schemes_corporation_sole_id ON reference_schemes (corporation_sole_id);
CREATE UNIQUE INDEX reference_schemes_once ON reference_schemes (corporation_sole_id);

CREATE TABLE records_of_decision (
    id TEXT PRIMARY KEY,
    issuing_corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    part2_foi_sections TEXT NOT NULL,
    part2_reason TEXT,
    significant_public_interest BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    decided_on DATE,
    published_on DATE,
    published_url TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX records_of_decision_issuing_corporation_sole_id ON records_of_decision (issuing_corporation_sole_id);
CREATE UNIQUE INDEX records_of_decision_issuer_reference ON records_of_decision (issuing_corporation_sole_id, reference);

CREATE TABLE record_texts (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    financial_comments TEXT,
    legal_comments TEXT,
    part2_text TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_texts_record_id ON record_texts (record_id);
CREATE UNIQUE INDEX record_texts_once ON record_texts (record_id);

CREATE TABLE record_proposals (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_proposals_record_id ON record_proposals (record_id);

CREATE TABLE record_deciders (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    declaration TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_deciders_record_id ON record_deciders (record_id);
CREATE INDEX record_deciders_corporation_sole_id ON record_deciders (corporation_sole_id);

CREATE TABLE record_signatures (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    person_id TEXT REFERENCES people (id),
    signed_name TEXT NOT NULL,
    capacity TEXT NOT NULL,
    signed_on DATE,
    recorded_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_signatures_record_id ON record_signatures (record_id);
CREATE INDEX record_signatures_corporation_sole_id ON record_signatures (corporation_sole_id);
CREATE INDEX record_signatures_person_id ON record_signatures (person_id);

CREATE TABLE record_officer_approvals (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    role TEXT NOT NULL,
    person_id TEXT REFERENCES people (id),
    name TEXT NOT NULL,
    approved_on DATE NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_officer_approvals_record_id ON record_officer_approvals (record_id);
CREATE INDEX record_officer_approvals_person_id ON record_officer_approvals (person_id);

CREATE TABLE record_links (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES records_of_decision (id),
    kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    note TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX record_links_record_id ON record_links (record_id);
