-- Revisions that tell a remembered read whether what it was built from has changed (issue 7).
-- The database keeps them in step through triggers, so every writer (the service, `demo-data`,
-- `bench-data`, another replica, a hand-run fix) moves them, and a read checks them in the same
-- indexed statement that reads the record's version.

-- 'registry': any change to the corporations sole or organisations, which decide an agreement's
-- party organisations (who may see it) and its composition warnings.
CREATE TABLE read_revisions (
    scope TEXT PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO read_revisions (scope, revision) VALUES ('registry', 0);

CREATE FUNCTION bump_registry_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'registry';
    RETURN NULL;
END
$$;
CREATE TRIGGER corporations_sole_registry_revision AFTER INSERT OR UPDATE OR DELETE ON corporations_sole
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registry_revision();
CREATE TRIGGER organisations_registry_revision AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registry_revision();

-- An agreement's variations (their ids and statuses) change without a new version of the agreement:
-- this counts those changes on the varied agreement.
ALTER TABLE collaboration_agreements ADD COLUMN variations_revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION bump_variations_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = NEW.parent_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = OLD.parent_id;
    ELSE
        UPDATE collaboration_agreements SET variations_revision = variations_revision + 1
            WHERE id IN (OLD.parent_id, NEW.parent_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER variation_inserted AFTER INSERT ON collaboration_agreements
    FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL) EXECUTE FUNCTION bump_variations_revision();
-- The bump itself changes neither status nor parent, so it does not fire this again.
CREATE TRIGGER variation_changed AFTER UPDATE ON collaboration_agreements
    FOR EACH ROW WHEN ((OLD.parent_id IS NOT NULL OR NEW.parent_id IS NOT NULL)
        AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.parent_id IS DISTINCT FROM NEW.parent_id))
    EXECUTE FUNCTION bump_variations_revision();
CREATE TRIGGER variation_deleted AFTER DELETE ON collaboration_agreements
    FOR EACH ROW WHEN (OLD.parent_id IS NOT NULL) EXECUTE FUNCTION bump_variations_revision();
