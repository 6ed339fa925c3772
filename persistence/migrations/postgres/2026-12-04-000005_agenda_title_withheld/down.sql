ALTER TABLE agenda_items DROP COLUMN title_withheld;
