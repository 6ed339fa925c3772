-- Full-text search (issue 18): one entry per searchable record, holding only the text anyone who may
-- see the record may read (exempt items, decisions and minute entries contribute nothing), kept in
-- step with every change in its own transaction by the write path (`persistence::search`).
CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    board_id TEXT,
    corporation_sole_id TEXT,
    on_date TEXT,
    significant_public_interest BOOLEAN,
    status TEXT
);
CREATE UNIQUE INDEX search_entries_record ON search_entries (kind, record_id);

-- SQLite's FTS5 over the entries (external content), English stemming; kept by triggers.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content = 'search_entries', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER search_entries_inserted AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;
CREATE TRIGGER search_entries_deleted AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body);
END;
CREATE TRIGGER search_entries_updated AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;
