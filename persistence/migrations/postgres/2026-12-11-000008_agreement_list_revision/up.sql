-- 'agreement_lists': any change to what a page of the agreements list shows or filters on (issue 15):
-- the agreements' own columns, their parties and provisions and the provisions' forces, and the
-- organisations whose offices decide who sees an unpublished agreement. Each process remembers the
-- pages it served and serves one again only while this revision is unchanged. Triggers keep it in
-- step with every writer, as 'registry', 'authority' and 'decisions'.
INSERT INTO read_revisions (scope, revision) VALUES ('agreement_lists', 0);

-- Every agreement write moves this one row, so it is moved at the commit (a deferred trigger), once per
-- transaction: the row's lock is then held only while the transaction commits, where a lock taken at
-- its first write would make every agreement write wait for the whole of the one before (creates
-- 40% slower at 32 concurrent writers in the bench), and as it is every writer's last lock it cannot
-- close a cycle with the other revisions' rows. (Once a transaction has changed one of these tables,
-- PostgreSQL refuses TRUNCATE or ALTER TABLE on it in the same transaction, for its pending trigger
-- events: a later migration that fills one of them and then alters it must be split in two.)
CREATE FUNCTION bump_agreement_lists_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('governance.agreement_lists_moved', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists';
        PERFORM set_config('governance.agreement_lists_moved', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER collaboration_agreements_agreement_lists_revision AFTER INSERT OR UPDATE OR DELETE ON collaboration_agreements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER collaboration_agreements_truncated_agreement_lists_revision BEFORE TRUNCATE ON collaboration_agreements
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE CONSTRAINT TRIGGER agreement_parties_agreement_lists_revision AFTER INSERT OR UPDATE OR DELETE ON agreement_parties
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_parties_truncated_agreement_lists_revision BEFORE TRUNCATE ON agreement_parties
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE CONSTRAINT TRIGGER agreement_provisions_agreement_lists_revision AFTER INSERT OR UPDATE OR DELETE ON agreement_provisions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_provisions_truncated_agreement_lists_revision BEFORE TRUNCATE ON agreement_provisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE CONSTRAINT TRIGGER agreement_provision_subjects_agreement_lists_revision AFTER INSERT OR UPDATE OR DELETE ON agreement_provision_subjects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_provision_subjects_truncated_agreement_lists_revision BEFORE TRUNCATE ON agreement_provision_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE CONSTRAINT TRIGGER organisations_agreement_lists_revision AFTER INSERT OR UPDATE OR DELETE ON organisations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER organisations_truncated_agreement_lists_revision BEFORE TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
