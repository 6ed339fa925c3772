-- A transfer order may create its successor (e.g. a new mayoral office) rather than name one
-- already recorded; the order says which, so its history shows where the successor came from.
ALTER TABLE transfer_orders ADD COLUMN successor_created BOOLEAN NOT NULL DEFAULT FALSE;
