-- The registry of who is who, the audit chain and idempotency records (PostgreSQL).
-- Ids are UUIDv7 text so both backends share one diesel schema; dates are DATE, instants UTC TIMESTAMP.

CREATE TABLE forces (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    police_area TEXT NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE corporations_sole (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    force_id TEXT REFERENCES forces (id),
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX corporations_sole_force_id ON corporations_sole (force_id);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    force_id TEXT REFERENCES forces (id),
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organisations_corporation_sole_id ON organisations (corporation_sole_id);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    managing_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    statutory_roles TEXT NOT NULL,
    single_holder BOOLEAN NOT NULL,
    public BOOLEAN NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX posts_organisation_id ON posts (organisation_id, id);

CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    post_id TEXT REFERENCES posts (id),
    corporation_sole_id TEXT REFERENCES corporations_sole (id),
    basis TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((post_id IS NULL) <> (corporation_sole_id IS NULL))
);
CREATE INDEX appointments_post_id ON appointments (post_id);
CREATE INDEX appointments_corporation_sole_id ON appointments (corporation_sole_id);
CREATE INDEX appointments_person_id ON appointments (person_id);

CREATE TABLE collaborations (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE collaboration_members (
    id TEXT PRIMARY KEY,
    collaboration_id TEXT NOT NULL REFERENCES collaborations (id),
    corporation_sole_id TEXT NOT NULL REFERENCES corporations_sole (id),
    starts_on DATE NOT NULL,
    ends_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX collaboration_members_collaboration_id ON collaboration_members (collaboration_id);
CREATE INDEX collaboration_members_corporation_sole_id ON collaboration_members (corporation_sole_id);

-- One row: the head of the audit chain. Every write locks it first, which orders events.
CREATE TABLE audit_chain_head (
    id INTEGER PRIMARY KEY,
    sequence BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_events (
    sequence BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    occurred_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    organisation_id TEXT,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource_version BIGINT,
    state_digest TEXT NOT NULL,
    request_id TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_organisation ON audit_events (organisation_id, sequence);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id, sequence);

CREATE TABLE idempotency_records (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    etag TEXT,
    location TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (principal, key)
);
