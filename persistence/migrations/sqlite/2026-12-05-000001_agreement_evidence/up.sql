-- R-TM-05: an agreement's approval or signature recorded from the published papers cites them.
ALTER TABLE agreement_approvals ADD COLUMN evidence_sha256 TEXT;
ALTER TABLE agreement_approvals ADD COLUMN evidence_locator TEXT;
ALTER TABLE agreement_approvals ADD COLUMN evidence_uri TEXT;
ALTER TABLE agreement_signatures ADD COLUMN evidence_sha256 TEXT;
ALTER TABLE agreement_signatures ADD COLUMN evidence_locator TEXT;
ALTER TABLE agreement_signatures ADD COLUMN evidence_uri TEXT;
