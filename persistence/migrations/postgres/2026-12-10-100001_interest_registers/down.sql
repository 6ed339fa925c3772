ALTER TABLE declarations DROP COLUMN register_entry_id;
DROP TABLE gift_entries;
DROP TABLE interest_entries;
