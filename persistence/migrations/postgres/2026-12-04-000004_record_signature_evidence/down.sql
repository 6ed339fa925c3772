ALTER TABLE record_signatures DROP COLUMN evidence_uri;
ALTER TABLE record_signatures DROP COLUMN evidence_locator;
ALTER TABLE record_signatures DROP COLUMN evidence_sha256;
