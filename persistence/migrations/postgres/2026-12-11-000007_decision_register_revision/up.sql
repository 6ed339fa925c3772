-- 'decisions': any change to what a page of a board's decision register shows (issue 15). Each
-- process remembers the pages it served (the decisions, their texts, approvers, approvals and
-- corrections, their meetings' starts and agenda items' labels) and serves one again only while this
-- revision is unchanged. Triggers keep it in step with every writer, as 'registry' and 'authority'.
INSERT INTO read_revisions (scope, revision) VALUES ('decisions', 0);

-- BEFORE each statement, as 'authority': the revision's row lock is taken before the rows changed.
CREATE FUNCTION bump_decisions_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions';
    RETURN NULL;
END
$$;
CREATE TRIGGER decisions_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER decision_texts_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON decision_texts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER decision_approvers_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON decision_approvers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER decision_approvals_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON decision_approvals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER meetings_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER agenda_items_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON agenda_items
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
CREATE TRIGGER corrections_decisions_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON corrections
    FOR EACH STATEMENT EXECUTE FUNCTION bump_decisions_revision();
