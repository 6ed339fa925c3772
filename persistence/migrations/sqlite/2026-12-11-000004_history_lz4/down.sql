-- PostgreSQL compresses kept states with LZ4 from this migration on; SQLite stores them as they
-- are, so nothing changes here (the migration keeps both backends' histories in step).
SELECT 1;
