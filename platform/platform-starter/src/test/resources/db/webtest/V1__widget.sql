-- A tiny business table for the platform-starter web tests, with the platform's RLS template.
create table widget (
    id         uuid        primary key,
    tenant_id  uuid        not null,
    name       text,
    color      text,
    size       integer,
    version    bigint      not null default 0,
    created_at timestamptz not null default now()
);

alter table widget enable row level security;
alter table widget force row level security;
create policy tenant_isolation on widget
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
