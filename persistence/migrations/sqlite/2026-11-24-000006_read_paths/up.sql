-- Read paths measured by the benchmark (issue 7).
-- An action's board, denormalised from its meeting (a meeting never changes board), so a board's
-- actions page by (board_id, id) instead of joining every meeting of the board and sorting.
-- SQLite cannot add a NOT NULL column with a REFERENCES clause; the service writes the meeting's board.
ALTER TABLE board_actions ADD COLUMN board_id TEXT NOT NULL DEFAULT '';
UPDATE board_actions SET board_id = (SELECT meetings.board_id FROM meetings WHERE meetings.id = board_actions.meeting_id);
CREATE INDEX board_actions_board ON board_actions (board_id, id);
-- A board's decisions page in number order through the unique (board_id, number) index, and its
-- meetings in id order through (board_id, id). The single-column board_id indexes go: PostgreSQL's
-- generic plans (prepared statements, LIMIT as a parameter) chose them and sorted the whole board
-- (1.2 ms for 5,000 decisions, growing with the board) instead of reading the first page in order.
DROP INDEX decisions_board_id;
CREATE INDEX meetings_board_page ON meetings (board_id, id);
DROP INDEX meetings_board_id;
