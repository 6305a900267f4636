-- Inbox / idempotent consumer (dev.crmplatform.platform.inbox.Inbox). Both tables are written in the same
-- transaction as the consumer's effect. Infrastructure tables: no row-level security, tenant kept for audit.
CREATE TABLE inbox_event (
    event_id    uuid         PRIMARY KEY,   -- CloudEvents id: a redelivered event is recognised here
    tenant_id   uuid,
    type        text         NOT NULL,
    received_at timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX inbox_event_received_at_idx ON inbox_event (received_at);  -- for pruning old ids

-- Last applied aggregateversion per aggregate: last-writer-wins, so a late or redelivered older event
-- never overwrites newer state.
CREATE TABLE inbox_aggregate_version (
    aggregate_key text    PRIMARY KEY,
    version       bigint  NOT NULL
);
