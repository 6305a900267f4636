-- Customer-service schema. Every business table carries tenant_id under FORCE ROW LEVEL SECURITY:
-- the transaction manager sets app.tenant_id per transaction, so a query that forgets the tenant filter still
-- sees only its own tenant's rows, and nothing can be written for another tenant.
create extension if not exists pg_trgm;

create table customer (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    type                  text        not null check (type in ('PERSON', 'ORGANIZATION')),
    first_name            text,
    last_name             text,
    organization_name     text,
    display_name          text        not null,
    -- emails, phones and addresses are kept in their API shape; the *_keys arrays index them for exact matching.
    emails                jsonb       not null default '[]',
    phones                jsonb       not null default '[]',
    addresses             jsonb       not null default '[]',
    email_keys            text[]      not null default '{}',
    phone_keys            text[]      not null default '{}',
    email_domains         text[]      not null default '{}',
    lifecycle_stage       text        not null check (lifecycle_stage in
                              ('SUBSCRIBER', 'LEAD', 'PROSPECT', 'CUSTOMER', 'DORMANT', 'CHURNED')),
    owner_id              text,
    tags                  text[]      not null default '{}',
    credit_limit_amount   numeric check (credit_limit_amount >= 0 and scale(credit_limit_amount) <= 4),
    credit_limit_currency char(3),
    custom_fields         jsonb       not null default '{}',
    status                text        not null default 'ACTIVE' check (status in ('ACTIVE', 'ARCHIVED', 'MERGED', 'ERASED')),
    merged_into           uuid,
    -- lower-cased names, emails and phones, for trigram search
    search_text           text        not null default '',
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1
);

create index customer_created_idx on customer (tenant_id, created_at, id);
create index customer_updated_idx on customer (tenant_id, updated_at, id);
create index customer_display_name_idx on customer (tenant_id, lower(display_name), id);
create index customer_email_keys_idx on customer using gin (email_keys);
create index customer_phone_keys_idx on customer using gin (phone_keys);
create index customer_tags_idx on customer using gin (tags);
create index customer_search_trgm_idx on customer using gin (search_text gin_trgm_ops);

-- Every version of a customer, for the change history; erasure replaces the snapshots.
create table customer_change (
    id           bigint generated always as identity primary key,
    tenant_id    uuid        not null,
    customer_id  uuid        not null references customer (id),
    version      bigint      not null,
    change_type  text        not null,
    changed_at   timestamptz not null default now(),
    changed_by   text        not null,
    snapshot     jsonb       not null
);
create index customer_change_customer_idx on customer_change (customer_id, version);

create table customer_relationship (
    id               uuid primary key,
    tenant_id        uuid        not null,
    from_customer_id uuid        not null references customer (id),
    to_customer_id   uuid        not null references customer (id),
    type             text        not null,
    note             text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    created_by       text        not null,
    updated_by       text        not null,
    version          bigint      not null default 1,
    check (from_customer_id <> to_customer_id),
    unique (tenant_id, from_customer_id, to_customer_id, type)
);
create index customer_relationship_to_idx on customer_relationship (to_customer_id);
create index customer_relationship_from_idx on customer_relationship (from_customer_id);

create table customer_consent (
    tenant_id   uuid        not null,
    customer_id uuid        not null references customer (id),
    channel     text        not null check (channel in ('EMAIL', 'SMS', 'PHONE', 'PUSH')),
    purpose     text        not null check (purpose in ('MARKETING', 'SERVICE')),
    status      text        not null,
    source      text,
    changed_at  timestamptz not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  text        not null,
    updated_by  text        not null,
    version     bigint      not null default 1,
    primary key (customer_id, channel, purpose)
);

create table customer_consent_history (
    id          bigint generated always as identity primary key,
    tenant_id   uuid        not null,
    customer_id uuid        not null references customer (id),
    channel     text        not null,
    purpose     text        not null,
    status      text        not null,
    source      text,
    changed_at  timestamptz not null,
    changed_by  text        not null
);
create index customer_consent_history_idx on customer_consent_history (customer_id, changed_at);

create table customer_interaction (
    id          uuid primary key,
    tenant_id   uuid        not null,
    customer_id uuid        not null references customer (id),
    type        text        not null check (type in ('NOTE', 'CALL', 'MEETING', 'EMAIL')),
    occurred_at timestamptz not null,
    actor       text        not null,
    summary     text        not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    created_by  text        not null,
    updated_by  text        not null,
    version     bigint      not null default 1
);
create index customer_interaction_timeline_idx on customer_interaction (customer_id, occurred_at desc, id desc);

create table import_job (
    id                 uuid primary key,
    tenant_id          uuid        not null,
    status             text        not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    total_rows         bigint      not null default 0,
    processed_rows     bigint      not null default 0,
    created_count      bigint      not null default 0,
    updated_count      bigint      not null default 0,
    skipped_duplicates bigint      not null default 0,
    failed_count       bigint      not null default 0,
    failure_reason     text,
    started_at         timestamptz,
    finished_at        timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    created_by         text        not null,
    updated_by         text        not null,
    version            bigint      not null default 1
);

create table import_error (
    tenant_id  uuid   not null,
    job_id     uuid   not null references import_job (id),
    row_number bigint not null,
    reason     text   not null,
    primary key (job_id, row_number)
);

create function utc_iso(t timestamptz) returns text language sql immutable as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The one mapping of a customer row to its JSON state: API reads, events, history and exports all use it.
create function customer_state(c customer) returns jsonb language sql stable as $$
    select jsonb_build_object(
        'id', c.id,
        'type', c.type,
        'firstName', c.first_name,
        'lastName', c.last_name,
        'organizationName', c.organization_name,
        'displayName', c.display_name,
        'emails', c.emails,
        'phones', c.phones,
        'addresses', c.addresses,
        'lifecycleStage', c.lifecycle_stage,
        'ownerId', c.owner_id,
        'tags', to_jsonb(c.tags),
        'creditLimit', case when c.credit_limit_amount is null then null
                            else jsonb_build_object('amount', c.credit_limit_amount::text,
                                                    'currency', c.credit_limit_currency) end,
        'customFields', c.custom_fields,
        'status', c.status,
        'mergedInto', c.merged_into,
        'createdAt', utc_iso(c.created_at),
        'updatedAt', utc_iso(c.updated_at),
        'createdBy', c.created_by,
        'updatedBy', c.updated_by,
        'version', c.version)
$$;

do $$
declare t text;
begin
    foreach t in array array['customer', 'customer_change', 'customer_relationship', 'customer_consent',
                             'customer_consent_history', 'customer_interaction', 'import_job', 'import_error']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
