-- Registers of interests and of gifts and hospitality (issue 18): dated entries per person, kept by
-- one organisation (the OPCC or the force), published or withheld with the reason; a meeting
-- declaration may cite an entry of the declaring person's register of interests.
CREATE TABLE interest_entries (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    interest_body TEXT NOT NULL,
    from_on DATE NOT NULL,
    to_on DATE,
    status TEXT NOT NULL,
    withheld_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX interest_entries_person_id ON interest_entries (person_id);
CREATE INDEX interest_entries_organisation_id ON interest_entries (organisation_id);

CREATE TABLE gift_entries (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    received_on DATE NOT NULL,
    giver TEXT NOT NULL,
    description TEXT NOT NULL,
    estimated_value_pence BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    status TEXT NOT NULL,
    withheld_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX gift_entries_person_id ON gift_entries (person_id);
CREATE INDEX gift_entries_organisation_id ON gift_entries (organisation_id);

ALTER TABLE declarations ADD COLUMN register_entry_id TEXT REFERENCES interest_entries (id);
CREATE INDEX declarations_register_entry_id ON declarations (register_entry_id);
