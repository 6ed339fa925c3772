-- Revisions that tell a remembered read whether what it was built from has changed (issue 7).
-- The database keeps them in step through triggers, so every writer (the service, `demo-data`,
-- `bench-data`, another process, a hand-run fix) moves them, and a read checks them in the same
-- indexed statement that reads the record's version.

-- 'registry': any change to the corporations sole or organisations, which decide an agreement's
-- party organisations (who may see it) and its composition warnings.
CREATE TABLE read_revisions (
    scope TEXT PRIMARY KEY NOT NULL,
    revision BIGINT NOT NULL
);
INSERT INTO read_revisions (scope, revision) VALUES ('registry', 0);

CREATE TRIGGER corporations_sole_inserted_revision AFTER INSERT ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;
CREATE TRIGGER corporations_sole_updated_revision AFTER UPDATE ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;
CREATE TRIGGER corporations_sole_deleted_revision AFTER DELETE ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;
CREATE TRIGGER organisations_inserted_revision AFTER INSERT ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;
CREATE TRIGGER organisations_updated_revision AFTER UPDATE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;
CREATE TRIGGER organisations_deleted_revision AFTER DELETE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry'; END;

-- An agreement's variations (their ids and statuses) change without a new version of the agreement:
-- this counts those changes on the varied agreement.
ALTER TABLE collaboration_agreements ADD COLUMN variations_revision BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER variation_inserted AFTER INSERT ON collaboration_agreements
WHEN NEW.parent_id IS NOT NULL
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = NEW.parent_id;
END;
-- The bump itself changes neither status nor parent, so it does not fire this again.
CREATE TRIGGER variation_changed AFTER UPDATE ON collaboration_agreements
WHEN (OLD.parent_id IS NOT NULL OR NEW.parent_id IS NOT NULL)
    AND (OLD.status IS NOT NEW.status OR OLD.parent_id IS NOT NEW.parent_id)
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1
        WHERE id IN (OLD.parent_id, NEW.parent_id);
END;
CREATE TRIGGER variation_deleted AFTER DELETE ON collaboration_agreements
WHEN OLD.parent_id IS NOT NULL
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = OLD.parent_id;
END;
