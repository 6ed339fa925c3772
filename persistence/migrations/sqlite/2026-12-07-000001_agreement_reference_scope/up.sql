-- An agreement's reference is unique among the agreements one organisation registered, not nationally:
-- a national UNIQUE answered 409 "exists" for another organisation's unpublished draft, confirming that
-- a record the caller may not see exists (issue 16, finding 9). SQLite cannot drop the inline UNIQUE,
-- so the table is rebuilt (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes"); the children's foreign keys name the table, so they follow it through the rename.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE collaboration_agreements_rebuilt (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    collaboration_id TEXT REFERENCES collaborations (id),
    lead_force_id TEXT REFERENCES forces (id),
    lead_board_id TEXT,
    lead_board_name TEXT,
    liability_basis TEXT NOT NULL,
    withdrawal_notice_months BIGINT,
    withdrawal_effective_rule TEXT,
    review_period_months BIGINT NOT NULL,
    planned_commencement TEXT,
    in_force_from TEXT,
    terminated_on TEXT,
    next_review_due TEXT,
    parent_id TEXT REFERENCES collaboration_agreements (id),
    baseline_cost_pence BIGINT,
    savings_target_pence BIGINT,
    published BOOLEAN NOT NULL,
    open_alerts BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    variations_revision BIGINT NOT NULL DEFAULT 0,
    registered_by_organisation_id TEXT REFERENCES organisations (id)
);

-- Agreements stored before this change: registered by the organisation serving their first party
-- that has one (NULL, the platform's scope, where none does).
INSERT INTO collaboration_agreements_rebuilt
SELECT a.id, a.reference, a.title, a.summary, a.status, a.collaboration_id, a.lead_force_id, a.lead_board_id,
       a.lead_board_name, a.liability_basis, a.withdrawal_notice_months, a.withdrawal_effective_rule,
       a.review_period_months, a.planned_commencement, a.in_force_from, a.terminated_on, a.next_review_due,
       a.parent_id, a.baseline_cost_pence, a.savings_target_pence, a.published, a.open_alerts, a.version,
       a.created_at, a.updated_at, a.variations_revision,
       (SELECT o.id FROM agreement_parties p JOIN organisations o ON o.corporation_sole_id = p.corporation_sole_id
        WHERE p.agreement_id = a.id ORDER BY p.position, o.id LIMIT 1)
FROM collaboration_agreements a;

DROP TABLE collaboration_agreements;
ALTER TABLE collaboration_agreements_rebuilt RENAME TO collaboration_agreements;

CREATE INDEX collaboration_agreements_status ON collaboration_agreements (status, id);
CREATE INDEX collaboration_agreements_review ON collaboration_agreements (next_review_due);
CREATE INDEX collaboration_agreements_parent ON collaboration_agreements (parent_id);
CREATE INDEX collaboration_agreements_reference ON collaboration_agreements (reference);
-- NULL (the platform's scope) is one scope, not many.
CREATE UNIQUE INDEX collaboration_agreements_registered_reference
    ON collaboration_agreements (COALESCE(registered_by_organisation_id, ''), reference);

CREATE TRIGGER variation_inserted AFTER INSERT ON collaboration_agreements
WHEN NEW.parent_id IS NOT NULL
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = NEW.parent_id;
END;

CREATE TRIGGER variation_changed AFTER UPDATE ON collaboration_agreements
WHEN (OLD.parent_id IS NOT NULL OR NEW.parent_id IS NOT NULL)
    AND (OLD.status IS NOT NEW.status OR OLD.parent_id IS NOT NEW.parent_id)
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1
        WHERE id IN (OLD.parent_id, NEW.parent_id);
END;

CREATE TRIGGER variation_deleted AFTER DELETE ON collaboration_agreements
WHEN OLD.parent_id IS NOT NULL
BEGIN
    UPDATE collaboration_agreements SET variations_revision = variations_revision + 1 WHERE id = OLD.parent_id;
END;

COMMIT;
PRAGMA foreign_keys = ON;
