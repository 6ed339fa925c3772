-- 'agreement_lists': any change to what a page of the agreements list shows or filters on (issue 15):
-- the agreements' own columns, their parties and provisions and the provisions' forces, and the
-- organisations whose offices decide who sees an unpublished agreement. Each process remembers the
-- pages it served and serves one again only while this revision is unchanged. Triggers keep it in
-- step with every writer, as 'registry', 'authority' and 'decisions'.
INSERT INTO read_revisions (scope, revision) VALUES ('agreement_lists', 0);

-- BEFORE each statement, as 'authority': the revision's row lock is taken before the rows changed.
CREATE FUNCTION bump_agreement_lists_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists';
    RETURN NULL;
END
$$;
CREATE TRIGGER collaboration_agreements_agreement_lists_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON collaboration_agreements
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_parties_agreement_lists_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_parties
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_provisions_agreement_lists_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_provisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER agreement_provision_subjects_agreement_lists_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_provision_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
CREATE TRIGGER organisations_agreement_lists_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_agreement_lists_revision();
