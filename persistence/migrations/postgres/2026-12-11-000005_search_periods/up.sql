-- A search across the whole record ranks its 1,000 most recent matches (persistence::search). For
-- common words it read the most recent entries one by one, newest first, testing each (some 35,000
-- at bench scale 10). The full-text index now also holds each dated entry's year and month
-- (`search_periods`: 202600 and 202609 for a day in September 2026; a year is its month 00, so no
-- year is ever a month of another), so "matching these words and
-- dated in these months or years" is one intersection of the index's posting lists. The index
-- replaces the one on the document alone, which a search of words alone still uses as before.
CREATE FUNCTION search_periods(on_date DATE) RETURNS INTEGER[]
LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN on_date IS NULL THEN CAST(ARRAY[] AS INTEGER[]) ELSE ARRAY[
        CAST(EXTRACT(YEAR FROM on_date) * 100 AS INTEGER),
        CAST(EXTRACT(YEAR FROM on_date) * 100 + EXTRACT(MONTH FROM on_date) AS INTEGER)
    ] END
$$;
CREATE INDEX search_entries_document_periods ON search_entries USING GIN (document, search_periods(on_date));
DROP INDEX search_entries_document;
-- The planner's statistics of the new expression, so that searches are planned by them at once.
ANALYZE search_entries;
