-- 'authority': any change to what the authority check reads (issue 15). The check remembers, per
-- process, the facts it read for a question (the office, the function, the actor's capacities that
-- day, the delegation chains to them and the schemes and collaborations they cite) and trusts them
-- only while this revision is unchanged. Triggers keep it in step with every writer, as 'registry'.
INSERT INTO read_revisions (scope, revision) VALUES ('authority', 0);

-- BEFORE each statement: a transaction takes the revision's row lock before the rows it changes, so
-- one that changes several tables (a scheme re-adopted, a transfer carrying delegations) and one that
-- changes a single row queue on the revision instead of deadlocking on each other's rows.
CREATE FUNCTION bump_authority_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority';
    RETURN NULL;
END
$$;
CREATE TRIGGER corporations_sole_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON corporations_sole
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER organisations_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER people_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER posts_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER appointments_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON appointments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER collaborations_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON collaborations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER collaboration_members_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON collaboration_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER catalogue_functions_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalogue_functions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER schemes_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
CREATE TRIGGER delegations_authority_revision BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON delegations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_revision();
