DROP INDEX search_entries_board_recent;
DROP INDEX search_entries_recent;
