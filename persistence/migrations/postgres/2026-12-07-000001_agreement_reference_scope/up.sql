-- An agreement's reference is unique among the agreements one organisation registered, not nationally:
-- a national UNIQUE answered 409 "exists" for another organisation's unpublished draft, confirming that
-- a record the caller may not see exists (issue 16, finding 9).
ALTER TABLE collaboration_agreements ADD COLUMN registered_by_organisation_id TEXT REFERENCES organisations (id);

-- Agreements stored before this change: registered by the organisation serving their first party
-- that has one (NULL, the platform's scope, where none does).
UPDATE collaboration_agreements a SET registered_by_organisation_id =
    (SELECT o.id FROM agreement_parties p JOIN organisations o ON o.corporation_sole_id = p.corporation_sole_id
     WHERE p.agreement_id = a.id ORDER BY p.position, o.id LIMIT 1);

ALTER TABLE collaboration_agreements DROP CONSTRAINT collaboration_agreements_reference_key;
CREATE INDEX collaboration_agreements_reference ON collaboration_agreements (reference);
-- NULL (the platform's scope) is one scope, not many.
CREATE UNIQUE INDEX collaboration_agreements_registered_reference
    ON collaboration_agreements (COALESCE(registered_by_organisation_id, ''), reference);
