ALTER TABLE delegations DROP COLUMN source_collaboration_id;
