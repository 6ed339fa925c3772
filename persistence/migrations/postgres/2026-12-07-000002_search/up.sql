-- Full-text search (issue 18): one entry per searchable record, holding only the text anyone who may
-- see the record may read (exempt items, decisions and minute entries contribute nothing), kept in
-- step with every change in its own transaction by the write path (`persistence::search`).
CREATE TABLE search_entries (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    board_id TEXT,
    corporation_sole_id TEXT,
    on_date DATE,
    significant_public_interest BOOLEAN,
    status TEXT,
    -- English stemming; a title's words weigh more than the body's.
    document TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    ) STORED
);
CREATE UNIQUE INDEX search_entries_record ON search_entries (kind, record_id);
CREATE INDEX search_entries_document ON search_entries USING GIN (document);
