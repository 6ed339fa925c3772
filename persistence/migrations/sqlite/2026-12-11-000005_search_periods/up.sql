-- PostgreSQL's full-text index gains each entry's year and month (see its migration); SQLite's FTS5
-- table ranks by its own index, so nothing changes here (the migration keeps both backends in step).
SELECT 1;
