-- The trust registry (issue 16): identity providers whose tokens the service accepts, with how their
-- claims map to organisations, roles and people. Maps are TEXT holding a JSON object of strings, read
-- and written whole by the service (no JSON column type, so both backends store them alike).
CREATE TABLE trusted_issuers (
    id TEXT PRIMARY KEY,
    issuer TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    jwks_url TEXT,
    discovery_url TEXT,
    audience TEXT NOT NULL,
    -- Comma-separated JWS algorithms (asymmetric only).
    algorithms TEXT NOT NULL,
    subject_claim TEXT NOT NULL,
    organisation_claim TEXT,
    organisation_map TEXT NOT NULL,
    fixed_organisation_id TEXT REFERENCES organisations (id),
    roles_claim TEXT NOT NULL,
    role_map TEXT NOT NULL,
    -- Comma-separated roles a token with no linked person (a machine client) may keep.
    machine_roles TEXT NOT NULL,
    ended_at TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A subject of a trusted issuer registered against a person: the only way a federated token acts as one.
CREATE TABLE trusted_issuer_person_links (
    id TEXT PRIMARY KEY,
    trusted_issuer_id TEXT NOT NULL REFERENCES trusted_issuers (id),
    subject TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    created_at TEXT NOT NULL,
    UNIQUE (trusted_issuer_id, subject)
);
