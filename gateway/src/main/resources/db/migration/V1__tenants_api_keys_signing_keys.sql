-- Gateway-owned data: tenants, partner API keys, and the keys that sign the internal JWT.
-- These are infrastructure tables of the gateway (not tenant business data), so no row-level security: the gateway
-- filters by tenant in every admin query itself.

create table tenants (
    id          uuid primary key,
    name        text        not null check (length(name) between 1 and 200),
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    updated_at  timestamptz not null default now(),
    updated_by  text        not null,
    version     bigint      not null default 0
);
create unique index tenants_name_uq on tenants (lower(name));

create table api_keys (
    id                    uuid primary key,
    -- null only for platform-admin keys (the bootstrap key), which belong to no tenant
    tenant_id             uuid references tenants (id),
    name                  text        not null check (length(name) between 1 and 200),
    -- the first characters of the key (e.g. crm_live_ab12), safe to display
    prefix                text        not null,
    -- SHA-256 of the whole key; the key itself is never stored
    key_hash              bytea       not null,
    environment           text        not null check (environment in ('live', 'test')),
    scopes                text[]      not null,
    platform_admin        boolean     not null default false,
    expires_at            timestamptz,
    rate_limit_per_minute integer     check (rate_limit_per_minute > 0),
    rate_limit_per_day    integer     check (rate_limit_per_day > 0),
    revoked_at            timestamptz,
    revoked_by            text,
    rotated_from_id       uuid references api_keys (id),
    last_used_at          timestamptz,
    created_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_at            timestamptz not null default now(),
    updated_by            text        not null,
    version               bigint      not null default 0,
    constraint api_keys_owner check (platform_admin or tenant_id is not null)
);
create unique index api_keys_hash_uq on api_keys (key_hash);
create index api_keys_tenant_idx on api_keys (tenant_id, id);

-- RS256 keys for the internal JWT, shared by all gateway instances so that any instance's JWKS covers every
-- instance's tokens. private_key is PKCS#8, AES-GCM encrypted when a key-encryption key is configured.
create table internal_signing_keys (
    kid          text primary key,
    public_key   text        not null,
    private_key  text        not null,
    encrypted    boolean     not null,
    created_at   timestamptz not null,
    -- after this the key neither signs nor appears in the JWKS
    expires_at   timestamptz not null
);
