ALTER TABLE agreement_signatures DROP COLUMN evidence_uri;
ALTER TABLE agreement_signatures DROP COLUMN evidence_locator;
ALTER TABLE agreement_signatures DROP COLUMN evidence_sha256;
ALTER TABLE agreement_approvals DROP COLUMN evidence_uri;
ALTER TABLE agreement_approvals DROP COLUMN evidence_locator;
ALTER TABLE agreement_approvals DROP COLUMN evidence_sha256;
