DROP TRIGGER decisions_decisions_revision ON decisions;
DROP TRIGGER decision_texts_decisions_revision ON decision_texts;
DROP TRIGGER decision_approvers_decisions_revision ON decision_approvers;
DROP TRIGGER decision_approvals_decisions_revision ON decision_approvals;
DROP TRIGGER meetings_decisions_revision ON meetings;
DROP TRIGGER agenda_items_decisions_revision ON agenda_items;
DROP TRIGGER corrections_decisions_revision ON corrections;
DROP FUNCTION bump_decisions_revision();
DELETE FROM read_revisions WHERE scope = 'decisions';
