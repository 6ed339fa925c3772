CREATE INDEX search_entries_document ON search_entries USING GIN (document);
DROP INDEX search_entries_dated;
DROP FUNCTION search_dated(TSVECTOR, DATE);
