-- Historical entry (R-TM-05): a decision or an approval recorded by a board secretary from a
-- published paper cites the paper (its SHA-256 and where in it); a decision keeps the paper's own
-- number beside the register's sequence.
ALTER TABLE decisions ADD COLUMN paper_number TEXT;
ALTER TABLE decisions ADD COLUMN evidence_sha256 TEXT;
ALTER TABLE decisions ADD COLUMN evidence_locator TEXT;
ALTER TABLE decisions ADD COLUMN evidence_uri TEXT;
ALTER TABLE decision_approvals ADD COLUMN evidence_sha256 TEXT;
ALTER TABLE decision_approvals ADD COLUMN evidence_locator TEXT;
ALTER TABLE decision_approvals ADD COLUMN evidence_uri TEXT;
