-- Kept states (R-TM-06) are whole representations, kilobytes each, written with every change of a
-- kept record and tens of thousands at once by a transfer's execution. LZ4 compresses them at about
-- twice the speed of the default pglz to the same size (36,000 agreement bodies of 12.7 KB: 1.4 s
-- against 3.1 s, bench/README.md). Only new values are compressed so; a server built without LZ4
-- keeps pglz.
DO $$
BEGIN
    ALTER TABLE record_history ALTER COLUMN body SET COMPRESSION lz4;
    ALTER TABLE record_history ALTER COLUMN redacted_body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'LZ4 is not available: kept states stay compressed with pglz';
END
$$;
