-- The collaboration a delegation stands under (a joint record of decision of an alliance): it lapses
-- when the collaboration, or the grantor's membership of it, ends (R-DL-06).
ALTER TABLE delegations ADD COLUMN source_collaboration_id TEXT;
