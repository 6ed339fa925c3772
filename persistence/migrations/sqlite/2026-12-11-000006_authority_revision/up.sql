-- 'authority': any change to what the authority check reads (issue 15). The check remembers, per
-- process, the facts it read for a question (the office, the function, the actor's capacities that
-- day, the delegation chains to them and the schemes and collaborations they cite) and trusts them
-- only while this revision is unchanged. Triggers keep it in step with every writer, as 'registry'.
INSERT INTO read_revisions (scope, revision) VALUES ('authority', 0);
CREATE TRIGGER corporations_sole_inserted_authority_revision AFTER INSERT ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER corporations_sole_updated_authority_revision AFTER UPDATE ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER corporations_sole_deleted_authority_revision AFTER DELETE ON corporations_sole
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER organisations_inserted_authority_revision AFTER INSERT ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER organisations_updated_authority_revision AFTER UPDATE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER organisations_deleted_authority_revision AFTER DELETE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER people_inserted_authority_revision AFTER INSERT ON people
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER people_updated_authority_revision AFTER UPDATE ON people
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER people_deleted_authority_revision AFTER DELETE ON people
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER posts_inserted_authority_revision AFTER INSERT ON posts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER posts_updated_authority_revision AFTER UPDATE ON posts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER posts_deleted_authority_revision AFTER DELETE ON posts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER appointments_inserted_authority_revision AFTER INSERT ON appointments
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER appointments_updated_authority_revision AFTER UPDATE ON appointments
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER appointments_deleted_authority_revision AFTER DELETE ON appointments
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaborations_inserted_authority_revision AFTER INSERT ON collaborations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaborations_updated_authority_revision AFTER UPDATE ON collaborations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaborations_deleted_authority_revision AFTER DELETE ON collaborations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaboration_members_inserted_authority_revision AFTER INSERT ON collaboration_members
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaboration_members_updated_authority_revision AFTER UPDATE ON collaboration_members
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER collaboration_members_deleted_authority_revision AFTER DELETE ON collaboration_members
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER catalogue_functions_inserted_authority_revision AFTER INSERT ON catalogue_functions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER catalogue_functions_updated_authority_revision AFTER UPDATE ON catalogue_functions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER catalogue_functions_deleted_authority_revision AFTER DELETE ON catalogue_functions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER schemes_inserted_authority_revision AFTER INSERT ON schemes
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER schemes_updated_authority_revision AFTER UPDATE ON schemes
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER schemes_deleted_authority_revision AFTER DELETE ON schemes
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER delegations_inserted_authority_revision AFTER INSERT ON delegations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER delegations_updated_authority_revision AFTER UPDATE ON delegations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
CREATE TRIGGER delegations_deleted_authority_revision AFTER DELETE ON delegations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'authority'; END;
