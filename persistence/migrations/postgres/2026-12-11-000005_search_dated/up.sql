-- A search across the whole record ranks its 1,000 most recent matches (persistence::search). For
-- common words it read the most recent entries one by one, newest first, testing each (some 35,000
-- at bench scale 10). The full-text index now also holds each dated entry's year and month, as
-- lexemes no query's words can produce ('#2026', '#202609'), so "matching these words and dated in
-- these months or years" is one intersection of the index's posting lists. The index replaces the
-- plain one: a search asks `search_dated(document, on_date) @@ words` whether or not it names
-- months, and words alone never match the date lexemes.
CREATE FUNCTION search_dated(document TSVECTOR, on_date DATE) RETURNS TSVECTOR
LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN on_date IS NULL THEN document ELSE document || array_to_tsvector(ARRAY[
        '#' || CAST(CAST(EXTRACT(YEAR FROM on_date) AS INTEGER) AS TEXT),
        '#' || CAST(CAST(EXTRACT(YEAR FROM on_date) * 100 + EXTRACT(MONTH FROM on_date) AS INTEGER) AS TEXT)
    ]) END
$$;
CREATE INDEX search_entries_dated ON search_entries USING GIN (search_dated(document, on_date));
DROP INDEX search_entries_document;
