-- R-PB-03: the roles of a board's member organisations that see its exempt content (comma-separated),
-- besides the board's own members. Default: the secretary.
ALTER TABLE boards ADD COLUMN exempt_access_roles TEXT NOT NULL DEFAULT 'secretary';
