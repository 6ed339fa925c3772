-- A person link can be ended (a leaver's identity-provider subject no longer acts as the person);
-- the row stays for the audit trail, and the subject is not linked again.
ALTER TABLE trusted_issuer_person_links ADD COLUMN ended_at TEXT;
