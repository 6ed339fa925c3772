-- R-PB-03: an exempt item whose title itself is sensitive shows it only to those with exempt access.
ALTER TABLE agenda_items ADD COLUMN title_withheld BOOLEAN NOT NULL DEFAULT 0;
