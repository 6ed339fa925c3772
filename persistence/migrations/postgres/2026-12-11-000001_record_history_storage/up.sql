-- Kept states (about 10 kB of JSON for an agreement) stay in the row, compressed, instead of out of line:
-- a `known_at` read then fetches one heap tuple instead of also walking the TOAST table (measured in
-- bench/README.md, issue 13). Applies to states kept from now on; older rows are read as they are.
ALTER TABLE record_history ALTER COLUMN body SET STORAGE MAIN;
