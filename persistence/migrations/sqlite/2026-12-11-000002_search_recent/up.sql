-- A search ranks the most recent 1,000 matching entries (persistence::search::RANKED): these read
-- the candidates newest first, across all entries and within a board, so a common word stops after
-- them instead of scoring every match.
CREATE INDEX search_entries_recent ON search_entries (on_date DESC, id DESC);
CREATE INDEX search_entries_board_recent ON search_entries (board_id, on_date DESC, id DESC);
