-- 'agreement_lists': any change to what a page of the agreements list shows or filters on (issue 15):
-- the agreements' own columns, their parties and provisions and the provisions' forces, and the
-- organisations whose offices decide who sees an unpublished agreement. Each process remembers the
-- pages it served and serves one again only while this revision is unchanged. Triggers keep it in
-- step with every writer, as 'registry', 'authority' and 'decisions'.
INSERT INTO read_revisions (scope, revision) VALUES ('agreement_lists', 0);
CREATE TRIGGER collaboration_agreements_inserted_agreement_lists_revision AFTER INSERT ON collaboration_agreements
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER collaboration_agreements_updated_agreement_lists_revision AFTER UPDATE ON collaboration_agreements
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER collaboration_agreements_deleted_agreement_lists_revision AFTER DELETE ON collaboration_agreements
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_parties_inserted_agreement_lists_revision AFTER INSERT ON agreement_parties
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_parties_updated_agreement_lists_revision AFTER UPDATE ON agreement_parties
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_parties_deleted_agreement_lists_revision AFTER DELETE ON agreement_parties
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provisions_inserted_agreement_lists_revision AFTER INSERT ON agreement_provisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provisions_updated_agreement_lists_revision AFTER UPDATE ON agreement_provisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provisions_deleted_agreement_lists_revision AFTER DELETE ON agreement_provisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provision_subjects_inserted_agreement_lists_revision AFTER INSERT ON agreement_provision_subjects
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provision_subjects_updated_agreement_lists_revision AFTER UPDATE ON agreement_provision_subjects
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER agreement_provision_subjects_deleted_agreement_lists_revision AFTER DELETE ON agreement_provision_subjects
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER organisations_inserted_agreement_lists_revision AFTER INSERT ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER organisations_updated_agreement_lists_revision AFTER UPDATE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
CREATE TRIGGER organisations_deleted_agreement_lists_revision AFTER DELETE ON organisations
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'agreement_lists'; END;
