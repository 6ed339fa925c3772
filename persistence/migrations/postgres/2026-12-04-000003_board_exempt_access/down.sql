ALTER TABLE boards DROP COLUMN exempt_access_roles;
