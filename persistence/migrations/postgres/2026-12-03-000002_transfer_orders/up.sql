-- Transfer orders (DOMAIN.md section 8): a statutory instrument ending predecessor corporations sole
-- and passing their functions to a successor; previewed (impact report, fixed by its digest) before
-- it is executed.
CREATE TABLE transfer_orders (
    id TEXT PRIMARY KEY NOT NULL,
    citation TEXT NOT NULL,
    title TEXT NOT NULL,
    made_on DATE NOT NULL,
    in_force_on DATE NOT NULL,
    successor_id TEXT NOT NULL REFERENCES corporations_sole (id),
    predecessor_ids TEXT NOT NULL,
    status TEXT NOT NULL,
    preview_digest TEXT,
    previewed_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
