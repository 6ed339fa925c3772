-- PostgreSQL keeps record_history.body inline (SET STORAGE MAIN); SQLite has no such setting. This
-- migration keeps the two backends' migration lists the same.
SELECT 1;
