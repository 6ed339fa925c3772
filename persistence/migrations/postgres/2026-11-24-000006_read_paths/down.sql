CREATE INDEX meetings_board_id ON meetings (board_id);
DROP INDEX meetings_board_page;
CREATE INDEX decisions_board_id ON decisions (board_id);
DROP INDEX board_actions_board;
ALTER TABLE board_actions DROP COLUMN board_id;
