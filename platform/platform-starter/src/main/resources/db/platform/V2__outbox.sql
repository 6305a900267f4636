-- Transactional outbox: rows are written in the business transaction and published by the relay
-- (dev.crmplatform.platform.outbox.OutboxRelay), which deletes them once Kafka has acknowledged them.
-- Infrastructure table: no row-level security, but it carries the tenant for the event header.
CREATE TABLE outbox_event (
    seq               bigserial    PRIMARY KEY,          -- publication order (per-key order follows it)
    id                uuid         NOT NULL UNIQUE,      -- CloudEvents id (UUIDv7); consumers dedupe on it
    tenant_id         uuid,
    topic             text         NOT NULL,
    msg_key           text,
    event_type        text         NOT NULL,
    subject           text,
    aggregate_id      text,
    aggregate_version bigint       NOT NULL,
    payload           jsonb        NOT NULL,
    headers           jsonb        NOT NULL DEFAULT '{}'::jsonb,  -- trace context captured at append time
    created_at        timestamptz  NOT NULL
);
