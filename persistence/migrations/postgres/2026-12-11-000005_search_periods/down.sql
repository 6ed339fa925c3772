CREATE INDEX search_entries_document ON search_entries USING GIN (document);
DROP INDEX search_entries_document_periods;
DROP FUNCTION search_periods(DATE);
