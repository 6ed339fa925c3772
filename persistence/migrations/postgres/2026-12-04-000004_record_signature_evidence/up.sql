-- R-TM-05: a record of decision's signature recorded by its secretary from the published record cites it.
ALTER TABLE record_signatures ADD COLUMN evidence_sha256 TEXT;
ALTER TABLE record_signatures ADD COLUMN evidence_locator TEXT;
ALTER TABLE record_signatures ADD COLUMN evidence_uri TEXT;
