-- Read paths measured by the benchmark (issue 7).
-- An action's board, denormalised from its meeting (a meeting never changes board), so a board's
-- actions page by (board_id, id) instead of joining every meeting of the board and sorting.
-- SQLite cannot add a NOT NULL column with a REFERENCES clause; the service writes the meeting's board.
ALTER TABLE board_actions ADD COLUMN board_id TEXT NOT NULL DEFAULT '';
UPDATE board_actions SET board_id = (SELECT meetings.board_id FROM meetings WHERE meetings.id = board_actions.meeting_id);
CREATE INDEX board_actions_board ON board_actions (board_id, id);
-- Keyset pages of a board's decisions (id order) without sorting the board's whole register.
CREATE INDEX decisions_board_page ON decisions (board_id, id);
