-- Dated, audited changes of a board's owners (issue 13): an owner replaced by its successor office,
-- added or removed from a day, with the reason and the transfer order that made it, if any. The
-- board's owners are those after the last change; the owners on an earlier day are read back
-- through the changes after it (quorum of past meetings, `as_of` reads).
CREATE TABLE board_owner_changes (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id),
    from_owner_id TEXT REFERENCES corporations_sole (id),
    to_owner_id TEXT REFERENCES corporations_sole (id),
    effective_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    transfer_order_id TEXT REFERENCES transfer_orders (id),
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX board_owner_changes_board_id ON board_owner_changes (board_id);
