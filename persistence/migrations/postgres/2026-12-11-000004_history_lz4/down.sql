ALTER TABLE record_history ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE record_history ALTER COLUMN redacted_body SET COMPRESSION pglz;
