-- Idempotency-Key records (platform infrastructure: no RLS, but scoped by tenant_id in the key).
create table platform_idempotency_key (
    tenant_id        uuid         not null,
    idem_key         varchar(255) not null,
    request_hash     varchar(64)  not null,
    state            varchar(16)  not null check (state in ('IN_FLIGHT', 'COMPLETED')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz  not null default now(),
    completed_at     timestamptz,
    locked_until     timestamptz  not null,
    expires_at       timestamptz  not null,
    primary key (tenant_id, idem_key)
);

create index platform_idempotency_key_expires_idx on platform_idempotency_key (expires_at);
