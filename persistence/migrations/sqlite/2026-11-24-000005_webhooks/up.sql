-- Webhook subscriptions, the outbox written with each audited change, deliveries and their attempts (SQLite).
-- Instants are ISO-8601 TEXT.

CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    target_url TEXT NOT NULL,
    -- Comma-separated event types; empty means every event.
    event_types TEXT NOT NULL,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    paused_at TEXT,
    paused_reason TEXT,
    consecutive_failures BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_organisation_id ON webhook_subscriptions (organisation_id, id);

-- One row per audit event committed while any subscription was active; the worker fans it out.
CREATE TABLE webhook_outbox (
    sequence BIGINT PRIMARY KEY REFERENCES audit_events (sequence),
    processed_at TEXT
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (processed_at, sequence);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_sequence BIGINT NOT NULL REFERENCES audit_events (sequence),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    last_status_code BIGINT,
    last_error TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (subscription_id, event_sequence);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at TEXT NOT NULL,
    status_code BIGINT,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery_id ON webhook_attempts (delivery_id, attempted_at);
