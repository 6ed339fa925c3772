ALTER TABLE decision_approvals DROP COLUMN evidence_uri;
ALTER TABLE decision_approvals DROP COLUMN evidence_locator;
ALTER TABLE decision_approvals DROP COLUMN evidence_sha256;
ALTER TABLE decisions DROP COLUMN evidence_uri;
ALTER TABLE decisions DROP COLUMN evidence_locator;
ALTER TABLE decisions DROP COLUMN evidence_sha256;
ALTER TABLE decisions DROP COLUMN paper_number;
