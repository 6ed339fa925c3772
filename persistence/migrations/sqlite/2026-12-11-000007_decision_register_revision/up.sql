-- 'decisions': any change to what a page of a board's decision register shows (issue 15). Each
-- process remembers the pages it served (the decisions, their texts, approvers, approvals and
-- corrections, their meetings' starts and agenda items' labels) and serves one again only while this
-- revision is unchanged. Triggers keep it in step with every writer, as 'registry' and 'authority'.
INSERT INTO read_revisions (scope, revision) VALUES ('decisions', 0);
CREATE TRIGGER decisions_inserted_decisions_revision AFTER INSERT ON decisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decisions_updated_decisions_revision AFTER UPDATE ON decisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decisions_deleted_decisions_revision AFTER DELETE ON decisions
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_texts_inserted_decisions_revision AFTER INSERT ON decision_texts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_texts_updated_decisions_revision AFTER UPDATE ON decision_texts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_texts_deleted_decisions_revision AFTER DELETE ON decision_texts
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvers_inserted_decisions_revision AFTER INSERT ON decision_approvers
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvers_updated_decisions_revision AFTER UPDATE ON decision_approvers
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvers_deleted_decisions_revision AFTER DELETE ON decision_approvers
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvals_inserted_decisions_revision AFTER INSERT ON decision_approvals
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvals_updated_decisions_revision AFTER UPDATE ON decision_approvals
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER decision_approvals_deleted_decisions_revision AFTER DELETE ON decision_approvals
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER meetings_inserted_decisions_revision AFTER INSERT ON meetings
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER meetings_updated_decisions_revision AFTER UPDATE ON meetings
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER meetings_deleted_decisions_revision AFTER DELETE ON meetings
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER agenda_items_inserted_decisions_revision AFTER INSERT ON agenda_items
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER agenda_items_updated_decisions_revision AFTER UPDATE ON agenda_items
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER agenda_items_deleted_decisions_revision AFTER DELETE ON agenda_items
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER corrections_inserted_decisions_revision AFTER INSERT ON corrections
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER corrections_updated_decisions_revision AFTER UPDATE ON corrections
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
CREATE TRIGGER corrections_deleted_decisions_revision AFTER DELETE ON corrections
BEGIN UPDATE read_revisions SET revision = revision + 1 WHERE scope = 'decisions'; END;
