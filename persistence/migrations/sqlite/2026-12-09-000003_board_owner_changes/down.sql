DROP TABLE board_owner_changes;
