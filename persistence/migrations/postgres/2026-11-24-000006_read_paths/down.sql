DROP INDEX decisions_board_page;
DROP INDEX board_actions_board;
ALTER TABLE board_actions DROP COLUMN board_id;
