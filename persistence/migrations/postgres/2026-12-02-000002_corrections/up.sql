-- Corrections never overwrite (R-TM-06): each correction of a board record (a decision's outcome,
-- an attendance entry, an action's due date or owners, a meeting voided) is kept as a dated entry
-- with its reason, what the field held before and what it holds after.
CREATE TABLE corrections (
    id TEXT PRIMARY KEY NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    field TEXT NOT NULL,
    previous TEXT NOT NULL,
    corrected TEXT NOT NULL,
    reason TEXT NOT NULL,
    corrected_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX corrections_by_resource ON corrections (resource_id, id);
-- The day a decision left the register because its meeting was voided (NULL while it stands).
ALTER TABLE decisions ADD COLUMN voided_on DATE;
