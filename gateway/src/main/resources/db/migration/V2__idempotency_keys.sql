-- Idempotency-Key records of the gateway's admin API (CONVENTIONS "Creating"), the gateway's counterpart of the
-- platform's platform_idempotency_key. Keys are scoped to the authenticated caller: its tenant (the zero UUID for
-- platform admins, who have none) and its principal (type and subject), so two callers never share a key space.
create table idempotency_keys (
    tenant_id        uuid         not null,
    principal        text         not null,
    idem_key         varchar(255) not null,
    request_hash     varchar(64)  not null,
    state            varchar(16)  not null check (state in ('IN_FLIGHT', 'COMPLETED')),
    response_status  integer,
    response_headers jsonb,
    -- null when the response carried a one-time secret (a new API key): such a body is never stored
    response_body    bytea,
    secret_withheld  boolean      not null default false,
    created_at       timestamptz  not null default now(),
    completed_at     timestamptz,
    locked_until     timestamptz  not null,
    expires_at       timestamptz  not null,
    primary key (tenant_id, principal, idem_key)
);

create index idempotency_keys_expires_idx on idempotency_keys (expires_at);
