DROP TRIGGER variation_deleted ON collaboration_agreements;
DROP TRIGGER variation_changed ON collaboration_agreements;
DROP TRIGGER variation_inserted ON collaboration_agreements;
DROP FUNCTION bump_variations_revision();
ALTER TABLE collaboration_agreements DROP COLUMN variations_revision;
DROP TRIGGER organisations_registry_revision ON organisations;
DROP TRIGGER corporations_sole_registry_revision ON corporations_sole;
DROP FUNCTION bump_registry_revision();
DROP TABLE read_revisions;
