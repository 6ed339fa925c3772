-- An organisation re-pointed to another corporation sole from a day (issue 13: OPCC staff passing
-- to the successor office), dated and kept: the office an organisation served on an earlier day is
-- read back through the later re-pointings.
CREATE TABLE organisation_repointings (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    from_corporation_sole_id TEXT REFERENCES corporations_sole (id),
    to_corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    effective_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisation_repointings_organisation_id ON organisation_repointings (organisation_id);
