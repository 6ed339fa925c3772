-- The representation of a record as the service held it after each audited change (R-TM-06):
-- what a read with known_at=T answers. Written in the transaction of the change, beside its audit
-- event (same sequence and instant); never updated, so a correction is a new row, not an overwrite.
-- redacted_body is the same version as those without exempt access see it, where that differs.
CREATE TABLE record_history (
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    redacted_body TEXT,
    PRIMARY KEY (resource_type, resource_id, sequence)
);
