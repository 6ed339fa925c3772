-- The forward plan of key decisions (issue 18): an entry per decision a corporation sole (or a board
-- it owns) intends to take, its deciders, and each change of its intended date once published.
CREATE TABLE forward_plan_entries (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    intended_on DATE NOT NULL,
    published_intended_on DATE,
    taken_by TEXT NOT NULL,
    board_id TEXT REFERENCES boards (id),
    consultation TEXT,
    documents TEXT NOT NULL,
    disclosure TEXT NOT NULL,
    foi_sections TEXT NOT NULL,
    exemption_reason TEXT,
    intended_publication_on DATE,
    status TEXT NOT NULL,
    published_on DATE,
    closing_kind TEXT,
    closing_target_id TEXT,
    closed_on DATE,
    withdrawn_on DATE,
    withdrawal_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX forward_plan_entries_intended_on ON forward_plan_entries (intended_on);
CREATE INDEX forward_plan_entries_board_id ON forward_plan_entries (board_id);

CREATE TABLE forward_plan_deciders (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES forward_plan_entries (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (entry_id, corporation_sole_id)
);
CREATE INDEX forward_plan_deciders_corporation_sole_id ON forward_plan_deciders (corporation_sole_id);

CREATE TABLE forward_plan_slips (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES forward_plan_entries (id),
    from_on DATE NOT NULL,
    to_on DATE NOT NULL,
    reason TEXT NOT NULL,
    recorded_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX forward_plan_slips_entry_id ON forward_plan_slips (entry_id);
