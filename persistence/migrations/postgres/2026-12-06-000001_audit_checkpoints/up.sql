-- Signed checkpoints of the audit log's Merkle tree (issue 16): one per tree size, append-only.
-- `note` is the whole signed note as issued (C2SP tlog-checkpoint); the other columns repeat its
-- parts for queries. The signing key is not here: it is kept outside the database.
CREATE TABLE audit_checkpoints (
    tree_size BIGINT PRIMARY KEY,
    root_hash TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    origin TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    note TEXT NOT NULL
);
