ALTER TABLE trusted_issuer_person_links DROP COLUMN ended_at;
